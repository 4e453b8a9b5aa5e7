// Package suites is the conformance suite: Ginkgo specs, labelled with the
// catalogue clauses they can report, that hold an endpoint to the clauses of
// one profile. The specs wrap the checks of package check; a failure prints
// the clause, the input, the rapid seed or fail file, the focus that reruns
// the spec and a curl reproducer, and attaches each finding to the report.
// Every spec that reaches its checks also attaches the clauses they
// evaluated (finding.EvaluatedEntryName), passed or failed, which tells the
// reports a clause that held from one no check reached.
//
// The endpoint comes from LAMBDACONF_ENDPOINT (or AWS_ENDPOINT_URL); without
// one, process 1 starts the embedded reference, with the faults listed in
// LAMBDACONF_REFERENCE_FAULTS, and shares its URL with every process.
package suites

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// defaultChecks is the rapid check count when neither -rapid.checks nor
// RAPID_CHECKS sets one: enough to cover every generator class a few
// times, small enough for a run against the reference in about a minute
// on two cores.
const defaultChecks = "25"

// setDefaultChecks sets rapid's check count to defaultChecks unless
// RAPID_CHECKS or -rapid.checks set one.
func setDefaultChecks() {
	if os.Getenv("RAPID_CHECKS") == "" && !flagSet("rapid.checks") {
		setChecks(mustAtoi(defaultChecks))
	}
}

// setChecks sets rapid's check count, a flag rapid registers on the
// command line at init.
func setChecks(n int) {
	if err := flag.Set("rapid.checks", strconv.Itoa(n)); err != nil {
		panic(fmt.Sprintf("setting rapid.checks: %v", err))
	}
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// run is what every process shares: the endpoint and the per-run prefix of
// every fixture name.
type run struct {
	Endpoint string
	Prefix   string
	// Embedded reports that the endpoint is the embedded reference, which
	// the limit specs start again, with the same options from the
	// environment and a limit configured.
	Embedded bool
}

var (
	shared  run
	tgt     *target.Target
	profile spec.Profile
)

var _ = SynchronizedBeforeSuite(func(ctx SpecContext) []byte {
	cfg, err := target.FromEnv()
	setupFailed("reading the endpoint from the environment", err)
	r := run{Endpoint: cfg.Endpoint, Prefix: fixtures.NewPrefix()}
	if r.Endpoint == "" {
		opts, err := referenceOptions(cfg)
		setupFailed("configuring the embedded reference", err)
		srv := reference.NewServer(opts)
		DeferCleanup(srv.Close)
		r.Endpoint, r.Embedded = srv.URL, true
		GinkgoWriter.Printf("no endpoint given: testing the embedded reference at %s (faults %v)\n", srv.URL, opts.Faults)
	}
	endpoint := r.Endpoint
	if r.Embedded {
		endpoint = "embedded reference " + r.Endpoint
	}
	AddReportEntry(reports.EndpointEntryName, endpoint, ReportEntryVisibilityFailureOrVerbose)
	AddReportEntry(reports.ProfileEntryName, string(cfg.Profile), ReportEntryVisibilityFailureOrVerbose)
	b, err := json.Marshal(r)
	setupFailed("sharing the run's settings", err)
	return b
}, func(ctx SpecContext, data []byte) {
	setupFailed("reading the run's settings", json.Unmarshal(data, &shared))
	cfg, err := target.FromEnv()
	setupFailed("reading the endpoint from the environment", err)
	cfg.Endpoint = shared.Endpoint
	setupFailed("refusing to test this endpoint", cfg.Check())
	tgt, err = target.Open(ctx, cfg)
	setupFailed("opening the endpoint", err)
	profile = cfg.Profile
}, NodeTimeout(2*time.Minute))

// Once every process is done, the run's lease ends: a sweep may remove what
// it left at once (fixtures.EndLease).
var _ = SynchronizedAfterSuite(func() {}, func() {
	if shared.Prefix != "" {
		if err := fixtures.EndLease("", shared.Prefix); err != nil {
			GinkgoWriter.Printf("ending the lease of run %s: %v\n", shared.Prefix, err)
		}
	}
})

// SetupFailurePrefix starts the failure message of a suite set-up that
// failed: the run could not test the endpoint at all, which is neither a
// pass nor a failure of any clause.
const SetupFailurePrefix = "could not test: "

// setupFailed fails the suite's set-up with err in plain words, once,
// without Gomega's rendering of the error value.
func setupFailed(what string, err error) {
	GinkgoHelper()
	if err != nil {
		Fail(SetupFailurePrefix + what + ": " + err.Error())
	}
}

// referenceOptions builds the embedded reference's options from cfg and
// LAMBDACONF_REFERENCE_FAULTS (a comma-separated list of fault names) and
// LAMBDACONF_REFERENCE_OPTIONS (a JSON object of reference.Options fields).
func referenceOptions(cfg target.Config) (reference.Options, error) {
	opts := reference.Options{Region: cfg.Region, Profile: cfg.Profile}
	if s := os.Getenv("LAMBDACONF_REFERENCE_OPTIONS"); s != "" {
		if err := json.Unmarshal([]byte(s), &opts); err != nil {
			return opts, errorf("LAMBDACONF_REFERENCE_OPTIONS=%q is not a JSON object of reference.Options fields: %v", s, err)
		}
	}
	faults, err := reference.ParseFaults(os.Getenv("LAMBDACONF_REFERENCE_FAULTS"))
	if err != nil {
		return opts, errorf("LAMBDACONF_REFERENCE_FAULTS: %v", err)
	}
	opts.Faults = append(opts.Faults, faults...)
	if opts.Region == "" {
		opts.Region = cfg.Region
	}
	return opts, nil
}

// suiteContext bounds a helper that runs outside a spec's own context.
func suiteContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 2*time.Minute)
}
