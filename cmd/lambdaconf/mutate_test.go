package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
)

func TestMutationVerdict(t *testing.T) {
	hex := reference.FaultInfo{Name: "hex-hash", Clauses: []spec.ClauseID{spec.SchemaCodeSha256, spec.HashInline}}
	cases := []struct {
		m      mutation
		prefix string
		ok     bool
	}{
		{mutation{Fault: hex, Failed: true, Blamed: []spec.ClauseID{spec.HashInline, spec.WireStatus}}, "caught hex-hash by HASH-SHA256-INLINE", true},
		{mutation{Fault: hex}, "MISSED hex-hash", false},
		{mutation{Fault: hex, Failed: true, Blamed: []spec.ClauseID{spec.CodeVisible}}, "caught hex-hash but blamed CODE-VISIBLE instead of SCHEMA-CODESHA256-FORMAT, HASH-SHA256-INLINE", false},
		{mutation{Fault: hex, Failed: true, Specs: []string{"[SynchronizedBeforeSuite]: boom"}}, "caught hex-hash but no finding named a clause", false},
		{mutation{Fault: hex, Err: os.ErrNotExist}, "ERROR  hex-hash", false},
	}
	for _, c := range cases {
		line, ok := c.m.verdict()
		if !strings.HasPrefix(line, c.prefix) || ok != c.ok {
			t.Errorf("verdict() = %q, %v; want prefix %q, %v", line, ok, c.prefix, c.ok)
		}
	}
}

func TestLabelFilterSelectsEveryDeclaredClause(t *testing.T) {
	got := labelFilterFor([]spec.ClauseID{spec.ZipNotZip, spec.ZipEmpty})
	if got != "ZIP-NOT-ZIP || ZIP-EMPTY" {
		t.Errorf("labelFilterFor = %q", got)
	}
	if _, err := types.ParseLabelFilter(got); err != nil {
		t.Errorf("Ginkgo cannot parse %q: %v", got, err)
	}
}

func TestMutationEnvPointsAtTheEmbeddedReference(t *testing.T) {
	t.Setenv("LAMBDACONF_ENDPOINT", "http://127.0.0.1:4566")
	t.Setenv("RAPID_CHECKS", "1000")
	env := strings.Join(mutationEnv(reference.FaultInfo{Name: "hex-hash"}, "/tmp/x"), "\n")
	for _, bad := range []string{"LAMBDACONF_ENDPOINT=", "RAPID_CHECKS="} {
		if strings.Contains(env, bad) {
			t.Errorf("the faulted run inherits %s…", bad)
		}
	}
	for _, want := range []string{"LAMBDACONF_REFERENCE_FAULTS=hex-hash", "REPORT_DIR=/tmp/x"} {
		if !strings.Contains(env, want) {
			t.Errorf("the faulted run lacks %s", want)
		}
	}
}

// fakeSuite writes a shell script that acts as the compiled suites: it
// copies $FAKE_REPORTS/<fault>.json to the report path it is given and
// exits with the status in $FAKE_REPORTS/<fault>.exit.
func fakeSuite(t *testing.T) (binary, reports string) {
	t.Helper()
	dir := t.TempDir()
	binary = filepath.Join(dir, "suites.test")
	script := `#!/bin/sh
for a in "$@"; do case "$a" in -ginkgo.json-report=*) out="${a#*=}";; esac; done
name="${LAMBDACONF_REFERENCE_FAULTS:-none}"
cp "$FAKE_REPORTS/$name.json" "$out" || exit 3
exit "$(cat "$FAKE_REPORTS/$name.exit")"
`
	if err := os.WriteFile(binary, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	reports = filepath.Join(dir, "reports")
	if err := os.Mkdir(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FAKE_REPORTS", reports)
	return binary, reports
}

// writeReport stores the report a fake run for fault shows: a failed spec
// with findings naming clauses, or a passing one when there are none.
func writeReport(t *testing.T, dir, fault string, clauses ...spec.ClauseID) {
	t.Helper()
	s := types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: "a spec", State: types.SpecStatePassed}
	exit := "0"
	if len(clauses) > 0 {
		s.State, exit = types.SpecStateFailed, "1"
		s.Failure.Message = "diverged"
	}
	for _, id := range clauses {
		s.ReportEntries = append(s.ReportEntries, types.ReportEntry{Name: finding.ReportEntryName,
			Value: types.WrapEntryValue(finding.Finding{Clause: id, Summary: "diverged"})})
	}
	b, err := json.Marshal([]types.Report{{SuiteDescription: "fake", SpecReports: types.SpecReports{s}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fault+".json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fault+".exit"), []byte(exit), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRunSuiteReadsTheFindings(t *testing.T) {
	binary, reports := fakeSuite(t)
	writeReport(t, reports, "none")
	writeReport(t, reports, "hex-hash", spec.HashInline)
	writeReport(t, reports, "stale-code", spec.SchemaLastModified)
	ctx := context.Background()
	work := t.TempDir()

	if m := runSuite(ctx, binary, work, reference.FaultInfo{Name: "none"}, "", 1, time.Minute); m.Err != nil || m.Failed {
		t.Errorf("clean run: failed=%v err=%v\n%s", m.Failed, m.Err, m.Log)
	}
	hex := reference.FaultInfo{Name: "hex-hash", Clauses: []spec.ClauseID{spec.SchemaCodeSha256, spec.HashInline}}
	if line, ok := runSuite(ctx, binary, work, hex, "HASH-SHA256-INLINE", 1, time.Minute).verdict(); !ok {
		t.Errorf("hex-hash: %s", line)
	}
	stale := reference.FaultInfo{Name: "stale-code", Clauses: []spec.ClauseID{spec.CodeVisible}}
	if line, ok := runSuite(ctx, binary, work, stale, "CODE-VISIBLE", 1, time.Minute).verdict(); ok || !strings.Contains(line, "blamed SCHEMA-LAST-MODIFIED") {
		t.Errorf("stale-code blamed on another clause: got %q", line)
	}
	if m := runSuite(ctx, binary, work, reference.FaultInfo{Name: "accept-qualifier"}, "", 1, time.Minute); m.Err == nil {
		t.Errorf("a run that wrote no report was not reported as an error")
	}
}
