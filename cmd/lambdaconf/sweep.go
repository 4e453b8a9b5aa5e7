package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/target"
)

// sweepTimeout bounds a whole sweep.
const sweepTimeout = 10 * time.Minute

func init() {
	register("sweep", "delete functions, buckets and roles earlier runs left behind", func(args []string) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return sweep(ctx, args, os.LookupEnv, os.Stdout, os.Stderr)
	})
}

// sweep runs `lambdaconf sweep` with the environment read through lookup.
// It returns 0 when everything found was deleted, 1 when some deletions
// failed, and 2 for a usage or configuration error.
func sweep(ctx context.Context, args []string, lookup func(string) (string, bool), stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: lambdaconf sweep [-endpoint URL] [-prefix lcf-] [-dry-run]\n\nDeletes the functions and buckets whose names start with the prefix, and the\nexecution roles of runs under it, from the endpoint.\n\nflags:")
		fs.PrintDefaults()
	}
	endpoint := fs.String("endpoint", "", "endpoint `URL` (default from LAMBDACONF_ENDPOINT, ENDPOINT, AWS_ENDPOINT_URL_LAMBDA or AWS_ENDPOINT_URL)")
	prefix := fs.String("prefix", fixtures.PrefixRoot, "delete only names starting with this `prefix`; it must start with "+fixtures.PrefixRoot)
	dryRun := fs.Bool("dry-run", false, "list what would be deleted and delete nothing")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "lambdaconf sweep: unexpected argument %q; run 'lambdaconf sweep -h' for the flags\n", fs.Arg(0))
		return 2
	}
	if !strings.HasPrefix(*prefix, fixtures.PrefixRoot) {
		fmt.Fprintf(stderr, "lambdaconf sweep: -prefix %q does not start with %q: the sweep deletes only the harness's own resources\n", *prefix, fixtures.PrefixRoot)
		return 2
	}
	cfg, err := target.FromLookup(lookup)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf sweep: %v\n", err)
		return 2
	}
	if *endpoint != "" {
		cfg.Endpoint = *endpoint
	}
	if cfg.Endpoint == "" {
		fmt.Fprintln(stderr, "lambdaconf sweep: no endpoint to sweep: pass -endpoint http://127.0.0.1:4566 or set ENDPOINT")
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, sweepTimeout)
	defer cancel()
	t, err := target.Open(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf sweep: %v\n", err)
		return 2
	}
	found, err := fixtures.Sweep(ctx, t, *prefix, *dryRun, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf sweep: %v\n", err)
		return 1
	}
	if len(found) == 0 {
		fmt.Fprintf(stdout, "nothing under %q on %s\n", *prefix, t.Endpoint)
	}
	return 0
}
