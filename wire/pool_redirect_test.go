package wire

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
)

// A 307 or 308 answer leaves no reference to the body's buffer behind:
// net/http's Client calls GetBody to build the redirect it will not
// follow (CheckRedirect says ErrUseLastResponse only after GetBody), and
// never closes that reader, so without care the buffer is never reused.
func TestRedirectAnswerReleasesThePooledBody(t *testing.T) {
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "/elsewhere")
			w.WriteHeader(status)
		}))
		c, err := New(Config{Endpoint: srv.URL, Credentials: testCreds})
		if err != nil {
			t.Fatal(err)
		}
		u := PrepareUpdate(request.UpdateFunctionCode{FunctionName: "fn", ZipFile: bytes.Repeat([]byte{'a'}, 1<<10)})
		p := u.buf
		resp, err := c.SendUpdate(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != status {
			t.Fatalf("status %d, want %d", resp.Status, status)
		}
		u.Release()
		srv.Close()
		if n := p.refs.Load(); n != 0 {
			t.Errorf("after a %d answer and Release the body's buffer holds %d references, want 0: it is never reused", status, n)
		}
	}
}
