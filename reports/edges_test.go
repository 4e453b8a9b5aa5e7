package reports

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// The tests in this file pin the reports' edges: the byte at which a text
// is cut, a label that is a retired clause ID, a spec file outside the
// root, a write that fails half-way.

// TestWriteHTMLCutsAtTheBound checks the HTML page's 64 KiB (65536-byte)
// bound on a reproducer: one of exactly 65536 bytes is shown whole with no
// note; one byte more is cut, with a note giving both sizes.
func TestWriteHTMLCutsAtTheBound(t *testing.T) {
	for _, tc := range []struct {
		size int
		note string
	}{
		{65536, ""},
		{65537, "(cut at 65536 of 65537 bytes"},
	} {
		m := Matrix{Clauses: []ClauseResult{{ID: spec.ZipNotZip, Area: "zips", Rule: "a rule", Verdict: Fail,
			Findings: []finding.Finding{{Clause: spec.ZipNotZip, Summary: "accepted", Reproducer: strings.Repeat("r", tc.size)}}}}}
		var b bytes.Buffer
		if err := WriteHTML(&b, m); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		switch {
		case tc.note == "" && strings.Contains(page, "(cut at"):
			t.Errorf("a reproducer of %d bytes is noted as cut", tc.size)
		case tc.note != "" && !strings.Contains(page, tc.note):
			t.Errorf("a reproducer of %d bytes: the page lacks %q", tc.size, tc.note)
		}
		if tc.note == "" && !strings.Contains(page, strings.Repeat("r", tc.size)) {
			t.Errorf("a reproducer of %d bytes is not shown whole", tc.size)
		}
	}
}

// junitCaseDoc is one testcase of junit.xml with the attributes these tests
// read.
type junitCaseDoc struct {
	Name       string `xml:"name,attr"`
	File       string `xml:"file,attr"`
	Properties []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"properties>property"`
	Failure *struct {
		Body string `xml:",chardata"`
	} `xml:"failure"`
}

func junitCases(t *testing.T, rs []types.Report, opts JUnitOptions) []junitCaseDoc {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJUnit(&b, rs, opts); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []junitCaseDoc `xml:"testsuite>testcase"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	return doc.Cases
}

// TestWriteJUnitRetiredIDIsALabel checks that a spec labelled with a
// clause's retired ID next to today's (REVISION-MISMATCH, the old name of
// REVISION-STALE) gives one clause property, today's ID, and keeps the
// retired ID as a plain label.
func TestWriteJUnitRetiredIDIsALabel(t *testing.T) {
	rs := roundTrip(t, mkReport(mkSpec("stale RevisionId", labels("REVISION-STALE", "REVISION-MISMATCH"))))
	cases := junitCases(t, rs, JUnitOptions{})
	var clauses, others []string
	for _, p := range cases[0].Properties {
		switch p.Name {
		case "clause":
			clauses = append(clauses, p.Value)
		case "label":
			others = append(others, p.Value)
		}
	}
	if strings.Join(clauses, " ") != "REVISION-STALE" || strings.Join(others, " ") != "REVISION-MISMATCH" {
		t.Errorf("clause properties %q, label properties %q; want [REVISION-STALE] and [REVISION-MISMATCH]", clauses, others)
	}
}

// TestWriteJUnitFileOutsideTheRoot checks that file attributes are made
// relative to Root only for files under it: a spec elsewhere keeps its
// absolute path rather than a ../ path CI cannot resolve.
func TestWriteJUnitFileOutsideTheRoot(t *testing.T) {
	outside := mkSpec("elsewhere")
	outside.LeafNodeLocation.FileName = "/elsewhere/extra_test.go"
	rs := roundTrip(t, mkReport(mkSpec("inside"), outside))
	cases := junitCases(t, rs, JUnitOptions{Root: "/src"})
	if len(cases) != 2 || cases[0].File != "suites/names_test.go" || cases[1].File != "/elsewhere/extra_test.go" {
		t.Errorf("file attributes %+v; want suites/names_test.go and /elsewhere/extra_test.go", cases)
	}
}

// TestWriteJUnitCutNoteAtTheBound checks the 8 KiB (8192-byte) bound on a
// failure's text in junit.xml: a message of exactly 8192 bytes is whole
// with no note; one of 8193 bytes is cut, and says so.
func TestWriteJUnitCutNoteAtTheBound(t *testing.T) {
	for _, tc := range []struct {
		size int
		cut  bool
	}{{8192, false}, {8193, true}, {9000, true}} {
		msg := strings.Repeat("m", tc.size)
		rs := roundTrip(t, mkReport(mkSpec("failing", state(types.SpecStateFailed, msg))))
		c := junitCases(t, rs, JUnitOptions{})[0]
		if c.Failure == nil {
			t.Fatalf("a failed spec of a %d-byte message has no failure", tc.size)
		}
		whole := strings.Contains(c.Failure.Body, msg)
		noted := strings.Contains(c.Failure.Body, "(cut: the whole text is in report.json")
		if whole == tc.cut || noted != tc.cut {
			t.Errorf("a %d-byte failure message: shown whole %v, noted as cut %v; want cut %v", tc.size, whole, noted, tc.cut)
		}
	}
}

// TestWriteFilesGivesJUnitTheMatrix checks that WriteFiles writes junit.xml
// with the matrix it writes: a failure the expectations file excuses is a
// skipped testcase there, not a failure.
func TestWriteFilesGivesJUnitTheMatrix(t *testing.T) {
	x, err := ParseExpectations(strings.NewReader("profile: aws\nNAME-PATTERN fail # the route never validates names\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	rs := roundTrip(t, mkReport(mkSpec("names", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "failed"),
		withFinding(nameFinding(spec.NamePattern, "200")))))
	m := mustBuild(t, rs, Options{Expectations: x})
	dir := t.TempDir()
	if err := WriteFiles(dir, m, rs, JUnitOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, JUnitFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<skipped message="expected failure: NAME-PATTERN: the route never validates names">`) || strings.Contains(string(b), "<failure") {
		t.Errorf("junit.xml does not show the expected failure as skipped:\n%s", b)
	}
}

// TestWriteFileLeavesNothingOnFailure checks that a report whose writing
// fails leaves no file behind, not even its temporary one, and that one
// written whole leaves only itself.
func TestWriteFileLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	broken := errors.New("disk full")
	err := writeFile(filepath.Join(dir, "conformance.md"), func(w io.Writer) error {
		_, _ = io.WriteString(w, "# half")
		return broken
	})
	if !errors.Is(err, broken) {
		t.Errorf("writeFile returned %v, want the writer's error", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed write left %v", entries)
	}
	if err := writeFile(filepath.Join(dir, "conformance.md"), func(w io.Writer) error {
		_, err := io.WriteString(w, "# whole\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "conformance.md" {
		t.Errorf("a whole write left %v, want conformance.md alone", entries)
	}
}

// TestWriteMarkdownCutNoteAtTheBound checks the 8 KiB (8192-byte) bound on
// a reproducer in conformance.md: one of exactly 8192 bytes is whole with
// no note; one of 8193 bytes is cut, with a note giving both sizes.
func TestWriteMarkdownCutNoteAtTheBound(t *testing.T) {
	for _, tc := range []struct {
		size int
		note string
	}{{8192, ""}, {8193, "(reproducer cut at 8192 of 8193 bytes"}} {
		r := strings.Repeat("r", tc.size)
		m := Matrix{Clauses: []ClauseResult{{ID: spec.ZipNotZip, Area: "zips", Rule: "a rule", Verdict: Fail,
			Findings: []finding.Finding{{Clause: spec.ZipNotZip, Summary: "accepted", Reproducer: r}}}}}
		var b bytes.Buffer
		if err := WriteMarkdown(&b, m); err != nil {
			t.Fatal(err)
		}
		md := b.String()
		switch {
		case tc.note == "" && (strings.Contains(md, "reproducer cut") || !strings.Contains(md, r)):
			t.Errorf("a reproducer of %d bytes is not shown whole, or is noted as cut", tc.size)
		case tc.note != "" && (!strings.Contains(md, tc.note) || strings.Contains(md, r)):
			t.Errorf("a reproducer of %d bytes: shown whole, or the page lacks %q", tc.size, tc.note)
		}
	}
}

// TestWriteJUnitUnpinnedSignatureStaysAFailure checks that a failure of a
// clause the expectations file expects to fail, but with a signature other
// than the one it pins, is a failure in junit.xml (a regression), not a
// skipped expected failure.
func TestWriteJUnitUnpinnedSignatureStaysAFailure(t *testing.T) {
	x, err := ParseExpectations(strings.NewReader("profile: aws\nNAME-PATTERN fail # the route never validates names\n  signature: NAME-PATTERN | expected 400 | got 500\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	rs := roundTrip(t, mkReport(mkSpec("names", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "failed"),
		withFinding(nameFinding(spec.NamePattern, "200")))))
	m := mustBuild(t, rs, Options{Expectations: x})
	if c, ok := m.Clause(spec.NamePattern); !ok || c.Verdict != Fail || c.Expectation == nil {
		t.Fatalf("NAME-PATTERN in the matrix: %+v, want a fail with its expectation", c)
	}
	if c := junitCases(t, rs, JUnitOptions{Matrix: &m})[0]; c.Failure == nil {
		t.Errorf("a failure with an unpinned signature is not a failure in junit.xml: %+v", c)
	}
}

// TestWriteJUnitPassIsNoUnexpectedPass checks that a passed spec gets an
// unexpected-pass property only for a clause the expectations file expected
// to fail, not for a clause it does not name.
func TestWriteJUnitPassIsNoUnexpectedPass(t *testing.T) {
	x, err := ParseExpectations(strings.NewReader("profile: aws\nNAME-PATTERN fail # the route never validates names\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	rs := roundTrip(t, mkReport(
		mkSpec("names", labels(string(spec.NamePattern))),
		mkSpec("zips", labels(string(spec.ZipNotZip))),
	))
	m := mustBuild(t, rs, Options{Expectations: x})
	cases := junitCases(t, rs, JUnitOptions{Matrix: &m})
	var got []string
	for _, c := range cases {
		for _, p := range c.Properties {
			if p.Name == "unexpected-pass" {
				got = append(got, p.Value)
			}
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "NAME-PATTERN: ") {
		t.Errorf("unexpected-pass properties %q, want one, on NAME-PATTERN", got)
	}
}

// TestWriteJUnitNameBounds checks testcase names at their 160-character
// bound (a name of exactly 160 characters is whole, one of 161 is cut to
// 160 ending in "…") and the name of a spec outside any container.
func TestWriteJUnitNameBounds(t *testing.T) {
	at := "NAME-PATTERN: " + strings.Repeat("é", 146) // 160 characters, more bytes
	over := at + "x"
	bare := mkSpec("checks names", labels(string(spec.NamePattern)))
	bare.ContainerHierarchyTexts = nil
	rs := roundTrip(t, mkReport(mkSpec(at), mkSpec(over), bare))
	cases := junitCases(t, rs, JUnitOptions{})
	if cases[0].Name != at {
		t.Errorf("a name of 160 characters became %q", cases[0].Name)
	}
	if want := "NAME-PATTERN: " + strings.Repeat("é", 145) + "…"; cases[1].Name != want {
		t.Errorf("a name of 161 characters became %q, want %q", cases[1].Name, want)
	}
	if cases[2].Name != "NAME-PATTERN: checks names" {
		t.Errorf("a spec outside any container is named %q, want %q", cases[2].Name, "NAME-PATTERN: checks names")
	}
}

// TestSubjectNamesWhatIsKnown checks the one-line description of a run: the
// run time and the expectations file appear when known, and only then.
func TestSubjectNamesWhatIsKnown(t *testing.T) {
	if got := (Matrix{Profile: "aws"}).subject(); got != "profile aws" {
		t.Errorf("subject of a bare matrix: %q", got)
	}
	m := Matrix{Profile: "aws", Endpoint: "http://127.0.0.1:5000", RunTimeSeconds: 1.25, Expectations: "moto.txt"}
	if got, want := m.subject(), "profile aws, endpoint http://127.0.0.1:5000, ran 1.2s, expectations moto.txt"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
}

// TestLimitAtItsBound checks limit at n bytes (whole) and n+1 (cut, with an
// ellipsis).
func TestLimitAtItsBound(t *testing.T) {
	if got := limit("abc", 3); got != "abc" {
		t.Errorf("limit(abc, 3) = %q", got)
	}
	if got := limit("abcd", 3); got != "abc …" {
		t.Errorf("limit(abcd, 3) = %q", got)
	}
}

// TestWriteSummaryLeavesOutEmptyAreas checks that the console summary has
// a row for each area with clauses, and none for an area without.
func TestWriteSummaryLeavesOutEmptyAreas(t *testing.T) {
	m := Matrix{Profile: "aws", Totals: Totals{Clauses: 1, Pass: 1}, Areas: []AreaTotals{
		{Area: "names", Totals: Totals{Clauses: 1, Pass: 1}},
		{Area: "zips"},
	}}
	var b bytes.Buffer
	if err := WriteSummary(&b, m, false); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "\n  names ") || strings.Contains(out, "\n  zips ") {
		t.Errorf("summary rows:\n%s", out)
	}
}

// TestWriteMarkdownSections checks the Markdown report's optional parts: a
// run that could be tested says nothing of it and, with no failing clause,
// has no Failures section; a run that could not be tested says why; two
// suite failures are both shown, and the 51st is left out with a count.
func TestWriteMarkdownSections(t *testing.T) {
	md := func(m Matrix) string {
		var b bytes.Buffer
		if err := WriteMarkdown(&b, m); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	clean := md(Matrix{Profile: "aws", Clauses: []ClauseResult{{ID: spec.NamePattern, Verdict: Pass}}})
	if strings.Contains(clean, "Could not test") || strings.Contains(clean, "## Failures") {
		t.Errorf("a clean run's Markdown:\n%s", clean)
	}
	if got := md(Matrix{Profile: "aws", CouldNotTest: "endpoint unreachable"}); !strings.Contains(got, "**Could not test:** endpoint unreachable") {
		t.Errorf("a run that could not be tested:\n%s", got)
	}
	two := md(Matrix{Profile: "aws", SuiteFailures: []string{"first failure", "second failure"}})
	if !strings.Contains(two, "first failure") || !strings.Contains(two, "second failure") || strings.Contains(two, "more: see") {
		t.Errorf("two suite failures:\n%s", two)
	}
	var many []string
	for i := 0; i < 51; i++ {
		many = append(many, fmt.Sprintf("suite failure %d", i))
	}
	if got := md(Matrix{Profile: "aws", SuiteFailures: many}); !strings.Contains(got, "suite failure 49\n") || strings.Contains(got, "suite failure 50\n") || !strings.Contains(got, "\nand 1 more: see conformance.json\n") {
		t.Errorf("51 suite failures:\n%s", got)
	}
}

// TestWriteMarkdownFailureDetails checks the details of one failing clause:
// the first finding's expected and got lines when it has them (and only
// then), the count of the other findings, and the verdict's note when there
// is no finding.
func TestWriteMarkdownFailureDetails(t *testing.T) {
	block := func(c ClauseResult) string {
		c.ID, c.Area, c.Rule, c.Verdict = spec.NamePattern, "names", "a rule", Fail
		var b bytes.Buffer
		if err := WriteMarkdown(&b, Matrix{Profile: "aws", Clauses: []ClauseResult{c}}); err != nil {
			t.Fatal(err)
		}
		_, details, _ := strings.Cut(b.String(), "### NAME-PATTERN (fail)")
		return details
	}
	full := block(ClauseResult{Findings: []finding.Finding{
		{Clause: spec.NamePattern, Summary: "accepted a.b", Expected: "400 ValidationException", Got: "200"},
		{Clause: spec.NamePattern, Summary: "accepted a:b"},
		{Clause: spec.NamePattern, Summary: "accepted a/b"},
	}})
	for _, want := range []string{"- summary: accepted a.b\n", "- expected: 400 ValidationException\n", "- got: 200\n", "- 2 more findings\n"} {
		if !strings.Contains(full, want) {
			t.Errorf("the details lack %q:\n%s", want, full)
		}
	}
	bare := block(ClauseResult{Findings: []finding.Finding{{Clause: spec.NamePattern, Summary: "accepted a.b"}}})
	for _, unwanted := range []string{"- expected:", "- got:", "more findings"} {
		if strings.Contains(bare, unwanted) {
			t.Errorf("the details of one finding without expected and got hold %q:\n%s", unwanted, bare)
		}
	}
	if noted := block(ClauseResult{Note: "failed without a finding: boom"}); !strings.Contains(noted, "- failed without a finding: boom\n") {
		t.Errorf("the details of a failure without findings lack its note:\n%s", noted)
	}
	if unnoted := block(ClauseResult{}); strings.Contains(unnoted, "\n- \n") {
		t.Errorf("the details of a failure without findings or note hold an empty item:\n%s", unnoted)
	}
}

// TestMarkdownCodeBlockFence checks that a code block's fence is longer
// than the longest backtick run inside it, and three backticks at least.
func TestMarkdownCodeBlockFence(t *testing.T) {
	for s, fence := range map[string]string{
		"plain":       "```",
		"a ``` b ` c": "````",
		"`````":       "``````",
	} {
		if got := mdCodeBlock(s); !strings.HasPrefix(got, fence+"text\n") || !strings.HasSuffix(got, "\n"+fence+"\n") {
			t.Errorf("mdCodeBlock(%q) = %q, want fences of %d backticks", s, got, len(fence))
		}
	}
}
