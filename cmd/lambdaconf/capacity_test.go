package main

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/lambdaconf/lambdaconf/reference/capacity"
	"github.com/lambdaconf/lambdaconf/spec"
)

// BenchmarkServePeakRSSPerPayload starts `lambdaconf serve` (this test
// binary acting as lambdaconf) as a child process, sends it one
// UpdateFunctionCode with a 52,428,800-byte zip inline, and reports the
// child's peak resident memory above its idle memory per byte of zip, as
// peakRSS/payload: VmHWM after the update minus VmRSS before it, from
// /proc/PID/status. The goal of issue 12 is at most 1.5. Each iteration
// uses a fresh process, since VmHWM only grows; the worst is reported.
func BenchmarkServePeakRSSPerPayload(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("peak RSS is read from /proc/PID/status, which this system lacks")
	}
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	zip, err := capacity.StoredZip(spec.MaxZippedSize, 1)
	if err != nil {
		b.Fatal(err)
	}
	worst := 0.0
	b.SetBytes(int64(len(zip)))
	for b.Loop() {
		cmd := exec.Command(exe, "serve", "-addr", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), asMainEnv+"=1")
		cmd.Stderr = os.Stderr
		url, err := capacity.StartServe(cmd)
		if err != nil {
			b.Fatal(err)
		}
		m, err := capacity.PeakPerPayload(context.Background(), url, cmd.Process.Pid, zip)
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		if err != nil {
			b.Fatal(err)
		}
		worst = max(worst, m.Ratio())
	}
	b.ReportMetric(worst, "peakRSS/payload")
}
