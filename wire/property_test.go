package wire

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/request"
)

// TestAnyNameReachesTheServer sends names of arbitrary bytes and checks
// that the server decodes each to the same bytes and that each signature
// verifies.
func TestAnyNameReachesTheServer(t *testing.T) {
	rec := newRecorder(t, 200, nil, "{}")
	c := newClient(t, rec.URL, nil)
	rapid.Check(t, func(t *rapid.T) {
		name := string(rapid.SliceOfN(rapid.Byte(), 0, 80).Draw(t, "name"))
		r := request.UpdateFunctionCode{FunctionName: name, S3Key: request.String(name)}
		resp, err := c.UpdateFunctionCode(context.Background(), r)
		if err != nil {
			t.Fatalf("sending %q: %v", name, err)
		}
		if resp.Status != 200 {
			t.Fatalf("status %d", resp.Status)
		}
		rec.mu.Lock()
		got := rec.reqs[len(rec.reqs)-1]
		rec.mu.Unlock()
		seg := strings.TrimSuffix(strings.TrimPrefix(got.EscapedPath, request.PathPrefix), request.PathSuffix)
		if dec, err := url.PathUnescape(seg); err != nil || dec != name {
			t.Fatalf("name %q arrived as %q (%v)", name, dec, err)
		}
		if got.SigErr != nil {
			t.Fatalf("name %q: %v", name, got.SigErr)
		}
	})
}

// FuzzReadResponse checks that no body or header crashes the resolution and
// that its results keep their invariants.
func FuzzReadResponse(f *testing.F) {
	f.Add(400, "", []byte(`{"__type":"a#B:c","message":"m"}`))
	f.Add(404, "X:y", []byte(`{"Message":null}`))
	f.Add(500, "", []byte(`<html>`))
	f.Add(400, "", []byte(`{"MeSsAgE":{"nested":[1,2]},"CoDe":7}`))
	f.Add(200, "", []byte(`{"a":1} {"b":2}`))
	f.Fuzz(func(t *testing.T, status int, errType string, body []byte) {
		if status < 100 || status > 999 {
			status = 400
		}
		h := http.Header{}
		if errType != "" {
			h.Set("X-Amzn-ErrorType", errType)
		}
		resp := &http.Response{StatusCode: status, Header: h, Body: nopCloser{strings.NewReader(string(body))}}
		out, err := readResponse(resp, 64)
		if err != nil {
			t.Fatalf("readResponse: %v", err)
		}
		if strings.Contains(out.ErrorType, ":") {
			t.Errorf("ErrorType %q keeps a ':'", out.ErrorType)
		}
		if len(out.Body) > 64 || out.BodySize != int64(len(body)) || out.Truncated != (len(body) > 64) {
			t.Errorf("kept %d of %d bytes (counted %d), truncated %v", len(out.Body), len(body), out.BodySize, out.Truncated)
		}
		if out.MessageKey != "" && !strings.EqualFold(out.MessageKey, "message") {
			t.Errorf("MessageKey %q", out.MessageKey)
		}
		if out.MessageKey == "" && out.Message != "" {
			t.Errorf("a message %q without a key", out.Message)
		}
		if status < 300 && (out.ErrorType != "" || out.MessageKey != "") {
			t.Errorf("a %d resolved an error %q/%q", status, out.ErrorType, out.MessageKey)
		}
	})
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }
