package campaign_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// An interrupt that lands while the campaign waits for an update to
// finish, or while a request is with the endpoint, cuts that answer
// short: that is the user's doing, not the endpoint's, and no signature.
// The reference is faithful but slow (each update stays InProgress for a
// second); the campaign is cancelled as the first wait for an update
// polls GetFunction, and again, in a second run, as an update is sent.
func TestInterruptIsNoSignature(t *testing.T) {
	for _, at := range []string{"wait", "send"} {
		t.Run(at, func(t *testing.T) {
			h := reference.NewHandler(reference.Options{Profile: spec.ProfileAWS, UpdateDuration: time.Second})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var updates atomic.Int64
			var once sync.Once
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				update := r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/code")
				switch {
				case update && at == "send" && updates.Load() > 0:
					once.Do(cancel)
					// Held until the campaign gives up on it.
					select {
					case <-r.Context().Done():
						return
					case <-time.After(2 * time.Second):
					}
				case update:
					updates.Add(1)
				case r.Method == http.MethodGet && at == "wait" && updates.Load() > 0:
					once.Do(cancel)
				}
				h.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			tgt, err := target.Open(context.Background(), target.Config{Endpoint: srv.URL, Profile: spec.ProfileAWS})
			if err != nil {
				t.Fatal(err)
			}
			res, err := campaign.Run(ctx, campaign.Config{Target: tgt, Workers: 1, Duration: 30 * time.Second,
				Checks: 20, ShrinkTime: time.Second})
			if ctx.Err() == nil {
				t.Fatalf("the campaign ended (%v) before the interrupt", err)
			}
			if res == nil {
				t.Fatalf("no result after the interrupt: %v", err)
			}
			if len(res.Signatures) != 0 {
				t.Errorf("the interrupt showed as signatures of a faithful endpoint: %v", signatures(res))
			}
		})
	}
}
