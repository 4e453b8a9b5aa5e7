package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/check"
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
