package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/target"
)

// sweepTimeout bounds a whole sweep.
const sweepTimeout = 10 * time.Minute

// defaultMinAge is the -min-age of a sweep of every run.
const defaultMinAge = time.Hour

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
		fmt.Fprintln(stderr, "usage: lambdaconf sweep [-endpoint URL] [-run lcf-XXXXXXXX-] [-min-age 1h] [-dry-run]\n\nDeletes the functions, buckets and execution roles that lambdaconf runs created\nand marked as theirs (a name lcf-<8 hex digits>-… and the run's tag, description\nor marker object), of runs that are over: their lease on this machine ended or\nlapsed, or, for a run that holds no lease here, created at least -min-age ago.\nResources of others, even named lcf-…, are never touched. It prints each\ndeletion it confirmed, and each resource it could not delete, with why.\n\nflags:")
		fs.PrintDefaults()
	}
	endpoint := fs.String("endpoint", "", "endpoint `URL` (default from LAMBDACONF_ENDPOINT, ENDPOINT, AWS_ENDPOINT_URL_LAMBDA or AWS_ENDPOINT_URL)")
	run := fs.String("run", "", "sweep only the run under this `prefix` (lcf-, 8 hex digits, -), as an interrupted run prints it")
	legacy := fs.String("prefix", "", "the same as -run (kept for old scripts); lcf- alone means every run")
	minAge := fs.Duration("min-age", defaultMinAge, "keep resources of runs without a lease on this machine created less than this `duration` ago (default 0 with -run)")
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
	if *run == "" && *legacy != fixtures.PrefixRoot {
		*run = *legacy
	}
	if *run != "" && fixtures.RunPattern.FindString(*run) != *run {
		fmt.Fprintf(stderr, "lambdaconf sweep: -run %q is not a run prefix: it is %s, 8 lowercase hex digits and \"-\", such as lcf-0a1b2c3d-, as the interrupted run printed it\n", *run, fixtures.PrefixRoot)
		return 2
	}
	minAgeSet := false
	fs.Visit(func(f *flag.Flag) { minAgeSet = minAgeSet || f.Name == "min-age" })
	if *run != "" && !minAgeSet {
		*minAge = 0
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
	res, err := fixtures.Sweep(ctx, t, fixtures.SweepOptions{Run: *run, MinAge: *minAge, DryRun: *dryRun}, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf sweep: %v\n", err)
		return 1
	}
	if len(res.Deleted)+len(res.Kept) == 0 {
		what := "no run's resources"
		if *run != "" {
			what = "nothing of run " + *run
		}
		fmt.Fprintf(stdout, "%s on %s\n", what, t.Endpoint)
	}
	return 0
}
