package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/spec"
)

// setupEntryName is finding.SetupEntryName, which a local variable hides
// in TestBuildVerdicts.
const setupEntryName = finding.SetupEntryName

func TestBuildVerdicts(t *testing.T) {
	const id = spec.NamePattern
	finding := nameFinding(id, "200")
	finding2 := nameFinding("NAME-TOO-LONG", "200")
	cases := []struct {
		name     string
		specs    []types.SpecReport
		expect   string // expectations file, empty for none
		verdict  Verdict
		note     string // substring of the note
		findings int
		sigs     []string
	}{
		{name: "every spec passed", verdict: Pass, specs: []types.SpecReport{
			mkSpec("a", labels(string(id))), mkSpec("b", labels(string(id), "property")),
		}},
		{name: "a finding names it", verdict: Fail, findings: 1, sigs: []string{finding.Signature()}, specs: []types.SpecReport{
			mkSpec("a", labels(string(id))),
			mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "[NAME-PATTERN] bad"), withFinding(finding)),
		}},
		{name: "a finding names it on a spec without its label", verdict: Fail, findings: 1, specs: []types.SpecReport{
			mkSpec("b", labels(string(spec.NameTooLong)), state(types.SpecStateFailed, "boom"), withFinding(finding)),
		}},
		{name: "failed without a finding", verdict: Fail, note: "failed without a finding: UpdateFunctionCode b: Expected 400",
			sigs: []string{"NAME-PATTERN | failed without a finding"}, specs: []types.SpecReport{
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "Expected 400\n  got 200")),
			}},
		{name: "panicked without a finding", verdict: Fail, note: "panic: nil map", specs: []types.SpecReport{
			mkSpec("b", labels(string(id)), func(s *types.SpecReport) {
				s.State = types.SpecStatePanicked
				s.Failure.Message = "Test Panicked"
				s.Failure.Location = types.CodeLocation{FileName: "/src/suites/names_test.go", LineNumber: 7}
				s.Failure.ForwardedPanic = "nil map"
			}),
		}},
		// A spec whose set-up failed could not test: its clause neither
		// fails nor meets an expectation of failure.
		{name: "set-up failed", verdict: CouldNotTest, note: "1 could not test (set-up failed)", specs: []types.SpecReport{
			mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "creating the fixture function: AccessDenied"),
				entry(setupEntryName, "creating the fixture function: AccessDenied")),
		}},
		{name: "set-up failed, expected to fail", verdict: CouldNotTest, expect: "NAME-PATTERN fail # moto never validates names\n",
			specs: []types.SpecReport{
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "set-up"), entry(setupEntryName, "set-up")),
			}},
		{name: "set-up failed in one spec, evaluated by another", verdict: Pass, specs: []types.SpecReport{
			mkSpec("a", labels(string(id)), evaluated(id)),
			mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "set-up"), entry(setupEntryName, "set-up")),
		}},
		{name: "every spec skipped", verdict: Skipped, note: "outside the seed profile", specs: []types.SpecReport{
			mkSpec("a", labels(string(id)), state(types.SpecStateSkipped, "outside the seed profile")),
		}},
		{name: "some specs skipped", verdict: Pass, note: "passed 1 of 2 specs, 1 skipped", specs: []types.SpecReport{
			mkSpec("a", labels(string(id))), mkSpec("b", labels(string(id)), state(types.SpecStateSkipped, "")),
		}},
		{name: "stopped on another clause", verdict: Pass, note: "1 stopped on another clause's finding", specs: []types.SpecReport{
			mkSpec("a", labels(string(id))),
			mkSpec("b", labels(string(id), "NAME-TOO-LONG"), state(types.SpecStateFailed, "x"), withFinding(finding2)),
		}},
		{name: "only stopped on another clause", verdict: NotRun, note: "1 stopped on another clause's finding", specs: []types.SpecReport{
			mkSpec("b", labels(string(id), "NAME-TOO-LONG"), state(types.SpecStateFailed, "x"), withFinding(finding2)),
		}},
		{name: "pending", verdict: NotRun, note: "1 pending or not run", specs: []types.SpecReport{
			mkSpec("a", labels(string(id)), state(types.SpecStatePending, "")),
		}},
		{name: "stopped on another clause", verdict: NotRun, note: "stopped on another clause's finding", specs: []types.SpecReport{
			mkSpec("a", labels(string(id), string(spec.NameTooLong)), state(types.SpecStateFailed, "x"),
				withFinding(nameFinding(spec.NameTooLong, "200"))),
		}},
		// With the record of what each spec evaluated.
		{name: "evaluated by a spec stopped on another clause", verdict: Pass, specs: []types.SpecReport{
			mkSpec("b", labels(string(id), "NAME-TOO-LONG"), state(types.SpecStateFailed, "x"), withFinding(finding2),
				evaluated(id, "NAME-TOO-LONG")),
		}},
		{name: "evaluated without a label", verdict: Pass, specs: []types.SpecReport{
			mkSpec("a", labels("property"), evaluated(id)),
		}},
		{name: "evaluated by one spec, passed without it by another", verdict: Pass,
			note: "evaluated in 1 of 3 specs, 1 stopped on another clause's finding, 1 passed without evaluating it", specs: []types.SpecReport{
				mkSpec("a", labels(string(id)), evaluated(spec.NameTooLong)),
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(finding2), evaluated(id)),
				mkSpec("c", labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(finding2), evaluated(spec.NameTooLong)),
			}},
		{name: "evaluated and pending elsewhere", verdict: Pass, note: "evaluated in 1 of 2 specs, 1 pending or not run", specs: []types.SpecReport{
			mkSpec("a", labels(string(id)), evaluated(id)),
			mkSpec("b", labels(string(id)), state(types.SpecStatePending, "")),
		}},
		{name: "passed without evaluating it", verdict: NotRun, note: "2 passed without evaluating it", specs: []types.SpecReport{
			mkSpec("a", labels(string(id)), evaluated(spec.NameTooLong)),
			mkSpec("b", labels(string(id)), evaluated()),
		}},
		{name: "stopped before evaluating it", verdict: NotRun, note: "1 stopped on another clause's finding", specs: []types.SpecReport{
			mkSpec("b", labels(string(id), "NAME-TOO-LONG"), state(types.SpecStateFailed, "x"), withFinding(finding2),
				evaluated(spec.NameTooLong)),
		}},
		{name: "evaluated, and a finding names it in another spec", verdict: Fail, findings: 1, specs: []types.SpecReport{
			mkSpec("a", labels(string(id)), evaluated(id)),
			mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(finding), evaluated(id)),
		}},
		{name: "evaluated, then failed without a finding", verdict: Fail, note: "failed without a finding: UpdateFunctionCode b: timed out",
			specs: []types.SpecReport{
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "timed out"), evaluated(id)),
			}},
		{name: "a report from before the record, mixed with one after", verdict: Pass,
			note: "passed 1 of 2 specs, 1 passed without evaluating it", specs: []types.SpecReport{
				mkSpec("a", labels(string(id))),
				mkSpec("b", labels(string(id)), evaluated(spec.NameTooLong)),
			}},
		{name: "expected failure evaluated elsewhere without a finding", verdict: UnexpectedPass,
			expect: "NAME-PATTERN fail # moto never validates names\n", specs: []types.SpecReport{
				mkSpec("b", labels(string(id), "NAME-TOO-LONG"), state(types.SpecStateFailed, "x"), withFinding(finding2), evaluated(id)),
			}},
		{name: "no spec carries it", verdict: Untested, note: "no spec carries", specs: []types.SpecReport{
			mkSpec("a", labels(string(spec.NameTooLong))),
		}},
		{name: "expected failure fails", verdict: ExpectedFail, findings: 1,
			expect: "NAME-PATTERN fail # moto never validates names\n", specs: []types.SpecReport{
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(finding)),
			}},
		{name: "expected failure passes", verdict: UnexpectedPass, note: "remove the line",
			expect: "NAME-PATTERN fail # moto never validates names\n", specs: []types.SpecReport{
				mkSpec("a", labels(string(id))),
			}},
		{name: "pinned signature matches", verdict: ExpectedFail, findings: 1,
			expect: "NAME-PATTERN fail # moto\n  signature: " + finding.Signature() + "\n", specs: []types.SpecReport{
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(finding)),
			}},
		{name: "pinned signature differs", verdict: Fail, findings: 1, note: "with another signature: NAME-PATTERN | expected 400 ValidationException | got 500",
			expect: "NAME-PATTERN fail # moto\n  signature: " + finding.Signature() + "\n", specs: []types.SpecReport{
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(nameFinding(id, "500"))),
			}},
		{name: "flaky failure", verdict: ExpectedFail, findings: 1,
			expect: "NAME-PATTERN flaky # depends on load\n", specs: []types.SpecReport{
				mkSpec("b", labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(finding)),
			}},
		{name: "flaky pass", verdict: Pass,
			expect: "NAME-PATTERN flaky # depends on load\n", specs: []types.SpecReport{
				mkSpec("a", labels(string(id))),
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{}
			if tc.expect != "" {
				x, err := ParseExpectations(strings.NewReader(tc.expect), "x.txt")
				if err != nil {
					t.Fatalf("ParseExpectations: %v", err)
				}
				opts.Expectations = x
			}
			m := mustBuild(t, roundTrip(t, mkReport(tc.specs...)), opts)
			c := verdictOf(t, m, id)
			if c.Verdict != tc.verdict {
				t.Fatalf("verdict %s, want %s (note %q)", c.Verdict, tc.verdict, c.Note)
			}
			if !strings.Contains(c.Note, tc.note) {
				t.Errorf("note %q does not contain %q", c.Note, tc.note)
			}
			if len(c.Findings) != tc.findings {
				t.Errorf("%d findings, want %d", len(c.Findings), tc.findings)
			}
			if tc.sigs != nil && strings.Join(c.Signatures, "\n") != strings.Join(tc.sigs, "\n") {
				t.Errorf("signatures %q, want %q", c.Signatures, tc.sigs)
			}
		})
	}
}

func TestBuildTotalsAndConformance(t *testing.T) {
	rs := roundTrip(t, mkReport(
		mkSpec("pattern", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "x"), withFinding(nameFinding(spec.NamePattern, "200"))),
		mkSpec("too long", labels(string(spec.NameTooLong))),
		mkSpec("hash", labels(string(spec.HashInline), "property")),
		mkSpec("seed only", labels(string(spec.NamePartitionSeed)), state(types.SpecStateSkipped, "not in profile aws")),
	))
	m := mustBuild(t, rs, Options{Endpoint: "http://127.0.0.1:5000", Name: "moto"})
	all := len(spec.ForProfile(spec.ProfileAWS))
	if len(m.Clauses) != all || m.Totals.Clauses != all {
		t.Fatalf("%d clauses, totals %d; the aws profile has %d", len(m.Clauses), m.Totals.Clauses, all)
	}
	if m.Totals.Pass != 2 || m.Totals.Fail != 1 || m.Totals.Untested != all-3 {
		t.Errorf("totals %+v: want 2 pass, 1 fail, %d untested", m.Totals, all-3)
	}
	var names, hash Totals
	sum := Totals{}
	for _, a := range m.Areas {
		switch a.Area {
		case spec.AreaNames:
			names = a.Totals
		case spec.AreaHash:
			hash = a.Totals
		}
		sum.Clauses += a.Totals.Clauses
	}
	if names.Pass != 1 || names.Fail != 1 || hash.Pass != 1 || hash.Fail != 0 {
		t.Errorf("area totals names %+v hash %+v", names, hash)
	}
	if sum.Clauses != all || len(m.Areas) != len(spec.Areas) {
		t.Errorf("areas hold %d clauses in %d areas, want %d in %d", sum.Clauses, len(m.Areas), all, len(spec.Areas))
	}
	if m.Conforms(false) {
		t.Error("a run with a failing clause conforms")
	}
	if m.Endpoint != "http://127.0.0.1:5000" || m.Profile != spec.ProfileAWS || m.RunTimeSeconds != 3 {
		t.Errorf("run labels: endpoint %q profile %q run time %v", m.Endpoint, m.Profile, m.RunTimeSeconds)
	}
	if len(m.Warnings) != 0 {
		t.Errorf("a skipped seed-only spec should not warn: %q", m.Warnings)
	}
	if _, ok := m.Clause(spec.NamePartitionSeed); ok {
		t.Error("a seed-only clause appears in an aws matrix")
	}
}

func TestBuildUnattributedAndWarnings(t *testing.T) {
	rs := roundTrip(t, mkReport(
		mkSpec("", func(s *types.SpecReport) {
			s.LeafNodeType = types.NodeTypeBeforeSuite
			s.State = types.SpecStateFailed
			s.Failure.Message = "could not reach endpoint"
		}),
		mkSpec("stray", labels(string(spec.NameTooLong)), state(types.SpecStateFailed, "x"),
			withFinding(nameFinding("NO-SUCH-CLAUSE", "200"))),
	))
	m := mustBuild(t, rs, Options{})
	if len(m.Unattributed) != 2 {
		t.Fatalf("unattributed %+v, want the BeforeSuite failure and the stray finding", m.Unattributed)
	}
	if m.Conforms(false) {
		t.Error("a run with unattributed failures conforms")
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], `"NO-SUCH-CLAUSE", which is not a catalogue clause`) {
		t.Errorf("warnings %q", m.Warnings)
	}
	if c := verdictOf(t, m, spec.NameTooLong); c.Verdict != NotRun {
		t.Errorf("a spec stopped by a stray finding gives %s its verdict %s, want not-run", c.ID, c.Verdict)
	}
}

func TestBuildProfileFromReport(t *testing.T) {
	cases := []struct {
		name string
		r    types.Report
		opts Options
		want spec.Profile
		end  string
	}{
		{name: "report entries", r: mkReport(mkSpec("", entry(ProfileEntryName, "seed"), entry(EndpointEntryName, "http://127.0.0.1:9000"),
			func(s *types.SpecReport) { s.LeafNodeType = types.NodeTypeReportBeforeSuite })), want: spec.ProfileSeed, end: "http://127.0.0.1:9000"},
		{name: "suite labels", r: func() types.Report {
			r := mkReport()
			r.SuiteLabels = []string{"profile:seed", "endpoint:http://127.0.0.1:5000"}
			return r
		}(), want: spec.ProfileSeed, end: "http://127.0.0.1:5000"},
		{name: "flags win", r: mkReport(mkSpec("", entry(ProfileEntryName, "seed"))), opts: Options{Profile: spec.ProfileAWS, Endpoint: "x"},
			want: spec.ProfileAWS, end: "x"},
		{name: "default", r: mkReport(), want: spec.ProfileAWS},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := mustBuild(t, roundTrip(t, tc.r), tc.opts)
			if m.Profile != tc.want || m.Endpoint != tc.end {
				t.Errorf("profile %q endpoint %q, want %q %q", m.Profile, m.Endpoint, tc.want, tc.end)
			}
		})
	}
	if _, err := Build(roundTrip(t, mkReport(mkSpec("", entry(ProfileEntryName, "azure")))), Options{}); err == nil || !strings.Contains(err.Error(), `unknown profile "azure"`) {
		t.Errorf("an unknown recorded profile gives %v", err)
	}
	x := &Expectations{Path: "seed.txt", Profile: spec.ProfileSeed}
	if _, err := Build(nil, Options{Expectations: x}); err == nil || !strings.Contains(err.Error(), "seed.txt are for profile seed") {
		t.Errorf("mismatched expectations profile gives %v", err)
	}
}

func TestBuildInMemoryEntries(t *testing.T) {
	// Reports built in memory (never marshalled) carry raw values only.
	r := mkReport(mkSpec("b", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "x"), withFinding(nameFinding(spec.NamePattern, "200")),
		evaluated(spec.NamePattern, spec.WireContentType)))
	m := mustBuild(t, []types.Report{r}, Options{})
	if c := verdictOf(t, m, spec.NamePattern); c.Verdict != Fail || len(c.Findings) != 1 || c.Findings[0].Got != "200" {
		t.Errorf("in-memory finding: %+v", c)
	}
	if c := verdictOf(t, m, spec.WireContentType); c.Verdict != Pass || len(c.Specs) != 1 {
		t.Errorf("in-memory evaluated entry: %s is %s with %d specs, want pass with 1", c.ID, c.Verdict, len(c.Specs))
	}
}

func TestBuildEvaluatedEntryProblems(t *testing.T) {
	rs := roundTrip(t, mkReport(
		mkSpec("typo", labels(string(spec.NameTooLong)), evaluated(spec.NameTooLong, "NAME-TO-LONG")),
		mkSpec("garbled", labels(string(spec.NamePattern)), entry(finding.EvaluatedEntryName, "NAME-PATTERN")),
		mkSpec("other profile", labels("property"), evaluated(spec.NamePartitionSeed)),
	))
	m := mustBuild(t, rs, Options{})
	want := []string{`spec "UpdateFunctionCode typo" lists "NAME-TO-LONG" as evaluated, which is not a catalogue clause`,
		`spec "UpdateFunctionCode garbled": report entry lambdaconf.evaluated: json: cannot unmarshal`}
	if len(m.Warnings) != len(want) {
		t.Fatalf("warnings %q, want %d", m.Warnings, len(want))
	}
	for i, w := range want {
		if !strings.Contains(m.Warnings[i], w) {
			t.Errorf("warning %q does not contain %q", m.Warnings[i], w)
		}
	}
	if c := verdictOf(t, m, spec.NameTooLong); c.Verdict != Pass {
		t.Errorf("%s next to an unknown evaluated clause is %s, want pass", c.ID, c.Verdict)
	}
	// An entry that does not decode falls back on the spec's labels.
	if c := verdictOf(t, m, spec.NamePattern); c.Verdict != Pass || c.Note != "" {
		t.Errorf("%s with an undecodable entry is %s (%q), want pass by its label", c.ID, c.Verdict, c.Note)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"not": "a report"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "not a Ginkgo JSON report") {
		t.Errorf("Load of a non-report: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("Load of a missing file: %v", err)
	}
	if _, err := readBounded(strings.NewReader("123456"), 5); err == nil {
		t.Error("readBounded accepted more than its limit")
	}
}

// TestBuildSuiteFailures checks that a run whose suites did not run cannot
// conform: ginkgo-compile-failure.json is the report Ginkgo 2.34 wrote for
// ./suites when the package did not compile.
func TestBuildSuiteFailures(t *testing.T) {
	rs, err := Load("testdata/ginkgo-compile-failure.json")
	if err != nil {
		t.Fatal(err)
	}
	m := mustBuild(t, rs, Options{})
	if m.Conforms(false) || len(m.SuiteFailures) != 2 ||
		!strings.Contains(m.SuiteFailures[0], "Failed to compile suites") || !strings.Contains(m.SuiteFailures[1], "holds no specs") {
		t.Errorf("a suite that did not compile: conforms %v, suite failures %q", m.Conforms(false), m.SuiteFailures)
	}
	if m.Totals.Untested != m.Totals.Clauses {
		t.Errorf("totals %+v: every clause should be untested", m.Totals)
	}
	if m := mustBuild(t, nil, Options{}); m.Conforms(false) {
		t.Error("an empty report conforms")
	}
}

func TestNormalizeSignature(t *testing.T) {
	if fixtures.PrefixRoot != "lcf-" {
		t.Fatalf("fixtures.PrefixRoot is %q: update fixtureName in matrix.go", fixtures.PrefixRoot)
	}
	name := fixtures.NewPrefix() + "p1-6"
	cases := []struct{ in, want string }{
		{"NAME-NOT-FOUND | expected 404 | got 404 Function not found: arn:aws:lambda:us-east-1:123456789012:function:" + name,
			"NAME-NOT-FOUND | expected 404 | got 404 Function not found: arn:aws:lambda:us-east-1:123456789012:function:lcf-<run>"},
		{"KEY-NOT-FOUND | expected 400 | got 500 no key code/" + name + ".zip in http://127.0.0.1:39367/x",
			"KEY-NOT-FOUND | expected 400 | got 500 no key code/lcf-<run> in http://127.0.0.1:<port>/x"},
		{"WIRE-REQUEST-ID | expected id | got 3f2b8c1e-9d4a-4b7e-8f00-0123456789ab", "WIRE-REQUEST-ID | expected id | got <uuid>"},
		{"ZIP-NOT-ZIP | expected 400 | got 200", "ZIP-NOT-ZIP | expected 400 | got 200"},
	}
	for _, tc := range cases {
		if got := NormalizeSignature(tc.in); got != tc.want {
			t.Errorf("NormalizeSignature(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
		if again := NormalizeSignature(tc.want); again != tc.want {
			t.Errorf("NormalizeSignature is not idempotent on %q: %q", tc.want, again)
		}
	}
	// Two runs failing the same way have the same signatures.
	run := func(prefix string) Matrix {
		f := nameFinding(spec.NameNotFound, "404 Function not found: arn:aws:lambda:us-east-1:123456789012:function:"+prefix+"p1-3")
		return mustBuild(t, roundTrip(t, mkReport(mkSpec("x", labels(string(spec.NameNotFound)), state(types.SpecStateFailed, "x"), withFinding(f)))), Options{})
	}
	if d := Compare(run(fixtures.NewPrefix()), run(fixtures.NewPrefix())); len(d.SignatureChanges) != 0 || d.StillFailing != 1 {
		t.Errorf("two runs with different fixture prefixes differ: %+v", d)
	}
}

// The generator class a random draw met a failure in does not make a
// run's signature differ from another run's.
func TestNormalizeSignatureDropsTheClass(t *testing.T) {
	a := NormalizeSignature(`HASH-SHA256-INLINE | expected CodeSha256 "<sha256>" | got CodeSha256 "<hex>" | class valid/inline`)
	b := NormalizeSignature(`HASH-SHA256-INLINE | expected CodeSha256 "<sha256>" | got CodeSha256 "<hex>" | class request/mixed`)
	if a != b || strings.Contains(a, "class") {
		t.Errorf("signatures differ by class: %q, %q", a, b)
	}
	if c := NormalizeSignature(`X | expected 400 | got 404 | transport reset`); c != `X | expected 400 | got 404 | transport reset` {
		t.Errorf("the transport class was dropped: %q", c)
	}
}

// A set-up failure shows in the reports as "could not test", counts as no
// failure of its clause, and keeps the run from conforming even when the
// expectations file says the clause fails.
func TestSetupFailureIsNotAVerdictOfItsClause(t *testing.T) {
	x, err := ParseExpectations(strings.NewReader("NAME-PATTERN fail # moto never validates names\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	m := mustBuild(t, roundTrip(t, mkReport(
		mkSpec("zip", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "role cannot be assumed"),
			entry(finding.SetupEntryName, "creating the fixture function lcf-1-p1-1: role cannot be assumed")),
	)), Options{Expectations: x})
	if m.Totals.CouldNotTest != 1 || m.Totals.ExpectedFail != 0 || m.Totals.Fail != 0 || len(m.Unattributed) != 0 {
		t.Errorf("totals %+v, %d unattributed", m.Totals, len(m.Unattributed))
	}
	if m.Conforms(false) {
		t.Error("a run whose only spec could not test conforms")
	}
	var b strings.Builder
	if err := WriteSummary(&b, m, false); err != nil {
		t.Fatal(err)
	}
	// Nothing else ran: the run as a whole could not test.
	for _, want := range []string{"COULD NOT TEST", "UpdateFunctionCode zip: creating the fixture function"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the text report lacks %q:\n%s", want, b.String())
		}
	}
	// With another clause tested, the run has a verdict, and it is not
	// CONFORMS.
	m = mustBuild(t, roundTrip(t, mkReport(
		mkSpec("zip", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "role cannot be assumed"),
			entry(finding.SetupEntryName, "creating the fixture function lcf-1-p1-1: role cannot be assumed")),
		mkSpec("other", labels(string(spec.NameTooLong)), evaluated(spec.NameTooLong)),
	)), Options{Expectations: x})
	b.Reset()
	if err := WriteSummary(&b, m, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"could not test (set-up): UpdateFunctionCode zip: creating the fixture function", "DOES NOT CONFORM", "1 specs could not test"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the text report lacks %q:\n%s", want, b.String())
		}
	}
}

// A spec an interrupt stopped gives no verdict on the clauses it had not
// evaluated: they are not run, not failed, and it is no unattributed
// failure; what it evaluated before the interrupt, or found, stands.
func TestInterruptedSpecIsNoFailure(t *testing.T) {
	m := mustBuild(t, roundTrip(t, mkReport(
		mkSpec("property", labels(string(spec.NamePattern), string(spec.ZipNotZip), string(spec.HashInline)),
			state(types.SpecStateInterrupted, "Interrupted by User"), evaluated(spec.HashInline),
			withFinding(finding.Finding{Clause: spec.ZipNotZip, Summary: "accepted", Expected: "400", Got: "200"})),
	)), Options{})
	if v := verdictOf(t, m, spec.NamePattern); v.Verdict != NotRun || !strings.Contains(v.Note, "1 interrupted") {
		t.Errorf("NAME-PATTERN, never evaluated: %s (%s), want not run, interrupted", v.Verdict, v.Note)
	}
	if v := verdictOf(t, m, spec.HashInline); v.Verdict != Pass {
		t.Errorf("HASH-SHA256-INLINE, evaluated before the interrupt: %s, want pass", v.Verdict)
	}
	if v := verdictOf(t, m, spec.ZipNotZip); v.Verdict != Fail {
		t.Errorf("ZIP-NOT-ZIP, found before the interrupt: %s, want fail", v.Verdict)
	}
	if len(m.Unattributed) != 0 {
		t.Errorf("the interrupted spec is an unattributed failure: %v", m.Unattributed)
	}

	m = mustBuild(t, roundTrip(t, mkReport(
		mkSpec("limits", labels(string(spec.NameTooLong)), state(types.SpecStateInterrupted, "Interrupted by User"), evaluated()),
	)), Options{})
	if v := verdictOf(t, m, spec.NameTooLong); v.Verdict != NotRun {
		t.Errorf("a clause of a spec interrupted before any finding: %s (%s), want not run", v.Verdict, v.Note)
	}
	if len(m.Unattributed) != 0 || m.Totals.Fail != 0 {
		t.Errorf("a spec interrupted before any finding: %d failing clauses, unattributed %v", m.Totals.Fail, m.Unattributed)
	}
}
