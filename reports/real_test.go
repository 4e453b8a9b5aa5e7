package reports

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"os"
	"testing"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// ginkgo-reference-run.json.gz is the report.json Ginkgo 2.34 wrote for
// 'go tool ginkgo --json-report=report.json ./suites' against the embedded
// reference (2026-11-26): 63 specs, two failed with REQUEST-MALFORMED
// findings, three skipped.
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
	allPassed := map[spec.ClauseID]bool{} // some spec labelled with the clause passed
	its := 0
	for _, s := range specs {
		if s.LeafNodeType == "It" {
			its++
		}
		for _, e := range s.ReportEntries {
			if e.Name != finding.ReportEntryName {
				continue
			}
			var f finding.Finding
			if err := json.Unmarshal([]byte(e.Value.AsJSON), &f); err != nil {
				t.Fatal(err)
			}
			failing[f.Clause] = append(failing[f.Clause], f.Signature())
		}
		labels := s.LeafNodeLabels
		for _, ls := range s.ContainerHierarchyLabels {
			labels = append(labels, ls...)
		}
		for _, l := range labels {
			id := spec.ClauseID(l)
			allPassed[id] = allPassed[id] || s.State == "passed"
		}
	}
	if len(failing) == 0 {
		t.Fatal("the real report holds no finding; the test needs one")
	}
	for id, sigs := range failing {
		c := verdictOf(t, m, id)
		if c.Verdict != Fail || len(c.Findings) != len(sigs) || !contains(c.Signatures, NormalizeSignature(sigs[0])) {
			t.Errorf("%s: verdict %s, %d findings, signatures %q; the report has %d findings, first %q", id, c.Verdict, len(c.Findings), c.Signatures, len(sigs), sigs[0])
		}
	}
	passes := 0
	for _, c := range m.Clauses {
		if allPassed[c.ID] && len(failing[c.ID]) == 0 {
			passes++
			if c.Verdict != Pass {
				t.Errorf("%s: a spec labelled with it passed and no finding names it, but the verdict is %s (%s)", c.ID, c.Verdict, c.Note)
			}
		}
	}
	if passes == 0 || m.Totals.Pass != passes {
		t.Errorf("%d clauses pass, the report says %d", m.Totals.Pass, passes)
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
