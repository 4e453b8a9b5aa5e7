package s3store

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A large PUT waits for a slot of LargeBodies, whether its size is
// declared or not; a small one does not.
func TestLargeBodiesWaitForASlot(t *testing.T) {
	s := New(8 << 20)
	if err := s.CreateBucket("bkt"); err != nil {
		t.Fatal(err)
	}
	h := &Handler{Store: s, LargeBodies: make(chan struct{}, 1), LargeBody: 1 << 20}
	srv := httptest.NewServer(h)
	defer srv.Close()
	put := func(key string, n int, declared bool) *http.Response {
		var body io.Reader = strings.NewReader(strings.Repeat("x", n))
		if !declared {
			body = io.MultiReader(body) // hides the length: sent chunked
		}
		req, _ := http.NewRequest("PUT", srv.URL+"/bkt/"+key, body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return nil
		}
		resp.Body.Close()
		return resp
	}
	if resp := put("small", 1000, true); resp == nil || resp.StatusCode != 200 {
		t.Fatalf("small PUT: %v", resp)
	}
	h.LargeBodies <- struct{}{} // every slot taken
	for _, declared := range []bool{true, false} {
		done := make(chan *http.Response, 1)
		go func() { done <- put("large", 2<<20, declared) }()
		select {
		case resp := <-done:
			t.Fatalf("a large PUT (declared size %v) was read while no slot was free: %v", declared, resp)
		case <-time.After(300 * time.Millisecond):
		}
		<-h.LargeBodies
		if resp := <-done; resp == nil || resp.StatusCode != 200 {
			t.Fatalf("the large PUT after a slot freed: %v", resp)
		}
		h.LargeBodies <- struct{}{}
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	n    atomic.Int64
	left int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), c.left)]
	for i := range p {
		p[i] = 'x'
	}
	c.left -= int64(len(p))
	c.n.Add(int64(len(p)))
	return len(p), nil
}

// A body of unknown size over the object limit is refused as it is read,
// not after it was read whole.
func TestUnknownSizeBodyIsCappedAsRead(t *testing.T) {
	const max = 2 << 20
	s := New(max)
	if err := s.CreateBucket("bkt"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(&Handler{Store: s, LargeBodies: make(chan struct{}, 1), LargeBody: 1 << 20})
	defer srv.Close()
	body := &countingReader{left: 64 << 20}
	req, _ := http.NewRequest("PUT", srv.URL+"/bkt/huge", body)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400 EntityTooLarge", resp.StatusCode)
		}
	}
	// body.n counts what the client wrote, which includes what the
	// loopback's socket buffers (several MiB each way) took in before the
	// server's refusal closed the connection: half the 64 MiB body is far
	// beyond those buffers, and far below a body read whole.
	if sent := body.n.Load(); sent > 32<<20 {
		t.Errorf("the server read %d bytes of a 64 MiB body over its %d-byte limit", sent, max)
	}
}
