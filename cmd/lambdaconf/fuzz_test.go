package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/reference"
)

// lockedBuffer is a bytes.Buffer a child process writes while the test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startInterruptible starts cmd in a process group of its own, so that the
// test can interrupt it as a terminal would, and returns the channel its
// exit arrives on. The group is killed when the test ends, if it is still
// running.
func startInterruptible(t *testing.T, cmd *exec.Cmd) <-chan error {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		exited <- cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	return exited
}

// An interrupted campaign is no verdict on the endpoint: a SIGINT, once
// the campaign has found a signature of a faulty endpoint, ends it with
// exit status 3 and one COULD NOT TEST line, no CONFORMS or DIVERGES; the
// signatures found before the interrupt are still listed, and fuzz.json
// records the interruption as could_not_test.
func TestFuzzInterruptedIsNoVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a campaign")
	}
	runEnv(t)
	t.Setenv("LAMBDACONF_LEASE_DIR", t.TempDir())
	for _, n := range []string{"DURATION", "WORKERS", "DIFF_ENDPOINT", "LAMBDACONF_CORPUS"} {
		t.Setenv(n, "")
		os.Unsetenv(n)
	}
	srv := httptest.NewServer(reference.NewHandler(reference.Options{Faults: []reference.Fault{reference.FaultAcceptNonZip}}))
	defer srv.Close()

	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "fuzz", "-endpoint", srv.URL, "-report-dir", dir, "-duration", "10m", "-workers", "1", "-progress", "1s")
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	exited := startInterruptible(t, cmd)

	// Mid-campaign: once it has found the fault's signature.
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(stderr.String(), "new signature:") {
		select {
		case err := <-exited:
			t.Fatalf("the campaign ended before it was interrupted (%v):\n%s%s", err, stderr.String(), stdout.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the campaign found no signature of accept-non-zip within 2 minutes:\n%s", stderr.String())
		}
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-exited:
	case <-time.After(2 * time.Minute):
		t.Fatalf("the campaign did not end within 2 minutes of the interrupt:\n%s%s", stderr.String(), stdout.String())
	}
	out := stdout.String() + stderr.String()
	t.Logf("the interrupted campaign printed:\n%s", out)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitCouldNotTest {
		t.Errorf("interrupted campaign: %v, want exit status %d", err, exitCouldNotTest)
	}
	if n := strings.Count(stdout.String(), "COULD NOT TEST: interrupted"); n != 1 {
		t.Errorf("the interrupted campaign said COULD NOT TEST: interrupted %d times, want once:\n%s", n, out)
	}
	if n := strings.Count(strings.ToLower(out), "could not test"); n != 1 {
		t.Errorf("the interrupted campaign said could not test %d times, want once:\n%s", n, out)
	}
	for _, verdict := range []string{"CONFORMS", "DIVERGES", "DOES NOT CONFORM"} {
		if strings.Contains(out, verdict) {
			t.Errorf("the interrupted campaign printed the verdict %s:\n%s", verdict, out)
		}
	}
	// What was found before the interrupt is a real finding.
	if !strings.Contains(stdout.String(), "  NEW ") {
		t.Errorf("the interrupted campaign did not list the signature it found:\n%s", out)
	}

	b, rerr := os.ReadFile(filepath.Join(dir, "fuzz.json"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	var res campaign.Result
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if cause, _ := raw["could_not_test"].(string); !strings.HasPrefix(cause, "interrupted") {
		t.Errorf("fuzz.json of the interrupted campaign says could_not_test %q, want why it is no verdict", cause)
	}
	if len(res.Signatures) == 0 || len(res.Unexpected()) == 0 {
		t.Errorf("fuzz.json of the interrupted campaign lists %d signatures, want the one found before the interrupt", len(res.Signatures))
	}
	md, rerr := os.ReadFile(filepath.Join(dir, "fuzz.md"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	if !strings.Contains(string(md), "Could not test:** interrupted") {
		t.Errorf("fuzz.md of the interrupted campaign does not say it is no verdict:\n%s", md)
	}
}

// TestFuzzReadsRunsVariables: the variables README lists for the flags
// fuzz shares with run work for fuzz too; LAMBDACONF_REPORT_DIR was
// ignored, and a CI job that set it found no fuzz.json where it looked.
func TestFuzzReadsRunsVariables(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	t.Setenv("LAMBDACONF_REPORT_DIR", dir)
	t.Chdir(t.TempDir())
	if code := runFuzz([]string{"-duration", "1s", "-workers", "1"}); code != exitOK {
		t.Fatalf("fuzz against the embedded reference exited %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "fuzz.json")); err != nil {
		t.Errorf("fuzz with LAMBDACONF_REPORT_DIR=%s: %v", dir, err)
	}
}

// TestFuzzRequestTimeout: fuzz takes -request-timeout, as run does, to
// bound each request against an endpoint that answers slowly; only the
// variable set it. Against an endpoint slower than the bound, the
// campaign could not test, and says so promptly.
func TestFuzzRequestTimeout(t *testing.T) {
	runEnv(t)
	srv := reference.NewServer(reference.Options{Latency: 2 * time.Second})
	defer srv.Close()
	t.Chdir(t.TempDir())
	start := time.Now()
	code := runFuzz([]string{"-endpoint", srv.URL, "-duration", "1s", "-workers", "1", "-request-timeout", "200ms"})
	if code != exitCouldNotTest {
		t.Errorf("fuzz with -request-timeout 200ms against a 2 s endpoint exited %d, want %d", code, exitCouldNotTest)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("took %v", d)
	}
}
