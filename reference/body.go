package reference

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

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
// buffering more than the limit. The returned release must be called once
// the body is no longer needed.
func (h *Handler) readBody(r *http.Request, limit int64, operation string) ([]byte, func(), *apiError) {
	tooLarge := newError(http.StatusRequestEntityTooLarge, spec.ErrEntityTooLarge,
		fmt.Sprintf("%s%d bytes for the %s operation", spec.MsgRequestSize, limit, operation))
	if r.ContentLength > limit {
		return nil, func() {}, tooLarge
	}
	release := func() {}
	if r.ContentLength < 0 || r.ContentLength > largeBody {
		h.largeBodies <- struct{}{}
		release = func() { <-h.largeBodies }
	}
	var body []byte
	if r.ContentLength >= 0 {
		body = make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			release()
			return nil, func() {}, malformed(fmt.Sprintf("the body ended after fewer bytes than its Content-Length of %d", r.ContentLength))
		}
	} else {
		var buf bytes.Buffer
		n, err := buf.ReadFrom(io.LimitReader(r.Body, limit+1))
		if err != nil {
			release()
			return nil, func() {}, malformed("reading the request body failed: " + err.Error())
		}
		if n > limit {
			release()
			return nil, func() {}, tooLarge
		}
		body = buf.Bytes()
	}
	return body, release, nil
}

// rawValue is a JSON value kept as a slice of the request body, without a
// copy: the body is never modified while it is parsed.
type rawValue []byte

func (v *rawValue) UnmarshalJSON(b []byte) error {
	*v = b
	return nil
}

// members splits a JSON object body into its members, by exact name.
// Anything but an object is an InvalidRequestContentException.
func members(body []byte) (map[string]rawValue, *apiError) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return map[string]rawValue{}, nil
	}
	if trimmed[0] != '{' {
		return nil, malformed("the body must be a JSON object; it starts with " + describeStart(trimmed))
	}
	var m map[string]rawValue
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, malformed(jsonProblem(err))
	}
	return m, nil
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
