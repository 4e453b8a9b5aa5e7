package reports

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// JUnit XML in the dialect GitHub's readers (dorny/test-reporter,
// mikepenz/action-junit-report) and GitLab's test reports accept:
// testsuites > testsuite > testcase, with name, classname, time, file and
// line, a failure or error element with a one-line message attribute and
// the full text as its body, and skipped elements.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     float64      `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       float64         `xml:"time,attr"`
		Timestamp  string          `xml:"timestamp,attr,omitempty"`
		Properties []junitProperty `xml:"properties>property,omitempty"`
		Cases      []junitCase     `xml:"testcase"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name       string          `xml:"name,attr"`
		Classname  string          `xml:"classname,attr"`
		Time       float64         `xml:"time,attr"`
		File       string          `xml:"file,attr,omitempty"`
		Line       int             `xml:"line,attr,omitempty"`
		Properties []junitProperty `xml:"properties>property,omitempty"`
		Failure    *junitProblem   `xml:"failure,omitempty"`
		Error      *junitProblem   `xml:"error,omitempty"`
		Skipped    *junitSkipped   `xml:"skipped,omitempty"`
		SystemOut  string          `xml:"system-out,omitempty"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr,omitempty"`
	}
)

// JUnitOptions configures WriteJUnit.
type JUnitOptions struct {
	// Name names the testsuites element, e.g. "lambdaconf moto 5.2.1".
	Name string
	// Root, when set, makes file attributes relative to it, as CI readers
	// expect for annotations.
	Root string
	// Matrix, when set, is the run's conformance matrix: a failed spec
	// whose every failing clause is an expected failure there is written
	// as skipped, with the expectation's reason, not as a failure.
	// WriteFiles sets it to the matrix it writes.
	Matrix *Matrix
}

// Bounds of what junit.xml holds per testcase. CI readers load the whole
// file and show names in one line; reproducers of megabytes stay in the
// case files and report.json, which the failure text names.
const (
	maxJUnitName    = 160
	maxJUnitText    = 1000
	maxJUnitFailure = 8 << 10
	maxJUnitFinding = 2 << 10
)

// WriteJUnit writes the Ginkgo reports as JUnit XML with one testcase per
// spec. Unlike Ginkgo's own junit.xml it names each testcase short, as
// "CLAUSE-ID: spec text" (at most 160 characters), and records the spec's
// full text, clause IDs, other labels and findings as testcase
// properties; it gives the file and line of the spec, a one-line failure
// message, a testcase with an error for each reason a suite failed as a
// whole (so a suite that did not compile is not green), and leaves out
// setup nodes that passed. With opts.Matrix, expected failures are
// skipped testcases whose message gives the expectation's reason, and a
// passed spec of a clause expected to fail carries an "unexpected-pass"
// property. A spec that could not set up its fixtures is an error of
// type "could-not-test", neither a failure nor a pass; so is a whole run
// that could not test (opts.Matrix.CouldNotTest), as a testcase of its
// own. A failure's text opens with the signature of each of its findings,
// and holds each reproducer once: a finding property leaves out a
// reproducer the failure text shows. Failure texts and findings are cut
// to a few kilobytes; the case files and report.json keep them whole.
func WriteJUnit(w io.Writer, rs []types.Report, opts JUnitOptions) error {
	out := junitSuites{Name: opts.Name}
	if out.Name == "" {
		out.Name = "lambdaconf"
	}
	for _, r := range rs {
		suite := junitSuite{Name: r.SuiteDescription, Time: r.RunTime.Seconds()}
		if !r.StartTime.IsZero() {
			suite.Timestamp = r.StartTime.UTC().Format("2006-01-02T15:04:05")
		}
		if suite.Name == "" {
			suite.Name = r.SuitePath
		}
		suite.Properties = append(suite.Properties,
			junitProperty{"SuiteSucceeded", fmt.Sprint(r.SuiteSucceeded)},
			junitProperty{"RandomSeed", fmt.Sprint(r.SuiteConfig.RandomSeed)})
		if r.SuiteConfig.LabelFilter != "" {
			suite.Properties = append(suite.Properties, junitProperty{"LabelFilter", r.SuiteConfig.LabelFilter})
		}
		// Ginkgo's own junit.xml shows a suite that did not compile as zero
		// tests and zero failures, which CI readers show as green; a
		// testcase with an error per reason makes the failure visible.
		for _, reason := range r.SpecialSuiteFailureReasons {
			suite.Properties = append(suite.Properties, junitProperty{"SpecialSuiteFailureReason", reason})
			suite.Cases = append(suite.Cases, junitCase{
				Name:      "[suite failure] " + oneLine(firstLine(reason)),
				Classname: suite.Name,
				Error:     &junitProblem{Message: oneLine(firstLine(reason)), Type: "suite-failure", Body: reason},
			})
			suite.Tests++
			suite.Errors++
		}
		for _, s := range r.SpecReports {
			if s.LeafNodeType != types.NodeTypeIt && !s.Failed() {
				continue
			}
			c := junitCaseOf(s, suite.Name, opts.Root, opts.Matrix)
			suite.Tests++
			switch {
			case c.Failure != nil:
				suite.Failures++
			case c.Error != nil:
				suite.Errors++
			case c.Skipped != nil:
				suite.Skipped++
			}
			suite.Cases = append(suite.Cases, c)
		}
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Errors += suite.Errors
		out.Skipped += suite.Skipped
		out.Time += suite.Time
		out.Suites = append(out.Suites, suite)
	}
	if m := opts.Matrix; m != nil && m.CouldNotTest != "" {
		// A run that could not test has no verdict: one testcase with an
		// error says so, rather than a file that is missing or green.
		msg := limitRunes(oneLine(firstLine(m.CouldNotTest)), maxJUnitText)
		out.Suites = append(out.Suites, junitSuite{Name: out.Name, Tests: 1, Errors: 1, Cases: []junitCase{{
			Name:      limitRunes("[could not test] "+msg, maxJUnitName),
			Classname: out.Name,
			Error:     &junitProblem{Message: msg, Type: "could-not-test", Body: limitRunes(m.CouldNotTest, maxJUnitFailure)},
		}}})
		out.Tests++
		out.Errors++
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitCaseOf(s types.SpecReport, classname, root string, m *Matrix) junitCase {
	var clauses []string
	var others []string
	for _, l := range s.Labels() {
		// A retired ID (an alias) labels a spec next to today's ID.
		if c, ok := spec.Lookup(spec.ClauseID(l)); ok && c.ID == spec.ClauseID(l) {
			clauses = append(clauses, l)
		} else {
			others = append(others, l)
		}
	}
	c := junitCase{Name: junitName(s, clauses), Classname: classname, Time: s.RunTime.Seconds()}
	if loc := s.LeafNodeLocation; loc.FileName != "" {
		c.File = loc.FileName
		if root != "" {
			if rel, err := filepath.Rel(root, loc.FileName); err == nil && !strings.HasPrefix(rel, "..") {
				c.File = filepath.ToSlash(rel)
			}
		}
		c.Line = loc.LineNumber
	}
	if full := s.FullText(); full != "" {
		c.Properties = append(c.Properties, junitProperty{"spec", limit(oneLine(full), maxJUnitText)})
	}
	for _, id := range clauses {
		c.Properties = append(c.Properties, junitProperty{"clause", id})
	}
	for _, l := range others {
		c.Properties = append(c.Properties, junitProperty{"label", l})
	}
	fs, _ := Findings(s)
	msg := failureMessage(s)
	body := limit(msg, maxJUnitFailure)
	if body != msg {
		body += "\n(cut: the whole text is in report.json, and each finding's input in its case file)"
	}
	// The failure text opens with each finding's signature, the key
	// that compares runs, ahead of any cut.
	var sigs []string
	for _, f := range fs {
		if sig := "signature: " + f.Signature(); !slices.Contains(sigs, sig) {
			sigs = append(sigs, sig)
		}
	}
	if len(sigs) > 0 && msg != "" {
		body = strings.Join(sigs, "\n") + "\n\n" + body
	}
	for i, f := range fs {
		// A reproducer too long to show whole (a large body as a base64
		// heredoc) would be cut into a command that does not run: the
		// case file's replay command stands for it.
		if _, file, ok := strings.Cut(f.Seed, "case file "); ok && len(f.Reproducer) > maxJUnitFinding && !strings.Contains(body, f.Reproducer) {
			fs[i].Reproducer = "lambdaconf replay -case " + strings.TrimSpace(file) + "  (the curl command is in the case file)"
			body += "\nreproduce: " + fs[i].Reproducer
		}
	}
	for _, f := range fs {
		if f.Reproducer != "" && strings.Contains(body, f.Reproducer) {
			// The failure text shows it already: once is enough.
			f.Reproducer = ""
		}
		f.Input = limit(f.Input, maxJUnitFinding)
		f.Reproducer = limit(f.Reproducer, maxJUnitFinding)
		data, err := json.Marshal(f)
		if err != nil {
			continue
		}
		c.Properties = append(c.Properties, junitProperty{"finding", string(data)})
	}
	if loc := s.Failure.Location; loc.FileName != "" {
		body += fmt.Sprintf("\n\nat %s:%d", loc.FileName, loc.LineNumber)
	}
	setupErr, setupFailed := SetupFailure(s)
	switch {
	case setupFailed:
		// Could not test: no verdict on the endpoint, so no failure of
		// it either, but no pass.
		c.Error = &junitProblem{Message: limit(oneLine("could not test (set-up): "+strings.TrimPrefix(firstLine(setupErr), "could not test: ")), maxJUnitText), Type: "could-not-test", Body: body}
	case s.State == types.SpecStateFailed, s.State == types.SpecStateTimedout, s.State == types.SpecStateAborted:
		if reasons, ok := expectedFailure(m, s, fs, clauses); ok {
			for _, r := range reasons {
				c.Properties = append(c.Properties, junitProperty{"expected-failure", r})
			}
			c.Skipped = &junitSkipped{Message: limit(oneLine("expected failure: "+strings.Join(reasons, "; ")), maxJUnitText)}
			break
		}
		c.Failure = &junitProblem{Message: limit(oneLine(firstLine(msg)), maxJUnitText), Type: s.State.String(), Body: body}
	case s.State == types.SpecStatePanicked, s.State == types.SpecStateInterrupted:
		c.Error = &junitProblem{Message: limit(oneLine(firstLine(msg)), maxJUnitText), Type: s.State.String(), Body: body}
	case s.State == types.SpecStateSkipped:
		c.Skipped = &junitSkipped{Message: limit(oneLine(firstLine(msg)), maxJUnitText)}
	case s.State == types.SpecStatePending:
		c.Skipped = &junitSkipped{Message: "pending"}
	}
	if s.State == types.SpecStatePassed && m != nil {
		// A pass the expectations file did not foresee: the spec stays
		// passed, and a property tells CI readers to update the file.
		for _, id := range clauses {
			if r, ok := m.Clause(spec.ClauseID(id)); ok && r.Verdict == UnexpectedPass {
				c.Properties = append(c.Properties, junitProperty{"unexpected-pass", id + ": " + r.Note})
			}
		}
	}
	c.SystemOut = limit(s.CapturedGinkgoWriterOutput+s.CapturedStdOutErr, maxJUnitFailure)
	return c
}

// junitName names a spec's testcase "CLAUSE-ID: spec text": the spec's
// text is its leaf text, after its outermost container when the leaf
// alone does not start with a clause, prefixed with its first clause
// label unless it starts with one already, and cut to maxJUnitName
// characters. Setup nodes keep Ginkgo's "[BeforeSuite]" form.
func junitName(s types.SpecReport, clauses []string) string {
	if s.LeafNodeType != types.NodeTypeIt {
		return limitRunes(oneLine("["+s.LeafNodeType.String()+"] "+s.FullText()), maxJUnitName)
	}
	text := oneLine(s.LeafNodeText)
	if id, _, ok := strings.Cut(text, ":"); ok {
		if _, known := spec.Lookup(spec.ClauseID(id)); known {
			return limitRunes(text, maxJUnitName)
		}
	}
	if len(s.ContainerHierarchyTexts) > 0 {
		text = oneLine(s.ContainerHierarchyTexts[0] + " " + text)
	}
	if len(clauses) > 0 {
		text = clauses[0] + ": " + text
	}
	return limitRunes(text, maxJUnitName)
}

// limitRunes cuts s to at most n characters, the last one an ellipsis
// when it cuts.
func limitRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// expectedFailure reports whether the failed spec s fails only clauses that
// m lists as expected failures, and returns "CLAUSE-ID: reason" for each.
// A spec with findings fails the clauses they name; one without fails every
// clause it carries. A finding outside the matrix's profile, or a clause
// that failed with an unpinned signature, leaves the failure unexpected.
func expectedFailure(m *Matrix, s types.SpecReport, fs []finding.Finding, labels []string) ([]string, bool) {
	if m == nil {
		return nil, false
	}
	var failed []spec.ClauseID
	for _, f := range fs {
		if !slices.Contains(failed, f.Clause) {
			failed = append(failed, f.Clause)
		}
	}
	if len(fs) == 0 {
		for _, l := range labels {
			if _, ok := m.Clause(spec.ClauseID(l)); ok {
				failed = append(failed, spec.ClauseID(l))
			}
		}
	}
	if len(failed) == 0 {
		return nil, false
	}
	var reasons []string
	for _, id := range failed {
		c, ok := m.Clause(id)
		if !ok || c.Verdict != ExpectedFail || c.Expectation == nil {
			return nil, false
		}
		reasons = append(reasons, string(id)+": "+c.Expectation.Reason)
	}
	return reasons, true
}
