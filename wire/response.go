package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Response is one answer, read within the client's bounds.
type Response struct {
	Status int
	Header http.Header
	// Body holds at most MaxBody bytes of the response body.
	Body []byte
	// Truncated reports that the body was longer than MaxBody; the rest
	// was read and discarded.
	Truncated bool
	// BodySize counts every body byte read, kept or discarded.
	BodySize int64
	// ErrorType, Message and MessageKey are resolved only for statuses of
	// 300 and above, as the SDKs resolve them (docs/spec/aws.md#error-format):
	// ErrorType from the X-Amzn-ErrorType header, else the body's "code"
	// or "__type" (compared case-insensitively, in that order), cut at ':'
	// and after '#'. Message is the body's "message" or "Message" (any
	// case, lowercase first), "" when absent or null; MessageKey is the
	// key exactly as sent, or "" when there was none.
	ErrorType  string
	Message    string
	MessageKey string
	// JSON is the body when it is a complete JSON object, else nil.
	JSON map[string]any
	// RequestID is the X-Amzn-RequestId header.
	RequestID string
}

// IsError reports whether the status is 300 or above.
func (r *Response) IsError() bool { return r.Status >= 300 }

// String summarises the response for a failure message.
func (r *Response) String() string {
	if r.IsError() {
		return fmt.Sprintf("%d %s %q", r.Status, r.ErrorType, r.Message)
	}
	b := string(r.Body)
	if len(b) > 300 {
		b = b[:300] + "…"
	}
	return fmt.Sprintf("%d %s", r.Status, b)
}

// readResponse reads resp's body within bounds and resolves its fields.
func readResponse(resp *http.Response, maxBody int64) (*Response, error) {
	out := &Response{Status: resp.StatusCode, Header: resp.Header, RequestID: resp.Header.Get("X-Amzn-RequestId")}
	var buf bytes.Buffer
	if cl := resp.ContentLength; cl > 0 {
		// Room for the announced body and the EOF after it; a body
		// that is longer, or announced falsely, grows the buffer as
		// before.
		buf.Grow(int(min(cl, maxBody)) + bytes.MinRead)
	}
	n, err := io.Copy(&buf, io.LimitReader(resp.Body, maxBody))
	out.BodySize = n
	if err != nil {
		return nil, err
	}
	if n == maxBody {
		// Read on, discarding, one byte past the drain bound to tell a
		// body that ends there from one that goes on.
		m, err := io.Copy(io.Discard, io.LimitReader(resp.Body, MaxDrain+1))
		out.BodySize += m
		if err != nil {
			return nil, err
		}
		if m > MaxDrain {
			return nil, &TransportError{Class: ClassTooLarge, Err: fmt.Errorf("response body longer than %d bytes (status %d)", maxBody+MaxDrain, resp.StatusCode)}
		}
		out.Truncated = m > 0
	}
	out.Body = buf.Bytes()
	if !out.Truncated {
		out.JSON = jsonObject(out.Body)
	}
	if out.IsError() {
		out.ErrorType = resolveErrorType(resp.Header, out.JSON)
		out.Message, out.MessageKey = resolveMessage(out.JSON)
	}
	return out, nil
}

// jsonObject returns b decoded when it is exactly one JSON object.
func jsonObject(b []byte) map[string]any {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return nil
	}
	// Unmarshal refuses anything after the object but white space.
	var m map[string]any
	if err := json.Unmarshal(t, &m); err != nil {
		return nil
	}
	return m
}

// resolveErrorType returns the error code the SDKs would report for a
// response with the given header and JSON body.
func resolveErrorType(h http.Header, body map[string]any) string {
	if v := h.Get("X-Amzn-ErrorType"); v != "" {
		return SanitizeErrorCode(v)
	}
	for _, want := range []string{"code", "__type"} {
		if v, _, ok := lookupFold(body, want); ok {
			if s, isString := v.(string); isString && s != "" {
				return SanitizeErrorCode(s)
			}
		}
	}
	return ""
}

// resolveMessage returns the message and the key that held it.
func resolveMessage(body map[string]any) (string, string) {
	v, key, ok := lookupFold(body, "message")
	if !ok {
		return "", ""
	}
	switch m := v.(type) {
	case nil:
		return "", key
	case string:
		return m, key
	default:
		b, _ := json.Marshal(m)
		return string(b), key
	}
}

// lookupFold finds want in m: the exact key first, then "Message"-style
// capitalisation, then any key equal under case folding, the smallest in
// byte order so the choice is stable.
func lookupFold(m map[string]any, want string) (any, string, bool) {
	if m == nil {
		return nil, "", false
	}
	if v, ok := m[want]; ok {
		return v, want, true
	}
	title := strings.ToUpper(want[:1]) + want[1:]
	if v, ok := m[title]; ok {
		return v, title, true
	}
	best := ""
	found := false
	for k := range m {
		if strings.EqualFold(k, want) && (!found || k < best) {
			best, found = k, true
		}
	}
	if !found {
		return nil, "", false
	}
	return m[best], best, true
}

// SanitizeErrorCode reduces a raw error code to its name as the SDKs do:
// anything from the first ':' on is cut, then anything up to the first '#'.
func SanitizeErrorCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return code
}
