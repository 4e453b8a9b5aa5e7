package referencetest_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reference/referencetest"
)

// The count sees updates that overlap, and only updates: the tests that
// require one update at a time rely on it to fail when two meet.
func TestServerCountsUpdatesInFlight(t *testing.T) {
	srv := referencetest.NewServer(t, reference.Options{Latency: 50 * time.Millisecond})
	put := func() {
		req, err := http.NewRequest(http.MethodPut, srv.URL+"/2015-03-31/functions/none/code", nil)
		if err != nil {
			t.Error(err)
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		resp.Body.Close()
	}
	put()
	put()
	if m := srv.MostInFlight(); m != 1 {
		t.Errorf("two updates one after the other: most in flight %d, want 1", m)
	}
	srv.ResetMostInFlight()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); put() }()
	}
	wg.Wait()
	if m := srv.MostInFlight(); m != 2 {
		t.Errorf("two updates at once: most in flight %d, want 2", m)
	}
	if resp, err := http.Get(srv.URL + "/2015-03-31/functions/none"); err == nil {
		resp.Body.Close()
	}
	if n := srv.InFlight(); n != 0 {
		t.Errorf("%d updates in flight once every answer was read, want 0", n)
	}
}
