package spec

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func readModel(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(ModelPath)
	if err != nil {
		t.Fatalf("reading the project's copy of the service model: %v", err)
	}
	return b
}

// TestCatalogueCoversTheModel fails when a request member, a length,
// pattern or enum constraint, or a modeled error of UpdateFunctionCode in
// the project's copy of the service model has no clause and no waiver.
func TestCatalogueCoversTheModel(t *testing.T) {
	if err := CheckModelCoverage(readModel(t)); err != nil {
		t.Errorf("the catalogue does not cover the service model:\n%v", err)
	}
}

// TestModelElementsOfUpdateFunctionCode pins what ModelElements reads from
// the model, counted by hand from docs/spec/model.md#model-request and #model-errors: 13
// members, and 10 errors.
func TestModelElementsOfUpdateFunctionCode(t *testing.T) {
	elems, err := ModelElements(readModel(t), "UpdateFunctionCode")
	if err != nil {
		t.Fatal(err)
	}
	members, errs := 0, 0
	for _, e := range elems {
		switch {
		case strings.HasPrefix(e, "error:"):
			errs++
		case !strings.Contains(e, "."):
			members++
		}
	}
	if members != 13 || errs != 10 {
		t.Errorf("ModelElements found %d members and %d errors, want 13 and 10: %v", members, errs, elems)
	}
	for _, want := range []string{"FunctionName.required", "S3Bucket.pattern", "Architectures.member.enum", "PublishTo.enum",
		"S3ObjectStorageMode.enum", "SourceKMSKeyArn.max", "error:CodeSigningConfigNotFoundException"} {
		if !contains(elems, want) {
			t.Errorf("ModelElements misses %s: %v", want, elems)
		}
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

// TestModelCoverageNamesWhatANewModelAdds edits the model as a newer
// botocore might (a new member, a new constraint, a new error) and checks
// that the coverage check fails and names each addition.
func TestModelCoverageNamesWhatANewModelAdds(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(readModel(t), &m); err != nil {
		t.Fatal(err)
	}
	shapes := m["shapes"].(map[string]any)
	input := shapes["UpdateFunctionCodeRequest"].(map[string]any)
	input["members"].(map[string]any)["CodeSigningProfile"] = map[string]any{"shape": "String"}
	shapes["UpdateFunctionCodeImageUri"] = map[string]any{"type": "string", "max": 256.0}
	input["members"].(map[string]any)["ImageUri"] = map[string]any{"shape": "UpdateFunctionCodeImageUri"}
	op := m["operations"].(map[string]any)["UpdateFunctionCode"].(map[string]any)
	op["errors"] = append(op["errors"].([]any), map[string]any{"shape": "KMSAccessDeniedException"})
	edited, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	err = CheckModelCoverage(edited)
	if err == nil {
		t.Fatal("CheckModelCoverage passed a model with a new member, constraint and error")
	}
	for _, want := range []string{"has CodeSigningProfile,", "has ImageUri.max,", "has error:KMSAccessDeniedException,"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the failure does not name %q:\n%v", want, err)
		}
	}
	if strings.Count(err.Error(), "\n")+1 != 3 {
		t.Errorf("want exactly the three additions named, got:\n%v", err)
	}
}

// TestModelCoverageNamesRemovedElements checks that coverage of a member
// the model dropped is reported stale.
func TestModelCoverageNamesRemovedElements(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(readModel(t), &m); err != nil {
		t.Fatal(err)
	}
	input := m["shapes"].(map[string]any)["UpdateFunctionCodeRequest"].(map[string]any)
	delete(input["members"].(map[string]any), "DryRun")
	edited, _ := json.Marshal(m)
	if err := CheckModelCoverage(edited); err == nil || !strings.Contains(err.Error(), "lists DryRun,") {
		t.Errorf("CheckModelCoverage = %v; want DryRun named as no longer in the model", err)
	}
}
