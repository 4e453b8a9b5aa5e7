package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
)

func TestServeFlags(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "eu-central-1")
	cfg, err := parseServeFlags([]string{"-addr", ":0", "-profile", "seed", "-faults", "hex-hash,stale-code", "-rate-limit", "5",
		"-code-storage-quota", "1000", "-update-duration", "2s", "-service-fault-every", "7", "-v"}, io.Discard)
	if err != nil {
		t.Fatalf("parseServeFlags: %v", err)
	}
	if cfg.addr != "127.0.0.1:0" {
		t.Errorf("-addr :0 resolved to %q, want 127.0.0.1:0", cfg.addr)
	}
	o := cfg.opts
	if o.Region != "eu-central-1" || o.Account != "123456789012" || o.Profile != spec.ProfileSeed || len(o.Faults) != 2 ||
		o.RateLimit != 5 || o.CodeStorageQuota != 1000 || o.UpdateDuration != 2*time.Second || o.ServiceFaultEvery != 7 || o.Logf == nil {
		t.Errorf("options = %+v", o)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:9000"}, "not a loopback address"},
		{[]string{"-addr", "192.0.2.1:9000"}, "-allow-remote"},
		{[]string{"-faults", "nope"}, `unknown fault "nope"`},
		{[]string{"-profile", "2015"}, "unknown profile"},
		{[]string{"-account", "12"}, "12 digits"},
		{[]string{"-rate-limit", "-1"}, "must not be negative"},
		{[]string{"extra"}, "takes no arguments"},
	} {
		if _, err := parseServeFlags(tc.args, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseServeFlags(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
	if _, err := parseServeFlags([]string{"-addr", "0.0.0.0:0", "-allow-remote"}, io.Discard); err != nil {
		t.Errorf("-allow-remote with a wildcard address: %v", err)
	}
}

// TestServeRunsUntilCancelled starts serve on a free port, reads the one
// line it prints, talks to the endpoint, and stops it.
func TestServeRunsUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := serve(ctx, []string{"-addr", "127.0.0.1:0", "-faults", string(reference.FaultHexHash)}, pw, &stderr)
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v (stderr %s)", err, stderr.String())
	}
	m := regexp.MustCompile(`^lambdaconf reference endpoint listening on (http://127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("first line %q does not announce the URL", line)
	}
	resp, err := http.Get(m[1] + "/2015-03-31/functions/")
	if err != nil {
		t.Fatalf("GET ListFunctions: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("ListFunctions: %d", resp.StatusCode)
	}
	cancel()
	rest, _ := io.ReadAll(pr)
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve returned %d, want 0 (stderr %s)", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of cancellation")
	}
	if len(rest) != 0 {
		t.Errorf("serve printed more than one line: %q", rest)
	}
}
