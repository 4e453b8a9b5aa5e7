package campaign_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reference/referencetest"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// A worker's lanes take turns at the endpoint, which never sees more than
// one of its UpdateFunctionCode requests at a time; but with two lanes a
// worker draws cases while its requests are with the endpoint, and with
// one it draws only between them. The draws are slowed down to 2 ms and
// the endpoint to 10 ms, so that the overlap does not depend on the
// machine: a draw checks at its first millisecond (more on a loaded
// machine) for the other lane's request, which takes ten.
func TestLanesOverlapDrawingWithSending(t *testing.T) {
	srv := referencetest.NewServer(t, reference.Options{Profile: spec.ProfileAWS, Latency: 10 * time.Millisecond})
	tgt, err := target.Open(context.Background(), target.Config{Endpoint: srv.URL, Profile: spec.ProfileAWS})
	if err != nil {
		t.Fatal(err)
	}
	for _, lanes := range []int{1, 2} {
		var draws, during atomic.Int64
		gen := func(env generators.Env) *rapid.Generator[generators.Case] {
			// The cases are drawn before the campaign starts (this
			// runs as the worker sets up), so that a draw takes the
			// 2 ms below and no more, even under the race detector
			// on a loaded machine, where drawing a zip takes longer.
			cases := make([]generators.Case, 64)
			for i := range cases {
				cases[i] = generators.Requests(env).Example(i)
			}
			return rapid.Custom(func(t *rapid.T) generators.Case {
				// A draw: at its first millisecond, the other
				// lane's request, sent as this draw began, is with
				// the endpoint.
				time.Sleep(time.Millisecond)
				if srv.InFlight() > 0 {
					during.Add(1)
				}
				time.Sleep(time.Millisecond)
				draws.Add(1)
				return rapid.SampledFrom(cases).Draw(t, "case")
			})
		}
		srv.ResetMostInFlight()
		res := run(t, campaign.Config{Target: tgt, Workers: 1, Lanes: lanes, Generator: gen, Duration: time.Second})
		if len(res.Signatures) > 0 {
			t.Errorf("%d lanes: the faithful reference showed %s", lanes, res.Signatures[0].Signature)
		}
		if m := srv.MostInFlight(); m != 1 {
			t.Errorf("%d lanes: the endpoint saw %d updates of one worker at once, want 1", lanes, m)
		}
		d, n := draws.Load(), during.Load()
		t.Logf("%d lanes: %d of %d cases drawn while a request was in flight", lanes, n, d)
		switch {
		case d < 20:
			t.Errorf("%d lanes: only %d cases drawn", lanes, d)
		case lanes == 1 && n != 0:
			t.Errorf("one lane drew %d of %d cases while its own request was in flight", n, d)
		case lanes == 2 && n < d/2:
			t.Errorf("two lanes drew only %d of %d cases while a request was in flight: drawing does not overlap sending", n, d)
		}
	}
}
