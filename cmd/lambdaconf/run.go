package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/suites"
	"github.com/lambdaconf/lambdaconf/target"
	"github.com/lambdaconf/lambdaconf/wire"
)

func init() {
	register("run", "run the conformance suite against an endpoint and write the reports", func(args []string) int {
		return runRun(args, os.Stdout, os.Stderr)
	})
}

// exitCouldNotTest is the exit status of a run that could not test the
// endpoint at all: a set-up error, an endpoint that is unreachable or not a
// Lambda API. It is neither a pass (0) nor a failure to conform (1).
const exitCouldNotTest = 3

// badEndpoint checks the shape of each endpoint URL a flag or its
// environment variable gave (flag names and values in pairs; "" is unset)
// and, for the first that is not an http:// or https:// URL with a host,
// prints what is wrong and returns true: a usage error, exit status 2,
// found before any report is written.
func badEndpoint(stderr io.Writer, cmd string, flagsAndValues ...string) bool {
	for i := 0; i+1 < len(flagsAndValues); i += 2 {
		if v := flagsAndValues[i+1]; v != "" {
			if _, err := wire.ParseEndpoint(v); err != nil {
				fmt.Fprintf(stderr, "%s: %s: %v\n", cmd, flagsAndValues[i], err)
				return true
			}
		}
	}
	return false
}

// ProgressInterval is the longest the runner stays silent while specs run.
const ProgressInterval = 10 * time.Second

// Defaults of the run's settings.
const (
	defaultRunTimeout = suites.DefaultRunTimeout
	defaultProcs      = 2
)

const runUsage = `usage: lambdaconf run [flags]

run runs the conformance suite against an endpoint (the embedded reference
when none is given) and writes conformance.json, conformance.md,
conformance.html, junit.xml and the Ginkgo report.json into -report-dir,
with one case file per finding under cases/. (lambdaconf fuzz runs a fuzz
campaign: see lambdaconf fuzz -h.)

Exit status: 0 conforms, 1 does not conform, 2 usage error, 3 could not test
(set-up failed, endpoint unreachable or not a Lambda API).

Every flag can also be set by the environment variable named in its
description; a flag given on the command line wins.

`

// runSettings are run's flags.
type runSettings struct {
	endpoint, s3Endpoint, iamEndpoint          string
	reportDir, expectations, baseline, profile string
	name, labelFilter, focus, shard            string
	procs, checks                              int
	timeout, requestTimeout                    time.Duration
	strict, inProcess, verbose                 bool
}

// env returns the first non-empty value of the named variables.
func env(names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(os.Getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

func envDuration(def time.Duration, names ...string) (time.Duration, error) {
	s := env(names...)
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q is not a positive duration such as 90s or 10m", names[0], s)
	}
	return d, nil
}

// absPath makes a non-empty path absolute, so that child processes that
// start elsewhere read the same file.
func absPath(p string) string {
	if p == "" {
		return ""
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func envInt(def int, names ...string) (int, error) {
	s := env(names...)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q is not a whole number", names[0], s)
	}
	return n, nil
}

func runFlags(stderr io.Writer) (*flag.FlagSet, *runSettings, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, runUsage)
		fs.PrintDefaults()
	}
	s := &runSettings{}
	var errs []error
	dur := func(def time.Duration, names ...string) time.Duration {
		d, err := envDuration(def, names...)
		errs = append(errs, err)
		return d
	}
	num := func(def int, names ...string) int {
		n, err := envInt(def, names...)
		errs = append(errs, err)
		return n
	}
	reportDefault := env("LAMBDACONF_REPORT_DIR", "REPORT_DIR")
	if reportDefault == "" {
		reportDefault = filepath.Join("out", "reports")
	}
	fs.StringVar(&s.endpoint, "endpoint", env("LAMBDACONF_ENDPOINT", "ENDPOINT"), "Lambda endpoint URL, with a path prefix if the API sits under one (http://host:4566/lambda); empty: AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, the shared config profile's endpoint_url, else the embedded reference ($LAMBDACONF_ENDPOINT, $ENDPOINT)")
	fs.StringVar(&s.s3Endpoint, "s3-endpoint", env("LAMBDACONF_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3"), "S3 endpoint URL when S3 is served apart from Lambda ($LAMBDACONF_S3_ENDPOINT, $AWS_ENDPOINT_URL_S3); default: the Lambda endpoint without its path prefix")
	fs.StringVar(&s.iamEndpoint, "iam-endpoint", env("LAMBDACONF_IAM_ENDPOINT", "AWS_ENDPOINT_URL_IAM"), "IAM endpoint URL when IAM is served apart ($LAMBDACONF_IAM_ENDPOINT, $AWS_ENDPOINT_URL_IAM); default: as for S3")
	fs.StringVar(&s.reportDir, "report-dir", reportDefault, "directory for the reports ($LAMBDACONF_REPORT_DIR, $REPORT_DIR)")
	fs.StringVar(&s.expectations, "expectations", env("LAMBDACONF_EXPECTATIONS", "EXPECTATIONS"), "expectations file listing the clauses the endpoint is known to fail ($LAMBDACONF_EXPECTATIONS, $EXPECTATIONS)")
	fs.StringVar(&s.baseline, "baseline", env("LAMBDACONF_BASELINE", "BASELINE"), "conformance.json of an earlier run: fail only on regressions against it ($LAMBDACONF_BASELINE, $BASELINE)")
	fs.StringVar(&s.profile, "profile", env("LAMBDACONF_PROFILE", "PROFILE"), "clause profile: aws (today's AWS) or seed (the seed page) ($LAMBDACONF_PROFILE, $PROFILE; default aws)")
	fs.StringVar(&s.name, "name", env("LAMBDACONF_NAME"), "name of the run in the reports, e.g. \"moto 5.2.1\" ($LAMBDACONF_NAME; default: the expectations file's endpoint)")
	fs.StringVar(&s.labelFilter, "label-filter", env("LAMBDACONF_LABEL_FILTER"), "Ginkgo label filter; clause IDs are labels: 'ZIP-NOT-ZIP || HASH-INLINE', '!large' ($LAMBDACONF_LABEL_FILTER)")
	fs.StringVar(&s.focus, "focus", env("LAMBDACONF_FOCUS"), "regexp on spec texts to run only the matching specs ($LAMBDACONF_FOCUS)")
	fs.StringVar(&s.shard, "shard", env("LAMBDACONF_SHARD"), "run part I of N of the spec list, such as 2/3, and write it for 'lambdaconf report merge' ($LAMBDACONF_SHARD)")
	fs.IntVar(&s.procs, "procs", num(defaultProcs, "LAMBDACONF_PROCS", "PROCS"), "processes to run at once, each a shard of the spec list; their reports are merged ($LAMBDACONF_PROCS, $PROCS)")
	fs.DurationVar(&s.timeout, "timeout", dur(defaultRunTimeout, "LAMBDACONF_RUN_TIMEOUT"), "bound on the whole run; specs still running then are reported as timed out ($LAMBDACONF_RUN_TIMEOUT)")
	fs.DurationVar(&s.requestTimeout, "request-timeout", dur(target.DefaultRequestTimeout, "LAMBDACONF_REQUEST_TIMEOUT"), "bound on one request, from dial to the last byte of the answer ($LAMBDACONF_REQUEST_TIMEOUT)")
	fs.IntVar(&s.checks, "checks", num(0, "RAPID_CHECKS"), "rapid checks per property spec ($RAPID_CHECKS; default 25)")
	fs.BoolVar(&s.strict, "strict", false, "also fail when a clause the expectations file lists as failing passes")
	fs.BoolVar(&s.verbose, "v", false, "with -inprocess: Ginkgo's verbose output")
	fs.BoolVar(&s.inProcess, "inprocess", false, "run the specs in this process and write only the Ginkgo report (and shard.json) into -report-dir; used for each process of a run")
	return fs, s, errors.Join(errs...)
}

func runRun(args []string, stdout, stderr io.Writer) int {
	const cmd = "lambdaconf run"
	fs, s, envErr := runFlags(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if envErr != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, envErr)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected arguments %q: every setting is a flag, see %s -h\n", cmd, fs.Args(), cmd)
		return exitUsage
	}
	shard, err := suites.ParseShard(s.shard)
	if err != nil {
		fmt.Fprintf(stderr, "%s: -shard: %v\n", cmd, err)
		return exitUsage
	}
	if s.procs < 1 {
		fmt.Fprintf(stderr, "%s: -procs must be at least 1\n", cmd)
		return exitUsage
	}
	if _, err := types.ParseLabelFilter(s.labelFilter); err != nil {
		fmt.Fprintf(stderr, "%s: -label-filter %q: %v\n", cmd, s.labelFilter, err)
		return exitUsage
	}
	if s.profile != "" {
		if _, err := spec.ParseProfile(s.profile); err != nil {
			fmt.Fprintf(stderr, "%s: -profile: %v\n", cmd, err)
			return exitUsage
		}
	}
	if badEndpoint(stderr, cmd, "-endpoint (or its environment variables)", s.endpoint, "-s3-endpoint (or its environment variables)", s.s3Endpoint, "-iam-endpoint (or its environment variables)", s.iamEndpoint) {
		return exitUsage
	}
	var focus []string
	if s.focus != "" {
		focus = []string{s.focus}
	}
	reportDir, err := filepath.Abs(s.reportDir)
	if err != nil {
		fmt.Fprintf(stderr, "%s: -report-dir: %v\n", cmd, err)
		return exitUsage
	}
	// The suites, in this process or in each child, read their settings
	// from the environment, as they do under go test.
	setenv := map[string]string{
		"LAMBDACONF_ENDPOINT":        s.endpoint,
		"LAMBDACONF_S3_ENDPOINT":     s.s3Endpoint,
		"LAMBDACONF_IAM_ENDPOINT":    s.iamEndpoint,
		"LAMBDACONF_PROFILE":         s.profile,
		"LAMBDACONF_REQUEST_TIMEOUT": s.requestTimeout.String(),
		// The property specs keep drawing past the signatures it
		// expects, instead of shrinking them.
		"LAMBDACONF_EXPECTATIONS": absPath(s.expectations),
	}
	for k, v := range setenv {
		if v != "" {
			os.Setenv(k, v)
		}
	}
	if s.inProcess {
		return runInProcess(s, shard, focus, reportDir, stderr)
	}

	if err := os.MkdirAll(reportDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "%s: -report-dir: %v\n", cmd, err)
		return exitUsage
	}
	var x *reports.Expectations
	if s.expectations != "" {
		if x, err = reports.LoadExpectations(s.expectations); err != nil {
			fmt.Fprintf(stderr, "%s: -expectations: %v\n", cmd, err)
			return exitUsage
		}
		// Checked before the run, not after it.
		if p, _ := spec.ParseProfile(s.profile); x.Profile != "" && x.Profile != p {
			fmt.Fprintf(stderr, "%s: -expectations: %s is for profile %s, but the run uses profile %s: pass -profile %s or use the matching file\n", cmd, s.expectations, x.Profile, p, x.Profile)
			return exitUsage
		}
	}
	// The baseline is read before any spec runs: a baseline that cannot
	// be compared with this run is a usage error, found before the run's
	// time is spent.
	var base *reports.Matrix
	if s.baseline != "" {
		profile, _ := spec.ParseProfile(s.profile)
		b, err := loadBaseline(s.baseline, profile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: -baseline: %v\n", cmd, err)
			return exitUsage
		}
		base = &b
	}
	r := &runner{cmd: cmd, s: s, shard: shard, focus: focus, reportDir: reportDir, stdout: stdout, stderr: stderr, expectations: x, baseline: base}
	return r.run()
}

// binaryVersion names this build of lambdaconf, for report merge to
// tell shards of different builds apart: its module version and VCS
// revision (with "+modified" for a build of a changed tree), as
// runtime/debug reports them, or "" when neither is known.
func binaryVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := bi.Main.Version
	if v == "(devel)" {
		v = ""
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
		v = strings.TrimSpace(v + " " + rev + modified)
	}
	return v
}

// runInProcess runs this process's shard of the specs and writes its
// report.json and shard.json into dir.
func runInProcess(s *runSettings, shard suites.Shard, focus []string, dir string, stderr io.Writer) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "lambdaconf run: -report-dir: %v\n", err)
		return exitUsage
	}
	if os.Getenv("REPORT_DIR") == "" {
		os.Setenv("REPORT_DIR", dir)
	}
	plan, err := suites.Plan(s.labelFilter, focus, max(shard.N, 1))
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf run: %v\n", err)
		return exitUsage
	}
	if err := reports.WriteShard(dir, reports.Shard{I: max(shard.I, 1), N: max(shard.N, 1), Specs: plan[max(shard.I, 1)-1], LabelFilter: s.labelFilter, Focus: focus, Binary: binaryVersion()}); err != nil {
		fmt.Fprintf(stderr, "lambdaconf run: %v\n", err)
		return exitCouldNotTest
	}
	var events io.Writer
	if fd := os.Getenv("LAMBDACONF_EVENTS_FD"); fd != "" {
		if n, err := strconv.Atoi(fd); err == nil {
			events = os.NewFile(uintptr(n), "events")
		}
	}
	passed, err := suites.Run(suites.RunConfig{
		LabelFilter: s.labelFilter, FocusStrings: focus, Shard: shard, Timeout: s.timeout,
		JSONReport: filepath.Join(dir, reports.ReportFile), Checks: s.checks, Events: events, Verbose: s.verbose,
	})
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf run: %v\n", err)
		return exitUsage
	}
	if !passed {
		return exitNonConform
	}
	return exitOK
}

// runner runs the suite as child processes, one per shard, and builds the
// reports from theirs.
type runner struct {
	cmd   string
	s     *runSettings
	shard suites.Shard
	focus []string
	// baseline is the -baseline matrix, read before the run.
	baseline     *reports.Matrix
	reportDir    string
	stdout       io.Writer
	stderr       io.Writer
	expectations *reports.Expectations
	// interrupted is set when a SIGINT or SIGTERM stopped the specs.
	interrupted bool
}

func (r *runner) printf(format string, args ...any) { fmt.Fprintf(r.stdout, format, args...) }

// couldNotTest reports a run that could not test the endpoint: the cause,
// once, in the console and in conformance.json/md/html.
func (r *runner) couldNotTest(endpoint string, cause string) int {
	cause = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cause), suites.SetupFailurePrefix))
	p := spec.ProfileAWS
	if q, err := spec.ParseProfile(os.Getenv("LAMBDACONF_PROFILE")); err == nil && q != "" {
		p = q
	}
	m := reports.Matrix{Schema: reports.Schema, Name: r.s.name, Profile: p, Endpoint: endpoint, CouldNotTest: cause, StartTime: time.Now()}
	if r.expectations != nil {
		m.Expectations = r.expectations.Path
	}
	// Reports of an earlier run must not pass for this one's; junit.xml
	// holds one testcase with the cause, as an error.
	os.Remove(filepath.Join(r.reportDir, reports.ReportFile))
	if err := reports.WriteFiles(r.reportDir, m, []types.Report{}, reports.JUnitOptions{}); err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", r.cmd, err)
	}
	r.printf("%s: could not test: %s\n", r.cmd, cause)
	r.printf("Result: COULD NOT TEST (no clause has a verdict). Reports: %s, %s\n", filepath.Join(r.reportDir, "conformance.{json,md,html}"), filepath.Join(r.reportDir, reports.JUnitFile))
	return exitCouldNotTest
}

// clearEarlierShards removes, before anything can fail, the shard files
// an earlier run left where this one writes its own: a whole run's
// shards/*, or shard I's shards/I (other shards of one run may share the
// directory). Otherwise a run that could not test would leave them, and
// report merge would take them for this run's results.
func (r *runner) clearEarlierShards() {
	dirs := []string{r.reportDir}
	if r.shard.Whole() {
		more, _ := filepath.Glob(filepath.Join(r.reportDir, "shards", "*"))
		dirs = append(dirs, more...)
	} else {
		dirs = []string{filepath.Join(r.reportDir, "shards", strconv.Itoa(r.shard.I))}
	}
	for _, d := range dirs {
		os.Remove(filepath.Join(d, reports.ShardFile))
		os.Remove(filepath.Join(d, reports.ReportFile))
	}
}

func (r *runner) run() int {
	procs := r.s.procs
	shards := make([]suites.Shard, 0, procs)
	if !r.shard.Whole() {
		procs = 1
		shards = append(shards, r.shard)
	} else {
		for i := 1; i <= procs; i++ {
			shards = append(shards, suites.Shard{I: i, N: procs})
		}
	}
	n := max(r.shard.N, procs)
	plan, err := suites.Plan(r.s.labelFilter, r.focus, n)
	if err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", r.cmd, err)
		return exitUsage
	}
	selected := 0
	for _, p := range plan {
		selected += len(p)
	}
	if selected == 0 {
		// A filter that selects nothing would pass with no check run.
		fmt.Fprintf(r.stderr, "%s: -label-filter %q and -focus %q select no spec: nothing would be tested. Clause IDs (such as ZIP-NOT-ZIP) and groups (large, limits, property, success, wire) are labels; -focus is a regexp on spec texts\n", r.cmd, r.s.labelFilter, r.s.focus)
		return exitUsage
	}
	r.clearEarlierShards()
	cfg, err := target.FromEnv()
	if err != nil {
		return r.couldNotTest(os.Getenv("LAMBDACONF_ENDPOINT"), err.Error())
	}
	endpoint := cfg.Endpoint
	if endpoint != "" {
		if err := cfg.Check(); err != nil {
			return r.couldNotTest(endpoint, err.Error())
		}
		ctx, cancel := context.WithTimeout(context.Background(), target.ProbeTimeout+5*time.Second)
		_, err := target.Open(ctx, cfg)
		cancel()
		if err != nil {
			return r.couldNotTest(endpoint, err.Error())
		}
	}
	total := 0
	for _, sh := range shards {
		total += len(plan[sh.I-1])
	}
	what := "endpoint " + endpoint
	if endpoint == "" {
		what = "the embedded reference"
		if f := os.Getenv("LAMBDACONF_REFERENCE_FAULTS"); f != "" {
			what += " with faults " + f
		}
	}
	part := ""
	if !r.shard.Whole() {
		part = fmt.Sprintf(" (shard %s)", r.shard)
	}
	r.printf("%s: testing %s: %d specs%s in %d process(es); reports in %s\n", r.cmd, what, total, part, procs, r.reportDir)

	dirs := make([]string, len(shards))
	for i, sh := range shards {
		dirs[i] = r.reportDir
		if len(shards) > 1 || !r.shard.Whole() {
			dirs[i] = filepath.Join(r.reportDir, "shards", strconv.Itoa(sh.I))
		}
		os.RemoveAll(filepath.Join(dirs[i], reports.ShardFile))
		os.RemoveAll(filepath.Join(dirs[i], reports.ReportFile))
	}
	statuses := r.runChildren(shards, dirs, total)

	var rs []types.Report
	if !r.shard.Whole() {
		// One shard of a run: its own report, merged later with the
		// others' by report merge.
		rs, err = reports.Load(filepath.Join(dirs[0], reports.ReportFile))
	} else {
		rs, _, err = reports.MergeShards(dirs)
	}
	if err != nil && r.interrupted {
		// A shard the interrupt stopped before its report held every
		// spec of its part: say so, not that a shard failed.
		code := r.couldNotTest(endpoint, "the run was interrupted before every spec ran ("+err.Error()+")")
		r.printf("Interrupted: the run is no verdict (exit %d); run it again for one\n", code)
		return code
	}
	if err != nil {
		var why []string
		for i, st := range statuses {
			if st != nil {
				why = append(why, fmt.Sprintf("shard %s: %v (its output is in %s)", shards[i], st, filepath.Join(dirs[i], "console.log")))
			}
		}
		return r.couldNotTest(endpoint, strings.Join(append([]string{err.Error()}, why...), "; "))
	}
	if cause := setupFailure(rs); cause != "" {
		return r.couldNotTest(endpoint, cause)
	}
	if !r.shard.Whole() {
		return r.finishShard(rs, dirs[0])
	}
	if err := saveGinkgoReport(filepath.Join(r.reportDir, reports.ReportFile), rs); err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", r.cmd, err)
		return exitUsage
	}
	ms := matrixSettings{
		name: r.s.name, profile: r.s.profile, expectations: r.expectations, baseline: r.s.baseline, base: r.baseline, strict: r.s.strict,
	}
	if r.interrupted {
		// Requests the interrupt cut short read as failures of their
		// clauses: an interrupted run is no verdict on the endpoint.
		ms.interrupted = "interrupted before every spec ran: the reports show what ran, and requests the interrupt cut short are not divergences; run it again for a verdict"
	}
	return buildReports(r.stdout, r.stderr, r.cmd, rs, r.reportDir, ms)
}

// finishShard judges one shard on its own: its failures are failures of
// the whole run, but only the merge of every shard gives verdicts.
func (r *runner) finishShard(rs []types.Report, dir string) int {
	m, err := reports.Build(rs, reports.Options{Name: r.s.name, Expectations: r.expectations})
	if err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", r.cmd, err)
		return exitUsage
	}
	printFindings(r.stdout, m)
	r.printf("Shard %s done: %d failing clauses in this shard. Its report is in %s; merge every shard's with\n  lambdaconf report merge -out DIR %s\n",
		r.shard, m.Totals.Fail, dir, filepath.Join(r.reportDir, "shards", "*"))
	if !m.Conforms(false) {
		return exitNonConform
	}
	return exitOK
}

// setupFailure returns the cause of a failed suite set-up in rs, if any:
// when the set-up fails, no spec runs, and the run could not test.
func setupFailure(rs []types.Report) string {
	for _, rep := range rs {
		for _, s := range rep.SpecReports {
			if s.LeafNodeType.Is(types.NodeTypeBeforeSuite|types.NodeTypeSynchronizedBeforeSuite) && s.Failed() {
				msg := strings.TrimSpace(s.Failure.Message)
				if s.State == types.SpecStatePanicked {
					msg = "the set-up panicked: " + s.Failure.ForwardedPanic
				}
				return msg
			}
		}
	}
	return ""
}

func saveGinkgoReport(path string, rs []types.Report) error {
	b, err := json.Marshal(rs)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// runChildren runs one child process per shard and prints progress until
// they end. It returns each child's exit error (nil for a clean exit or a
// run that found failures).
func (r *runner) runChildren(shards []suites.Shard, dirs []string, total int) []error {
	exe, err := os.Executable()
	statuses := make([]error, len(shards))
	if err != nil {
		for i := range statuses {
			statuses[i] = fmt.Errorf("cannot find this program to start it again: %w", err)
		}
		return statuses
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.s.timeout+2*time.Minute)
	defer cancel()
	events := make(chan suites.Event, 64)
	var wg sync.WaitGroup
	var children []*exec.Cmd
	forward := false
	for i, sh := range shards {
		if err := os.MkdirAll(dirs[i], 0o755); err != nil {
			statuses[i] = err
			continue
		}
		args := []string{"run", "-inprocess", "-report-dir", dirs[i], "-timeout", r.s.timeout.String(),
			"-label-filter", r.s.labelFilter, "-focus", r.s.focus, "-checks", strconv.Itoa(r.s.checks)}
		if !sh.Whole() {
			args = append(args, "-shard", sh.String())
		}
		c := exec.CommandContext(ctx, exe, args...)
		c.Cancel = func() error { return c.Process.Signal(os.Interrupt) }
		forward = ownGroup(c)
		c.WaitDelay = time.Minute
		// The child works in its shard's directory, so that rapid's
		// fail files stay there; its case files go to the report
		// directory.
		c.Dir = dirs[i]
		c.Env = append(os.Environ(), "REPORT_DIR="+r.reportDir, "LAMBDACONF_EVENTS_FD=3")
		log, err := os.Create(filepath.Join(dirs[i], "console.log"))
		if err != nil {
			statuses[i] = err
			continue
		}
		defer log.Close()
		c.Stdout, c.Stderr = log, log
		pr, pw, err := os.Pipe()
		if err != nil {
			statuses[i] = err
			continue
		}
		c.ExtraFiles = []*os.File{pw}
		if err := c.Start(); err != nil {
			pw.Close()
			pr.Close()
			statuses[i] = err
			continue
		}
		pw.Close()
		children = append(children, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer pr.Close()
			sc := bufio.NewScanner(pr)
			sc.Buffer(make([]byte, 64<<10), 4<<20)
			for sc.Scan() {
				var ev suites.Event
				if json.Unmarshal(sc.Bytes(), &ev) == nil {
					events <- ev
				}
			}
			err := c.Wait()
			var ee *exec.ExitError
			if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == exitNonConform) {
				statuses[i] = err
			}
		}()
	}
	// Each child gets one interrupt, whether the run's process group or
	// the run alone was signalled (ownGroup); a TERM becomes an
	// interrupt. They clean up and write their reports, which are then
	// merged as usual.
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() { wg.Wait(); close(events) }()

	start := time.Now()
	tick := time.NewTicker(ProgressInterval)
	defer tick.Stop()
	done, failed, listed, skipped := 0, 0, 0, 0
	progress := func() {
		f := strconv.Itoa(failed) + " failed"
		if r.expectations != nil {
			f += fmt.Sprintf(" (%d in clauses the expectations list)", listed)
		}
		r.printf("  %s: %d of %d specs done, %s, %d skipped\n", time.Since(start).Round(time.Second), done, total, f, skipped)
	}
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				progress()
				return statuses
			}
			done++
			switch ev.State {
			case types.SpecStateSkipped.String(), types.SpecStatePending.String():
				skipped++
			case types.SpecStatePassed.String():
			default:
				failed++
				state := strings.ToUpper(ev.State)
				if r.listed(ev.Findings) {
					// The final summary judges its signatures.
					listed++
					state = "EXPECTED"
				}
				r.printf("  %-8s %s%s\n", state, clauseList(ev.Findings), limit(ev.Spec, 140))
			}
		case <-tick.C:
			progress()
		case s := <-sig:
			r.interrupted = true
			r.printf("%s: %v: stopping the specs; the reports will hold what ran\n", r.cmd, s)
			if forward || s != os.Interrupt {
				for _, c := range children {
					c.Process.Signal(os.Interrupt)
				}
			}
		}
	}
}

// listed reports whether the expectations list every clause of a failed
// spec's findings (as failing or flaky): the console then shows the spec
// as EXPECTED rather than FAILED. A failure without a clause (a set-up
// error, a crash) is never listed. Whether each finding's signature is one
// the expectations accept is judged at the end, in the summary.
func (r *runner) listed(ids []string) bool {
	if r.expectations == nil || len(ids) == 0 {
		return false
	}
	for _, id := range ids {
		if _, ok := r.expectations.Lookup(spec.ClauseID(id)); !ok {
			return false
		}
	}
	return true
}

func clauseList(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return "[" + strings.Join(out, " ") + "] "
}

func limit(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// matrixSettings are the settings buildReports judges by.
type matrixSettings struct {
	name, profile, endpoint, baseline string
	// base, when set, is the baseline already read from baseline.
	base              *reports.Matrix
	expectations      *reports.Expectations
	strict, failOnSig bool
	// interrupted, when set, says why the run is no verdict although
	// its specs ran in part: the reports show what ran, and say so.
	interrupted string
}

// buildReports builds the matrix of rs, writes every report into dir,
// prints the findings and the summary, and returns the exit status.
func buildReports(stdout, stderr io.Writer, cmd string, rs []types.Report, dir string, ms matrixSettings) int {
	opts := reports.Options{Endpoint: ms.endpoint, Name: ms.name, Expectations: ms.expectations, FallbackEndpoint: os.Getenv("LAMBDACONF_ENDPOINT")}
	if ms.profile != "" {
		p, err := spec.ParseProfile(ms.profile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: -profile: %v\n", cmd, err)
			return exitUsage
		}
		opts.Profile = p
	}
	if opts.Name == "" && ms.expectations != nil {
		opts.Name = ms.expectations.Endpoint
	}
	m, err := reports.Build(rs, opts)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitUsage
	}
	if ms.interrupted != "" {
		m.CouldNotTest = ms.interrupted
	}
	junit := reports.JUnitOptions{Name: "lambdaconf"}
	if m.Name != "" {
		junit.Name += " " + m.Name
	}
	if wd, err := os.Getwd(); err == nil {
		junit.Root = wd
	}
	if err := reports.WriteFiles(dir, m, rs, junit); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitUsage
	}
	printFindings(stdout, m)
	if err := reports.WriteSummary(stdout, m, ms.strict); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "Reports: %s, %s\n", filepath.Join(dir, "conformance.{json,md,html}"), filepath.Join(dir, reports.JUnitFile))
	if m.CouldNotTest != "" {
		return exitCouldNotTest
	}
	if ms.baseline == "" {
		if m.Conforms(ms.strict) {
			return exitOK
		}
		return exitNonConform
	}
	base := ms.base
	if base == nil {
		b, err := loadBaseline(ms.baseline, m.Profile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: -baseline: %v\n", cmd, err)
			return exitUsage
		}
		base = &b
	}
	d := reports.Compare(*base, m)
	fmt.Fprintf(stdout, "\nAgainst baseline %s:\n", ms.baseline)
	if err := d.WriteText(stdout, ms.failOnSig); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitUsage
	}
	if d.Regressed(ms.failOnSig) || len(m.Unattributed) > 0 || len(m.SuiteFailures) > 0 || (ms.strict && m.Totals.UnexpectedPass > 0) {
		return exitNonConform
	}
	return exitOK
}

// loadBaseline reads the conformance.json (or Ginkgo JSON report) at path
// as the baseline of a run of profile p. A baseline of the other profile
// is refused: its clauses differ, so a comparison would pass silently.
func loadBaseline(path string, p spec.Profile) (reports.Matrix, error) {
	base, err := reports.LoadMatrix(path, reports.Options{Profile: p})
	if err != nil {
		return reports.Matrix{}, err
	}
	if base.CouldNotTest != "" {
		return reports.Matrix{}, fmt.Errorf("%s: %s", path, noBaseline(base))
	}
	if base.Profile != "" && base.Profile != p {
		return reports.Matrix{}, fmt.Errorf("%s holds a run of profile %s, this run uses profile %s: compare runs of one profile (give -profile %s, or a baseline from a run with -profile %s)",
			path, base.Profile, p, base.Profile, p)
	}
	return base, nil
}

// noBaseline says why a run that could not test is no baseline.
func noBaseline(m reports.Matrix) string {
	return fmt.Sprintf("a run that could not test (%s) has no verdict to compare with: give the conformance.json of a run that tested", m.CouldNotTest)
}

// Bounds on what printFindings shows; the case files, conformance.json and
// conformance.md hold the rest.
const (
	maxOtherFindings   = 3
	maxReproducerBytes = 600
	maxReproducerLines = 6
	maxFieldBytes      = 240
)

// printFindings prints each failing clause once: its first finding with
// a short reproducer (or the case file that holds a long one), then one
// line for each other distinct finding.
func printFindings(w io.Writer, m reports.Matrix) {
	var b strings.Builder
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-10s %s\n", k+":", limit(oneLine(v), maxFieldBytes))
		}
	}
	for _, c := range m.Clauses {
		if c.Verdict != reports.Fail {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("\nFindings, one block per failing clause (the reports and case files hold every detail):\n")
		}
		fmt.Fprintf(&b, "\nFAIL %s: %s\n", c.ID, limit(oneLine(c.Summary()), maxFieldBytes))
		if len(c.Findings) == 0 {
			continue
		}
		f := c.Findings[0]
		field("expected", f.Expected)
		field("got", f.Got)
		caseFile := ""
		if i := strings.Index(f.Seed, "case file "); i >= 0 {
			caseFile = strings.TrimSpace(f.Seed[i+len("case file "):])
			field("seed", strings.TrimSpace(f.Seed[:i]))
			field("case file", caseFile)
		} else {
			field("seed", f.Seed)
		}
		switch {
		case f.Reproducer != "" && len(f.Reproducer) <= maxReproducerBytes && strings.Count(f.Reproducer, "\n") < maxReproducerLines:
			fmt.Fprintf(&b, "  reproduce:\n    %s\n", strings.ReplaceAll(f.Reproducer, "\n", "\n    "))
		case caseFile != "":
			field("input", f.Input)
			fmt.Fprintf(&b, "  reproduce: lambdaconf replay -case %s  (the curl command is in the case file)\n", caseFile)
		case f.Reproducer != "":
			field("input", f.Input)
			fmt.Fprintf(&b, "  reproduce: the %d-byte curl command is in conformance.json and conformance.md under %s\n", len(f.Reproducer), c.ID)
		default:
			field("input", f.Input)
		}
		seen := map[string]bool{reports.NormalizeSignature(f.Signature()): true}
		others := 0
		for _, g := range c.Findings[1:] {
			sig := reports.NormalizeSignature(g.Signature())
			if seen[sig] {
				continue
			}
			seen[sig] = true
			if others < maxOtherFindings {
				field("also", g.Summary)
			}
			others++
		}
		if others > maxOtherFindings {
			fmt.Fprintf(&b, "  and %d more distinct findings in conformance.md\n", others-maxOtherFindings)
		}
	}
	io.WriteString(w, b.String())
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
