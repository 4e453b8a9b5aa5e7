// Package reports turns the Ginkgo reports of a conformance run into a
// conformance matrix, a verdict per catalogue clause, and writes it in the
// forms CI systems and people read: conformance.json (the stable record
// that runs are compared by), Markdown, a self-contained HTML page, JUnit
// XML and a console summary. With an expectations file a run passes when
// its failures are the known ones; with a baseline matrix it passes when
// nothing regressed.
package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// Schema names the version of the conformance.json format.
const Schema = "lambdaconf.conformance/v1"

// Report entries and suite labels the suites may use to record the profile
// and endpoint of a run. An entry's value is the plain string; a label has
// the form "profile:aws" or "endpoint:http://127.0.0.1:5000".
const (
	ProfileEntryName  = "lambdaconf.profile"
	EndpointEntryName = "lambdaconf.endpoint"
)

// Verdict is the result of one clause.
type Verdict string

// The verdicts a clause can get.
const (
	// Pass means no finding names the clause and at least one spec
	// evaluated it: the spec's finding.EvaluatedEntryName entry lists it,
	// whether the spec passed or stopped on another clause's finding. For
	// a spec without that entry (a report from before the suites wrote
	// it) a pass of a spec labelled with the clause counts instead, when
	// the other specs were skipped or stopped on another clause's finding.
	Pass Verdict = "pass"
	// Fail means a finding names the clause, or a failed spec labelled
	// with it carries no finding at all.
	Fail Verdict = "fail"
	// Skipped means every spec labelled with the clause was skipped.
	Skipped Verdict = "skipped"
	// NotRun means specs carry the clause but none evaluated it: they
	// were pending, stopped on another clause's finding before reaching
	// it, or ran without evaluating it.
	NotRun Verdict = "not-run"
	// Untested means no spec carries the clause.
	Untested Verdict = "untested"
	// ExpectedFail means the clause failed, as the expectations file
	// says.
	ExpectedFail Verdict = "expected-fail"
	// UnexpectedPass means the expectations file says the clause fails,
	// but it passed.
	UnexpectedPass Verdict = "unexpected-pass"
	// CouldNotTest means no spec evaluated the clause or failed on it,
	// and a spec that carries it failed during its set-up (the spec's
	// finding.SetupEntryName entry), before any check: whether the clause
	// holds is unknown. It never satisfies an expectation, and a run with
	// a set-up failure does not conform.
	CouldNotTest Verdict = "could-not-test"
)

// Verdicts lists every verdict in report column order.
var Verdicts = []Verdict{Pass, Fail, ExpectedFail, UnexpectedPass, CouldNotTest, Skipped, NotRun, Untested}

// String returns the verdict as the reports show it.
func (v Verdict) String() string {
	if v == CouldNotTest {
		return "could not test (set-up)"
	}
	return string(v)
}

// Failing reports whether v records a failure, expected or not.
func (v Verdict) Failing() bool { return v == Fail || v == ExpectedFail }

// Matrix is the conformance matrix of one run. Its JSON encoding is the
// conformance.json format (schema Schema); see the README of the examples
// directory for the field list.
type Matrix struct {
	Schema string `json:"schema"`
	// Name labels the run, e.g. "moto 5.2.1".
	Name     string       `json:"name,omitempty"`
	Profile  spec.Profile `json:"profile"`
	Endpoint string       `json:"endpoint,omitempty"`
	// Expectations is the path of the expectations file applied, if any.
	Expectations string    `json:"expectations,omitempty"`
	StartTime    time.Time `json:"start_time"`
	// RunTimeSeconds is the summed run time of the suites.
	RunTimeSeconds float64 `json:"run_time_seconds"`
	// Totals counts clauses per verdict over the whole profile.
	Totals Totals `json:"totals"`
	// Areas holds the totals per area, in spec.Areas order.
	Areas []AreaTotals `json:"areas"`
	// Clauses holds one result per clause of the profile, in catalogue
	// order.
	Clauses []ClauseResult `json:"clauses"`
	// Unattributed lists failed specs that neither carry a clause label
	// nor a finding naming a clause of the profile: harness failures no
	// clause can account for.
	Unattributed []SpecResult `json:"unattributed,omitempty"`
	// SetupFailures lists the specs that could not test because their
	// set-up failed; any makes the run non-conforming, whatever the
	// expectations say.
	SetupFailures []SpecResult `json:"setup_failures,omitempty"`
	// SuiteFailures lists why a suite failed as a whole, as Ginkgo reports
	// it (a suite that did not compile, a timeout, programmatic focus), and
	// notes a run without any spec. Any makes the run non-conforming.
	SuiteFailures []string `json:"suite_failures,omitempty"`
	// CouldNotTest, when set, says why the run could not test the
	// endpoint at all: a set-up error, an endpoint that is unreachable or
	// is not a Lambda API. No clause then has a verdict, and the run
	// neither conforms nor fails to (lambdaconf run exits 3).
	CouldNotTest string `json:"could_not_test,omitempty"`
	// Warnings lists problems with the inputs that did not stop the build,
	// such as findings naming clauses outside the profile.
	Warnings []string `json:"warnings,omitempty"`
}

// Totals counts clauses per verdict.
type Totals struct {
	Clauses        int `json:"clauses"`
	Pass           int `json:"pass"`
	Fail           int `json:"fail"`
	ExpectedFail   int `json:"expected_fail"`
	UnexpectedPass int `json:"unexpected_pass"`
	CouldNotTest   int `json:"could_not_test"`
	Skipped        int `json:"skipped"`
	NotRun         int `json:"not_run"`
	Untested       int `json:"untested"`
}

func (t *Totals) add(v Verdict) {
	t.Clauses++
	switch v {
	case Pass:
		t.Pass++
	case Fail:
		t.Fail++
	case ExpectedFail:
		t.ExpectedFail++
	case UnexpectedPass:
		t.UnexpectedPass++
	case CouldNotTest:
		t.CouldNotTest++
	case Skipped:
		t.Skipped++
	case NotRun:
		t.NotRun++
	case Untested:
		t.Untested++
	}
}

// Count returns the number of clauses with verdict v.
func (t Totals) Count(v Verdict) int {
	switch v {
	case Pass:
		return t.Pass
	case Fail:
		return t.Fail
	case ExpectedFail:
		return t.ExpectedFail
	case UnexpectedPass:
		return t.UnexpectedPass
	case CouldNotTest:
		return t.CouldNotTest
	case Skipped:
		return t.Skipped
	case NotRun:
		return t.NotRun
	case Untested:
		return t.Untested
	}
	return 0
}

// AreaTotals counts the verdicts of one area.
type AreaTotals struct {
	Area   spec.Area `json:"area"`
	Totals Totals    `json:"totals"`
}

// ClauseResult is the verdict of one clause with the evidence behind it.
type ClauseResult struct {
	ID        spec.ClauseID `json:"id"`
	Area      spec.Area     `json:"area"`
	Rule      string        `json:"rule"`
	Sources   []spec.Source `json:"sources"`
	Reference string        `json:"reference"`
	Verdict   Verdict       `json:"verdict"`
	// Note explains the verdict where the verdict alone does not, e.g.
	// "failed without a finding" or "2 of 3 specs skipped".
	Note string `json:"note,omitempty"`
	// Specs lists the specs labelled with the clause or that evaluated
	// it.
	Specs []SpecResult `json:"specs,omitempty"`
	// Findings lists the findings that name the clause, in report order;
	// the first carries the reproducer the reports show.
	Findings []finding.Finding `json:"findings,omitempty"`
	// Signatures lists the distinct failure signatures, normalized by
	// NormalizeSignature and sorted. A failed spec without a finding
	// contributes "<clause> | failed without a finding".
	Signatures []string `json:"signatures,omitempty"`
	// Expectation is the entry of the expectations file, if any.
	Expectation *Expectation `json:"expectation,omitempty"`
}

// SpecResult is one spec as the matrix records it.
type SpecResult struct {
	Name  string `json:"name"`
	State string `json:"state"`
	// Location is file:line of the spec.
	Location string `json:"location,omitempty"`
	// Failure is the failure or skip message.
	Failure string `json:"failure,omitempty"`
	// Findings counts the findings the spec reported.
	Findings int `json:"findings,omitempty"`
}

// Options configures Build.
type Options struct {
	// Profile selects the catalogue; empty means the profile recorded in
	// the reports, or spec.ProfileAWS.
	Profile spec.Profile
	// Endpoint and Name label the run; empty means the recorded values.
	Endpoint string
	Name     string
	// FallbackProfile and FallbackEndpoint apply when neither the options
	// above nor the reports give a value, e.g. from the environment.
	FallbackProfile  spec.Profile
	FallbackEndpoint string
	// Expectations, when set, turns expected failures into ExpectedFail
	// and passes of expected failures into UnexpectedPass.
	Expectations *Expectations
}

// maxReportSize bounds a Ginkgo JSON report read by Load. A full run with
// every finding is a few megabytes; the bound keeps a corrupt or hostile
// file from exhausting memory.
const maxReportSize = 512 << 20

// Load reads a Ginkgo JSON report (the []types.Report that --json-report
// writes) from path.
func Load(path string) ([]types.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load report: %w", err)
	}
	defer f.Close()
	return Decode(f, path)
}

// Decode reads a Ginkgo JSON report from r; name is used in error messages.
func Decode(r io.Reader, name string) ([]types.Report, error) {
	data, err := readBounded(r, maxReportSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []types.Report
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: not a Ginkgo JSON report (write one with 'go tool ginkgo --json-report=report.json'): %w", name, err)
	}
	return out, nil
}

var errTooLarge = errors.New("file too large")

func readBounded(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", errTooLarge, limit)
	}
	return data, nil
}

// Findings returns the findings a spec reported, in order. Entries whose
// value does not decode as a finding are returned as errors.
func Findings(s types.SpecReport) ([]finding.Finding, []error) {
	var out []finding.Finding
	var errs []error
	for _, e := range s.ReportEntries {
		if e.Name != finding.ReportEntryName {
			continue
		}
		var f finding.Finding
		if err := decodeEntry(e, &f); err != nil {
			errs = append(errs, fmt.Errorf("spec %q: report entry %s: %w", s.FullText(), e.Name, err))
			continue
		}
		out = append(out, f)
	}
	return out, errs
}

// Evaluated returns the clauses a spec's checks evaluated, from its
// finding.EvaluatedEntryName entries, and whether it has such an entry at
// all: specs of reports written before the suites recorded it have none.
// Entries whose value does not decode as a list of clause IDs are returned
// as errors.
func Evaluated(s types.SpecReport) ([]spec.ClauseID, bool, []error) {
	var out []spec.ClauseID
	var errs []error
	recorded := false
	for _, e := range s.ReportEntries {
		if e.Name != finding.EvaluatedEntryName {
			continue
		}
		var ids []spec.ClauseID
		if err := decodeEntry(e, &ids); err != nil {
			errs = append(errs, fmt.Errorf("spec %q: report entry %s: %w", s.FullText(), e.Name, err))
			continue
		}
		recorded = true
		out = append(out, ids...)
	}
	return out, recorded, errs
}

// SetupFailure returns the set-up error of a spec that could not test:
// one whose set-up failed before any check ran (finding.SetupEntryName).
func SetupFailure(s types.SpecReport) (string, bool) {
	if !s.Failed() {
		return "", false
	}
	for _, e := range s.ReportEntries {
		if e.Name != finding.SetupEntryName {
			continue
		}
		var msg string
		if err := decodeEntry(e, &msg); err != nil || msg == "" {
			msg = firstLine(failureMessage(s))
		}
		return msg, true
	}
	return "", false
}

// decodeEntry decodes an entry's value into v, from AsJSON when the report
// was read from a file and from the raw value when it was built in memory.
func decodeEntry(e types.ReportEntry, v any) error {
	data := []byte(e.Value.AsJSON)
	if len(data) == 0 {
		raw := e.GetRawValue()
		if raw == nil {
			return errors.New("empty value")
		}
		var err error
		if data, err = json.Marshal(raw); err != nil {
			return err
		}
	}
	return json.Unmarshal(data, v)
}

// recorded returns the profile and endpoint the reports record, if any.
func recorded(rs []types.Report) (profile, endpoint string) {
	for _, r := range rs {
		for _, l := range r.SuiteLabels {
			if v, ok := strings.CutPrefix(l, "profile:"); ok && profile == "" {
				profile = v
			}
			if v, ok := strings.CutPrefix(l, "endpoint:"); ok && endpoint == "" {
				endpoint = v
			}
		}
		for _, s := range r.SpecReports {
			for _, e := range s.ReportEntries {
				var v string
				switch e.Name {
				case ProfileEntryName:
					if profile == "" && decodeEntry(e, &v) == nil {
						profile = v
					}
				case EndpointEntryName:
					if endpoint == "" && decodeEntry(e, &v) == nil {
						endpoint = v
					}
				}
			}
		}
	}
	return profile, endpoint
}

// clauseAcc accumulates the evidence for one clause.
type clauseAcc struct {
	evaluated                      int // specs whose evaluated entry lists the clause
	passed, failed, skipped, other int // passed counts specs without an evaluated entry
	stopped                        int // failed specs whose findings name only other clauses
	setup                          int // specs whose set-up failed
	interrupted                    int // specs an interrupt stopped before they evaluated the clause
	unreached                      int // passed specs whose evaluated entry does not list the clause
	bareFailures                   []string
}

// Build computes the conformance matrix of the given reports.
func Build(rs []types.Report, opts Options) (Matrix, error) {
	profile, endpoint := recorded(rs)
	if opts.Endpoint != "" {
		endpoint = opts.Endpoint
	}
	if opts.Profile != "" {
		profile = string(opts.Profile)
	}
	if profile == "" {
		profile = string(opts.FallbackProfile)
	}
	if endpoint == "" {
		endpoint = opts.FallbackEndpoint
	}
	p, err := spec.ParseProfile(profile)
	if err != nil {
		return Matrix{}, fmt.Errorf("build matrix: %w", err)
	}
	if x := opts.Expectations; x != nil && x.Profile != "" && x.Profile != p {
		return Matrix{}, fmt.Errorf("build matrix: expectations %s are for profile %s but the run uses profile %s: pass -profile %s or use the matching file", x.Path, x.Profile, p, x.Profile)
	}
	m := Matrix{Schema: Schema, Name: opts.Name, Profile: p, Endpoint: endpoint}
	if opts.Expectations != nil {
		m.Expectations = opts.Expectations.Path
	}
	clauses := spec.ForProfile(p)
	results := make(map[spec.ClauseID]*ClauseResult, len(clauses))
	accs := make(map[spec.ClauseID]*clauseAcc, len(clauses))
	for _, c := range clauses {
		results[c.ID] = &ClauseResult{ID: c.ID, Area: c.Area, Rule: c.Rule, Sources: c.Sources, Reference: c.Reference}
		accs[c.ID] = &clauseAcc{}
	}
	warned := map[string]bool{}
	warn := func(format string, args ...any) {
		w := fmt.Sprintf(format, args...)
		if !warned[w] {
			warned[w] = true
			m.Warnings = append(m.Warnings, w)
		}
	}

	specs := 0
	for _, r := range rs {
		specs += len(r.SpecReports)
		for _, reason := range r.SpecialSuiteFailureReasons {
			name := r.SuiteDescription
			if name == "" {
				name = r.SuitePath
			}
			m.SuiteFailures = append(m.SuiteFailures, name+": "+strings.TrimSpace(reason))
		}
		if m.StartTime.IsZero() || (!r.StartTime.IsZero() && r.StartTime.Before(m.StartTime)) {
			m.StartTime = r.StartTime
		}
		m.RunTimeSeconds += r.RunTime.Seconds()
		for _, s := range r.SpecReports {
			fs, errs := Findings(s)
			for _, err := range errs {
				warn("%v", err)
			}
			sr := specResult(s, len(fs))
			setupErr, setupFailed := SetupFailure(s)
			if setupFailed {
				sr.Failure = limit(setupErr, maxFailureText)
				m.SetupFailures = append(m.SetupFailures, sr)
				sr.Failure = "could not test (set-up): " + sr.Failure
			}
			evaluated, recorded, errs := Evaluated(s)
			for _, err := range errs {
				warn("%v", err)
			}
			// Labels and evaluated clauses outside the profile are
			// expected: a property spec carries the clauses of every
			// profile.
			var carried []spec.ClauseID
			reached := map[spec.ClauseID]bool{}
			carry := func(id spec.ClauseID) {
				if _, ok := results[id]; ok && !slices.Contains(carried, id) {
					carried = append(carried, id)
				}
			}
			for _, l := range s.Labels() {
				carry(spec.Canonical(spec.ClauseID(l)))
			}
			for _, id := range evaluated {
				if _, known := spec.Lookup(id); !known {
					warn("spec %q lists %q as evaluated, which is not a catalogue clause", sr.Name, id)
					continue
				}
				reached[id] = true
				carry(id)
			}
			named := map[spec.ClauseID]bool{}
			for _, f := range fs {
				res, ok := results[f.Clause]
				if !ok {
					if _, known := spec.Lookup(f.Clause); known {
						warn("spec %q reports a finding for %s, which is not in profile %s", sr.Name, f.Clause, p)
					} else {
						warn("spec %q reports a finding for %q, which is not a catalogue clause", sr.Name, f.Clause)
					}
					continue
				}
				named[f.Clause] = true
				res.Findings = append(res.Findings, f)
			}
			// An interrupt (Ctrl-C, SIGTERM) stops a spec without a
			// verdict on the clauses it had not evaluated: it is not
			// their failure.
			interrupted := s.State == types.SpecStateInterrupted
			for _, id := range carried {
				res, acc := results[id], accs[id]
				res.Specs = append(res.Specs, sr)
				switch {
				case setupFailed && len(fs) == 0:
					acc.setup++
				case interrupted && !named[id] && !reached[id]:
					acc.interrupted++
				case interrupted && !named[id]:
					acc.evaluated++
				case s.Failed() && len(fs) == 0:
					acc.failed++
					acc.bareFailures = append(acc.bareFailures, sr.Name+": "+firstLine(failureMessage(s)))
				case s.Failed() && named[id]:
					acc.failed++
				case reached[id]:
					acc.evaluated++
				case recorded && s.State == types.SpecStatePassed:
					acc.unreached++
				case s.State == types.SpecStatePassed:
					acc.passed++
				case s.Failed():
					acc.stopped++
				case s.State == types.SpecStateSkipped:
					acc.skipped++
				default:
					acc.other++
				}
			}
			if s.Failed() && !setupFailed && !interrupted && len(named) == 0 && (len(carried) == 0 || len(fs) > 0) {
				m.Unattributed = append(m.Unattributed, sr)
			}
		}
	}

	for _, c := range clauses {
		res, acc := results[c.ID], accs[c.ID]
		sigs := map[string]bool{}
		for i := range res.Findings {
			sigs[NormalizeSignature(res.Findings[i].Signature())] = true
		}
		if len(acc.bareFailures) > 0 {
			sigs[string(c.ID)+" | failed without a finding"] = true
		}
		for s := range sigs {
			res.Signatures = append(res.Signatures, s)
		}
		sort.Strings(res.Signatures)
		total := len(res.Specs)
		switch {
		case len(res.Findings) > 0 || acc.failed > 0:
			res.Verdict = Fail
			if len(res.Findings) == 0 {
				res.Note = "failed without a finding: " + strings.Join(acc.bareFailures, "; ")
			}
		case total == 0:
			res.Verdict = Untested
			res.Note = "no spec carries this clause"
		case acc.evaluated+acc.passed == total:
			res.Verdict = Pass
		case acc.evaluated > 0 || (acc.passed > 0 && acc.other == 0):
			// The specs carry every clause they can report, and stop at
			// their first finding; a clause that a spec evaluated, or
			// (without the record of what was evaluated) that passed
			// every spec which reached it, with no finding against it,
			// has passed.
			res.Verdict = Pass
			res.Note = acc.counts(total)
		case acc.setup > 0:
			res.Verdict = CouldNotTest
			res.Note = acc.counts(total)
		case acc.skipped == total:
			res.Verdict = Skipped
			res.Note = firstLine(res.Specs[0].Failure)
		default:
			res.Verdict = NotRun
			res.Note = acc.counts(total)
		}
		if x, ok := opts.Expectations.Lookup(c.ID); ok {
			applyExpectation(res, x)
		}
	}
	if specs == 0 {
		m.SuiteFailures = append(m.SuiteFailures, "the report holds no specs: the suites did not run")
	}
	if x := opts.Expectations; x != nil {
		for _, e := range x.Entries {
			if _, ok := results[e.Clause]; !ok {
				warn("%s:%d: clause %s is not in profile %s; the line has no effect", x.Path, e.Line, e.Clause, p)
			}
		}
	}

	byArea := map[spec.Area]*Totals{}
	for _, a := range spec.Areas {
		byArea[a] = &Totals{}
	}
	for _, c := range clauses {
		res := results[c.ID]
		m.Clauses = append(m.Clauses, *res)
		m.Totals.add(res.Verdict)
		if t, ok := byArea[c.Area]; ok {
			t.add(res.Verdict)
		}
	}
	for _, a := range spec.Areas {
		m.Areas = append(m.Areas, AreaTotals{Area: a, Totals: *byArea[a]})
	}
	// When every spec that ran failed its set-up, no clause has a
	// verdict: the run could not test, which is no failure either.
	t := m.Totals
	if len(m.SetupFailures) > 0 && t.Pass+t.Fail+t.ExpectedFail+t.UnexpectedPass == 0 && len(m.Unattributed) == 0 && len(m.SuiteFailures) == 0 {
		first := m.SetupFailures[0]
		m.CouldNotTest = fmt.Sprintf("no clause has a verdict: every spec that ran (%d) failed to set up its fixtures; the first, %s: %s",
			len(m.SetupFailures), first.Name, firstLine(first.Failure))
	}
	return m, nil
}

// counts says what the total specs carrying a clause did with it, for
// the note of a verdict that not every one of them gave.
func (acc *clauseAcc) counts(total int) string {
	var parts []string
	add := func(n int, format string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf(format, n))
		}
	}
	if acc.evaluated > 0 {
		parts = append(parts, fmt.Sprintf("evaluated in %d of %d specs", acc.evaluated, total))
	}
	if acc.passed > 0 {
		parts = append(parts, fmt.Sprintf("passed %d of %d specs", acc.passed, total))
	}
	add(acc.stopped, "%d stopped on another clause's finding")
	add(acc.setup, "%d could not test (set-up failed)")
	add(acc.interrupted, "%d interrupted")
	add(acc.unreached, "%d passed without evaluating it")
	add(acc.skipped, "%d skipped")
	add(acc.other, "%d pending or not run")
	return strings.Join(parts, ", ")
}

// Run-specific parts of failure signatures: the names of the per-run
// fixtures (fixtures.PrefixRoot, 8 hex digits, then the rest of the name),
// ports on the loopback interface, and UUIDs such as request IDs.
var (
	fixtureName  = regexp.MustCompile(`lcf-[0-9a-f]{8}-[0-9A-Za-z_.-]*`)
	loopbackPort = regexp.MustCompile(`(127\.0\.0\.1|localhost|\[::1\]):[0-9]+`)
	uuid         = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
)

// classSegment starts the generator class in finding.Finding.Signature,
// its last part.
const classSegment = " | class "

// NormalizeSignature replaces the parts of a failure signature that change
// from run to run (fixture names, loopback ports, UUIDs) by placeholders,
// and drops the generator class, so that the same failure has the same
// signature in every run. The class says where a random draw met the
// failure, and which classes a run of a few dozen draws meets varies from
// seed to seed; campaigns, which deduplicate within a run, keep it.
func NormalizeSignature(sig string) string {
	if i := strings.Index(sig, classSegment); i >= 0 {
		sig = sig[:i]
	}
	sig = fixtureName.ReplaceAllString(sig, "lcf-<run>")
	sig = loopbackPort.ReplaceAllString(sig, "$1:<port>")
	return uuid.ReplaceAllString(sig, "<uuid>")
}

// applyExpectation adjusts a clause's verdict by its expectation.
//
// A clause that could not be tested keeps that verdict: a set-up failure
// is no failure of the clause, expected or not.
func applyExpectation(res *ClauseResult, x Expectation) {
	res.Expectation = &x
	switch {
	case res.Verdict == CouldNotTest:
	case x.Outcome == OutcomeFlaky && res.Verdict == Fail:
		res.Verdict = ExpectedFail
	case x.Outcome == OutcomeFlaky:
	case res.Verdict == Fail && len(x.Signatures) > 0:
		var unexpected []string
		pinned := make([]string, len(x.Signatures))
		for i, s := range x.Signatures {
			pinned[i] = NormalizeSignature(s)
		}
		for _, s := range res.Signatures {
			if !contains(pinned, s) {
				unexpected = append(unexpected, s)
			}
		}
		if len(unexpected) == 0 {
			res.Verdict = ExpectedFail
			return
		}
		res.Note = "expected to fail, but with another signature: " + strings.Join(unexpected, "; ")
	case res.Verdict == Fail:
		res.Verdict = ExpectedFail
	case res.Verdict == Pass:
		res.Verdict = UnexpectedPass
		res.Note = "expected to fail (" + x.Reason + ") but passed: remove the line from the expectations file"
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func specResult(s types.SpecReport, findings int) SpecResult {
	name := s.FullText()
	if name == "" {
		name = "[" + s.LeafNodeType.String() + "]"
	}
	sr := SpecResult{Name: name, State: s.State.String(), Findings: findings}
	if s.LeafNodeLocation.FileName != "" {
		sr.Location = fmt.Sprintf("%s:%d", s.LeafNodeLocation.FileName, s.LeafNodeLocation.LineNumber)
	}
	switch {
	case s.Failed() && findings == 0:
		sr.Failure = limit(failureMessage(s), maxFailureText)
	case s.Failed() || s.State == types.SpecStateSkipped:
		// The findings carry the details; one line names the failure.
		sr.Failure = limit(firstLine(failureMessage(s)), maxFailureLine)
	}
	return sr
}

// Bounds of the failure text the matrix keeps per spec; the whole text is
// in the Ginkgo report and in junit.xml.
const (
	maxFailureText = 4000
	maxFailureLine = 300
)

func failureMessage(s types.SpecReport) string {
	if s.State == types.SpecStatePanicked && s.Failure.ForwardedPanic != "" {
		return "panic: " + s.Failure.ForwardedPanic
	}
	return s.Failure.Message
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i]) + " …"
	}
	return s
}

// Conforms reports whether the run conforms: every suite ran, no clause
// failed unexpectedly, no failure is unattributed, and, when strict, no
// expected failure passed.
func (m Matrix) Conforms(strict bool) bool {
	if m.CouldNotTest != "" {
		return false
	}
	if m.Totals.Fail > 0 || len(m.Unattributed) > 0 || len(m.SuiteFailures) > 0 || len(m.SetupFailures) > 0 {
		return false
	}
	return !strict || m.Totals.UnexpectedPass == 0
}

// Clause returns the result of clause id.
func (m Matrix) Clause(id spec.ClauseID) (ClauseResult, bool) {
	for _, c := range m.Clauses {
		if c.ID == id {
			return c, true
		}
	}
	return ClauseResult{}, false
}

// FirstReproducer returns the first finding's reproducer, falling back to
// its input; empty when the clause has no finding.
func (c ClauseResult) FirstReproducer() string {
	for _, f := range c.Findings {
		if f.Reproducer != "" {
			return f.Reproducer
		}
	}
	for _, f := range c.Findings {
		if f.Input != "" {
			return f.Input
		}
	}
	return ""
}

// FirstFailure returns the first failed spec labelled with the clause, or
// nil when none failed.
func (c ClauseResult) FirstFailure() *SpecResult {
	for i := range c.Specs {
		if c.Specs[i].Failure != "" && c.Specs[i].State != types.SpecStateSkipped.String() {
			return &c.Specs[i]
		}
	}
	return nil
}

// Summary returns the one-line summary of the clause's failure.
func (c ClauseResult) Summary() string {
	if len(c.Findings) > 0 {
		return firstLine(c.Findings[0].Summary)
	}
	return firstLine(c.Note)
}
