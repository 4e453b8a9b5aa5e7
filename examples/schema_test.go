package examples

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/reports"
)

// TestConformanceJSONFieldsDocumented: the README's conformance.json
// section names every field the format has, at the top level and in
// totals, and every verdict a clause can have, so that a CI script
// written from it reads every field it will meet.
func TestConformanceJSONFieldsDocumented(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	_, section, ok := strings.Cut(doc, "## conformance.json")
	if !ok {
		t.Fatal("README.md has no conformance.json section")
	}
	tags := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				out = append(out, name)
			}
		}
		return out
	}
	for _, f := range tags(reports.Matrix{}) {
		if !strings.Contains(section, "`"+f+"`") && !strings.Contains(section, "`"+f+"[]`") {
			t.Errorf("conformance.json field %q is not in the README's field list", f)
		}
	}
	for _, f := range tags(reports.Totals{}) {
		if !strings.Contains(section, f) {
			t.Errorf("totals field %q is not in the README's field list", f)
		}
	}
	for _, v := range []reports.Verdict{reports.Pass, reports.Fail, reports.ExpectedFail, reports.UnexpectedPass,
		reports.CouldNotTest, reports.Skipped, reports.NotRun, reports.Untested} {
		if !strings.Contains(doc, "| `"+string(v)+"` |") {
			t.Errorf("verdict %q is not in the README's verdict table", string(v))
		}
	}
}
