package reference

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The S3 path shares the Lambda path's slots for large bodies: while
// stalled Lambda uploads hold them all, a large PutObject waits.
func TestS3SharesTheLargeBodyBound(t *testing.T) {
	h := NewHandler(Options{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	put := func(path string, body []byte) int {
		req, _ := http.NewRequest("PUT", srv.URL+path, bytes.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := put("/bkt", nil); code != 200 {
		t.Fatalf("CreateBucket: %d", code)
	}
	for i := 0; i < cap(h.largeBodies); i++ {
		h.largeBodies <- struct{}{}
	}
	done := make(chan int, 1)
	go func() { done <- put("/bkt/large.zip", make([]byte, largeBody+1)) }()
	select {
	case code := <-done:
		t.Fatalf("a large PutObject was read while every large-body slot was taken (status %d)", code)
	case <-time.After(300 * time.Millisecond):
	}
	<-h.largeBodies
	if code := <-done; code != 200 {
		t.Errorf("the PutObject after a slot freed: %d", code)
	}
}
