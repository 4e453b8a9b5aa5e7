package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/spec"
)

// matrixOf builds a matrix from specs, one per clause: a nil got means the
// spec passed, otherwise it failed with a finding whose Got is *got.
func matrixOf(t *testing.T, results map[spec.ClauseID]*string) Matrix {
	t.Helper()
	var specs []types.SpecReport
	for id, got := range results {
		if got == nil {
			specs = append(specs, mkSpec(string(id), labels(string(id))))
			continue
		}
		specs = append(specs, mkSpec(string(id), labels(string(id)), state(types.SpecStateFailed, "x"), withFinding(nameFinding(id, *got))))
	}
	return mustBuild(t, roundTrip(t, mkReport(specs...)), Options{})
}

func ptr(s string) *string { return &s }

func TestCompare(t *testing.T) {
	cases := []struct {
		name              string
		base, next        map[spec.ClauseID]*string
		regressions       []spec.ClauseID
		fixes             []spec.ClauseID
		changed           []spec.ClauseID
		still             int
		regressed, strict bool
		text              []string
	}{
		{name: "regression", base: map[spec.ClauseID]*string{spec.NamePattern: nil}, next: map[spec.ClauseID]*string{spec.NamePattern: ptr("200")},
			regressions: []spec.ClauseID{spec.NamePattern}, regressed: true, strict: true,
			text: []string{"Regressions (1):", "NAME-PATTERN", "pass -> fail", "+ NAME-PATTERN | expected 400 ValidationException | got 200", "FAIL: 1 regression(s)"}},
		{name: "regression from untested", base: map[spec.ClauseID]*string{}, next: map[spec.ClauseID]*string{spec.ZipEmpty: ptr("200")},
			regressions: []spec.ClauseID{spec.ZipEmpty}, regressed: true, strict: true, text: []string{"untested -> fail"}},
		{name: "fix", base: map[spec.ClauseID]*string{spec.NamePattern: ptr("200")}, next: map[spec.ClauseID]*string{spec.NamePattern: nil},
			fixes: []spec.ClauseID{spec.NamePattern}, text: []string{"Fixes (1):", "fail -> pass", "- NAME-PATTERN | expected", "OK: no regressions; 0 changed signature(s), 1 fix(es)"}},
		{name: "signature change", base: map[spec.ClauseID]*string{spec.NamePattern: ptr("200")}, next: map[spec.ClauseID]*string{spec.NamePattern: ptr("500")},
			changed: []spec.ClauseID{spec.NamePattern}, strict: true,
			text: []string{"Changed failure signatures (1):", "- NAME-PATTERN | expected 400 ValidationException | got 200", "+ NAME-PATTERN | expected 400 ValidationException | got 500"}},
		{name: "still failing", base: map[spec.ClauseID]*string{spec.NamePattern: ptr("200")}, next: map[spec.ClauseID]*string{spec.NamePattern: ptr("200")},
			still: 1, text: []string{"OK: no regressions; 0 changed signature(s), 0 fix(es), 1 still failing"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Compare(matrixOf(t, tc.base), matrixOf(t, tc.next))
			check := func(kind string, got []Change, want []spec.ClauseID) {
				if len(got) != len(want) {
					t.Fatalf("%s %+v, want %v", kind, got, want)
				}
				for i := range want {
					if got[i].Clause != want[i] {
						t.Errorf("%s[%d] = %s, want %s", kind, i, got[i].Clause, want[i])
					}
				}
			}
			check("regressions", d.Regressions, tc.regressions)
			check("fixes", d.Fixes, tc.fixes)
			check("signature changes", d.SignatureChanges, tc.changed)
			if d.StillFailing != tc.still {
				t.Errorf("still failing %d, want %d", d.StillFailing, tc.still)
			}
			if d.Regressed(false) != tc.regressed || d.Regressed(true) != tc.strict {
				t.Errorf("Regressed(false)=%v Regressed(true)=%v, want %v %v", d.Regressed(false), d.Regressed(true), tc.regressed, tc.strict)
			}
			var b bytes.Buffer
			if err := d.WriteText(&b, false); err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.text {
				if !strings.Contains(b.String(), s) {
					t.Errorf("diff text lacks %q:\n%s", s, b.String())
				}
			}
		})
	}
}

func TestCompareExpectedFailure(t *testing.T) {
	base := matrixOf(t, map[spec.ClauseID]*string{spec.NamePattern: nil})
	x, err := ParseExpectations(strings.NewReader("NAME-PATTERN fail # known\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	next := mustBuild(t, roundTrip(t, mkReport(mkSpec("p", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "x"),
		withFinding(nameFinding(spec.NamePattern, "200"))))), Options{Expectations: x})
	if d := Compare(base, next); !d.Regressed(false) || d.Regressions[0].Clause != spec.NamePattern {
		t.Errorf("a clause that passed in BASE and is an expected failure in NEW is no regression: %+v", d)
	}
	if d := Compare(next, next); d.Regressed(true) || d.StillFailing != 1 {
		t.Errorf("an expected failure that was already failing counts as a regression: %+v", d)
	}
	next.Profile = spec.ProfileSeed
	if d := Compare(base, next); len(d.Warnings) == 0 || !strings.Contains(d.Warnings[0], "different profiles") {
		t.Errorf("comparing across profiles gives no warning: %q", d.Warnings)
	}
}

// TestCompareEndpoints checks the endpoint warning against endpoints as the
// suites record them: each run of the embedded reference listens on a new
// port, which makes it no other target.
func TestCompareEndpoints(t *testing.T) {
	run := func(endpoint string) Matrix {
		return mustBuild(t, roundTrip(t, mkReport(mkSpec("p", labels(string(spec.NamePattern)),
			entry(EndpointEntryName, endpoint)))), Options{})
	}
	cases := []struct {
		base, next string
		warn       bool
	}{
		{"embedded reference http://127.0.0.1:41234", "embedded reference http://127.0.0.1:39877", false},
		{"http://127.0.0.1:4566", "http://127.0.0.1:4566/", false},
		{"http://127.0.0.1:4566", "http://127.0.0.1:5000", true},
		{"embedded reference http://127.0.0.1:41234", "http://127.0.0.1:41234", true},
	}
	for _, c := range cases {
		base, next := run(c.base), run(c.next)
		if base.Endpoint != c.base || next.Endpoint != c.next {
			t.Fatalf("recorded endpoints %q and %q, want %q and %q", base.Endpoint, next.Endpoint, c.base, c.next)
		}
		d := Compare(base, next)
		warned := len(d.Warnings) > 0 && strings.Contains(d.Warnings[0], "different endpoints")
		if warned != c.warn {
			t.Errorf("Compare(%q, %q) warnings %q; want a different-endpoints warning: %v", c.base, c.next, d.Warnings, c.warn)
		}
	}
}

func TestLoadMatrix(t *testing.T) {
	dir := t.TempDir()
	rs := []types.Report{mkReport(mkSpec("p", labels(string(spec.NamePattern)), state(types.SpecStateFailed, "x"),
		withFinding(nameFinding(spec.NamePattern, "200"))))}
	m := mustBuild(t, rs, Options{Endpoint: "http://127.0.0.1:5000"})

	matrixPath := filepath.Join(dir, "conformance.json")
	var b bytes.Buffer
	if err := WriteJSON(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(matrixPath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	reportPath := filepath.Join(dir, "report.json")
	data, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(reportPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{matrixPath, reportPath} {
		got, err := LoadMatrix(p, Options{Endpoint: "http://127.0.0.1:5000"})
		if err != nil {
			t.Fatalf("LoadMatrix(%s): %v", p, err)
		}
		c := verdictOf(t, got, spec.NamePattern)
		if c.Verdict != Fail || len(c.Signatures) != 1 || got.Endpoint != "http://127.0.0.1:5000" {
			t.Errorf("LoadMatrix(%s): %+v", p, c)
		}
		if d := Compare(m, got); d.Regressed(true) || d.StillFailing != 1 {
			t.Errorf("a matrix differs from itself read back from %s: %+v", p, d)
		}
	}

	bad := filepath.Join(dir, "old.json")
	if err := os.WriteFile(bad, []byte(`{"schema": "lambdaconf.conformance/v0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMatrix(bad, Options{}); err == nil || !strings.Contains(err.Error(), "regenerate it") {
		t.Errorf("an old schema gives %v", err)
	}
	if err := os.WriteFile(bad, []byte(`garbage`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMatrix(bad, Options{}); err == nil || !strings.Contains(err.Error(), "neither a conformance.json nor a Ginkgo JSON report") {
		t.Errorf("garbage gives %v", err)
	}
}

// A clause the expectations mark flaky may pass in the baseline and fail
// now, or the other way round: that is what flaky accepts, so it is no
// regression. A clause listed as fail that passed in the baseline is one.
func TestCompareAcceptsAFlakyClauseEitherWay(t *testing.T) {
	base := Matrix{Profile: spec.ProfileAWS, Clauses: []ClauseResult{{ID: spec.SchemaCodeSha256, Verdict: Pass}, {ID: spec.ZipNotZip, Verdict: Pass}}}
	next := Matrix{Profile: spec.ProfileAWS, Clauses: []ClauseResult{
		{ID: spec.SchemaCodeSha256, Verdict: ExpectedFail, Expectation: &Expectation{Clause: spec.SchemaCodeSha256, Outcome: OutcomeFlaky, Reason: "r"}},
		{ID: spec.ZipNotZip, Verdict: ExpectedFail, Expectation: &Expectation{Clause: spec.ZipNotZip, Outcome: OutcomeFail, Reason: "r"}},
	}}
	d := Compare(base, next)
	if len(d.Regressions) != 1 || d.Regressions[0].Clause != spec.ZipNotZip {
		t.Errorf("regressions %+v; want ZIP-NOT-ZIP alone, not the flaky clause", d.Regressions)
	}
}

// The closing line names the specs that could not test only when there
// are some.
func TestDiffTextCountsSpecsThatCouldNotTest(t *testing.T) {
	for _, n := range []int{0, 2} {
		d := Diff{Regressions: []Change{{Clause: spec.ZipNotZip, Base: Pass, New: Fail}}, CouldNotTest: n}
		var b strings.Builder
		if err := d.WriteText(&b, false); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "2 spec(s) could not test"); got != (n == 2) || (n == 0 && strings.Contains(b.String(), "could not test")) {
			t.Errorf("CouldNotTest %d:\n%s", n, b.String())
		}
	}
}
