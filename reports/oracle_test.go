package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/spec"
)

// Tests that pin what the other reports tests left open: each way a
// condition can go, and the edges of the bounds.

func TestCompareWarnsAboutDifferentEndpoints(t *testing.T) {
	m := matrixOf(t, map[spec.ClauseID]*string{spec.NamePattern: nil})
	for _, tc := range []struct {
		base, next string
		warn       bool
	}{
		{"http://a", "http://b", true},
		{"http://a", "http://a", false},
		{"", "http://b", false},
		{"http://a", "", false},
		{"", "", false},
	} {
		base, next := m, m
		base.Endpoint, next.Endpoint = tc.base, tc.next
		d := Compare(base, next)
		warned := len(d.Warnings) == 1 && strings.Contains(d.Warnings[0], "different endpoints")
		if warned != tc.warn || (!tc.warn && len(d.Warnings) != 0) {
			t.Errorf("endpoints %q and %q: warnings %q, want a warning: %v", tc.base, tc.next, d.Warnings, tc.warn)
		}
	}
}

func TestCompareSignatureChangeOneWay(t *testing.T) {
	// A clause failing in both runs, with one signature more or one less,
	// has changed; with the same signatures it is still failing.
	two := func(got ...string) Matrix {
		var specs []types.SpecReport
		for i, g := range got {
			specs = append(specs, mkSpec(string(spec.NamePattern)+string(rune('a'+i)), labels(string(spec.NamePattern)),
				state(types.SpecStateFailed, "x"), withFinding(nameFinding(spec.NamePattern, g))))
		}
		return mustBuild(t, roundTrip(t, mkReport(specs...)), Options{})
	}
	if d := Compare(two("200"), two("200", "500")); len(d.SignatureChanges) != 1 || d.StillFailing != 0 {
		t.Errorf("a signature added: %+v", d)
	}
	if d := Compare(two("200", "500"), two("200")); len(d.SignatureChanges) != 1 || d.StillFailing != 0 {
		t.Errorf("a signature removed: %+v", d)
	}
}

func TestDiffTextOmitsAnEmptySummary(t *testing.T) {
	d := Diff{Fixes: []Change{{Clause: spec.NamePattern, Base: Fail, New: Pass}}}
	var b bytes.Buffer
	if err := d.WriteText(&b, false); err != nil {
		t.Fatal(err)
	}
	line := strings.Split(b.String(), "\n")[1]
	if strings.TrimRight(line, " ") != line || !strings.HasSuffix(line, "fail -> pass") {
		t.Errorf("a change without a summary is written %q, want it to end at the verdicts", line)
	}
}

func TestLoadMatrixOfAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.json")
	if err := os.WriteFile(path, []byte("  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMatrix(path, Options{}); err == nil || !strings.Contains(err.Error(), "neither a conformance.json nor a Ginkgo JSON report") {
		t.Errorf("an empty file: %v", err)
	}
}

func TestParseExpectationsAtItsBound(t *testing.T) {
	line := "# padding line of an expectations file\n" // 39 bytes
	body := strings.Repeat(line, maxExpectationsSize/len(line))
	body += strings.Repeat("#", maxExpectationsSize-len(body)-1) + "\n"
	if len(body) != maxExpectationsSize {
		t.Fatalf("built %d bytes, want %d", len(body), maxExpectationsSize)
	}
	if _, err := ParseExpectations(strings.NewReader(body), "edge.txt"); err != nil {
		t.Errorf("a file of exactly %d bytes was refused: %v", maxExpectationsSize, err)
	}
	if _, err := ParseExpectations(strings.NewReader(body+"#"), "over.txt"); err == nil {
		t.Errorf("a file of %d bytes was accepted", maxExpectationsSize+1)
	}
}

func TestWriteJUnitNamesAndCounts(t *testing.T) {
	r := mkReport(mkSpec("p", labels(string(spec.NamePattern))))
	r.SuiteConfig.LabelFilter = ""
	r.SpecialSuiteFailureReasons = []string{"one", "two"}
	var b bytes.Buffer
	if err := WriteJUnit(&b, []types.Report{r}, JUnitOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`<testsuites name="lambdaconf"`, `errors="2"`, `tests="3"`} {
		if !strings.Contains(out, want) {
			t.Errorf("JUnit output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `name="LabelFilter"`) {
		t.Errorf("an empty label filter is written as a property:\n%s", out)
	}
	r.SuiteConfig.LabelFilter = "property"
	b.Reset()
	if err := WriteJUnit(&b, []types.Report{r}, JUnitOptions{Name: "mine"}); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, `<testsuites name="mine"`) || !strings.Contains(out, `name="LabelFilter" value="property"`) {
		t.Errorf("the name or the label filter is missing:\n%s", out)
	}
}
