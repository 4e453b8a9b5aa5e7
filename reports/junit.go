package reports

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

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
}

// WriteJUnit writes the Ginkgo reports as JUnit XML with one testcase per
// spec. Unlike Ginkgo's own junit.xml it records each spec's clause IDs and
// findings as testcase properties, the file and line of the spec, a
// one-line failure message, a testcase with an error for each reason a
// suite failed as a whole (so a suite that did not compile is not green),
// and leaves out setup nodes that passed.
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
			c := junitCaseOf(s, suite.Name, opts.Root)
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

func junitCaseOf(s types.SpecReport, classname, root string) junitCase {
	name := s.FullText()
	if s.LeafNodeType != types.NodeTypeIt {
		name = strings.TrimSpace("[" + s.LeafNodeType.String() + "] " + name)
	}
	var clauses []string
	for _, l := range s.Labels() {
		// A retired ID (an alias) labels a spec next to today's ID.
		if c, ok := spec.Lookup(spec.ClauseID(l)); ok && c.ID == spec.ClauseID(l) {
			clauses = append(clauses, l)
		}
	}
	if len(clauses) > 0 {
		name += " [" + strings.Join(clauses, ", ") + "]"
	}
	c := junitCase{Name: name, Classname: classname, Time: s.RunTime.Seconds()}
	if loc := s.LeafNodeLocation; loc.FileName != "" {
		c.File = loc.FileName
		if root != "" {
			if rel, err := filepath.Rel(root, loc.FileName); err == nil && !strings.HasPrefix(rel, "..") {
				c.File = filepath.ToSlash(rel)
			}
		}
		c.Line = loc.LineNumber
	}
	for _, id := range clauses {
		c.Properties = append(c.Properties, junitProperty{"clause", id})
	}
	fs, _ := Findings(s)
	for _, f := range fs {
		data, err := json.Marshal(f)
		if err != nil {
			continue
		}
		c.Properties = append(c.Properties, junitProperty{"finding", string(data)})
	}
	msg := failureMessage(s)
	body := msg
	if loc := s.Failure.Location; loc.FileName != "" {
		body += fmt.Sprintf("\n\nat %s:%d", loc.FileName, loc.LineNumber)
	}
	switch s.State {
	case types.SpecStateFailed, types.SpecStateTimedout, types.SpecStateAborted:
		c.Failure = &junitProblem{Message: oneLine(firstLine(msg)), Type: s.State.String(), Body: body}
	case types.SpecStatePanicked, types.SpecStateInterrupted:
		c.Error = &junitProblem{Message: oneLine(firstLine(msg)), Type: s.State.String(), Body: body}
	case types.SpecStateSkipped:
		c.Skipped = &junitSkipped{Message: oneLine(firstLine(msg))}
	case types.SpecStatePending:
		c.Skipped = &junitSkipped{Message: "pending"}
	}
	c.SystemOut = s.CapturedGinkgoWriterOutput + s.CapturedStdOutErr
	return c
}
