package reports

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"os"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// ginkgo-reference-run.json.gz is the report.json Ginkgo 2.34 wrote for
//
//	LAMBDACONF_REFERENCE_FAULTS=lastmodified-format go tool ginkgo -p --procs=2 \
//	  --skip='inline package over 64 KiB' --json-report=report.json ./suites
//
// against the embedded reference (2026-11-26): 65 specs, 14 failed with 23
// SCHEMA-LAST-MODIFIED findings, three skipped. The fault breaks every
// success answer, as moto's text/html Content-Type does, so that the specs
// which update a function all fail on that one clause while the other
// clauses they evaluate hold; each spec carries its lambdaconf.evaluated
// entry. The skipped spec is the one whose findings hold a 100 KiB zip.
const realReport = "testdata/ginkgo-reference-run.json.gz"

// rawSpec is the part of a spec in Ginkgo's JSON that the oracle below
// reads, decoded without Ginkgo's types.
type rawSpec struct {
	LeafNodeType             string
	State                    string
	LeafNodeLabels           []string
	ContainerHierarchyLabels [][]string
	ReportEntries            []struct {
		Name  string
		Value struct{ AsJSON string }
	}
}

func loadReal(t *testing.T) ([]byte, []rawSpec) {
	t.Helper()
	f, err := os.Open(realReport)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	var raw []struct{ SpecReports []rawSpec }
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	var specs []rawSpec
	for _, r := range raw {
		specs = append(specs, r.SpecReports...)
	}
	return buf.Bytes(), specs
}

// TestRealReport builds the matrix and the JUnit file from a real Ginkgo
// report and checks them against verdicts derived directly from its JSON.
func TestRealReport(t *testing.T) {
	data, specs := loadReal(t)
	rs, err := Decode(bytes.NewReader(data), realReport)
	if err != nil {
		t.Fatal(err)
	}
	m := mustBuild(t, rs, Options{})

	failing := map[spec.ClauseID][]string{}
	held := map[spec.ClauseID]bool{}         // a spec evaluated the clause, or one without the record passed with its label
	onlyInFailed := map[spec.ClauseID]bool{} // every spec that evaluated the clause failed
	labelPassed := map[spec.ClauseID]bool{}  // a spec labelled with the clause passed
	its, recorded := 0, 0
	for _, s := range specs {
		if s.LeafNodeType == "It" {
			its++
		}
		var evaluated []spec.ClauseID
		hasRecord := false
		for _, e := range s.ReportEntries {
			switch e.Name {
			case finding.ReportEntryName:
				var f finding.Finding
				if err := json.Unmarshal([]byte(e.Value.AsJSON), &f); err != nil {
					t.Fatal(err)
				}
				failing[f.Clause] = append(failing[f.Clause], f.Signature())
			case finding.EvaluatedEntryName:
				var ids []spec.ClauseID
				if err := json.Unmarshal([]byte(e.Value.AsJSON), &ids); err != nil {
					t.Fatal(err)
				}
				evaluated, hasRecord = append(evaluated, ids...), true
			}
		}
		if hasRecord {
			recorded++
		}
		for _, id := range evaluated {
			onlyInFailed[id] = (!held[id] || onlyInFailed[id]) && s.State == "failed"
			held[id] = true
		}
		labels := s.LeafNodeLabels
		for _, ls := range s.ContainerHierarchyLabels {
			labels = append(labels, ls...)
		}
		for _, l := range labels {
			id := spec.ClauseID(l)
			if s.State != "passed" {
				continue
			}
			labelPassed[id] = true
			if !hasRecord {
				held[id], onlyInFailed[id] = true, false
			}
		}
	}
	if len(failing) == 0 {
		t.Fatal("the real report holds no finding; the test needs one")
	}
	if recorded == 0 {
		t.Fatalf("the real report holds no %s entry; regenerate it as the comment on realReport says", finding.EvaluatedEntryName)
	}
	for id, sigs := range failing {
		c := verdictOf(t, m, id)
		if c.Verdict != Fail || len(c.Findings) != len(sigs) || !contains(c.Signatures, NormalizeSignature(sigs[0])) {
			t.Errorf("%s: verdict %s, %d findings, signatures %q; the report has %d findings, first %q", id, c.Verdict, len(c.Findings), c.Signatures, len(sigs), sigs[0])
		}
	}
	passes := 0
	var rescued []spec.ClauseID
	for _, c := range m.Clauses {
		if held[c.ID] && len(failing[c.ID]) == 0 {
			passes++
			if c.Verdict != Pass {
				t.Errorf("%s: a spec evaluated it and no finding names it, but the verdict is %s (%s)", c.ID, c.Verdict, c.Note)
			}
			if onlyInFailed[c.ID] && !labelPassed[c.ID] {
				rescued = append(rescued, c.ID)
			}
		}
	}
	if passes == 0 || m.Totals.Pass != passes {
		t.Errorf("%d clauses pass, the report says %d", m.Totals.Pass, passes)
	}

	// The clauses that only failed specs evaluated, and that no passing
	// spec carries, pass on the record of what was evaluated; by labels
	// alone they were not run.
	if len(rescued) == 0 {
		t.Fatal("no clause was evaluated only by failed specs that no passing spec carries; the report no longer shows what the test is about")
	}
	legacy := mustBuild(t, withoutEvaluated(rs), Options{})
	for _, id := range rescued {
		if c := verdictOf(t, legacy, id); c.Verdict != NotRun {
			t.Errorf("%s: only failed specs evaluated it; without their %s entries its verdict is %s, want %s", id, finding.EvaluatedEntryName, c.Verdict, NotRun)
		}
	}

	var b bytes.Buffer
	if err := WriteJUnit(&b, rs, JUnitOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml from the real report does not parse: %v", err)
	}
	if doc.Tests != its || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != its {
		t.Errorf("junit.xml holds %d testcases, the report %d It specs", doc.Tests, its)
	}
	failed := 0
	for _, s := range specs {
		if s.State == "failed" {
			failed++
		}
	}
	if doc.Failures != failed {
		t.Errorf("junit.xml counts %d failures, the report %d failed specs", doc.Failures, failed)
	}
}

// withoutEvaluated returns a copy of rs without the entries that record
// what the specs evaluated, as a report written before the suites
// recorded them.
func withoutEvaluated(rs []types.Report) []types.Report {
	out := make([]types.Report, len(rs))
	for i, r := range rs {
		r.SpecReports = append(types.SpecReports{}, r.SpecReports...)
		for j, s := range r.SpecReports {
			var kept types.ReportEntries
			for _, e := range s.ReportEntries {
				if e.Name != finding.EvaluatedEntryName {
					kept = append(kept, e)
				}
			}
			r.SpecReports[j].ReportEntries = kept
		}
		out[i] = r
	}
	return out
}
