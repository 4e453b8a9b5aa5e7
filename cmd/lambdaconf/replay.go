package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

func init() {
	register("replay", "re-run one recorded case or rapid fail file and print the finding or \"conforms\"", runReplay)
}

func runReplay(args []string) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "", "the endpoint to replay against; default LAMBDACONF_ENDPOINT, else an embedded reference")
	profileName := fs.String("profile", "", "the profile to hold the endpoint to; default the case file's")
	caseFile := fs.String("case", "", "a case file the suites wrote under REPORT_DIR/cases")
	failFile := fs.String("failfile", "", "a rapid fail file (suites/testdata/rapid/…/….fail) to replay through its property spec")
	focus := fs.String("focus", "", "with -failfile: the Ginkgo focus of the property spec; derived from the fail file's directory when empty")
	faults := fs.String("faults", "", "with the embedded reference: faults to inject, comma-separated (for -failfile, LAMBDACONF_REFERENCE_FAULTS)")
	timeout := fs.Duration("timeout", 5*time.Minute, "bound on the replay")
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), replayUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if badEndpoint(os.Stderr, "lambdaconf replay", "-endpoint", *endpoint) {
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	switch {
	case (*caseFile == "") == (*failFile == ""):
		fmt.Fprintln(os.Stderr, "lambdaconf replay: give exactly one of -case FILE and -failfile FILE")
		return 2
	case *failFile != "":
		return replayFailFile(ctx, *failFile, *focus, *endpoint, *profileName, *faults)
	}
	found, err := replayCase(ctx, *caseFile, *endpoint, *profileName, *faults)
	var cnt *couldNotTest
	switch {
	case errors.As(err, &cnt):
		fmt.Fprintf(os.Stderr, "lambdaconf replay: could not test: %v\n", cnt.err)
		return exitCouldNotTest
	case err != nil:
		fmt.Fprintf(os.Stderr, "lambdaconf replay: %v\n", err)
		return exitUsage
	}
	if len(found) > 0 {
		writeFindings(os.Stdout, found)
		return exitNonConform
	}
	fmt.Println("conforms")
	return 0
}

const replayUsage = `usage: lambdaconf replay -case FILE | -failfile FILE [flags]

replay sends the request of one case file again, against fixtures created
afresh, and prints each finding or "conforms"; or reruns the property spec
of a rapid fail file.

Exit status: 0 conforms, 1 a finding, 2 usage error, 3 could not test
(endpoint unreachable or refused, fixtures could not be set up).

`

// couldNotTest marks a replay that reached no verdict: the endpoint could
// not be opened or the fixtures set up.
type couldNotTest struct{ err error }

func (c *couldNotTest) Error() string { return c.err.Error() }
func (c *couldNotTest) Unwrap() error { return c.err }

// replayCase sends the request of a case file again, against fixtures
// created afresh, and returns the findings of the check.
func replayCase(ctx context.Context, path, endpoint, profileName, faultList string) ([]*finding.Finding, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("-case: %w", err)
	}
	rec, err := check.ReadRecord(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cfg, err := target.FromEnv()
	if err != nil {
		return nil, err
	}
	cfg.Profile = rec.Profile
	if profileName != "" {
		if cfg.Profile, err = spec.ParseProfile(profileName); err != nil {
			return nil, fmt.Errorf("-profile: %w", err)
		}
	}
	if endpoint != "" {
		cfg.Endpoint = endpoint
	}
	if cfg.Endpoint == "" {
		faults, err := reference.ParseFaults(faultList)
		if err != nil {
			return nil, fmt.Errorf("-faults: %w", err)
		}
		srv := reference.NewServer(reference.Options{Region: cfg.Region, Profile: cfg.Profile, Faults: faults})
		defer srv.Close()
		cfg.Endpoint = srv.URL
		fmt.Fprintf(os.Stderr, "no endpoint given: replaying against an embedded reference at %s\n", srv.URL)
	}
	if err := cfg.Check(); err != nil {
		return nil, &couldNotTest{err}
	}
	tgt, err := target.Open(ctx, cfg)
	if err != nil {
		return nil, &couldNotTest{err}
	}
	prefix := fixtures.NewPrefix()
	run := fixtures.NewRun(tgt, prefix)
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := run.Cleanup(cctx); err != nil {
			fmt.Fprintf(os.Stderr, "lambdaconf replay: cleaning up the fixtures under %s: %v (lambdaconf sweep removes leftovers)\n", prefix, err)
		}
	}()
	g, err := check.Setup(ctx, run, prefix+"replay", cfg.Profile)
	if err != nil {
		return nil, &couldNotTest{err}
	}
	rec = rec.Rebase(g)
	env := check.Env{Target: tgt, Gen: g, Profile: cfg.Profile}
	fmt.Fprintf(os.Stderr, "replaying %s\n", rec.Case.Request.String())
	return check.Findings(check.Outcome(ctx, env, rec.Case)), nil
}

// replayFailFile reruns the property spec a rapid fail file belongs to,
// with the fail file, through go test.
func replayFailFile(ctx context.Context, path, focus, endpoint, profileName, faults string) int {
	abs, err := filepath.Abs(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf replay: -failfile: %v\n", err)
		return 2
	}
	if _, err := os.Stat(abs); err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf replay: -failfile: %v (fail files live under suites/testdata/rapid/)\n", err)
		return 2
	}
	// go test needs the Go toolchain and the source tree of the suites;
	// without them the replay tests nothing, which is no finding.
	out, err := exec.CommandContext(ctx, "go", "list", "./suites").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "github.com/lambdaconf/lambdaconf/suites" {
		fmt.Fprintf(os.Stderr, "lambdaconf replay: could not test: -failfile reruns its property spec with go test, which needs the Go toolchain and a clone of lambdaconf (go list ./suites in %s: %s): run it in the clone's root directory, or replay a case file (-case) instead\n",
			cwd(), commandFailure(string(out), err))
		return exitCouldNotTest
	}
	if focus == "" {
		focus = focusFromFailFile(abs)
	}
	args := []string{"test", "-count=1", "-run", "TestSuites", "./suites", "-args",
		"-rapid.failfile=" + abs, "-ginkgo.focus=" + focus, "-ginkgo.no-color"}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	if endpoint != "" {
		cmd.Env = append(cmd.Env, "LAMBDACONF_ENDPOINT="+endpoint)
	}
	if profileName != "" {
		cmd.Env = append(cmd.Env, "LAMBDACONF_PROFILE="+profileName)
	}
	if faults != "" {
		cmd.Env = append(cmd.Env, "LAMBDACONF_REFERENCE_FAULTS="+faults)
	}
	fmt.Fprintf(os.Stderr, "go %s\n", strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		return 1
	}
	fmt.Println("conforms")
	return 0
}

// focusFromFailFile turns the directory rapid named after the spec (its
// full text with unsafe characters replaced by '_') into a focus regexp
// that matches the spec.
func focusFromFailFile(path string) string {
	dir := filepath.Base(filepath.Dir(path))
	parts := strings.Split(dir, "_")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(parts, ".")
}

// cwd is the working directory, for messages.
func cwd() string {
	d, err := os.Getwd()
	if err != nil {
		return "."
	}
	return d
}

// commandFailure is the first line of a command's output, else its error.
func commandFailure(out string, err error) string {
	if line := firstLine(strings.TrimSpace(out)); line != "" {
		return line
	}
	if err != nil {
		return err.Error()
	}
	return "no output"
}

// writeFindings prints each finding, with its input and reproducer only
// where they differ from those already printed: the findings of one
// request share them.
func writeFindings(w io.Writer, found []*finding.Finding) {
	seen := map[string]bool{}
	for _, f := range found {
		c := *f
		if seen["i"+c.Input] {
			c.Input = ""
		}
		if seen["r"+c.Reproducer] {
			c.Reproducer = ""
		}
		seen["i"+f.Input], seen["r"+f.Reproducer] = true, true
		fmt.Fprintln(w, c.Error())
	}
}
