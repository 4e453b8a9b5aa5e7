package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/target"
)

func noEnv(string) (string, bool) { return "", false }

func TestSweepCommand(t *testing.T) {
	t.Setenv("LAMBDACONF_LEASE_DIR", t.TempDir())
	srv := reference.NewServer(reference.Options{})
	defer srv.Close()
	ctx := context.Background()
	tg, err := target.Open(ctx, target.Config{Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	dead := fixtures.NewRun(tg, fixtures.NewPrefix())
	if _, err := dead.Function(ctx, dead.Name("fn"), nil, fixtures.FunctionOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := dead.Bucket(ctx, dead.Name("bucket"), false); err != nil {
		t.Fatal(err)
	}
	// The dead run's processes are gone: its lease ended.
	if err := fixtures.EndLease("", dead.Prefix); err != nil {
		t.Fatal(err)
	}
	other := fixtures.NewRun(tg, fixtures.NewPrefix())
	if _, err := other.Function(ctx, other.Name("fn"), nil, fixtures.FunctionOptions{}); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	if code := sweep(ctx, []string{"-endpoint", srv.URL, "-run", dead.Prefix, "-dry-run"}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("dry run exited %d: %s", code, stderr.String())
	}
	want := "would delete function " + dead.Name("fn") + "\nwould delete bucket " + dead.Name("bucket") + "\n"
	if stdout.String() != want {
		t.Errorf("dry run printed %q, want %q", stdout.String(), want)
	}
	stdout.Reset()
	env := func(k string) (string, bool) {
		if k == "ENDPOINT" {
			return srv.URL, true
		}
		return "", false
	}
	if code := sweep(ctx, []string{"-run", dead.Prefix}, env, &stdout, &stderr); code != 0 {
		t.Fatalf("sweep exited %d: %s", code, stderr.String())
	}
	if want := strings.ReplaceAll(want, "would delete", "deleted"); stdout.String() != want {
		t.Errorf("sweep printed %q, want %q", stdout.String(), want)
	}
	stdout.Reset()
	if code := sweep(ctx, []string{"-endpoint", srv.URL, "-prefix", dead.Prefix}, noEnv, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "nothing of run") {
		t.Errorf("a second sweep exited %d and printed %q", code, stdout.String())
	}
	// A sweep of every run keeps the live one's.
	stdout.Reset()
	if code := sweep(ctx, []string{"-endpoint", srv.URL}, noEnv, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "kept function "+other.Name("fn")+": run "+other.Prefix+" is live") {
		t.Errorf("a sweep of every run exited %d and printed %q", code, stdout.String())
	}
	if _, err := tg.Lambda.GetFunction(ctx, lambdaGet(other.Name("fn"))); err != nil {
		t.Errorf("the sweep deleted another run's function: %v", err)
	}
	if err := other.Cleanup(ctx); err != nil {
		t.Error(err)
	}
}

func TestSweepCommandRefusals(t *testing.T) {
	tests := []struct {
		args    []string
		env     map[string]string
		wantErr string
	}{
		{[]string{"-prefix", "prod-"}, nil, "is not a run prefix"},
		{[]string{"-run", "lcf-"}, nil, "is not a run prefix"},
		{[]string{"-run", "lcf-0badc0de-prod"}, nil, "is not a run prefix"},
		{nil, nil, "no endpoint to sweep"},
		{[]string{"-endpoint", "https://lambda.us-east-1.amazonaws.com"}, nil, "LAMBDACONF_ALLOW_REAL_AWS=1"},
		{[]string{"-endpoint", "http://127.0.0.1:1"}, nil, "nothing is listening at http://127.0.0.1:1"},
		{[]string{"extra"}, nil, "unexpected argument"},
		{[]string{"-endpoint", "http://127.0.0.1:1"}, map[string]string{"LAMBDACONF_PROFILE": "nope"}, "LAMBDACONF_PROFILE"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
		if code := sweep(context.Background(), tt.args, lookup, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tt.wantErr) {
			t.Errorf("sweep %v exited %d with %q; want 2 and %q", tt.args, code, stderr.String(), tt.wantErr)
		}
	}
}

func lambdaGet(name string) *lambda.GetFunctionInput {
	return &lambda.GetFunctionInput{FunctionName: aws.String(name)}
}
