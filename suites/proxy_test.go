package suites

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestBoundedProxyCutsOffAnEndlessAnswer: the AWS CLI reads an answer
// whole, so the proxy it talks through must stop an endless one, and pass
// a normal one unchanged, path prefix and Host header included.
func TestBoundedProxyCutsOffAnEndlessAnswer(t *testing.T) {
	var written atomic.Int64
	var gotPath, gotHost string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotHost = r.URL.Path, r.Host
		if r.URL.Query().Get("endless") == "" {
			w.Write([]byte(`{"CodeSize":1}`))
			return
		}
		chunk := []byte(strings.Repeat("x", 64<<10))
		for written.Load() < 1<<30 {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	const max = 1 << 20
	ep, stop, cut, err := boundedProxy(srv.URL+"/lambda", max)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if !strings.HasSuffix(ep, "/lambda") || !strings.HasPrefix(ep, "http://127.0.0.1:") {
		t.Fatalf("proxy URL %q: want a loopback URL with the path prefix", ep)
	}

	resp, err := http.Get(ep + "/2015-03-31/functions/f/code")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(body) != `{"CodeSize":1}` || cut.Load() {
		t.Errorf("a normal answer through the proxy: %q, %v", body, err)
	}
	if gotPath != "/lambda/2015-03-31/functions/f/code" || gotHost != strings.TrimPrefix(ep[:len(ep)-len("/lambda")], "http://") {
		t.Errorf("the endpoint got path %q and Host %q; want the path unchanged and the proxy's host, which the client signed", gotPath, gotHost)
	}

	resp, err = http.Get(ep + "/2015-03-31/functions/f/code?endless=1")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Errorf("an endless answer through the proxy ended without error after %d bytes", n)
	}
	if !cut.Load() {
		t.Errorf("the proxy does not say it cut an answer off")
	}
	if n > max {
		t.Errorf("the client read %d bytes of an endless answer; want at most %d", n, max)
	}
	// The kernel's socket buffers hold a few MiB beyond what was read.
	if w := written.Load(); w > max+64<<20 {
		t.Errorf("the endpoint wrote %d bytes; the proxy read on instead of stopping at %d", w, max)
	}
}
