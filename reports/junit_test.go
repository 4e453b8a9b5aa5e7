package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// junitDoc is the part of junit.xml the tests below read.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Cases    []struct {
			Name       string `xml:"name,attr"`
			Properties []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func writeJUnit(t *testing.T, rs []types.Report, opts JUnitOptions) (junitDoc, string) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJUnit(&b, rs, opts); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v\n%s", err, b.String())
	}
	return doc, b.String()
}

// TestWriteJUnitExpectedFailures checks that a run which conforms to its
// expectations file shows no failure to CI: its expected failures are
// skipped testcases that give the reason, while a failure the file does not
// excuse, a failure with findings on both an expected and an unexpected
// clause, and a failure no clause accounts for stay failures.
func TestWriteJUnitExpectedFailures(t *testing.T) {
	x, err := ParseExpectations(strings.NewReader(`profile: aws
NAME-PATTERN  fail  # the route never validates names
ZIP-NOT-ZIP   fail  # no zip validation
NAME-TOO-LONG fail  # no length check
HASH-SHA256-INLINE fail  # hashes wrongly
`), "moto.txt")
	if err != nil {
		t.Fatal(err)
	}
	failWith := func(fs ...finding.Finding) []specOpt {
		opts := []specOpt{state(types.SpecStateFailed, "failed")}
		for _, f := range fs {
			opts = append(opts, withFinding(f))
		}
		return opts
	}
	expected := roundTrip(t, mkReport(
		mkSpec("names", append([]specOpt{labels(string(spec.NamePattern))}, failWith(nameFinding(spec.NamePattern, "200"))...)...),
		mkSpec("zips", append([]specOpt{labels(string(spec.ZipNotZip))}, failWith(nameFinding(spec.ZipNotZip, "200"))...)...),
		mkSpec("lengths", labels(string(spec.NameTooLong)), state(types.SpecStateFailed, "Expected 400, got 404")),
		mkSpec("hash", labels(string(spec.HashInline))),
	))
	m := mustBuild(t, expected, Options{Expectations: x})
	if !m.Conforms(false) || m.Totals.ExpectedFail != 3 || m.Totals.UnexpectedPass != 1 {
		t.Fatalf("the run does not conform to its expectations: %+v", m.Totals)
	}
	doc, _ := writeJUnit(t, expected, JUnitOptions{Matrix: &m})
	if doc.Failures != 0 || doc.Suites[0].Failures != 0 || doc.Skipped != 3 || doc.Suites[0].Skipped != 3 {
		t.Errorf("a run that conforms to its expectations: failures=%d skipped=%d, want 0 and 3", doc.Failures, doc.Skipped)
	}
	for _, c := range doc.Suites[0].Cases[:3] {
		if c.Failure != nil || c.Skipped == nil || !strings.HasPrefix(c.Skipped.Message, "expected failure: ") {
			t.Errorf("testcase %q: failure %+v skipped %+v, want skipped as an expected failure", c.Name, c.Failure, c.Skipped)
			continue
		}
		reason := ""
		for _, p := range c.Properties {
			if p.Name == "expected-failure" {
				reason = p.Value
			}
		}
		if reason == "" || !strings.Contains(c.Skipped.Message, reason) {
			t.Errorf("testcase %q: expected-failure property %q not in the message %q", c.Name, reason, c.Skipped.Message)
		}
	}
	if got := doc.Suites[0].Cases[0].Skipped; got == nil || got.Message != "expected failure: NAME-PATTERN: the route never validates names" {
		t.Errorf("NAME-PATTERN testcase skipped %+v", got)
	}
	hash := doc.Suites[0].Cases[3]
	unexpectedPass := ""
	for _, p := range hash.Properties {
		if p.Name == "unexpected-pass" {
			unexpectedPass = p.Value
		}
	}
	if hash.Failure != nil || hash.Skipped != nil || !strings.HasPrefix(unexpectedPass, "HASH-SHA256-INLINE: expected to fail (hashes wrongly) but passed") {
		t.Errorf("a pass of a clause expected to fail: %q, failure %+v, skipped %+v, unexpected-pass property %q", hash.Name, hash.Failure, hash.Skipped, unexpectedPass)
	}

	// Without the matrix, and for failures the file does not excuse, the
	// testcases are failures.
	if doc, _ := writeJUnit(t, expected, JUnitOptions{}); doc.Failures != 3 {
		t.Errorf("without a matrix: %d failures, want 3", doc.Failures)
	}
	unexpected := roundTrip(t, mkReport(
		mkSpec("names", append([]specOpt{labels(string(spec.NamePattern))}, failWith(nameFinding(spec.NamePattern, "200"), nameFinding(spec.NameEmpty, "200"))...)...),
		mkSpec("buckets", append([]specOpt{labels(string(spec.BucketPattern))}, failWith(nameFinding(spec.BucketPattern, "200"))...)...),
		mkSpec("harness", state(types.SpecStateFailed, "no clause")),
	))
	m = mustBuild(t, unexpected, Options{Expectations: x})
	doc, _ = writeJUnit(t, unexpected, JUnitOptions{Matrix: &m})
	if doc.Failures != 3 || doc.Skipped != 0 {
		t.Errorf("unexpected failures: failures=%d skipped=%d, want 3 and 0", doc.Failures, doc.Skipped)
	}
}

// TestWriteJUnitShortNames checks that testcase names stay short whatever
// the spec's text and labels, that labels go into properties, and that
// 128 KiB of finding input (twice the bound on junit.xml) do not reach junit.xml.
func TestWriteJUnitShortNames(t *testing.T) {
	var many []string
	for _, c := range spec.All() {
		many = append(many, string(c.ID))
	}
	big := strings.Repeat("UEsDBAAAAAAIAAAA", 1<<13) // 128 KiB of base64
	f := nameFinding(spec.ZipNotZip, "200")
	f.Input, f.Reproducer = big, "base64 -d > body.json <<'EOF'\n"+big+"\nEOF"
	long := strings.Repeat("checks every member of the response ", 20)
	rs := roundTrip(t, mkReport(
		mkSpec(long, labels(append([]string{"large"}, many...)...), state(types.SpecStateFailed, f.Error()), withFinding(f)),
		mkSpec("ZIP-NOT-ZIP: Code that is not a readable zip archive is rejected", labels(string(spec.ZipNotZip))),
	))
	doc, out := writeJUnit(t, rs, JUnitOptions{})
	if len(out) > 64<<10 {
		t.Errorf("junit.xml of two specs with 128 KiB of finding input is %d bytes", len(out))
	}
	cases := doc.Suites[0].Cases
	first := cases[0]
	if n := utf8.RuneCountInString(first.Name); n > 160 || !strings.HasPrefix(first.Name, string(many[0])+": UpdateFunctionCode checks") {
		t.Errorf("testcase name of %d characters: %q", n, first.Name)
	}
	if strings.Contains(first.Name, string(many[1])) {
		t.Errorf("testcase name lists the labels: %q", first.Name)
	}
	props := map[string]int{}
	for _, p := range first.Properties {
		props[p.Name]++
		if p.Name == "label" && p.Value != "large" {
			t.Errorf("label property %q", p.Value)
		}
	}
	if props["clause"] != len(many) || props["label"] != 1 || props["spec"] != 1 || props["finding"] != 1 {
		t.Errorf("properties %v: want every clause, the other label, the spec's text and the finding", props)
	}
	if first.Failure == nil || !strings.Contains(first.Failure.Body, "(cut: the whole text is in report.json") {
		t.Errorf("the failure body is not cut: %+v", first.Failure)
	}
	if got := cases[1].Name; got != "ZIP-NOT-ZIP: Code that is not a readable zip archive is rejected" {
		t.Errorf("a spec whose text starts with its clause is named %q", got)
	}
}

// A failure in junit.xml carries each finding's signature, the key CI
// compares runs by, and its reproducer once: in the failure text when it
// fits there, else in the finding's property.
func TestWriteJUnitFailureCarriesSignatureAndReproducerOnce(t *testing.T) {
	f := finding.Finding{
		Clause: spec.ZipNotZip, Summary: "the endpoint accepted a request the clause rejects",
		Expected: "400 InvalidParameterValueException", Got: "200",
		Input:      `PUT /2015-03-31/functions/lcf-1/code {"ZipFile":"bm90IGEgemlw"}`,
		Reproducer: "printf '%s' '{\"ZipFile\":\"bm90IGEgemlw\"}' | curl -sS -X PUT http://127.0.0.1:9/2015-03-31/functions/lcf-1/code",
	}
	for _, tc := range []struct {
		name, pad string
	}{
		{"short", ""},
		// A failure text past the cut (other findings' long inputs)
		// before this finding.
		{"long", strings.Repeat("x", maxJUnitFailure) + "\n"},
	} {
		s := mkSpec("rejects non-zips", labels(string(spec.ZipNotZip)), withFinding(f),
			state(types.SpecStateFailed, tc.pad+f.Error()+"\n\nrerun: lambdaconf run -focus x"))
		doc, out := writeJUnit(t, []types.Report{mkReport(s)}, JUnitOptions{})
		c := doc.Suites[0].Cases[0]
		if c.Failure == nil {
			t.Fatalf("%s: no failure:\n%s", tc.name, out)
		}
		if n := strings.Count(c.Failure.Body, f.Signature()); n != 1 {
			t.Errorf("%s: the failure text holds the signature %q %d times, want once:\n%s", tc.name, f.Signature(), n, c.Failure.Body)
		}
		n := strings.Count(c.Failure.Body, "curl -sS")
		for _, p := range c.Properties {
			n += strings.Count(p.Value, "curl -sS")
		}
		if n != 1 {
			t.Errorf("%s: the testcase holds the reproducer %d times, want once:\n%s", tc.name, n, out)
		}
	}
}

// A reproducer too long for junit.xml (a zip bomb's body as a base64
// heredoc) is replaced by the replay command of its case file, which
// runs, rather than cut into a command that does not.
func TestWriteJUnitLongReproducerNamesTheCaseFile(t *testing.T) {
	f := finding.Finding{
		Clause: spec.ZipUnzippedLarge, Summary: "the endpoint accepted a request the clause rejects",
		Expected: "400 InvalidParameterValueException", Got: "200",
		Seed:       "-rapid.seed=1 case file /tmp/r/cases/ZIP-UNZIPPED-TOO-LARGE-1.json",
		Reproducer: "base64 -d > body.json <<'EOF'\n" + strings.Repeat("QUFB", 4000) + "\nEOF\ncurl -sS --data-binary @body.json http://127.0.0.1:9/x",
	}
	s := mkSpec("rejects bombs", labels(string(spec.ZipUnzippedLarge)), withFinding(f), state(types.SpecStateFailed, f.Error()))
	_, out := writeJUnit(t, []types.Report{mkReport(s)}, JUnitOptions{})
	if !strings.Contains(out, "lambdaconf replay -case /tmp/r/cases/ZIP-UNZIPPED-TOO-LARGE-1.json") {
		t.Errorf("junit.xml gives no runnable reproducer for a long one:\n%s", out)
	}
}

// A spec that could not set up its fixtures is neither a pass nor a
// failure of the endpoint: junit.xml counts it as an error, whose
// message says it could not test and why.
func TestWriteJUnitSetUpFailureIsAnError(t *testing.T) {
	s := mkSpec("rejects bad names", labels(string(spec.NamePattern)),
		state(types.SpecStateFailed, "could not test: creating the fixture function: 500"),
		entry(setupEntryName, "creating the fixture function: 500"))
	doc, out := writeJUnit(t, []types.Report{mkReport(s)}, JUnitOptions{})
	e := doc.Suites[0].Cases[0].Error
	if doc.Failures != 0 || doc.Errors != 1 || e == nil || e.Type != "could-not-test" || !strings.Contains(e.Message, "creating the fixture function: 500") {
		t.Errorf("a set-up failure: %d failures, %d errors, error %+v; want one could-not-test error\n%s", doc.Failures, doc.Errors, e, out)
	}
}

// A run that could not test gives a junit.xml with one error testcase
// that carries the cause: CI readers then show an error, not a missing
// file or a green suite of no tests.
func TestWriteJUnitRunThatCouldNotTestIsAnError(t *testing.T) {
	m := Matrix{CouldNotTest: "target: nothing is listening at http://127.0.0.1:9: start the endpoint"}
	doc, out := writeJUnit(t, []types.Report{}, JUnitOptions{Matrix: &m})
	if doc.Tests != 1 || doc.Errors != 1 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 1 {
		t.Fatalf("%d tests, %d errors; want one error testcase\n%s", doc.Tests, doc.Errors, out)
	}
	c := doc.Suites[0].Cases[0]
	if c.Error == nil || c.Error.Type != "could-not-test" || !strings.Contains(c.Error.Body, "nothing is listening") || !strings.HasPrefix(c.Name, "[could not test] ") {
		t.Errorf("the testcase %q, error %+v; want a could-not-test error with the cause", c.Name, c.Error)
	}
}

// A failure without findings keeps its text as it is; a reproducer that
// fits, or one without a case file, is not replaced by a replay command.
func TestWriteJUnitKeepsWhatFits(t *testing.T) {
	s := mkSpec("bare", labels(string(spec.ZipNotZip)), state(types.SpecStateFailed, "expected 400, got 200"))
	doc, _ := writeJUnit(t, []types.Report{mkReport(s)}, JUnitOptions{})
	if f := doc.Suites[0].Cases[0].Failure; f == nil || !strings.HasPrefix(f.Body, "expected 400, got 200") {
		t.Errorf("a failure without findings: %+v; want its text first", f)
	}
	for _, tc := range []struct{ name, seed, repro string }{
		{"fits", "case file /tmp/c.json", "curl " + strings.Repeat("x", maxJUnitFinding-5)},
		{"no case file", "-rapid.seed=1", "curl " + strings.Repeat("x", 2*maxJUnitFinding)},
	} {
		f := finding.Finding{Clause: spec.ZipNotZip, Summary: "s", Got: "200", Seed: tc.seed, Reproducer: tc.repro}
		s := mkSpec("r", labels(string(spec.ZipNotZip)), withFinding(f), state(types.SpecStateFailed, strings.Repeat("y", maxJUnitFailure)))
		_, out := writeJUnit(t, []types.Report{mkReport(s)}, JUnitOptions{})
		if strings.Contains(out, "replay -case") {
			t.Errorf("%s: the reproducer was replaced by a replay command", tc.name)
		}
	}
}
