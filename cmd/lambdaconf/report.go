package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/suites"
)

func init() {
	register("report", "build conformance reports from a Ginkgo JSON report, or compare two runs", func(args []string) int {
		return runReport(args, os.Stdout, os.Stderr)
	})
}

// Exit codes of the report subcommands.
const (
	exitOK         = 0
	exitNonConform = 1
	exitUsage      = 2
)

const reportUsage = `usage:
  lambdaconf report matrix [-in REPORT_DIR/report.json] [-out REPORT_DIR] [-expectations FILE]
                           [-profile aws|seed] [-endpoint URL] [-name NAME] [-baseline BASE.json] [-strict]
  lambdaconf report diff [-fail-on-signature-change] BASE.json NEW.json
  lambdaconf report merge [-out DIR] [-expectations FILE] [-profile aws|seed] [-name NAME]
                          [-baseline BASE.json] [-strict] SHARD_DIR...

matrix writes conformance.json, conformance.md, conformance.html and junit.xml
and prints a summary. It exits 0 when the run conforms (no failures, or only
failures the expectations file lists; with -baseline, no regressions against
it), 1 when it does not, 2 on usage or I/O errors.

merge merges the report directories of every shard of one run
(lambdaconf run -shard I/N) into the reports of the whole run, exiting as
run does: 0 conforms, 1 does not. It refuses, with exit 3 (could not
test), when a shard's results are missing or come from another run.
Given the report directories of the shards of a fuzz campaign (each with
fuzz.json, from lambdaconf fuzz -shard I/N), it merges them into one
fuzz.json and fuzz.md, each signature once, and exits as fuzz does: 0 when
every signature is expected, 1 on a new one, 3 when a shard is missing or
could not test (was interrupted, say).

diff compares two conformance.json files (or Ginkgo JSON reports) and exits 1
on a regression, 0 otherwise.
`

func runReport(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, reportUsage)
		return exitUsage
	}
	switch args[0] {
	case "matrix":
		return runMatrix(args[1:], stdout, stderr)
	case "diff":
		return runDiff(args[1:], stdout, stderr)
	case "merge":
		return runMerge(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, reportUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "lambdaconf report: unknown subcommand %q: use matrix, merge or diff\n\n%s", args[0], reportUsage)
	return exitUsage
}

// reportDir is the default report directory: $REPORT_DIR, as the Makefile
// exports it, or out/reports.
func reportDir() string {
	if d := os.Getenv("REPORT_DIR"); d != "" {
		return d
	}
	return filepath.Join("out", "reports")
}

func runMatrix(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report matrix", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := reportDir()
	in := fs.String("in", filepath.Join(dir, "report.json"), "Ginkgo JSON report to read")
	out := fs.String("out", dir, "directory to write the reports into")
	expectations := fs.String("expectations", os.Getenv("EXPECTATIONS"), "expectations file listing the clauses expected to fail")
	profile := fs.String("profile", "", "profile to judge by, aws or seed (default: the one the report records, else $LAMBDACONF_PROFILE, else aws)")
	endpoint := fs.String("endpoint", "", "endpoint the run targeted (default: the one the report records, else $LAMBDACONF_ENDPOINT)")
	name := fs.String("name", "", "name of the run shown in the reports, e.g. \"moto 5.2.1\" (default: the expectations file's endpoint)")
	baseline := fs.String("baseline", "", "conformance.json of an earlier run: fail only on regressions against it")
	strict := fs.Bool("strict", false, "also fail when a clause expected to fail passes")
	failOnSig := fs.Bool("fail-on-signature-change", false, "with -baseline, also fail when a failing clause fails differently")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "lambdaconf report matrix: unexpected arguments %q: give the report with -in\n", fs.Args())
		return exitUsage
	}

	opts := reports.Options{Endpoint: *endpoint, Name: *name, FallbackEndpoint: os.Getenv("LAMBDACONF_ENDPOINT")}
	if env := os.Getenv("LAMBDACONF_PROFILE"); env != "" {
		p, err := spec.ParseProfile(env)
		if err != nil {
			fmt.Fprintf(stderr, "lambdaconf report matrix: $LAMBDACONF_PROFILE: %v\n", err)
			return exitUsage
		}
		opts.FallbackProfile = p
	}
	if *profile != "" {
		p, err := spec.ParseProfile(*profile)
		if err != nil {
			fmt.Fprintf(stderr, "lambdaconf report matrix: -profile: %v\n", err)
			return exitUsage
		}
		opts.Profile = p
	}
	if *expectations != "" {
		x, err := reports.LoadExpectations(*expectations)
		if err != nil {
			fmt.Fprintf(stderr, "lambdaconf report matrix: %v\n", err)
			return exitUsage
		}
		opts.Expectations = x
		if opts.Name == "" {
			opts.Name = x.Endpoint
		}
	}
	rs, err := reports.Load(*in)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf report matrix: %v\n(run the suites first, e.g. 'make conformance', or give the report with -in)\n", err)
		return exitUsage
	}
	m, err := reports.Build(rs, opts)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf report matrix: %s: %v\n", *in, err)
		return exitUsage
	}
	junit := reports.JUnitOptions{Name: "lambdaconf"}
	if m.Name != "" {
		junit.Name += " " + m.Name
	}
	if wd, err := os.Getwd(); err == nil {
		junit.Root = wd
	}
	if err := reports.WriteFiles(*out, m, rs, junit); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report matrix: %v\n", err)
		return exitUsage
	}
	if err := reports.WriteSummary(stdout, m, *strict); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report matrix: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "Reports: %s\n", filepath.Join(*out, "conformance.{json,md,html}")+", "+filepath.Join(*out, reports.JUnitFile))

	if *baseline == "" {
		if m.Conforms(*strict) {
			return exitOK
		}
		return exitNonConform
	}
	base, err := loadBaseline(*baseline, m.Profile)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf report matrix: -baseline: %v\n", err)
		return exitUsage
	}
	d := reports.Compare(base, m)
	fmt.Fprintf(stdout, "\nAgainst baseline %s:\n", *baseline)
	if err := d.WriteText(stdout, *failOnSig); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report matrix: %v\n", err)
		return exitUsage
	}
	if d.Regressed(*failOnSig) || len(m.Unattributed) > 0 || len(m.SuiteFailures) > 0 || (*strict && m.Totals.UnexpectedPass > 0) {
		return exitNonConform
	}
	return exitOK
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	failOnSig := fs.Bool("fail-on-signature-change", false, "also exit 1 when a failing clause fails with a different signature")
	profile := fs.String("profile", "", "profile for Ginkgo JSON reports given instead of conformance.json (default: the recorded one, else aws)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 2 {
		fmt.Fprintf(stderr, "lambdaconf report diff: want two files, BASE.json and NEW.json, got %d\n\n%s", fs.NArg(), reportUsage)
		return exitUsage
	}
	var opts reports.Options
	if *profile != "" {
		p, err := spec.ParseProfile(*profile)
		if err != nil {
			fmt.Fprintf(stderr, "lambdaconf report diff: -profile: %v\n", err)
			return exitUsage
		}
		opts.Profile = p
	}
	next, err := reports.LoadMatrix(fs.Arg(1), opts)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf report diff: %v\n", err)
		return exitUsage
	}
	// BASE is a baseline as -baseline takes one: of NEW's profile, and
	// from a run that tested.
	base, err := loadBaseline(fs.Arg(0), next.Profile)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf report diff: %v\n", err)
		return exitUsage
	}
	if next.CouldNotTest != "" {
		fmt.Fprintf(stdout, "lambdaconf report diff: no comparison: %s is a run that could not test (%s); rerun it for a verdict\n", fs.Arg(1), next.CouldNotTest)
		return exitCouldNotTest
	}
	d := reports.Compare(base, next)
	if err := d.WriteText(stdout, *failOnSig); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report diff: %v\n", err)
		return exitUsage
	}
	if d.Regressed(*failOnSig) {
		return exitNonConform
	}
	return exitOK
}

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", reportDir(), "directory to write the merged reports into")
	expectations := fs.String("expectations", env("LAMBDACONF_EXPECTATIONS", "EXPECTATIONS"), "expectations file listing the clauses expected to fail")
	profile := fs.String("profile", "", "profile to judge by, aws or seed (default: the one the reports record)")
	name := fs.String("name", "", "name of the run shown in the reports")
	baseline := fs.String("baseline", "", "conformance.json of an earlier run: fail only on regressions against it")
	strict := fs.Bool("strict", false, "also fail when a clause expected to fail passes")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "lambdaconf report merge: give every shard's report directory\n\n%s", reportUsage)
		return exitUsage
	}
	ms := matrixSettings{name: *name, profile: *profile, baseline: *baseline, strict: *strict}
	if *expectations != "" {
		x, err := reports.LoadExpectations(*expectations)
		if err != nil {
			fmt.Fprintf(stderr, "lambdaconf report merge: %v\n", err)
			return exitUsage
		}
		ms.expectations = x
	}
	if fuzzShards(fs.Args()) {
		return mergeFuzz(fs.Args(), *out, ms.expectations, stdout, stderr)
	}
	rs, shards, err := reports.MergeShards(fs.Args())
	if err != nil {
		fmt.Fprintf(stdout, "lambdaconf report merge: could not give a verdict: %v\n", err)
		return exitCouldNotTest
	}
	if cause := setupFailure(rs); cause != "" {
		fmt.Fprintf(stdout, "lambdaconf report merge: could not test: %s\n", strings.TrimPrefix(cause, suites.SetupFailurePrefix))
		return exitCouldNotTest
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report merge: %v\n", err)
		return exitUsage
	}
	if err := saveGinkgoReport(filepath.Join(*out, reports.ReportFile), rs); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report merge: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "lambdaconf report merge: %d shards of %d\n", len(shards), shards[0].N)
	return buildReports(stdout, stderr, "lambdaconf report merge", rs, *out, ms)
}

// fuzzShards reports whether dirs are the report directories of a fuzz
// campaign's shards: each holds fuzz.json and none a run's shard.json.
func fuzzShards(dirs []string) bool {
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, reports.ShardFile)); err == nil {
			return false
		}
		if _, err := os.Stat(filepath.Join(d, "fuzz.json")); err != nil {
			return false
		}
	}
	return true
}

// mergeFuzz merges the fuzz.json of every shard of a campaign
// (campaign.Merge) into out, and prints the summary lambdaconf fuzz
// prints.
func mergeFuzz(dirs []string, out string, exp *reports.Expectations, stdout, stderr io.Writer) int {
	var results []*campaign.Result
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "fuzz.json"))
		if err != nil {
			fmt.Fprintf(stderr, "lambdaconf report merge: %v\n", err)
			return exitUsage
		}
		var r campaign.Result
		if err := json.Unmarshal(b, &r); err != nil {
			fmt.Fprintf(stdout, "lambdaconf report merge: could not give a verdict: %s is not a campaign's fuzz.json: %v\n", filepath.Join(d, "fuzz.json"), err)
			return exitCouldNotTest
		}
		results = append(results, &r)
	}
	merged, err := campaign.Merge(results, exp)
	if err != nil {
		fmt.Fprintf(stdout, "lambdaconf report merge: could not give a verdict: %v\n", err)
		return exitCouldNotTest
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report merge: %v\n", err)
		return exitUsage
	}
	if err := writeFuzzReports(out, merged); err != nil {
		fmt.Fprintf(stderr, "lambdaconf report merge: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "lambdaconf report merge: %d shards of a fuzz campaign into %s\n", len(results), filepath.Join(out, "fuzz.json"))
	printFuzzSummaryTo(stdout, merged)
	if merged.CouldNotTest != "" {
		// The summary said COULD NOT TEST and why.
		return exitCouldNotTest
	}
	if len(merged.Unexpected()) > 0 {
		return exitNonConform
	}
	return exitOK
}
