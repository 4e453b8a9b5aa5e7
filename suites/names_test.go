package suites

import "testing"

// TestEverySpecHasItsOwnText: a spec's full text is its name in junit.xml,
// report.json and the -focus a failure prints to rerun it. Two specs with
// one text are one testcase name twice, which CI readers (GitLab, dorny's
// and mikepenz's reporters) merge or overwrite, and a rerun focus that
// runs both.
func TestEverySpecHasItsOwnText(t *testing.T) {
	plan, err := Plan("", nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, text := range plan[0] {
		if seen[text] {
			t.Errorf("two specs share the text %q", text)
		}
		seen[text] = true
	}
	if len(seen) < 50 {
		t.Fatalf("the plan lists %d specs; the suites have more", len(seen))
	}
}
