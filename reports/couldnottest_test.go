package reports

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/spec"
)

// TestEverySetUpFailedIsNoVerdict: when no spec could set up its fixtures
// no clause has a verdict, and the run could not test; it printed DOES
// NOT CONFORM (0 failing clauses) and exited 1, a verdict on nothing.
// A run where some specs tested keeps its verdict.
func TestEverySetUpFailedIsNoVerdict(t *testing.T) {
	setupFailed := func(name string) types.SpecReport {
		return mkSpec(name, labels(string(spec.NamePattern)), state(types.SpecStateFailed, "creating the fixture function: truncated JSON"),
			entry(setupEntryName, "creating the fixture function: truncated JSON"))
	}
	m := mustBuild(t, []types.Report{mkReport(setupFailed("a"), setupFailed("b"))}, Options{})
	if m.Conforms(false) || !strings.Contains(m.CouldNotTest, "creating the fixture function: truncated JSON") {
		t.Errorf("every spec failed its set-up: CouldNotTest %q, want why", m.CouldNotTest)
	}
	var b strings.Builder
	if err := WriteSummary(&b, m, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Result: COULD NOT TEST") || strings.Contains(b.String(), "DOES NOT CONFORM") {
		t.Errorf("the summary of a run where nothing was tested:\n%s", b.String())
	}

	m = mustBuild(t, []types.Report{mkReport(setupFailed("a"), mkSpec("c", labels(string(spec.NamePattern)), evaluated(spec.NamePattern)))}, Options{})
	if m.CouldNotTest != "" || m.Conforms(false) {
		t.Errorf("one spec tested, one could not: CouldNotTest %q, conforms %v; want a verdict, and no CONFORMS", m.CouldNotTest, m.Conforms(false))
	}
}

// conformance.json of a run that could not test still has the arrays its
// schema documents, empty: a CI script's jq '.clauses[]' must not fail on
// null.
func TestCouldNotTestJSONHasEmptyArrays(t *testing.T) {
	var b strings.Builder
	if err := WriteJSON(&b, Matrix{Schema: Schema, Profile: spec.ProfileAWS, CouldNotTest: "target: nothing is listening"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{`"areas": []`, `"clauses": []`} {
		if !strings.Contains(b.String(), f) {
			t.Errorf("conformance.json lacks %s:\n%s", f, b.String())
		}
	}
}
