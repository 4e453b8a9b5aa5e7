package reports

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// specOpt shapes a synthetic spec report.
type specOpt func(*types.SpecReport)

func labels(ls ...string) specOpt {
	return func(s *types.SpecReport) { s.LeafNodeLabels = append(s.LeafNodeLabels, ls...) }
}

func state(st types.SpecState, msg string) specOpt {
	return func(s *types.SpecReport) {
		s.State = st
		s.Failure.Message = msg
		if st != types.SpecStatePassed && st != types.SpecStatePending {
			s.Failure.Location = types.CodeLocation{FileName: "/src/suites/names_test.go", LineNumber: 99}
		}
	}
}

func withFinding(f finding.Finding) specOpt {
	return func(s *types.SpecReport) {
		s.ReportEntries = append(s.ReportEntries, types.ReportEntry{
			Name:  finding.ReportEntryName,
			Value: types.WrapEntryValue(f),
		})
	}
}

// evaluated records ids as the clauses the spec's checks evaluated, as
// the suites do in every spec that reaches its checks.
func evaluated(ids ...spec.ClauseID) specOpt {
	if ids == nil {
		ids = []spec.ClauseID{}
	}
	return entry(finding.EvaluatedEntryName, ids)
}

func entry(name string, v any) specOpt {
	return func(s *types.SpecReport) {
		s.ReportEntries = append(s.ReportEntries, types.ReportEntry{Name: name, Value: types.WrapEntryValue(v)})
	}
}

func mkSpec(text string, opts ...specOpt) types.SpecReport {
	s := types.SpecReport{
		ContainerHierarchyTexts: []string{"UpdateFunctionCode"},
		LeafNodeType:            types.NodeTypeIt,
		LeafNodeText:            text,
		LeafNodeLocation:        types.CodeLocation{FileName: "/src/suites/names_test.go", LineNumber: 42},
		State:                   types.SpecStatePassed,
		RunTime:                 150 * time.Millisecond,
	}
	for _, o := range opts {
		o(&s)
	}
	return s
}

func mkReport(specs ...types.SpecReport) types.Report {
	return types.Report{
		SuitePath:        "/src/suites",
		SuiteDescription: "lambdaconf suites",
		StartTime:        time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC),
		RunTime:          3 * time.Second,
		SpecReports:      specs,
	}
}

// roundTrip encodes reports as Ginkgo's --json-report does and reads them
// back, so that tests see what Load sees.
func roundTrip(t *testing.T, rs ...types.Report) []types.Report {
	t.Helper()
	data, err := json.Marshal(rs)
	if err != nil {
		t.Fatalf("marshal reports: %v", err)
	}
	out, err := Decode(bytes.NewReader(data), "report.json")
	if err != nil {
		t.Fatalf("decode reports: %v", err)
	}
	return out
}

func nameFinding(id spec.ClauseID, got string) finding.Finding {
	return finding.Finding{
		Clause:     id,
		Summary:    "the endpoint accepted a bad name",
		Expected:   "400 ValidationException",
		Got:        got,
		Input:      `FunctionName="a.b"`,
		Seed:       "12345",
		Reproducer: "curl -X PUT http://127.0.0.1:5000/2015-03-31/functions/a.b/code",
	}
}

func mustBuild(t *testing.T, rs []types.Report, opts Options) Matrix {
	t.Helper()
	m, err := Build(rs, opts)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return m
}

func verdictOf(t *testing.T, m Matrix, id spec.ClauseID) ClauseResult {
	t.Helper()
	c, ok := m.Clause(id)
	if !ok {
		t.Fatalf("clause %s missing from the matrix", id)
	}
	return c
}
