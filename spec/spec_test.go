package spec

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCatalogueIsConsistent(t *testing.T) {
	seen := map[ClauseID]bool{}
	areas := map[Area]bool{}
	for _, a := range Areas {
		areas[a] = true
	}
	for _, c := range All() {
		if c.ID == "" || strings.ToUpper(string(c.ID)) != string(c.ID) {
			t.Errorf("clause %q: IDs are upper-case and non-empty", c.ID)
		}
		if seen[c.ID] {
			t.Errorf("clause %s appears twice", c.ID)
		}
		seen[c.ID] = true
		if !areas[c.Area] {
			t.Errorf("clause %s: area %q is not in Areas", c.ID, c.Area)
		}
		if strings.TrimSpace(c.Rule) == "" || !strings.HasSuffix(c.Rule, ".") {
			t.Errorf("clause %s: the rule must be one full sentence", c.ID)
		}
		if len(c.Sources) == 0 || c.Reference == "" {
			t.Errorf("clause %s names no source or reference", c.ID)
		}
		if len(c.Profiles) == 0 {
			t.Errorf("clause %s belongs to no profile", c.ID)
		}
		for _, p := range c.Profiles {
			o, ok := c.Outcomes[p]
			if !ok {
				t.Errorf("clause %s: no expected outcome for profile %s", c.ID, p)
				continue
			}
			if c.Stage == StageSuccess && o.IsError() {
				t.Errorf("clause %s describes a success but expects %v", c.ID, o)
			}
			if c.Stage != StageSuccess && (!o.IsError() || len(o.ErrorTypes) == 0) {
				t.Errorf("clause %s is an error clause but expects %v under %s", c.ID, o, p)
			}
		}
		for p := range c.Outcomes {
			if !c.In(p) {
				t.Errorf("clause %s has an outcome for %s but does not belong to it", c.ID, p)
			}
		}
		inferredOnly := len(c.Sources) == 1 && c.Sources[0] == SourceInferred
		if inferredOnly && c.Note == "" {
			t.Errorf("clause %s is inferred only and must say so in a note", c.ID)
		}
	}
}

func TestExpectPicksTheEarliestStage(t *testing.T) {
	tests := []struct {
		name    string
		profile Profile
		broken  []ClauseID
		status  int
		code    string
		prefix  string
		winner  ClauseID
	}{
		{"valid", ProfileAWS, nil, 200, "", "", ""},
		{"validation before lookup", ProfileAWS, []ClauseID{NameNotFound, BucketTooShort}, 400, ErrValidation, "1 validation error detected: ", BucketTooShort},
		{"two violations counted", ProfileAWS, []ClauseID{NameTooLong, NamePattern}, 400, ErrValidation, "2 validation errors detected: ", NameTooLong},
		{"seed-only clause ignored under aws", ProfileAWS, []ClauseID{NamePartitionSeed, NameOtherRegion}, 404, ErrResourceNotFound, MsgOtherRegion, NameOtherRegion},
		{"seed-only clause decides under seed", ProfileSeed, []ClauseID{NamePartitionSeed, NameOtherRegion}, 400, ErrValidation, "1 validation error detected: ", NamePartitionSeed},
		{"aws-only clause ignored under seed", ProfileSeed, []ClauseID{RevisionMismatch}, 200, "", "", ""},
		{"request size first", ProfileSeed, []ClauseID{ZipNotZip, RequestTooLarge}, 413, ErrEntityTooLarge, "Request must be smaller than 69905067", RequestTooLarge},
		{"qualifier before lookup", ProfileAWS, []ClauseID{NameNotFound, NameQualifier}, 400, ErrInvalidParameter, MsgQualifier, NameQualifier},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, winner := Expect(tt.profile, tt.broken)
			if o.Status != tt.status || winner != tt.winner {
				t.Fatalf("Expect(%s, %v) = %v from %q; want %d from %q", tt.profile, tt.broken, o, winner, tt.status, tt.winner)
			}
			if tt.code != "" && o.ErrorTypes[0] != tt.code {
				t.Errorf("error type %v, want %s first", o.ErrorTypes, tt.code)
			}
			if !strings.HasPrefix(o.MessagePrefix, tt.prefix) {
				t.Errorf("message prefix %q, want it to start with %q", o.MessagePrefix, tt.prefix)
			}
		})
	}
}

func TestCheckFunctionName(t *testing.T) {
	long := strings.Repeat("a", 65)
	tests := []struct {
		name string
		want []ClauseID
	}{
		{"my-function_1", nil},
		{"my-function:$LATEST", nil},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", nil},
		{"123456789012:function:f", nil},
		{"123456789012:f", nil},
		{"function:f", nil},
		{"f:1", nil},
		{"", []ClauseID{NameEmpty, NamePattern}},
		{"a.b", []ClauseID{NamePattern}},
		{"invalid:function:name", []ClauseID{NamePattern}},
		{long, []ClauseID{NameBareTooLong}},
		{"function:" + long, nil},
		{strings.Repeat("a", 141), []ClauseID{NameTooLong, NameBareTooLong}},
		{"arn:aws-cn:lambda:cn-north-1:123456789012:function:f", []ClauseID{NamePartitionSeed}},
		{"arn:aws:lambda:us-gov-west-1:123456789012:function:f", []ClauseID{NamePartitionSeed}},
		{"arn:aws:lambda:us-east-12:123456789012:function:f", []ClauseID{NamePattern}},
	}
	for _, tt := range tests {
		got := CheckFunctionName(tt.name)
		if strings.Join(ids(got), ",") != strings.Join(ids(tt.want), ",") {
			t.Errorf("CheckFunctionName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseFunctionName(t *testing.T) {
	ref, ok := ParseFunctionName("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:fn:$LATEST")
	if !ok {
		t.Fatal("a full GovCloud ARN must parse")
	}
	want := FunctionRef{Partition: "aws-us-gov", Region: "us-gov-west-1", Account: "123456789012", Name: "fn", Qualifier: "$LATEST", HasFunctionPrefix: true}
	if ref != want {
		t.Errorf("got %+v, want %+v", ref, want)
	}
	if ref, _ := ParseFunctionName("fn:7"); !ref.Bare() || ref.Qualifier != "7" {
		t.Errorf("fn:7 parsed as %+v", ref)
	}
}

func TestCheckBucketKeyVersion(t *testing.T) {
	cases := map[string][]ClauseID{
		"abc":                   nil,
		"My_Bucket.x":           nil,
		"ab":                    {BucketTooShort},
		strings.Repeat("b", 64): {BucketTooLong},
		"bucket.":               {BucketTrailingDot},
		"buck et":               {BucketPattern},
		".":                     {BucketTooShort, BucketTrailingDot},
	}
	for in, want := range cases {
		if got := CheckBucket(in); strings.Join(ids(got), ",") != strings.Join(ids(want), ",") {
			t.Errorf("CheckBucket(%q) = %v, want %v", in, got, want)
		}
	}
	if got := CheckKey(""); len(got) != 1 || got[0] != KeyEmpty {
		t.Errorf("CheckKey(\"\") = %v", got)
	}
	if got := CheckKey(strings.Repeat("😀", 513)); len(got) != 1 || got[0] != KeyTooLong {
		t.Errorf("513 astral characters are 1026 UTF-16 units: got %v", got)
	}
	if got := CheckObjectVersion("a\nb"); len(got) != 1 || got[0] != VersionLineBreak {
		t.Errorf("CheckObjectVersion with a newline = %v", got)
	}
}

func ids(in []ClauseID) []string {
	out := make([]string, len(in))
	for i, id := range in {
		out[i] = string(id)
	}
	return out
}

// TestAliasesNameTheirClause checks that a retired ID finds the clause that
// carries its rule and that no alias shadows a live ID.
func TestAliasesNameTheirClause(t *testing.T) {
	c, ok := Lookup(RevisionMismatch)
	if !ok || c.ID != RevisionStale {
		t.Errorf("Lookup(REVISION-MISMATCH) = %s, %v; want REVISION-STALE", c.ID, ok)
	}
	if got := Aliases(RevisionStale); len(got) != 1 || got[0] != RevisionMismatch {
		t.Errorf("Aliases(REVISION-STALE) = %v", got)
	}
	for from, to := range aliases {
		if _, live := index[from]; live {
			t.Errorf("alias %s shadows a clause of the catalogue", from)
		}
		if _, ok := index[to]; !ok {
			t.Errorf("alias %s points at %s, which is not in the catalogue", from, to)
		}
	}
}

// TestReferencesResolve checks that every clause links to its source in the
// repository's own spec sources, docs/spec, and that each link names an
// existing file and an element id in it: a clone of the repository holds
// everything a clause cites.
func TestReferencesResolve(t *testing.T) {
	ids := map[string]map[string]bool{}
	anchors := func(path string) (map[string]bool, error) {
		if a, ok := ids[path]; ok {
			return a, nil
		}
		data, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(path)))
		if err != nil {
			return nil, err
		}
		a := map[string]bool{}
		for _, m := range anchorPattern.FindAllStringSubmatch(string(data), -1) {
			a[m[1]] = true
		}
		ids[path] = a
		return a, nil
	}
	for _, c := range All() {
		links := c.Links()
		if len(links) == 0 {
			t.Errorf("clause %s: reference %q links to no passage of docs/spec (write docs/spec/FILE.md#anchor)", c.ID, c.Reference)
		}
		for _, l := range links {
			path, anchor, _ := strings.Cut(l, "#")
			a, err := anchors(path)
			if err != nil {
				t.Errorf("clause %s: %s: %v", c.ID, l, err)
				continue
			}
			if !a[anchor] {
				t.Errorf("clause %s: %s: %s has no element with id %q", c.ID, l, path, anchor)
			}
		}
		for _, stale := range []string{"aws-behaviour", "§", "shared/"} {
			if strings.Contains(c.Reference, stale) {
				t.Errorf("clause %s: reference %q cites %q, a file a clone does not have", c.ID, c.Reference, stale)
			}
		}
	}
	// Relative links between the spec sources resolve too, and none of
	// them, nor the README, points outside the repository.
	for _, path := range []string{"README.md", "docs/spec/README.md", "docs/spec/seed.md", "docs/spec/model.md", "docs/spec/aws.md", "docs/spec/emulators.md"} {
		data, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "../shared") || strings.Contains(string(data), "aws-behaviour.md") {
			t.Errorf("%s cites the shared spec files, which a clone of the repository does not have", path)
		}
		if !strings.HasPrefix(path, "docs/spec/") {
			continue
		}
		for _, m := range mdLinkPattern.FindAllStringSubmatch(string(data), -1) {
			target, anchor := m[1], m[2]
			if target == "" {
				target = path
			} else {
				target = filepath.ToSlash(filepath.Join(filepath.Dir(path), target))
			}
			a, err := anchors(target)
			if err != nil {
				t.Errorf("%s: link %s: %v", path, m[0], err)
				continue
			}
			if anchor != "" && !a[anchor] {
				t.Errorf("%s: link %s: %s has no element with id %q", path, m[0], target, anchor)
			}
		}
	}
}

// TestNoSharedCitations checks that no file of the repository cites the
// spec files outside it (aws-behaviour.md and the seed page's file name,
// ../shared/…): a clone has only docs/spec.
func TestNoSharedCitations(t *testing.T) {
	stale := regexp.MustCompile(`aws-behaviour\.md|000_425915f327ea8351|\.\./shared/`)
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != ".." && (strings.HasPrefix(name, ".") || name == "out" || name == "bin" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".md", ".txt", ".sh", ".yml", ".yaml":
		default:
			if filepath.Base(path) != "Makefile" {
				return nil
			}
		}
		if filepath.Base(path) == "spec_test.go" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if stale.MatchString(line) {
				t.Errorf("%s:%d cites a spec file the repository does not have; link to docs/spec instead: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var (
	anchorPattern = regexp.MustCompile(`\bid="([a-z0-9-]+)"`)
	// mdLinkPattern matches relative Markdown links to another spec file
	// or to an anchor: [text](aws.md#limits), [text](#limits).
	mdLinkPattern = regexp.MustCompile(`\]\(([A-Za-z0-9_-]+\.md)?(?:#([a-z0-9-]+))?\)`)
)

// TestLinksReturnsEveryLink checks that Links returns every link of a
// Reference, in order, and nothing of the text around them: a clause citing
// two passages has both checked by TestReferencesResolve.
func TestLinksReturnsEveryLink(t *testing.T) {
	c := Clause{Reference: "docs/spec/seed.md#errors (the seed page); see also docs/spec/aws.md#limits and docs/spec/model.md#update-function-code-request."}
	want := []string{"docs/spec/seed.md#errors", "docs/spec/aws.md#limits", "docs/spec/model.md#update-function-code-request"}
	if got := c.Links(); !slices.Equal(got, want) {
		t.Errorf("Links() = %q, want %q", got, want)
	}
	if got := (Clause{Reference: "the model, not in docs/spec"}).Links(); len(got) != 0 {
		t.Errorf("Links() of a reference without links = %q, want none", got)
	}
}
