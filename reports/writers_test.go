package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// hostile is text an endpoint controls: it turns up in findings' Got,
// Summary and Reproducer.
const hostile = "</pre></details><script>alert(1)</script> | ``` <img src=x onerror=alert(2)> *bold* [link](http://evil) \x00\x1b"

func hostileMatrix(t *testing.T) ([]types.Report, Matrix) {
	t.Helper()
	f := finding.Finding{
		Clause:     spec.ZipNotZip,
		Summary:    "accepted a non-zip " + hostile,
		Expected:   "400 InvalidParameterValueException",
		Got:        "200 " + hostile,
		Input:      "ZipFile=" + hostile,
		Reproducer: "curl -d '" + hostile + "' http://127.0.0.1:5000/2015-03-31/functions/f/code",
		Seed:       "42",
		Focus:      "ZIP-NOT-ZIP",
	}
	rs := roundTrip(t, mkReport(
		mkSpec("rejects non-zip code", labels(string(spec.ZipNotZip), "property"), state(types.SpecStateFailed, f.Error()), withFinding(f)),
		mkSpec("computes CodeSha256", labels(string(spec.HashInline))),
		mkSpec("seed partitions", labels(string(spec.NamePartitionSeed)), state(types.SpecStateSkipped, "clause NAME-PARTITION-SEED is not in profile aws")),
		mkSpec("pending", labels(string(spec.ZipEmpty)), state(types.SpecStatePending, "")),
		mkSpec("bare failure", labels(string(spec.NameTooLong)), state(types.SpecStateFailed, "Expected <int>: 200\nto equal <int>: 400 "+hostile)),
	))
	return rs, mustBuild(t, rs, Options{Name: "moto " + hostile, Endpoint: "http://127.0.0.1:5000"})
}

func TestWriteMarkdownEscapes(t *testing.T) {
	_, m := hostileMatrix(t)
	var b bytes.Buffer
	if err := WriteMarkdown(&b, m); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	// Outside code blocks no raw tag may survive: GitHub renders inline HTML.
	var prose strings.Builder
	inCode := ""
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, "`")
		fence := line[:len(line)-len(trimmed)]
		switch {
		case inCode == "" && len(fence) >= 3:
			inCode = fence
		case inCode != "" && line == inCode:
			inCode = ""
		case inCode == "":
			prose.WriteString(line + "\n")
		}
	}
	if inCode != "" {
		t.Fatalf("a code block is never closed:\n%s", md)
	}
	for _, bad := range []string{"<script>", "</pre>", "<img", "\x00"} {
		if strings.Contains(prose.String(), bad) {
			t.Errorf("Markdown prose holds raw %q:\n%s", bad, prose.String())
		}
	}
	for _, want := range []string{
		"&lt;script&gt;",
		"| `ZIP-NOT-ZIP` | code | **fail** |",
		"| `HASH-SHA256-INLINE` | hash/size | **pass** |",
		"| `NAME-TOO-LONG` | names | **fail** |",
		"### ZIP-NOT-ZIP (fail)",
		"````text\ncurl -d '</pre></details><script>alert(1)</script>",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	names := 0
	for _, c := range spec.ForProfile(spec.ProfileAWS) {
		if c.Area == spec.AreaNames {
			names++
		}
	}
	if want := fmt.Sprintf("| names | %d | 0 | 1 | 0 | 0 | 0 | 0 | 0 | %d |", names, names-1); !strings.Contains(md, want) {
		t.Errorf("Markdown lacks the names totals %q", want)
	}
	// The failing clauses head the clause table.
	if i := strings.Index(md, "\n| `"); i < 0 || !strings.HasPrefix(md[i+1:], "| `NAME-TOO-LONG` | names | **fail** |") {
		t.Errorf("the clause table does not start with the failing clauses:\n%s", md)
	}
	// Every table row keeps its column count: an escaped '|' does not split.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| `") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 6 {
			t.Errorf("clause row has a wrong column count: %s", line)
		}
	}
}

func TestWriteHTMLEscapes(t *testing.T) {
	_, m := hostileMatrix(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, m); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, tag := range regexp.MustCompile(`<[a-zA-Z/][^>]*>`).FindAllString(page, -1) {
		lower := strings.ToLower(tag)
		for _, bad := range []string{"<script", "<img", "evil", "onerror", "src=", "href=", "url("} {
			if strings.Contains(lower, bad) {
				t.Errorf("HTML tag %s holds %q", tag, bad)
			}
		}
	}
	if strings.Contains(page, "</pre></details><script>") {
		t.Error("the hostile string closes the <pre> and <details>")
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		`<span class="badge v-fail">fail</span>`,
		`<span class="badge v-pass">pass</span>`,
		`<tr id="clause-ZIP-NOT-ZIP" class="clause v-fail a-code">`,
		"<details><summary>First finding",
		"<pre>curl -d &#39;&lt;/pre&gt;&lt;/details&gt;",
		"<details><summary>Failure of UpdateFunctionCode bare failure</summary>\n<pre>Expected &lt;int&gt;: 200\nto equal &lt;int&gt;: 400 &lt;/pre&gt;",
		"Result: does not conform",
		"<style>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestWriteSummary(t *testing.T) {
	_, m := hostileMatrix(t)
	var b bytes.Buffer
	if err := WriteSummary(&b, m, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"lambdaconf conformance: moto",
		"profile aws, endpoint http://127.0.0.1:5000",
		"\n  names           0    1 ",
		"\n  total ",
		"fail            ZIP-NOT-ZIP                accepted a non-zip",
		"fail            NAME-TOO-LONG              failed without a finding",
		"Result: DOES NOT CONFORM (2 failing clauses",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x00\x1b") {
		t.Error("the summary passes control characters from findings to the terminal")
	}
	if n := strings.Count(out, "\n"); n > 30 {
		t.Errorf("the summary has %d lines; it should be a short block", n)
	}
}

func TestWriteJUnitParses(t *testing.T) {
	rs, _ := hostileMatrix(t)
	rs[0].SpecReports = append(rs[0].SpecReports,
		mkSpec("", func(s *types.SpecReport) { s.LeafNodeType = types.NodeTypeBeforeSuite }),
		mkSpec("", func(s *types.SpecReport) {
			s.ContainerHierarchyTexts = nil
			s.LeafNodeType = types.NodeTypeAfterSuite
			s.State = types.SpecStatePanicked
			s.Failure.Message = "Test Panicked"
			s.Failure.ForwardedPanic = "runtime error"
		}))
	var b bytes.Buffer
	if err := WriteJUnit(&b, rs, JUnitOptions{Name: "lambdaconf moto", Root: "/src"}); err != nil {
		t.Fatal(err)
	}
	type property struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	type problem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	}
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Skipped  int      `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Cases []struct {
				Name       string     `xml:"name,attr"`
				Classname  string     `xml:"classname,attr"`
				Time       *float64   `xml:"time,attr"`
				File       string     `xml:"file,attr"`
				Line       int        `xml:"line,attr"`
				Properties []property `xml:"properties>property"`
				Failure    *problem   `xml:"failure"`
				Error      *problem   `xml:"error"`
				Skipped    *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v\n%s", err, b.String())
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d testsuites, want 1", len(doc.Suites))
	}
	cases := doc.Suites[0].Cases
	// Five specs and the panicked AfterSuite; the passing BeforeSuite is left out.
	if len(cases) != 6 || doc.Tests != 6 || doc.Suites[0].Tests != 6 {
		t.Fatalf("%d testcases (tests=%d), want 6", len(cases), doc.Tests)
	}
	if doc.Failures != 2 || doc.Errors != 1 || doc.Skipped != 2 {
		t.Errorf("counts failures=%d errors=%d skipped=%d, want 2 1 2", doc.Failures, doc.Errors, doc.Skipped)
	}
	for _, c := range cases {
		if c.Name == "" || c.Classname != "lambdaconf suites" || c.Time == nil {
			t.Errorf("testcase %q lacks name, classname or time", c.Name)
		}
	}
	zip := cases[0]
	if zip.Name != "ZIP-NOT-ZIP: UpdateFunctionCode rejects non-zip code" || zip.File != "suites/names_test.go" || zip.Line != 42 {
		t.Errorf("first testcase: name %q file %q line %d", zip.Name, zip.File, zip.Line)
	}
	if zip.Failure == nil || !strings.HasPrefix(zip.Failure.Message, "[ZIP-NOT-ZIP] accepted a non-zip </pre>") || strings.Contains(zip.Failure.Message, "\n") {
		t.Fatalf("failure message attribute %+v: want the finding's first line", zip.Failure)
	}
	if !strings.Contains(zip.Failure.Body, "reproduce: curl -d") || !strings.Contains(zip.Failure.Body, "at /src/suites/names_test.go:99") {
		t.Errorf("failure body lacks the reproducer or location:\n%s", zip.Failure.Body)
	}
	var clauses []string
	var found finding.Finding
	for _, p := range zip.Properties {
		switch p.Name {
		case "clause":
			clauses = append(clauses, p.Value)
		case "finding":
			if err := json.Unmarshal([]byte(p.Value), &found); err != nil {
				t.Errorf("finding property: %v", err)
			}
		}
	}
	if strings.Join(clauses, ",") != "ZIP-NOT-ZIP" || found.Clause != spec.ZipNotZip || found.Seed != "42" {
		t.Errorf("properties: clauses %v finding %+v", clauses, found)
	}
	if s := cases[2].Skipped; s == nil || !strings.Contains(s.Message, "not in profile aws") {
		t.Errorf("skipped testcase: %+v", cases[2].Skipped)
	}
	if s := cases[3].Skipped; s == nil || s.Message != "pending" {
		t.Errorf("pending testcase: %+v", cases[3].Skipped)
	}
	if e := cases[5].Error; e == nil || cases[5].Name != "[AfterSuite]" || e.Message != "panic: runtime error" {
		t.Errorf("panicked AfterSuite: %q %+v", cases[5].Name, e)
	}
}

func TestWriteFiles(t *testing.T) {
	rs, m := hostileMatrix(t)
	dir := filepath.Join(t.TempDir(), "out", "reports")
	if err := WriteFiles(dir, m, rs, JUnitOptions{}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "conformance.html conformance.json conformance.md junit.xml" {
		t.Errorf("files %v", names)
	}
	got, err := LoadMatrix(filepath.Join(dir, JSONFile), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Totals != m.Totals || len(got.Clauses) != len(m.Clauses) {
		t.Errorf("conformance.json read back: totals %+v, want %+v", got.Totals, m.Totals)
	}
	if err := WriteFiles(filepath.Join(dir, JSONFile, "sub"), m, nil, JUnitOptions{}); err == nil {
		t.Error("writing under a file succeeded")
	}
}

func TestWriteJUnitSuiteFailure(t *testing.T) {
	rs, err := Load("testdata/ginkgo-compile-failure.json")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteJUnit(&b, rs, JUnitOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests  int `xml:"tests,attr"`
		Errors int `xml:"errors,attr"`
		Suites []struct {
			Cases []struct {
				Name  string `xml:"name,attr"`
				Error *struct {
					Message string `xml:"message,attr"`
					Body    string `xml:",chardata"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	if doc.Tests != 1 || doc.Errors != 1 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 1 {
		t.Fatalf("a suite that did not compile: %+v", doc)
	}
	c := doc.Suites[0].Cases[0]
	if c.Error == nil || !strings.HasPrefix(c.Error.Message, "Failed to compile suites:") || !strings.Contains(c.Error.Body, "no required module provides package") {
		t.Errorf("suite failure testcase %+v", c)
	}
}

// TestWriteMarkdownFitsStepSummary writes the Markdown of a synthetic run
// larger than any real one (every clause failing with summaries and
// reproducers longer than the report's cuts, hundreds of unattributed
// failures, suite failures and thousands of warnings) and checks that it
// stays under GitHub's 1 MiB step-summary limit, keeps its totals and
// clause table, closes its code blocks and says what it left out. The
// texts are only a little longer than each cut (12 KiB): Build normalizes
// every signature, and megabytes of them made this test take seconds, which
// the mutation testing pays once per mutant.
func TestWriteMarkdownFitsStepSummary(t *testing.T) {
	big := strings.Repeat("A&|<`x", 1<<11) // 12 KiB, growing when escaped
	var specs []types.SpecReport
	for _, c := range spec.ForProfile(spec.ProfileAWS) {
		f := nameFinding(c.ID, big)
		f.Summary, f.Reproducer = big, "curl -d '"+big+"'"
		specs = append(specs, mkSpec(string(c.ID), labels(string(c.ID)), state(types.SpecStateFailed, "failed"), withFinding(f)))
	}
	for i := 0; i < 200; i++ {
		specs = append(specs, mkSpec(fmt.Sprintf("harness %d %s", i, big[:1000]), state(types.SpecStateFailed, big[:5000])))
	}
	rs := []types.Report{mkReport(specs...)}
	rs[0].SpecialSuiteFailureReasons = []string{big, big}
	m := mustBuild(t, rs, Options{})
	for i := 0; i < 3000; i++ {
		m.Warnings = append(m.Warnings, fmt.Sprintf("warning %d %s", i, big[:2000]))
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, m); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if len(md) >= MaxMarkdownSize || MaxMarkdownSize != 1<<20 {
		t.Fatalf("conformance.md is %d bytes; GitHub's step summary takes at most %d", len(md), 1<<20)
	}
	for _, want := range []string{
		"## Totals", "| **total** |", "## Clauses", "| `NAME-PATTERN` | names | **fail** |",
		"## Failures", "### NAME-FORMS (fail)", "(reproducer cut at 8192 of",
		"## Unattributed failures", "- and 150 more: see conformance.json",
		"## Suite failures", "## Warnings", "- and 2950 more: see conformance.json",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("conformance.md lacks %q", want)
		}
	}
	if n := strings.Count(md, "\n| `"); n != len(m.Clauses) {
		t.Errorf("%d clause rows, want %d", n, len(m.Clauses))
	}
	fences := 0
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fences++
		}
	}
	if fences%2 != 0 {
		t.Errorf("%d code fences: a code block is left open", fences)
	}
}

// TestWriteHTMLCutsLargeReproducers checks that a finding's reproducer of
// hundreds of KiB (a large zip as base64) does not make the page as large:
// it is cut, and the page says where the whole one is.
func TestWriteHTMLCutsLargeReproducers(t *testing.T) {
	big := strings.Repeat("UEsDBAAAAAAIAAAA", 1<<14) // 256 KiB
	f := nameFinding(spec.ZipNotZip, "200")
	f.Reproducer = "base64 -d > body.json <<'EOF'\n" + big + "\nEOF"
	g := nameFinding(spec.ZipEmpty, "200")
	g.Reproducer, g.Input = "", big
	rs := roundTrip(t, mkReport(
		mkSpec("zips", labels(string(spec.ZipNotZip)), state(types.SpecStateFailed, "failed"), withFinding(f)),
		mkSpec("empty zips", labels(string(spec.ZipEmpty)), state(types.SpecStateFailed, "failed"), withFinding(g)),
	))
	var b bytes.Buffer
	if err := WriteHTML(&b, mustBuild(t, rs, Options{})); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if len(page) > 256<<10 {
		t.Errorf("conformance.html with two 256 KiB reproducers is %d bytes", len(page))
	}
	if n := strings.Count(page, "(cut at 65536 of "); n != 2 {
		t.Errorf("%d notes of cut reproducers, want 2", n)
	}
}

// TestWriteMarkdownLeavesOutFailuresThatDoNotFit fills the report with
// failing clauses whose details (50 long signatures and a reproducer longer
// than the cut, about 24 KiB each) cannot all fit in 1 MiB: the report
// stays under GitHub's limit, uses most of it, and ends the failures with
// one line naming how many clauses were left out and the first of them.
func TestWriteMarkdownLeavesOutFailuresThatDoNotFit(t *testing.T) {
	var m Matrix
	for i := 0; i < 60; i++ {
		c := ClauseResult{ID: spec.ClauseID(fmt.Sprintf("CLAUSE-%02d", i)), Area: "names", Rule: "a rule", Verdict: Fail}
		for j := 0; j < 50; j++ {
			c.Signatures = append(c.Signatures, fmt.Sprintf("CLAUSE-%02d | %d %s", i, j, strings.Repeat("s", 400)))
		}
		c.Findings = []finding.Finding{{Clause: c.ID, Summary: "broken", Reproducer: strings.Repeat("r", 10000)}}
		m.Clauses = append(m.Clauses, c)
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, m); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if len(md) >= 1<<20 {
		t.Fatalf("conformance.md is %d bytes; GitHub's step summary takes at most %d", len(md), 1<<20)
	}
	// Each block is about 24 KiB: a report that stopped more than two
	// blocks short of 1 MiB left out details that fitted.
	if len(md) < 1<<20-2*24<<10 {
		t.Errorf("conformance.md is %d bytes: it left out failures that fit in 1 MiB", len(md))
	}
	shown := strings.Count(md, "\n### CLAUSE-")
	if shown == 0 || shown >= 60 {
		t.Fatalf("%d failing clauses detailed, want some but not all 60", shown)
	}
	want := fmt.Sprintf("\nThe details of %d more failing clauses (CLAUSE-%02d…) do not fit in this summary: see conformance.html or conformance.json.\n", 60-shown, shown)
	if !strings.HasSuffix(md, want) {
		t.Errorf("conformance.md does not end with %q; its end:\n%s", want, md[len(md)-300:])
	}
	if strings.Count(md, "- signature: ") != 50*shown || strings.Contains(md, "more signatures") {
		t.Errorf("%d signatures listed for %d clauses, want all 50 of each", strings.Count(md, "- signature: "), shown)
	}
}
