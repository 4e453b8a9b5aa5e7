package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
)

// writeGinkgoReport writes a Ginkgo JSON report with one passing spec for
// NAME-TOO-LONG and one for NAME-PATTERN that, when failing is set, fails
// with a finding.
func writeGinkgoReport(t *testing.T, path string, failing bool) {
	t.Helper()
	specs := []types.SpecReport{{
		ContainerHierarchyTexts: []string{"names"},
		LeafNodeType:            types.NodeTypeIt,
		LeafNodeText:            "rejects long names",
		LeafNodeLabels:          []string{string(spec.NameTooLong)},
		State:                   types.SpecStatePassed,
	}}
	if !failing {
		specs = append(specs, types.SpecReport{
			LeafNodeType:   types.NodeTypeIt,
			LeafNodeText:   "rejects bad names",
			LeafNodeLabels: []string{string(spec.NamePattern)},
			State:          types.SpecStatePassed,
		})
	} else {
		f := finding.Finding{Clause: spec.NamePattern, Summary: "accepted a.b", Expected: "400 ValidationException", Got: "200",
			Reproducer: "curl -X PUT http://127.0.0.1:5000/2015-03-31/functions/a.b/code"}
		specs = append(specs, types.SpecReport{
			ContainerHierarchyTexts: []string{"names"},
			LeafNodeType:            types.NodeTypeIt,
			LeafNodeText:            "rejects bad names",
			LeafNodeLabels:          []string{string(spec.NamePattern), "property"},
			State:                   types.SpecStateFailed,
			Failure:                 types.Failure{Message: f.Error(), Location: types.CodeLocation{FileName: "x_test.go", LineNumber: 1}},
			ReportEntries:           types.ReportEntries{{Name: finding.ReportEntryName, Value: types.WrapEntryValue(f)}},
		})
	}
	data, err := json.Marshal([]types.Report{{SuiteDescription: "suites", StartTime: time.Now(), SpecReports: specs}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runReport(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestReportMatrix(t *testing.T) {
	t.Setenv("REPORT_DIR", "")
	t.Setenv("EXPECTATIONS", "")
	t.Setenv("LAMBDACONF_PROFILE", "")
	t.Setenv("LAMBDACONF_ENDPOINT", "http://127.0.0.1:5000")
	dir := t.TempDir()
	failing := filepath.Join(dir, "failing.json")
	passing := filepath.Join(dir, "passing.json")
	writeGinkgoReport(t, failing, true)
	writeGinkgoReport(t, passing, false)
	expect := filepath.Join(dir, "moto.txt")
	if err := os.WriteFile(expect, []byte("endpoint: moto 5.2.1\nprofile: aws\nNAME-PATTERN fail # moto never validates names\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")

	code, stdout, stderr := run(t, "matrix", "-in", failing, "-out", out)
	if code != 1 || !strings.Contains(stdout, "NAME-PATTERN") || !strings.Contains(stdout, "DOES NOT CONFORM") {
		t.Errorf("failing run: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, f := range []string{"conformance.json", "conformance.md", "conformance.html", "junit.xml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("matrix did not write %s: %v", f, err)
		}
	}
	m, err := reports.LoadMatrix(filepath.Join(out, "conformance.json"), reports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Endpoint != "http://127.0.0.1:5000" || m.Profile != spec.ProfileAWS {
		t.Errorf("conformance.json: endpoint %q profile %q; want $LAMBDACONF_ENDPOINT and aws", m.Endpoint, m.Profile)
	}
	base := filepath.Join(dir, "base.json")
	if err := os.Rename(filepath.Join(out, "conformance.json"), base); err != nil {
		t.Fatal(err)
	}

	code, stdout, _ = run(t, "matrix", "-in", failing, "-out", out, "-expectations", expect)
	if code != 0 || !strings.Contains(stdout, "CONFORMS") || !strings.Contains(stdout, "moto 5.2.1") {
		t.Errorf("failing run with the failure expected: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "matrix", "-in", passing, "-out", out, "-expectations", expect, "-strict")
	if code != 1 || !strings.Contains(stdout, "unexpected-pass") {
		t.Errorf("strict run with an unexpected pass: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "matrix", "-in", failing, "-out", out, "-baseline", base)
	if code != 0 || !strings.Contains(stdout, "OK: no regressions") {
		t.Errorf("failing run against a baseline with the same failure: exit %d\n%s", code, stdout)
	}
	passBase := filepath.Join(dir, "pass-base.json")
	if code, _, stderr := run(t, "matrix", "-in", passing, "-out", dir); code != 0 {
		t.Fatalf("passing run: exit %d %s", code, stderr)
	}
	if err := os.Rename(filepath.Join(dir, "conformance.json"), passBase); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = run(t, "matrix", "-in", failing, "-out", out, "-baseline", passBase)
	if code != 1 || !strings.Contains(stdout, "Regressions (1):") {
		t.Errorf("regression against a baseline: exit %d\n%s", code, stdout)
	}
}

func TestReportDiff(t *testing.T) {
	dir := t.TempDir()
	failing := filepath.Join(dir, "failing.json")
	passing := filepath.Join(dir, "passing.json")
	writeGinkgoReport(t, failing, true)
	writeGinkgoReport(t, passing, false)

	code, stdout, _ := run(t, "diff", passing, failing)
	if code != 1 || !strings.Contains(stdout, "NAME-PATTERN") || !strings.Contains(stdout, "pass -> fail") {
		t.Errorf("regression: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "diff", failing, passing)
	if code != 0 || !strings.Contains(stdout, "Fixes (1):") {
		t.Errorf("fix: exit %d\n%s", code, stdout)
	}
}

func TestReportUsageErrors(t *testing.T) {
	t.Setenv("EXPECTATIONS", "")
	dir := t.TempDir()
	report := filepath.Join(dir, "r.json")
	writeGinkgoReport(t, report, false)
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("NAME-PATTREN fail # typo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	seedBase := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seedBase, []byte(`{"schema":"`+reports.Schema+`","profile":"seed","clauses":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{nil, "usage:"},
		{[]string{"matrix", "-in", report, "-out", dir, "-baseline", seedBase}, "holds a run of profile seed, this run uses profile aws"},
		{[]string{"tables"}, `unknown subcommand "tables"`},
		{[]string{"matrix", "-in", filepath.Join(dir, "none.json")}, "run the suites first"},
		{[]string{"matrix", "-in", report, "-out", dir, "-profile", "gcp"}, `unknown profile "gcp"`},
		{[]string{"matrix", "-in", report, "-out", dir, "-expectations", bad}, "bad.txt:1: unknown clause"},
		{[]string{"matrix", "-in", report, "-out", dir, "-baseline", bad}, "-baseline:"},
		{[]string{"matrix", "-in", report, "extra"}, "unexpected arguments"},
		{[]string{"matrix", "-bogus"}, "flag provided but not defined"},
		{[]string{"diff", report}, "want two files"},
		{[]string{"diff", report, bad}, "bad.txt: neither a conformance.json"},
	}
	for _, tc := range cases {
		code, _, stderr := run(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("report %q: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// report merge merges the fuzz.json of a campaign's shards, each signature
// once, exiting 1 on an unexpected one and 3 without every shard.
func TestReportMergeFuzzShards(t *testing.T) {
	dir := t.TempDir()
	write := func(shard string, sigs ...string) string {
		r := campaign.Result{Endpoint: "http://127.0.0.1:1", Profile: "aws", Shard: shard, Requests: 10, Draws: 10, Seconds: 1}
		for _, s := range sigs {
			r.Signatures = append(r.Signatures, campaign.Entry{Signature: s, Clause: spec.PublishVersion, Count: 1})
		}
		d := filepath.Join(dir, strings.ReplaceAll(shard, "/", "of"))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(r)
		if err := os.WriteFile(filepath.Join(d, "fuzz.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	one, two := write("1/2", "PUBLISH-VERSION x", "PUBLISH-VERSION y"), write("2/2", "PUBLISH-VERSION y")
	out := filepath.Join(dir, "merged")
	code, stdout, stderr := run(t, "merge", "-out", out, one, two)
	if code != exitNonConform {
		t.Fatalf("merge of shards with new signatures: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "fuzz.json"))
	if err != nil {
		t.Fatal(err)
	}
	var merged campaign.Result
	if err := json.Unmarshal(b, &merged); err != nil {
		t.Fatal(err)
	}
	if len(merged.Signatures) != 2 || merged.Requests != 20 {
		t.Errorf("merged fuzz.json: %d signatures, %d requests; want 2 and 20", len(merged.Signatures), merged.Requests)
	}
	x := filepath.Join(dir, "expect.txt")
	os.WriteFile(x, []byte("PUBLISH-VERSION fail # ignores Publish\n"), 0o644)
	if code, stdout, stderr := run(t, "merge", "-out", out, "-expectations", x, one, two); code != exitOK {
		t.Errorf("merge with every signature expected: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	os.Remove(filepath.Join(out, "fuzz.json"))
	if code, stdout, _ := run(t, "merge", "-out", out, one); code != exitCouldNotTest || !strings.Contains(stdout, "2/2") {
		t.Errorf("merge without shard 2/2: exit %d, want 3 naming it\n%s", code, stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "fuzz.json")); err == nil {
		t.Error("merge without every shard wrote fuzz.json")
	}

	// An interrupted shard is no verdict, and neither is the merge: its
	// signatures are listed, then COULD NOT TEST once, no DIVERGES.
	b, _ = os.ReadFile(filepath.Join(two, "fuzz.json"))
	var r campaign.Result
	json.Unmarshal(b, &r)
	r.CouldNotTest = "interrupted after 1s of 1m0s"
	b, _ = json.Marshal(r)
	os.WriteFile(filepath.Join(two, "fuzz.json"), b, 0o644)
	code, stdout, stderr = run(t, "merge", "-out", out, one, two)
	if code != exitCouldNotTest || strings.Count(stdout, "COULD NOT TEST: shard 2/2: interrupted") != 1 ||
		strings.Contains(stdout, "DIVERGES") || strings.Contains(stdout, "CONFORMS") || !strings.Contains(stdout, "NEW PUBLISH-VERSION y") {
		t.Errorf("merge with an interrupted shard: exit %d, want 3, its signatures and COULD NOT TEST once\n%s%s", code, stdout, stderr)
	}
}

// A run where some specs could not set up is no pass against a baseline
// either: it is not one without (exit 1), and a clause that could not be
// tested has shown no regression, nor its absence.
func TestBaselineRunWithSetUpFailuresIsNoPass(t *testing.T) {
	t.Setenv("EXPECTATIONS", "")
	dir := t.TempDir()
	passing := filepath.Join(dir, "passing.json")
	writeGinkgoReport(t, passing, false)
	if code, _, stderr := run(t, "matrix", "-in", passing, "-out", filepath.Join(dir, "base")); code != 0 {
		t.Fatalf("passing run: exit %d %s", code, stderr)
	}
	specs := []types.SpecReport{{
		ContainerHierarchyTexts: []string{"names"}, LeafNodeType: types.NodeTypeIt, LeafNodeText: "rejects long names",
		LeafNodeLabels: []string{string(spec.NameTooLong)}, State: types.SpecStatePassed,
	}, {
		ContainerHierarchyTexts: []string{"names"}, LeafNodeType: types.NodeTypeIt, LeafNodeText: "rejects bad names",
		LeafNodeLabels: []string{string(spec.NamePattern)}, State: types.SpecStateFailed,
		Failure:       types.Failure{Message: "could not test: creating the fixture function: 500"},
		ReportEntries: types.ReportEntries{{Name: finding.SetupEntryName, Value: types.WrapEntryValue("creating the fixture function: 500")}},
	}}
	data, err := json.Marshal([]types.Report{{SuiteDescription: "suites", StartTime: time.Now(), SpecReports: specs}})
	if err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(dir, "partial.json")
	if err := os.WriteFile(partial, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := run(t, "matrix", "-in", partial, "-out", filepath.Join(dir, "alone")); code != 1 {
		t.Fatalf("a run with a set-up failure: exit %d, want 1\n%s", code, stdout)
	}
	code, stdout, _ := run(t, "matrix", "-in", partial, "-out", filepath.Join(dir, "new"), "-baseline", filepath.Join(dir, "base", "conformance.json"))
	if code != 1 || !strings.Contains(stdout, "could not test") || strings.Contains(stdout, "OK: no regressions") {
		t.Errorf("against a baseline: exit %d, want 1 saying specs could not test, and not OK\n%s", code, stdout)
	}
}

// A run that could not test has no verdict to compare: report diff gives
// none (exit 3, not 'OK: no regressions'), and such a run is no baseline.
func TestDiffWithARunThatCouldNotTest(t *testing.T) {
	t.Setenv("EXPECTATIONS", "")
	dir := t.TempDir()
	passing := filepath.Join(dir, "passing.json")
	writeGinkgoReport(t, passing, false)
	if code, _, stderr := run(t, "matrix", "-in", passing, "-out", filepath.Join(dir, "ok")); code != 0 {
		t.Fatalf("passing run: exit %d %s", code, stderr)
	}
	ok := filepath.Join(dir, "ok", "conformance.json")
	down := filepath.Join(dir, "down.json")
	var b bytes.Buffer
	if err := reports.WriteJSON(&b, reports.Matrix{Schema: reports.Schema, Profile: spec.ProfileAWS, CouldNotTest: "target: nothing is listening at http://127.0.0.1:5000"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(down, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "diff", ok, down)
	if code != exitCouldNotTest || !strings.Contains(stdout+stderr, "nothing is listening") || strings.Contains(stdout, "OK: no regressions") {
		t.Errorf("diff against a run that could not test: exit %d, want 3 with the cause\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "diff", down, ok)
	if code != exitUsage || !strings.Contains(stderr, "could not test") {
		t.Errorf("diff from a baseline that could not test: exit %d, want 2 saying so\n%s%s", code, stdout, stderr)
	}
	seed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seed, []byte(`{"schema":"`+reports.Schema+`","profile":"seed","clauses":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run(t, "diff", seed, ok)
	if code != exitUsage || !strings.Contains(stderr, "profile seed") {
		t.Errorf("diff of runs of two profiles: exit %d, want 2 naming them\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "matrix", "-in", passing, "-out", filepath.Join(dir, "new"), "-baseline", down)
	if code != exitUsage || !strings.Contains(stderr, "could not test") {
		t.Errorf("-baseline of a run that could not test: exit %d, want 2 saying so\n%s%s", code, stdout, stderr)
	}
}
