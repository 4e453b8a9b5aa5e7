package main

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// clearEndpoint keeps the test on an embedded reference whatever the
// environment names.
func clearEndpoint(t *testing.T) {
	for _, k := range []string{"LAMBDACONF_ENDPOINT", "ENDPOINT", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA", "LAMBDACONF_PROFILE"} {
		t.Setenv(k, "")
	}
}

func TestReplayCase(t *testing.T) {
	clearEndpoint(t)
	g := generators.Env{Profile: spec.ProfileAWS, Partition: "aws", Region: "us-east-1", Account: "123456789012",
		Function: "lcf-00000000-old", Bucket: "lcf-00000000-old", Key: "code/old.zip", KeyZip: check.Zip("a.py", "old")}
	rec := check.Record{Profile: spec.ProfileAWS, Gen: g, Case: generators.Case{
		Class:   "example",
		Request: request.UpdateFunctionCode{FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:" + g.Function, ZipFile: []byte("not a zip")},
		Breaks:  []spec.ClauseID{spec.ZipNotZip},
	}}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	found, err := replayCase(ctx, path, "", "", "")
	if err != nil || len(found) > 0 {
		t.Fatalf("replay on a faithful reference: findings %v, error %v", found, err)
	}
	found, err = replayCase(ctx, path, "", "", "accept-non-zip")
	if err != nil || len(found) != 1 || found[0].Clause != spec.ZipNotZip {
		t.Fatalf("replay with accept-non-zip: findings %v, error %v; want one ZIP-NOT-ZIP", found, err)
	}
	if _, err := replayCase(ctx, filepath.Join(t.TempDir(), "missing.json"), "", "", ""); err == nil {
		t.Errorf("a missing case file was not an error")
	}
}

func TestFocusFromFailFile(t *testing.T) {
	got := focusFromFailFile("suites/testdata/rapid/Properties_any_request/Properties_any_request-1-2.fail")
	if got != "Properties.any.request" {
		t.Errorf("focusFromFailFile = %q", got)
	}
}

// TestReplayExitCodes: replay exits as run does, 2 on a usage error and 3
// when it could not test, so that a script can tell a wrong command from
// an endpoint that is down.
func TestReplayExitCodes(t *testing.T) {
	clearEndpoint(t)
	g := generators.Env{Profile: spec.ProfileAWS, Partition: "aws", Region: "us-east-1", Account: "123456789012",
		Function: "lcf-00000000-old", Bucket: "lcf-00000000-old", Key: "code/old.zip", KeyZip: check.Zip("a.py", "old")}
	b, err := json.Marshal(check.Record{Profile: spec.ProfileAWS, Gen: g, Case: generators.Case{
		Class: "example", Request: request.UpdateFunctionCode{FunctionName: g.Function, ZipFile: []byte("not a zip")},
		Breaks: []spec.ClauseID{spec.ZipNotZip},
	}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	for _, tt := range []struct {
		name string
		args []string
		want int
	}{
		{"conforms", []string{"-case", path}, exitOK},
		{"finding", []string{"-case", path, "-faults", "accept-non-zip"}, exitNonConform},
		{"no case", []string{}, exitUsage},
		{"missing case file", []string{"-case", filepath.Join(t.TempDir(), "missing.json")}, exitUsage},
		{"nothing listening", []string{"-case", path, "-endpoint", closed}, exitCouldNotTest},
		{"real AWS", []string{"-case", path, "-endpoint", "https://lambda.us-east-1.amazonaws.com"}, exitCouldNotTest},
		{"help", []string{"-h"}, exitOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := runReplay(tt.args); got != tt.want {
				t.Errorf("lambdaconf replay %q exited %d, want %d", tt.args, got, tt.want)
			}
		})
	}
}

// TestReplayFailFileOutsideAClone: a fail file reruns its spec through go
// test, which needs the source tree; outside one the replay could not test,
// and must not exit 1 as if it had found a divergence.
func TestReplayFailFileOutsideAClone(t *testing.T) {
	clearEndpoint(t)
	dir := t.TempDir()
	fail := filepath.Join(dir, "Properties_any_request", "x.fail")
	if err := os.MkdirAll(filepath.Dir(fail), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fail, []byte("v0.4.8#1\n0x1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if got := runReplay([]string{"-failfile", fail}); got != exitCouldNotTest {
		t.Errorf("replay -failfile outside a clone exited %d, want %d", got, exitCouldNotTest)
	}
}

// TestReplayPrintsAReproducerOnce: the findings of one replayed request
// share its input and reproducer; each is printed once, not once per
// finding (a moto replay printed the same curl command four times).
func TestReplayPrintsAReproducerOnce(t *testing.T) {
	in, repro := `PUT /2015-03-31/functions/f/code {"ZipFile":"UEs="}`, "printf '%s' '{}' | curl -X PUT http://127.0.0.1:5013/…"
	found := []*finding.Finding{
		{Clause: spec.WireContentType, Summary: "not JSON", Input: in, Reproducer: repro},
		{Clause: spec.SchemaRevisionID, Summary: "no RevisionId", Input: in, Reproducer: repro},
		{Clause: spec.ZipNotZip, Summary: "accepted", Input: "other", Reproducer: "other curl"},
	}
	var b strings.Builder
	writeFindings(&b, found)
	out := b.String()
	for _, s := range []string{in, repro, "other curl", "[" + string(spec.SchemaRevisionID) + "] no RevisionId"} {
		if n := strings.Count(out, s); n != 1 {
			t.Errorf("%q printed %d times:\n%s", s, n, out)
		}
	}
	if found[1].Reproducer != repro {
		t.Errorf("printing changed the findings")
	}
}
