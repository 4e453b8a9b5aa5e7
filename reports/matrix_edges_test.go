package reports

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// The tests in this file pin the matrix's edges: each counter, the bound of
// a file read, the fallbacks of set-up failures and suite names, the
// earliest start time, and the first recorded profile and endpoint.

// TestTotalsCountEachVerdict adds one clause of each verdict and expects
// one of each, and eight clauses in all.
func TestTotalsCountEachVerdict(t *testing.T) {
	var got Totals
	for _, v := range []Verdict{"pass", "fail", "expected-fail", "unexpected-pass", "could-not-test", "skipped", "not-run", "untested"} {
		got.add(v)
	}
	want := Totals{Clauses: 8, Pass: 1, Fail: 1, ExpectedFail: 1, UnexpectedPass: 1, CouldNotTest: 1, Skipped: 1, NotRun: 1, Untested: 1}
	if got != want {
		t.Errorf("totals %+v, want %+v", got, want)
	}
}

// TestReadBoundedAtItsBound reads exactly the bound (accepted) and one byte
// more (refused as too large).
func TestReadBoundedAtItsBound(t *testing.T) {
	if b, err := readBounded(strings.NewReader("0123456789"), 10); err != nil || string(b) != "0123456789" {
		t.Errorf("10 bytes under a bound of 10: %q, %v", b, err)
	}
	if _, err := readBounded(strings.NewReader("0123456789X"), 10); !errors.Is(err, errTooLarge) {
		t.Errorf("11 bytes under a bound of 10: %v, want errTooLarge", err)
	}
}

// TestSetupFailureFallsBackToTheFailure checks that a set-up entry without
// a usable message (empty, or not a string) gives the first line of the
// spec's failure instead, and that a usable one is returned as it is.
func TestSetupFailureFallsBackToTheFailure(t *testing.T) {
	for _, tc := range []struct {
		value any
		want  string
	}{
		{"", "creating the function: 500 …"},
		{42, "creating the function: 500 …"},
		{"no IAM role", "no IAM role"},
	} {
		s := mkSpec("names", state(types.SpecStateFailed, "creating the function: 500\nbody: {}"))
		s.ReportEntries = append(s.ReportEntries, types.ReportEntry{Name: finding.SetupEntryName, Value: types.WrapEntryValue(tc.value)})
		if got, ok := SetupFailure(s); !ok || got != tc.want {
			t.Errorf("set-up entry %#v: SetupFailure = %q, %v; want %q", tc.value, got, ok, tc.want)
		}
	}
}

// TestRecordedTakesTheFirstProfileAndEndpoint checks that when the reports
// record several profiles or endpoints, the first of each counts.
func TestRecordedTakesTheFirstProfileAndEndpoint(t *testing.T) {
	rs := []types.Report{
		{SuiteLabels: []string{"smoke", "profile:seed", "endpoint:http://127.0.0.1:4566"}},
		{SuiteLabels: []string{"profile:aws", "endpoint:http://127.0.0.1:5000"}},
	}
	if p, e := recorded(rs); p != "seed" || e != "http://127.0.0.1:4566" {
		t.Errorf("recorded = %q, %q; want seed and http://127.0.0.1:4566", p, e)
	}
}

// TestBuildSuiteFailureNames checks that a suite failure is named after the
// suite's description, or its path when it has none.
func TestBuildSuiteFailureNames(t *testing.T) {
	described := mkReport(mkSpec("names"))
	described.SpecialSuiteFailureReasons = []string{"  AfterSuite failed  "}
	bare := mkReport(mkSpec("zips"))
	bare.SuiteDescription = ""
	bare.SpecialSuiteFailureReasons = []string{"interrupted"}
	m := mustBuild(t, []types.Report{described, bare}, Options{})
	want := []string{"lambdaconf suites: AfterSuite failed", "/src/suites: interrupted"}
	if strings.Join(m.SuiteFailures, "\n") != strings.Join(want, "\n") {
		t.Errorf("suite failures %q, want %q", m.SuiteFailures, want)
	}
}

// TestBuildStartsAtTheEarliestReport checks that the matrix's start time is
// the earliest of its reports', whatever their order, and that a report
// without one does not count.
func TestBuildStartsAtTheEarliestReport(t *testing.T) {
	at := func(hour int) types.Report {
		r := mkReport(mkSpec("names"))
		r.StartTime = time.Date(2026, 11, 26, hour, 0, 0, 0, time.UTC)
		return r
	}
	zero := mkReport(mkSpec("zips"))
	zero.StartTime = time.Time{}
	m := mustBuild(t, []types.Report{at(2), zero, at(1), at(3)}, Options{})
	if want := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC); !m.StartTime.Equal(want) {
		t.Errorf("start time %v, want %v", m.StartTime, want)
	}
}

// TestBuildPassingSpecWithoutClauseIsNoFailure checks that only failed
// specs can be unattributed failures: a passing spec that carries no clause
// is not one.
func TestBuildPassingSpecWithoutClauseIsNoFailure(t *testing.T) {
	m := mustBuild(t, []types.Report{mkReport(mkSpec("harness self-check"), mkSpec("fails", state(types.SpecStateFailed, "boom")))}, Options{})
	if len(m.Unattributed) != 1 || m.Unattributed[0].Name != "UpdateFunctionCode fails" {
		t.Errorf("unattributed failures %+v, want the failed spec alone", m.Unattributed)
	}
}

// TestBuildNoteCountsOnlyWhatHappened checks the note of a clause that one
// spec passed and another skipped: it names both, and no evaluation that
// did not happen.
func TestBuildNoteCountsOnlyWhatHappened(t *testing.T) {
	m := mustBuild(t, []types.Report{mkReport(
		mkSpec("names", labels(string(spec.NamePattern))),
		mkSpec("more names", labels(string(spec.NamePattern)), state(types.SpecStateSkipped, "not in this profile")),
	)}, Options{})
	c, _ := m.Clause(spec.NamePattern)
	if c.Verdict != Pass || !strings.Contains(c.Note, "passed 1 of 2 specs") || !strings.Contains(c.Note, "1 skipped") || strings.Contains(c.Note, "evaluated") {
		t.Errorf("NAME-PATTERN: %s, note %q", c.Verdict, c.Note)
	}
	if len(c.Specs) == 0 || c.Specs[0].Location != "/src/suites/names_test.go:42" {
		t.Errorf("NAME-PATTERN's first spec %+v, want its location /src/suites/names_test.go:42", c.Specs)
	}
}

// TestNormalizeSignatureDropsALeadingClass checks that the class segment is
// dropped wherever it starts, the very start included.
func TestNormalizeSignatureDropsALeadingClass(t *testing.T) {
	if got := NormalizeSignature(" | class valid"); got != "" {
		t.Errorf("NormalizeSignature(%q) = %q, want empty", " | class valid", got)
	}
}

// TestFailureMessageOfPanics checks that only a panicked spec with a
// forwarded panic is described by the panic.
func TestFailureMessageOfPanics(t *testing.T) {
	for _, tc := range []struct {
		state       types.SpecState
		panic, want string
	}{
		{types.SpecStatePanicked, "nil map", "panic: nil map"},
		{types.SpecStatePanicked, "", "boom"},
		{types.SpecStateFailed, "nil map", "boom"},
	} {
		s := mkSpec("x", state(tc.state, "boom"))
		s.Failure.ForwardedPanic = tc.panic
		if got := failureMessage(s); got != tc.want {
			t.Errorf("%s spec, forwarded panic %q: %q, want %q", tc.state, tc.panic, got, tc.want)
		}
	}
}

// TestConformsStrictly checks Conforms with and without strictness: a run
// with no failure conforms either way; one whose expected failure passed
// conforms only when not strict.
func TestConformsStrictly(t *testing.T) {
	clean := mustBuild(t, []types.Report{mkReport(mkSpec("names", labels(string(spec.NamePattern))))}, Options{})
	if !clean.Conforms(false) || !clean.Conforms(true) {
		t.Errorf("a run without failures: Conforms(false) = %v, Conforms(true) = %v", clean.Conforms(false), clean.Conforms(true))
	}
	x, err := ParseExpectations(strings.NewReader("profile: aws\nNAME-PATTERN fail # the route never validates names\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	passed := mustBuild(t, []types.Report{mkReport(mkSpec("names", labels(string(spec.NamePattern))))}, Options{Expectations: x})
	if !passed.Conforms(false) || passed.Conforms(true) {
		t.Errorf("an expected failure that passed: Conforms(false) = %v, Conforms(true) = %v; want true, false", passed.Conforms(false), passed.Conforms(true))
	}
}

// TestFirstFailureSkipsPassesAndSkips checks that FirstFailure returns the
// first failed spec, not a passed one before it nor a skipped one with a
// message.
func TestFirstFailureSkipsPassesAndSkips(t *testing.T) {
	c := ClauseResult{Specs: []SpecResult{
		{Name: "passed", State: types.SpecStatePassed.String()},
		{Name: "skipped", State: types.SpecStateSkipped.String(), Failure: "not in this profile"},
		{Name: "failed", State: types.SpecStateFailed.String(), Failure: "boom"},
	}}
	if f := c.FirstFailure(); f == nil || f.Name != "failed" {
		t.Errorf("FirstFailure = %+v, want the failed spec", f)
	}
	if f := (ClauseResult{Specs: c.Specs[:2]}).FirstFailure(); f != nil {
		t.Errorf("FirstFailure without a failure = %+v, want nil", f)
	}
}

// TestFirstReproducerFallsBackToAnInput checks that without any
// reproducer, the first non-empty input stands in for one.
func TestFirstReproducerFallsBackToAnInput(t *testing.T) {
	c := ClauseResult{Findings: []finding.Finding{{Clause: spec.ZipNotZip}, {Clause: spec.ZipNotZip, Input: `ZipFile="UEsF"`}}}
	if got := c.FirstReproducer(); got != `ZipFile="UEsF"` {
		t.Errorf("FirstReproducer = %q, want the second finding's input", got)
	}
	if got := (ClauseResult{Findings: c.Findings[:1]}).FirstReproducer(); got != "" {
		t.Errorf("FirstReproducer without reproducer or input = %q", got)
	}
}
