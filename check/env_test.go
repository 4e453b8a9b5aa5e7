package check

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

var envCount atomic.Int64

// referenceEnv starts an embedded reference with opts and creates the
// fixtures of one check on it; both go away when tb ends.
func referenceEnv(tb testing.TB, opts reference.Options) (Env, *reference.Server) {
	tb.Helper()
	if opts.Profile == "" {
		opts.Profile = spec.ProfileAWS
	}
	srv := reference.NewServer(opts)
	tb.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tgt, err := target.Open(ctx, target.Config{Endpoint: srv.URL, Region: "us-east-1",
		Credentials: target.EmulatorCredentials, Profile: opts.Profile})
	if err != nil {
		tb.Fatalf("opening the reference: %v", err)
	}
	prefix := fixtures.NewPrefix()
	g, err := Setup(ctx, fixtures.NewRun(tgt, prefix), fmt.Sprintf("%sc%d", prefix, envCount.Add(1)), opts.Profile)
	if err != nil {
		tb.Fatalf("creating fixtures: %v", err)
	}
	return Env{Target: tgt, Gen: g, Profile: opts.Profile}, srv
}
