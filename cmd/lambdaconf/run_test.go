package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
	"github.com/lambdaconf/lambdaconf/target/targettest"
)

// asMainEnv makes this test binary act as lambdaconf itself, as run's child
// processes need: run starts os.Executable() again with "run -inprocess".
const asMainEnv = "LAMBDACONF_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// runEnv clears every variable that would point run somewhere else and
// lets the children act as lambdaconf.
func runEnv(t *testing.T) {
	t.Helper()
	for _, n := range []string{"LAMBDACONF_ENDPOINT", "ENDPOINT", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA",
		"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_IAM", "LAMBDACONF_S3_ENDPOINT", "LAMBDACONF_IAM_ENDPOINT",
		"AWS_PROFILE", "LAMBDACONF_REFERENCE_FAULTS", "REPORT_DIR", "LAMBDACONF_REPORT_DIR", "EXPECTATIONS",
		"LAMBDACONF_EXPECTATIONS", "BASELINE", "LAMBDACONF_BASELINE", "LAMBDACONF_SHARD", "LAMBDACONF_LABEL_FILTER",
		"LAMBDACONF_FOCUS", "RAPID_CHECKS", "LAMBDACONF_PROFILE", "PROFILE"} {
		t.Setenv(n, "")
		os.Unsetenv(n)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv(asMainEnv, "1")
}

// small selects a few cheap specs: the validation and success specs of a
// handful of clauses.
const small = "(ZIP-NOT-ZIP || HASH-SHA256-INLINE || NAME-NOT-FOUND) && !property && !limits && !transport && !large"

// runCmd runs lambdaconf run with args and restores the environment it
// sets for its children.
func runCmd(t *testing.T, args ...string) (int, string) {
	t.Helper()
	saved := os.Environ()
	defer func() {
		os.Clearenv()
		for _, kv := range saved {
			k, v, _ := strings.Cut(kv, "=")
			os.Setenv(k, v)
		}
	}()
	var out, errb bytes.Buffer
	code := runRun(args, &out, &errb)
	return code, out.String() + errb.String()
}

func loadMatrix(t *testing.T, dir string) reports.Matrix {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var m reports.Matrix
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func verdicts(m reports.Matrix) map[spec.ClauseID]reports.Verdict {
	out := map[spec.ClauseID]reports.Verdict{}
	for _, c := range m.Clauses {
		out[c.ID] = c.Verdict
	}
	return out
}

func TestRunExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suites")
	}
	runEnv(t)
	dir := t.TempDir()

	code, out := runCmd(t, "-report-dir", filepath.Join(dir, "ok"), "-label-filter", small, "-procs", "2")
	if code != exitOK {
		t.Fatalf("against the reference: exit %d, want 0\n%s", code, out)
	}
	for _, f := range []string{reports.JSONFile, reports.MarkdownFile, reports.HTMLFile, reports.JUnitFile, reports.ReportFile} {
		if _, err := os.Stat(filepath.Join(dir, "ok", f)); err != nil {
			t.Errorf("report %s missing: %v", f, err)
		}
	}
	if v := verdicts(loadMatrix(t, filepath.Join(dir, "ok"))); v[spec.ZipNotZip] != reports.Pass {
		t.Errorf("ZIP-NOT-ZIP: %s, want pass", v[spec.ZipNotZip])
	}

	t.Setenv("LAMBDACONF_REFERENCE_FAULTS", "accept-non-zip,not-found-400")
	code, out = runCmd(t, "-report-dir", filepath.Join(dir, "faults"), "-label-filter", small)
	if code != exitNonConform {
		t.Fatalf("against a faulty reference: exit %d, want 1\n%s", code, out)
	}
	if n := strings.Count(out, "\n"); n > 150 {
		t.Errorf("%d lines of console for two faults; want a short console", n)
	}
	if strings.Count(out, "\nFAIL ZIP-NOT-ZIP:") != 1 || !strings.Contains(out, "curl ") {
		t.Errorf("the finding is not printed once with its reproducer:\n%s", out)
	}
	os.Unsetenv("LAMBDACONF_REFERENCE_FAULTS")

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	code, out = runCmd(t, "-endpoint", closed, "-report-dir", filepath.Join(dir, "down"))
	if code != exitCouldNotTest || !strings.Contains(out, "could not test: target: nothing is listening at "+closed) {
		t.Fatalf("nothing listening: exit %d, want 3 naming the cause\n%s", code, out)
	}
	if strings.Count(out, "nothing is listening") != 1 || strings.Contains(out, "0x") {
		t.Errorf("the cause is not printed once, in plain words:\n%s", out)
	}
	m := loadMatrix(t, filepath.Join(dir, "down"))
	if !strings.Contains(m.CouldNotTest, "nothing is listening") || m.Totals.Untested != 0 || len(m.Clauses) != 0 {
		t.Errorf("conformance.json of a run that could not test: could_not_test %q, %d untested, %d clauses", m.CouldNotTest, m.Totals.Untested, len(m.Clauses))
	}
	if b, err := os.ReadFile(filepath.Join(dir, "down", reports.JUnitFile)); err != nil || !strings.Contains(string(b), `type="could-not-test"`) || !strings.Contains(string(b), "nothing is listening") {
		t.Errorf("junit.xml of a run that could not test: want one could-not-test error with the cause (%v)\n%s", err, b)
	}

	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		w.Write([]byte("<html>not here</html>"))
	}))
	defer web.Close()
	if code, out = runCmd(t, "-endpoint", web.URL, "-report-dir", filepath.Join(dir, "web")); code != exitCouldNotTest || !strings.Contains(out, "Lambda API") {
		t.Errorf("a web server: exit %d, want 3 saying it is not a Lambda API\n%s", code, out)
	}
	if code, _ = runCmd(t, "-procs", "0"); code != exitUsage {
		t.Errorf("-procs 0: exit %d, want 2", code)
	}
}

// The merged verdicts of three shards are those of one unsharded run, and
// merge refuses to give a verdict without every shard.
func TestShardsMergeToTheUnshardedVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suites")
	}
	runEnv(t)
	t.Setenv("LAMBDACONF_REFERENCE_FAULTS", "accept-non-zip")
	dir := t.TempDir()
	filter := "(ZIP-NOT-ZIP || ZIP-EMPTY || NAME-NOT-FOUND || HASH-SHA256-INLINE || REVISION-MISMATCH) && !property && !limits && !transport && !large"
	whole, out := runCmd(t, "-report-dir", filepath.Join(dir, "whole"), "-label-filter", filter, "-procs", "1")
	if whole != exitNonConform {
		t.Fatalf("unsharded: exit %d\n%s", whole, out)
	}
	var shardDirs []string
	for _, s := range []string{"1/3", "2/3", "3/3"} {
		d := filepath.Join(dir, "shard"+s[:1])
		code, out := runCmd(t, "-report-dir", d, "-label-filter", filter, "-shard", s)
		if code != exitOK && code != exitNonConform {
			t.Fatalf("shard %s: exit %d\n%s", s, code, out)
		}
		shardDirs = append(shardDirs, filepath.Join(d, "shards", s[:1]))
	}
	var buf bytes.Buffer
	code := runReport(append([]string{"merge", "-out", filepath.Join(dir, "merged")}, shardDirs...), &buf, &buf)
	if code != whole {
		t.Fatalf("merge: exit %d, want %d as unsharded\n%s", code, whole, buf.String())
	}
	want, got := verdicts(loadMatrix(t, filepath.Join(dir, "whole"))), verdicts(loadMatrix(t, filepath.Join(dir, "merged")))
	for id, v := range want {
		if got[id] != v {
			t.Errorf("%s: merged %s, unsharded %s", id, got[id], v)
		}
	}
	if want[spec.ZipNotZip] != reports.Fail {
		t.Errorf("ZIP-NOT-ZIP %s: the comparison must include a failing clause", want[spec.ZipNotZip])
	}

	buf.Reset()
	code = runReport([]string{"merge", "-out", filepath.Join(dir, "partial"), shardDirs[0], shardDirs[2]}, &buf, &buf)
	if code != exitCouldNotTest || !strings.Contains(buf.String(), "shard 2/3 missing") {
		t.Errorf("merge without shard 2/3: exit %d, want 3 naming the missing shard\n%s", code, buf.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "partial", reports.JSONFile)); err == nil {
		t.Error("merge without every shard wrote a verdict")
	}
}

// An emulator shaped like kumo, and a profile whose endpoint_url names the
// endpoint, are run like any other endpoint.
func TestRunEndpointShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suites")
	}
	runEnv(t)
	dir := t.TempDir()
	kumo := httptest.NewServer(targettest.LambdaUnderPrefix(reference.NewHandler(reference.Options{}), "/lambda"))
	defer kumo.Close()
	code, out := runCmd(t, "-endpoint", kumo.URL+"/lambda", "-report-dir", filepath.Join(dir, "kumo"), "-label-filter", small)
	if code != exitOK {
		t.Fatalf("kumo-shaped endpoint: exit %d, want 0\n%s", code, out)
	}
	if v := verdicts(loadMatrix(t, filepath.Join(dir, "kumo"))); v[spec.ZipNotZip] != reports.Pass || v[spec.HashInline] != reports.Pass {
		t.Errorf("kumo-shaped endpoint verdicts: %v", v)
	}

	// The profile's endpoint has a fault the embedded reference has not:
	// a run that ignored the profile would pass.
	faulty := httptest.NewServer(reference.NewHandler(reference.Options{Faults: []reference.Fault{reference.FaultAcceptNonZip}}))
	defer faulty.Close()
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, []byte("[profile emu]\nregion = eu-west-1\nendpoint_url = "+faulty.URL+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_PROFILE", "emu")
	code, out = runCmd(t, "-report-dir", filepath.Join(dir, "profile"), "-label-filter", small)
	if code != exitNonConform || !strings.Contains(out, faulty.URL) {
		t.Fatalf("through the profile: exit %d, want 1 against %s\n%s", code, faulty.URL, out)
	}
}

// An interrupted run is no verdict on the endpoint: a SIGINT to the run's
// process group, as a terminal sends on Ctrl-C, once the run has created
// fixtures, ends it with exit status 3 and a line saying so, and the run
// deletes what it created.
func TestRunInterruptedIsNoVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suites")
	}
	testRunInterrupted(t, -1)
}

// A SIGINT to the run's process alone (kill -INT PID, a supervisor that
// signals its child) stops the run as promptly as Ctrl-C: the children
// stop too, rather than run every spec to the end.
func TestRunInterruptedAloneStopsItsChildren(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suites")
	}
	testRunInterrupted(t, 1)
}

// testRunInterrupted interrupts a run of the property specs, sending
// SIGINT to its process group (sign -1) or to its process alone (1).
func testRunInterrupted(t *testing.T, sign int) {
	runEnv(t)
	t.Setenv("LAMBDACONF_LEASE_DIR", t.TempDir())
	// The endpoint outlives the run, so that what the run left on it
	// can be looked for afterwards.
	srv := reference.NewServer(reference.Options{})
	defer srv.Close()
	ctx := context.Background()
	tg, err := target.Open(ctx, target.Config{Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}

	// The property specs, with many checks, run far longer than the
	// test waits before it interrupts them.
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "run", "-endpoint", srv.URL, "-report-dir", dir, "-label-filter", "property", "-checks", "100000")
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	exited := startInterruptible(t, cmd)

	// Mid-run: once both processes run their specs and have created a
	// function.
	created := func() bool {
		for _, i := range []string{"1", "2"} {
			if _, err := os.Stat(filepath.Join(dir, "shards", i, reports.ShardFile)); err != nil {
				return false
			}
		}
		fs, err := tg.Lambda.ListFunctions(ctx, &lambda.ListFunctionsInput{})
		return err == nil && len(fs.Functions) > 1
	}
	deadline := time.Now().Add(2 * time.Minute)
	for !created() {
		select {
		case err := <-exited:
			t.Fatalf("the run ended before it was interrupted (%v):\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run created no function within 2 minutes:\n%s", out.String())
		}
	}
	if err := syscall.Kill(sign*cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	// The specs, at 100000 checks each, run for hours: only an
	// interrupt that reached them ends the run within minutes.
	select {
	case err = <-exited:
	case <-time.After(3 * time.Minute):
		t.Fatalf("the run did not end within 3 minutes of the interrupt:\n%s", out.String())
	}
	t.Logf("the interrupted run printed:\n%s", out.String())
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitCouldNotTest {
		t.Errorf("interrupted run: %v, want exit status %d", err, exitCouldNotTest)
	}
	if !strings.Contains(out.String(), "Result: COULD NOT TEST: interrupted") && !strings.Contains(out.String(), "the run is no verdict") {
		t.Errorf("the interrupted run did not say it is no verdict:\n%s", out.String())
	}
	// Said once: no verdict of Ginkgo's or of the matrix before it.
	if strings.Contains(out.String(), "DOES NOT CONFORM") || strings.Contains(out.String(), "Result: CONFORMS") {
		t.Errorf("the interrupted run printed a verdict:\n%s", out.String())
	}
	// The reference conforms: a clause failing in the reports would be
	// the interrupt's doing.
	if m := loadMatrix(t, dir); m.Totals.Fail != 0 || len(m.Unattributed) != 0 {
		t.Errorf("the interrupted run's reports hold %d failing clauses and %d unattributed failures", m.Totals.Fail, len(m.Unattributed))
	} else if !strings.HasPrefix(m.CouldNotTest, "interrupted") {
		t.Errorf("the interrupted run's conformance.json says could_not_test %q, want why it is no verdict", m.CouldNotTest)
	}

	var sweepOut, sweepErr bytes.Buffer
	if code := sweep(ctx, []string{"-endpoint", srv.URL, "-min-age", "0", "-dry-run"}, noEnv, &sweepOut, &sweepErr); code != 0 || !strings.HasPrefix(sweepOut.String(), "no run's resources") {
		t.Errorf("sweep -dry-run after the interrupted run exited %d and printed:\n%s%s", code, sweepOut.String(), sweepErr.String())
	}
	if fs, err := tg.Lambda.ListFunctions(ctx, &lambda.ListFunctionsInput{}); err != nil || len(fs.Functions) > 0 {
		t.Errorf("functions left after the interrupted run: %v (%v)", fs, err)
	}
}

// An endpoint that is not an http:// or https:// URL is a usage error (exit
// 2) in run, fuzz and replay, named by its flag and found before anything
// is written or sent: no verdict, not even "could not test".
func TestMalformedEndpointIsAUsageError(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	for _, bad := range []string{"localhost:9000", "ht!tp://x", "ftp://127.0.0.1:21"} {
		reportDir := filepath.Join(dir, "run")
		code, out := runCmd(t, "-endpoint", bad, "-report-dir", reportDir)
		if code != exitUsage || !strings.Contains(out, "-endpoint") || !strings.Contains(out, bad) {
			t.Errorf("run -endpoint %q: exit %d, want 2 naming the flag and the value\n%s", bad, code, out)
		}
		if _, err := os.Stat(reportDir); !os.IsNotExist(err) {
			t.Errorf("run -endpoint %q wrote %s", bad, reportDir)
		}
	}
	if code, out := runCmd(t, "-s3-endpoint", "s3.local", "-label-filter", "nothing", "-report-dir", filepath.Join(dir, "s3")); code != exitUsage || !strings.Contains(out, "-s3-endpoint") {
		t.Errorf("run -s3-endpoint s3.local: exit %d, want 2 naming the flag\n%s", code, out)
	}
	if code := runFuzz([]string{"-endpoint", "localhost:9000", "-duration", "1s", "-report-dir", filepath.Join(dir, "fuzz")}); code != exitUsage {
		t.Errorf("fuzz -endpoint localhost:9000: exit %d, want 2", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "fuzz")); !os.IsNotExist(err) {
		t.Errorf("fuzz -endpoint localhost:9000 made its report directory")
	}
	if code := runFuzz([]string{"-against", "ftp://x", "-duration", "1s", "-report-dir", filepath.Join(dir, "fuzz")}); code != exitUsage {
		t.Errorf("fuzz -against ftp://x: exit %d, want 2", code)
	}
	if code := runReplay([]string{"-endpoint", "localhost:9000", "-case", filepath.Join(dir, "missing.json")}); code != exitUsage {
		t.Errorf("replay -endpoint localhost:9000: exit %d, want 2", code)
	}
}

// A filter or focus that selects no spec is a usage error: a run of no
// spec would say CONFORMS with no check reached. A shard left empty by a
// filter that selects fewer specs than shards is not one.
func TestSelectingNoSpecIsAUsageError(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	for _, args := range [][]string{{"-label-filter", "NO-SUCH-CLAUSE"}, {"-focus", "no spec has this text"}} {
		code, out := runCmd(t, append(args, "-report-dir", dir)...)
		if code != exitUsage || !strings.Contains(out, "select no spec") {
			t.Errorf("run %q: exit %d, want 2 saying it selects no spec\n%s", args, code, out)
		}
		if _, err := os.Stat(filepath.Join(dir, reports.JSONFile)); !os.IsNotExist(err) {
			t.Errorf("run %q wrote %s", args, reports.JSONFile)
		}
	}
}

// A baseline that cannot be compared with the run is a usage error found
// before any spec runs: a typo in -baseline, an older schema, or a
// baseline of the other profile (whose clauses differ, so the comparison
// would pass silently) must not cost a whole run first.
func TestUnusableBaselineIsAUsageErrorBeforeTheRun(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		baseline, want string
	}{
		{filepath.Join(dir, "none.json"), "no such file"},
		{write("old.json", `{"schema":"lambdaconf.conformance/v0","profile":"aws","clauses":[]}`), "lambdaconf.conformance/v0"},
		{write("seed.json", `{"schema":"`+reports.Schema+`","profile":"seed","clauses":[]}`), "profile seed"},
	}
	for _, tc := range cases {
		out := filepath.Join(dir, "out-"+filepath.Base(tc.baseline))
		code, text := runCmd(t, "-baseline", tc.baseline, "-report-dir", out, "-label-filter", small)
		if code != exitUsage || !strings.Contains(text, "-baseline") || !strings.Contains(text, tc.want) {
			t.Errorf("-baseline %s: exit %d, want 2 naming -baseline and %q\n%s", filepath.Base(tc.baseline), code, tc.want, text)
		}
		if _, err := os.Stat(filepath.Join(out, reports.JSONFile)); !os.IsNotExist(err) {
			t.Errorf("-baseline %s: the run went ahead and wrote %s", filepath.Base(tc.baseline), reports.JSONFile)
		}
	}
}

// A run leaves no shard of an earlier run in its report directory: one
// that could not test would otherwise leave the earlier run's shards/,
// which report merge would take for this run's results.
func TestRunClearsAnEarlierRunsShards(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	var stale []string
	for _, i := range []string{"1", "2", "3"} {
		d := filepath.Join(dir, "shards", i)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{reports.ShardFile, reports.ReportFile} {
			p := filepath.Join(d, f)
			if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
				t.Fatal(err)
			}
			stale = append(stale, p)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	if code, out := runCmd(t, "-endpoint", closed, "-report-dir", dir); code != exitCouldNotTest {
		t.Fatalf("nothing listening: exit %d, want 3\n%s", code, out)
	}
	for _, p := range stale {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s of an earlier run is still there", p)
		}
	}
}

// With expectations, the console shows a spec that failed only in clauses
// the expectations list as EXPECTED, not FAILED, and counts those apart:
// a run whose every failure is expected reads as such while it runs, as
// its summary does at the end.
func TestConsoleShowsExpectedFailuresAsExpected(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suites")
	}
	runEnv(t)
	dir := t.TempDir()
	x := filepath.Join(dir, "expect.txt")
	if err := os.WriteFile(x, []byte("ZIP-NOT-ZIP fail # the fault accept-non-zip\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LAMBDACONF_REFERENCE_FAULTS", "accept-non-zip")
	code, out := runCmd(t, "-report-dir", filepath.Join(dir, "r"), "-label-filter", "ZIP-NOT-ZIP && !property && !limits && !transport && !large", "-expectations", x)
	if code != exitOK {
		t.Fatalf("every failure expected: exit %d, want 0\n%s", code, out)
	}
	if !strings.Contains(out, "EXPECTED [ZIP-NOT-ZIP]") || strings.Contains(out, "FAILED   [ZIP-NOT-ZIP]") {
		t.Errorf("the console does not show the expected failures as EXPECTED:\n%s", out)
	}
	if !regexp.MustCompile(`specs done, (\d+) failed \(\d+ in clauses the expectations list\)`).MatchString(out) {
		t.Errorf("the progress line does not count the listed failures apart:\n%s", out)
	}
}

// An expectations file written for the other profile is refused before
// any spec runs, not after the whole run.
func TestExpectationsOfAnotherProfileIsAUsageErrorBeforeTheRun(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	x := filepath.Join(dir, "seed.txt")
	if err := os.WriteFile(x, []byte("profile: seed\nZIP-NOT-ZIP fail # no zip validation\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, text := runCmd(t, "-expectations", x, "-report-dir", out, "-label-filter", small)
	if code != exitUsage || !strings.Contains(text, "-expectations") || !strings.Contains(text, "profile seed") {
		t.Errorf("expectations of profile seed in an aws run: exit %d, want 2 naming -expectations and the profile\n%s", code, text)
	}
	if _, err := os.Stat(filepath.Join(out, reports.ReportFile)); !os.IsNotExist(err) {
		t.Errorf("the run went ahead and wrote %s", reports.ReportFile)
	}
}
