package reference

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/lambdaconf/lambdaconf/spec"
)

// largeBody is the size above which a request body counts against
// maxLargeBodies, so that a burst of 70 MB uploads cannot multiply memory.
const (
	largeBody      = 8 << 20
	maxLargeBodies = 4
)

// requestLimit is the request-size limit of the profile.
func (h *Handler) requestLimit() int64 {
	if h.opts.Profile == spec.ProfileSeed {
		return spec.MaxRequestSizeSeed
	}
	return spec.MaxRequestSizeAWS
}

// readBody reads at most limit bytes of the body. A body over the limit,
// declared or counted, is answered 413 for the named operation without
// buffering more than the limit. Bodies over largeBody wait for one of
// maxLargeBodies slots, or for the client to go away. The returned release
// must be called once the body is no longer needed.
func (h *Handler) readBody(r *http.Request, limit int64, operation string) ([]byte, func(), *apiError) {
	noop := func() {}
	tooLarge := newError(http.StatusRequestEntityTooLarge, spec.ErrEntityTooLarge,
		fmt.Sprintf("%s%d bytes for the %s operation", spec.MsgRequestSize, limit, operation))
	if r.ContentLength > limit {
		return nil, noop, tooLarge
	}
	held := false
	acquire := func() *apiError {
		select {
		case h.largeBodies <- struct{}{}:
			held = true
			return nil
		case <-r.Context().Done():
			return malformed("the client closed the connection while its large body waited to be read")
		}
	}
	release := func() {
		if held {
			held = false
			<-h.largeBodies
		}
	}
	fail := func(e *apiError) ([]byte, func(), *apiError) {
		release()
		return nil, noop, e
	}
	if r.ContentLength >= 0 {
		if r.ContentLength > largeBody {
			if e := acquire(); e != nil {
				return nil, noop, e
			}
		}
		body := make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			return fail(malformed(fmt.Sprintf("the body ended after fewer bytes than its Content-Length of %d", r.ContentLength)))
		}
		return body, release, nil
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r.Body, min(limit+1, largeBody)))
	if err == nil && n == largeBody {
		if e := acquire(); e != nil {
			return nil, noop, e
		}
		var more int64
		more, err = buf.ReadFrom(io.LimitReader(r.Body, limit+1-n))
		n += more
	}
	if err != nil {
		return fail(malformed("reading the request body failed: " + err.Error()))
	}
	if n > limit {
		return fail(tooLarge)
	}
	return buf.Bytes(), release, nil
}

// rawValue is a JSON value kept as a slice of the request body, without a
// copy: the body is never modified while it is parsed.
type rawValue []byte

// members splits a JSON object body into its members, by exact name.
// Anything but an object is an InvalidRequestContentException. Every value
// but ZipFile's is validated here; decodeBlob validates ZipFile, so that a
// large package is scanned once, not four times.
func members(body []byte) (map[string]rawValue, *apiError) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return map[string]rawValue{}, nil
	}
	if trimmed[0] != '{' {
		return nil, malformed("the body must be a JSON object; it starts with " + describeStart(trimmed))
	}
	if !utf8.Valid(body) {
		return nil, malformed("the body is not valid UTF-8 text")
	}
	m, err := splitObject(body)
	if err != nil {
		return nil, malformed(err.Error())
	}
	return m, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// splitObject splits the JSON object that is the whole of b into its
// members' raw values.
func splitObject(b []byte) (map[string]rawValue, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, fmt.Errorf("malformed JSON at byte offset %d: expected '{'", i)
	}
	m := map[string]rawValue{}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			i = skipSpace(b, i)
			if i >= len(b) || b[i] != '"' {
				return nil, fmt.Errorf("malformed JSON at byte offset %d: expected a member name", i)
			}
			end, err := stringEnd(b, i)
			if err != nil {
				return nil, err
			}
			var name string
			if err := json.Unmarshal(b[i:end], &name); err != nil {
				return nil, fmt.Errorf("malformed JSON at byte offset %d: bad member name: %v", i, err)
			}
			i = skipSpace(b, end)
			if i >= len(b) || b[i] != ':' {
				return nil, fmt.Errorf("malformed JSON at byte offset %d: expected ':' after member %q", i, name)
			}
			i = skipSpace(b, i+1)
			vend, err := valueEnd(b, i)
			if err != nil {
				return nil, err
			}
			if (name != "ZipFile" || b[i] != '"') && !json.Valid(b[i:vend]) {
				return nil, fmt.Errorf("malformed JSON in the value of member %q at byte offset %d", name, i)
			}
			m[name] = rawValue(b[i:vend])
			i = skipSpace(b, vend)
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return nil, fmt.Errorf("malformed JSON at byte offset %d: expected ',' or '}'", i)
		}
	}
	if i = skipSpace(b, i); i != len(b) {
		return nil, fmt.Errorf("malformed JSON at byte offset %d: data after the object", i)
	}
	return m, nil
}

// stringEnd returns the offset just past the JSON string starting at b[i].
func stringEnd(b []byte, i int) (int, error) {
	j := i + 1
	for j <= len(b) {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			break
		}
		esc := bytes.IndexByte(b[j:j+k], '\\')
		if esc < 0 {
			return j + k + 1, nil
		}
		j += esc + 2
	}
	return 0, fmt.Errorf("malformed JSON at byte offset %d: unterminated string", i)
}

// valueEnd returns the offset just past the JSON value starting at b[i].
// It finds the value's extent only; decoding validates it.
func valueEnd(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, fmt.Errorf("malformed JSON at byte offset %d: expected a value", i)
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := stringEnd(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("malformed JSON at byte offset %d: unterminated %c", i, b[i])
	}
	j := i
	for j < len(b) && !isSpace(b[j]) && b[j] != ',' && b[j] != '}' && b[j] != ']' {
		j++
	}
	if j == i {
		return 0, fmt.Errorf("malformed JSON at byte offset %d: expected a value", i)
	}
	return j, nil
}

func describeStart(b []byte) string {
	if len(b) > 16 {
		b = b[:16]
	}
	return fmt.Sprintf("%q", b)
}

// decodeMember decodes the member name of m into dst when present and not
// null, and reports whether it did.
func decodeMember(m map[string]rawValue, name string, dst any) (bool, *apiError) {
	raw, ok := m[name]
	if !ok || string(raw) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return false, malformed(fmt.Sprintf("member %s: %s", name, jsonProblem(err)))
	}
	return true, nil
}

// decodeBlob decodes a base64 blob member like decodeMember, but keeps a
// string without escapes as the slice of the body it is: its size and hash
// are streamed from the text (textPackage), so that what may be 70 MB of
// text is neither scanned twice as JSON nor held decoded beside the body.
func decodeBlob(m map[string]rawValue, name string, dst *packageBytes) (bool, *apiError) {
	raw, ok := m[name]
	if !ok || string(raw) == "null" {
		return false, nil
	}
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' || bytes.IndexByte(raw, '\\') >= 0 {
		var b []byte
		ok, e := decodeMember(m, name, &b)
		*dst = rawPackage(b)
		return ok, e
	}
	text := raw[1 : len(raw)-1]
	if bytes.IndexByte(text, '\r') >= 0 || bytes.IndexByte(text, '\n') >= 0 {
		return false, malformed(fmt.Sprintf("member %s: a JSON string cannot hold a raw line break", name))
	}
	p, err := textPackage(text)
	if err != nil {
		return false, malformed(fmt.Sprintf("member %s: %s", name, jsonProblem(err)))
	}
	*dst = p
	return true, nil
}

func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte offset %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		return fmt.Sprintf("cannot deserialize a JSON %s as %s", typ.Value, typ.Type)
	}
	var b64 base64.CorruptInputError
	if errors.As(err, &b64) {
		return fmt.Sprintf("the value is not valid standard base64 text (bad input at byte %d)", int64(b64))
	}
	return err.Error()
}
