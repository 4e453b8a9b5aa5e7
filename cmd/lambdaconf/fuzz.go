package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

func init() {
	register("fuzz", "run a fuzz campaign for a duration: every distinct divergence, shrunk, in a corpus", runFuzz)
}

func runFuzz(args []string) int {
	fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	or := func(def string, names ...string) string {
		if v := env(names...); v != "" {
			return v
		}
		return def
	}
	defWorkers, err := envInt(0, "WORKERS")
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: %v\n", err)
		return exitUsage
	}
	endpoint := fs.String("endpoint", "", "the endpoint under test; default LAMBDACONF_ENDPOINT (or AWS_ENDPOINT_URL…), else an embedded reference")
	against := fs.String("against", or("", "DIFF_ENDPOINT"), "differential mode: a second endpoint, or \"reference\" for an embedded reference, to send every request to as well (env DIFF_ENDPOINT)")
	durationText := fs.String("duration", or("60s", "DURATION"), "how long to draw (env DURATION)")
	workers := fs.Int("workers", defWorkers, "concurrent workers, each with fixtures of its own; 0 means one per CPU (env WORKERS)")
	reportDir := fs.String("report-dir", or("out/reports", "LAMBDACONF_REPORT_DIR", "REPORT_DIR"), "where fuzz.json and fuzz.md go (env LAMBDACONF_REPORT_DIR, REPORT_DIR)")
	corpusDir := fs.String("corpus", or("", "LAMBDACONF_CORPUS"), "the corpus directory, replayed first and added to; default REPORT-DIR/corpus (env LAMBDACONF_CORPUS)")
	expectations := fs.String("expectations", or("", "LAMBDACONF_EXPECTATIONS", "EXPECTATIONS"), "an expectations file: signatures of the clauses it lists are expected (env LAMBDACONF_EXPECTATIONS, EXPECTATIONS)")
	profileName := fs.String("profile", or("aws", "LAMBDACONF_PROFILE", "PROFILE"), "the profile to hold the endpoint to: aws or seed (env LAMBDACONF_PROFILE, PROFILE)")
	faults := fs.String("faults", or("", "LAMBDACONF_REFERENCE_FAULTS"), "faults to inject into the embedded reference, comma-separated (env LAMBDACONF_REFERENCE_FAULTS)")
	interval := fs.Duration("progress", 10*time.Second, "the interval between progress lines")
	shardText := fs.String("shard", or("", "LAMBDACONF_SHARD"), "run shard I of N of a campaign spread over N processes or machines, such as 2/3: its own seed stream and fixture names ($LAMBDACONF_SHARD); merge the shards' fuzz.json with 'lambdaconf report merge'")
	requestTimeout := fs.Duration("request-timeout", 0, "bound on one request, from dial to the last byte of the answer (env LAMBDACONF_REQUEST_TIMEOUT; default 2m)")
	seed := fs.Uint64("seed", 0, "the base of the campaign's seeds, to repeat a campaign's draws (fuzz.json says it); 0 means a random one, or 0 itself for a shard (give every shard of a campaign the same)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	duration, perr := time.ParseDuration(*durationText)
	if perr != nil || duration <= 0 {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: -duration %q is not a positive duration such as 90s or 10m\n", *durationText)
		return exitUsage
	}
	shard, err := campaign.ParseShard(*shardText)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: -shard: %v\n", err)
		return exitUsage
	}
	profile, err := spec.ParseProfile(*profileName)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: -profile: %v\n", err)
		return exitUsage
	}
	var exp *reports.Expectations
	if *expectations != "" {
		if exp, err = reports.LoadExpectations(*expectations); err != nil {
			fmt.Fprintf(os.Stderr, "lambdaconf fuzz: -expectations: %v\n", err)
			return exitUsage
		}
	}
	if *corpusDir == "" {
		*corpusDir = filepath.Join(*reportDir, "corpus")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg, err := target.FromEnv()
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: %v\n", err)
		return exitUsage
	}
	cfg.Profile = profile
	if *endpoint != "" {
		cfg.Endpoint = *endpoint
	}
	if *against == "reference" {
		if badEndpoint(os.Stderr, "lambdaconf fuzz", "-endpoint (or its environment variables)", cfg.Endpoint) {
			return exitUsage
		}
	} else if badEndpoint(os.Stderr, "lambdaconf fuzz", "-endpoint (or its environment variables)", cfg.Endpoint, "-against", *against) {
		return exitUsage
	}
	if err := os.MkdirAll(*reportDir, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: -report-dir: %v\n", err)
		return exitUsage
	}
	if *requestTimeout < 0 {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: -request-timeout %v is negative: give a duration such as 30s\n", *requestTimeout)
		return exitUsage
	}
	if *requestTimeout > 0 {
		cfg.RequestTimeout = *requestTimeout
	}
	open := func(url string) (*target.Target, func(), error) {
		c := cfg
		c.Endpoint = url
		closeFn := func() {}
		if url == "" || url == "reference" {
			fl, err := reference.ParseFaults(*faults)
			if err != nil {
				return nil, closeFn, fmt.Errorf("-faults: %w", err)
			}
			if url == "reference" {
				fl = nil // the reference compared against is a faithful one
			}
			srv := reference.NewServer(reference.Options{Region: c.Region, Profile: profile, Faults: fl})
			c.Endpoint, closeFn = srv.URL, srv.Close
			fmt.Fprintf(os.Stderr, "lambdaconf fuzz: an embedded reference at %s\n", srv.URL)
		}
		t, err := target.Open(ctx, c)
		if err != nil {
			closeFn()
			return nil, func() {}, err
		}
		return t, closeFn, nil
	}
	tgt, closeA, err := open(cfg.Endpoint)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: could not test: %v\n", err)
		return exitCouldNotTest
	}
	defer closeA()
	var other *target.Target
	if *against != "" {
		var closeB func()
		if other, closeB, err = open(*against); err != nil {
			fmt.Fprintf(os.Stderr, "lambdaconf fuzz: could not test: -against: %v\n", err)
			return exitCouldNotTest
		}
		defer closeB()
	}

	prefix := fixtures.NewPrefix()
	part := ""
	if !shard.Whole() {
		part = fmt.Sprintf(" (shard %s)", shard)
	}
	fmt.Fprintf(os.Stderr, "lambdaconf fuzz: %s for %v%s, fixtures under %s, corpus %s\n", tgt.Endpoint, duration, part, prefix, *corpusDir)
	res, err := campaign.Run(ctx, campaign.Config{
		Target: tgt, Against: other, Profile: profile, Duration: duration, Workers: *workers,
		Prefix: prefix, Corpus: *corpusDir, Expectations: exp, Progress: os.Stderr, Interval: *interval,
		Shard: shard, Seed: *seed,
	})
	if res != nil {
		if werr := writeFuzzReports(*reportDir, res); werr != nil {
			fmt.Fprintf(os.Stderr, "lambdaconf fuzz: writing the reports: %v\n", werr)
		}
		printFuzzSummary(res)
	}
	switch {
	case res != nil && res.CouldNotTest != "":
		// The summary said COULD NOT TEST, and why, once; the
		// fixtures' lease said how to sweep what an interrupt left.
		if ctx.Err() != nil {
			fmt.Fprintf(os.Stderr, "lambdaconf fuzz: what was found before the interrupt is in %s\n", filepath.Join(*reportDir, "fuzz.json"))
		}
		return exitCouldNotTest
	case errors.Is(err, campaign.ErrCouldNotTest):
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: could not test: %v\n", err)
		return exitCouldNotTest
	case err != nil:
		fmt.Fprintf(os.Stderr, "lambdaconf fuzz: could not test: %v\n", err)
		return exitCouldNotTest
	case len(res.Unexpected()) > 0:
		return exitNonConform
	}
	return exitOK
}

// writeFuzzReports writes fuzz.json (the campaign.Result) and fuzz.md (a
// table of the signatures) into dir.
func writeFuzzReports(dir string, res *campaign.Result) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "fuzz.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	var md strings.Builder
	fmt.Fprintf(&md, "# lambdaconf fuzz: %s\n\n", res.Endpoint)
	if res.Against != "" {
		fmt.Fprintf(&md, "Differential campaign against %s.\n\n", res.Against)
	}
	if res.CouldNotTest != "" {
		fmt.Fprintf(&md, "**Could not test:** %s\n\n", res.CouldNotTest)
	}
	fmt.Fprintf(&md, "%d requests in %.0f s (%.0f/s), %d workers; %d draws, %d showed only known signatures; classes %d/%d, clauses %d/%d.\n\n",
		res.Requests, res.Seconds, float64(res.Requests)/res.Seconds, res.Workers, res.Draws, res.Known,
		len(res.Classes), res.ClassesTotal, len(res.Clauses), res.ClausesTotal)
	fmt.Fprintf(&md, "| | clause | signature | count | case |\n|---|---|---|---|---|\n")
	for _, e := range res.Signatures {
		mark := "new"
		if e.Expected {
			mark = "expected"
		}
		fmt.Fprintf(&md, "| %s | %s | `%s` | %d | %s |\n", mark, e.Clause, strings.ReplaceAll(e.Signature, "|", "\\|"), e.Count, filepath.Base(e.Case))
	}
	return os.WriteFile(filepath.Join(dir, "fuzz.md"), []byte(md.String()), 0o644)
}

// printFuzzSummary prints each unexpected signature once, with its case
// file and, when short, its reproducer; the expected ones as a count per
// clause (fuzz.md and fuzz.json list them all); the totals; and the
// result: COULD NOT TEST and why when the campaign is no verdict
// (Result.CouldNotTest), else DIVERGES or CONFORMS.
func printFuzzSummary(res *campaign.Result) { printFuzzSummaryTo(os.Stdout, res) }

// printFuzzSummaryTo is printFuzzSummary to w.
func printFuzzSummaryTo(w io.Writer, res *campaign.Result) {
	unexpected := res.Unexpected()
	fmt.Fprintf(w, "\n%d distinct signatures (%d unexpected, %d expected) in %d requests over %.0f s (%.0f req/s)\n",
		len(res.Signatures), len(unexpected), len(res.Signatures)-len(unexpected), res.Requests, res.Seconds, float64(res.Requests)/res.Seconds)
	for _, e := range unexpected {
		fmt.Fprintf(w, "  NEW %s\n", e.Signature)
		// A long reproducer carries its body inline: the case file
		// holds it instead.
		if e.Finding != nil && e.Finding.Reproducer != "" && len(e.Finding.Reproducer) <= 600 {
			fmt.Fprintf(w, "      reproduce: %s\n", strings.ReplaceAll(e.Finding.Reproducer, "\n", "\n      "))
		}
		if e.Case != "" {
			fmt.Fprintf(w, "      case: %s (lambdaconf replay -case %s)\n", e.Case, e.Case)
		}
	}
	perClause := map[spec.ClauseID]int{}
	var clauses []string
	for _, e := range res.Signatures {
		if e.Expected {
			if perClause[e.Clause] == 0 {
				clauses = append(clauses, string(e.Clause))
			}
			perClause[e.Clause]++
		}
	}
	sort.Strings(clauses)
	if len(clauses) > 0 {
		parts := make([]string, len(clauses))
		for i, c := range clauses {
			parts[i] = fmt.Sprintf("%s (%d)", c, perClause[spec.ClauseID(c)])
		}
		fmt.Fprintf(w, "  expected, signatures per clause: %s\n", strings.Join(parts, ", "))
	}
	for _, msg := range res.Errors {
		fmt.Fprintf(w, "  harness: %s\n", strings.TrimSpace(msg))
	}
	if res.CouldNotTest != "" {
		// No verdict, not even DIVERGES: the signatures above are
		// findings, but what the campaign did not explore is unknown.
		fmt.Fprintf(w, "COULD NOT TEST: %s\n", res.CouldNotTest)
		return
	}
	if len(unexpected) > 0 {
		fmt.Fprintf(w, "DIVERGES: %d signatures not in the expectations\n", len(unexpected))
		return
	}
	fmt.Fprintln(w, "CONFORMS: every signature found is expected")
}
