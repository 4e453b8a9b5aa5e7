package reports

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/spec"
)

func TestParseExpectationsGood(t *testing.T) {
	const text = `# moto against today's AWS.
endpoint: moto 5.2.1
profile: aws

NAME-PATTERN   fail    # the route never validates names
ZIP-NOT-ZIP    FAIL    # no zip validation
  signature: ZIP-NOT-ZIP | expected 400 InvalidParameterValueException | got 200 # not a comment
  Signature:   ZIP-NOT-ZIP | expected 400 InvalidParameterValueException | got 500
THROTTLED      flaky   # depends on the machine
`
	x, err := ParseExpectations(strings.NewReader(text), "moto.txt")
	if err != nil {
		t.Fatalf("ParseExpectations: %v", err)
	}
	if x.Endpoint != "moto 5.2.1" || x.Profile != spec.ProfileAWS || x.Path != "moto.txt" {
		t.Errorf("header: endpoint %q profile %q path %q", x.Endpoint, x.Profile, x.Path)
	}
	want := []Expectation{
		{Clause: spec.NamePattern, Outcome: OutcomeFail, Reason: "the route never validates names", Line: 5},
		{Clause: spec.ZipNotZip, Outcome: OutcomeFail, Reason: "no zip validation", Line: 6, Signatures: []string{
			"ZIP-NOT-ZIP | expected 400 InvalidParameterValueException | got 200 # not a comment",
			"ZIP-NOT-ZIP | expected 400 InvalidParameterValueException | got 500",
		}},
		{Clause: spec.Throttled, Outcome: OutcomeFlaky, Reason: "depends on the machine", Line: 9},
	}
	if len(x.Entries) != len(want) {
		t.Fatalf("entries %+v, want %+v", x.Entries, want)
	}
	for i, w := range want {
		g := x.Entries[i]
		if g.Clause != w.Clause || g.Outcome != w.Outcome || g.Reason != w.Reason || g.Line != w.Line ||
			strings.Join(g.Signatures, "\n") != strings.Join(w.Signatures, "\n") {
			t.Errorf("entry %d: %+v, want %+v", i, g, w)
		}
	}
	if _, ok := x.Lookup(spec.NameTooLong); ok {
		t.Error("Lookup found a clause the file does not list")
	}
	if e, ok := x.Lookup(spec.Throttled); !ok || e.Outcome != OutcomeFlaky {
		t.Errorf("Lookup(THROTTLED) = %+v, %v", e, ok)
	}
}

func TestParseExpectationsBad(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"unknown clause", "\nNAME-PATERN fail # typo\n", `x.txt:2: unknown clause "NAME-PATERN"`},
		{"no reason", "NAME-PATTERN fail\n", "x.txt:1: clause NAME-PATTERN has no reason"},
		{"empty reason", "NAME-PATTERN fail #   \n", "x.txt:1: clause NAME-PATTERN has no reason"},
		{"bad outcome", "NAME-PATTERN pass # no\n", `x.txt:1: unknown outcome "pass" for NAME-PATTERN`},
		{"missing outcome", "NAME-PATTERN # why\n", "x.txt:1: want 'CLAUSE-ID fail|flaky # reason'"},
		{"extra field", "NAME-PATTERN fail now # why\n", "x.txt:1: want 'CLAUSE-ID fail|flaky # reason'"},
		{"duplicate", "NAME-PATTERN fail # a\n# c\nNAME-PATTERN fail # b\n", "x.txt:3: clause NAME-PATTERN is listed twice (first on line 1)"},
		{"orphan signature", "signature: X | y\n", "x.txt:1: a signature line must follow the clause line"},
		{"empty signature", "NAME-PATTERN fail # a\n signature:\n", "x.txt:2: empty signature"},
		{"flaky signature", "THROTTLED flaky # a\n signature: THROTTLED | x\n", `x.txt:2: clause THROTTLED is "flaky"`},
		{"unknown header", "owner: me\n", `x.txt:1: unknown header "owner"`},
		{"bad profile", "profile: azure\n", `x.txt:1: unknown profile "azure"`},
		{"late header", "NAME-PATTERN fail # a\nprofile: aws\n", "x.txt:2: the profile: header must come before"},
		{"clause outside profile", "profile: seed\nWIRE-TYPE-USER fail # a\n", "x.txt:2: clause WIRE-TYPE-USER is not in profile seed"},
		{"empty endpoint", "endpoint:\n", "x.txt:1: empty endpoint: header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseExpectations(strings.NewReader(tc.text), "x.txt")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestParseExpectationsBounded(t *testing.T) {
	big := strings.Repeat("# padding line of an oversized file\n", maxExpectationsSize/36+2)
	if _, err := ParseExpectations(strings.NewReader(big), "big.txt"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("an oversized file gives %v", err)
	}
	long := "NAME-PATTERN fail # " + strings.Repeat("x", 2<<20) + "\n"
	if _, err := ParseExpectations(strings.NewReader(long), "long.txt"); err == nil || !strings.Contains(err.Error(), "long.txt:1") {
		t.Errorf("an over-long line gives %v", err)
	}
}

// TestShippedExpectations parses every file in the expectations directory.
func TestShippedExpectations(t *testing.T) {
	files, err := filepath.Glob("../expectations/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no expectations files in ../expectations")
	}
	for _, f := range files {
		x, err := LoadExpectations(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if x.Endpoint == "" || x.Profile == "" || len(x.Entries) == 0 {
			t.Errorf("%s: want an endpoint: and profile: header and at least one clause", f)
		}
	}
	if _, err := LoadExpectations(filepath.Join(t.TempDir(), "none.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file gives %v", err)
	}
}

// TestParseExpectationsTakesRetiredIDs checks that a clause's old ID, kept
// as an alias, still names it: REVISION-MISMATCH is REVISION-STALE.
func TestParseExpectationsTakesRetiredIDs(t *testing.T) {
	x, err := ParseExpectations(strings.NewReader("profile: aws\nREVISION-MISMATCH fail # RevisionId ignored\n"), "old.txt")
	if err != nil {
		t.Fatalf("ParseExpectations: %v", err)
	}
	if e, ok := x.Lookup(spec.RevisionStale); !ok || e.Clause != spec.RevisionStale {
		t.Errorf("Lookup(REVISION-STALE) = %+v, %v; want the line that names REVISION-MISMATCH", e, ok)
	}
}

// An expectations file saved by a Windows editor, with a byte order mark
// and CRLF line ends, reads as the same file without them.
func TestParseExpectationsWindowsFile(t *testing.T) {
	text := "\ufeffendpoint: moto 5.2.1\r\nprofile: aws\r\n\r\n# known gaps\r\nZIP-NOT-ZIP  fail  # no zip validation\r\n  signature: ZIP-NOT-ZIP | expected 400 X | got 200\r\nREVISION-MISMATCH flaky # renamed\r\n"
	e, err := ParseExpectations(strings.NewReader(text), "win.txt")
	if err != nil {
		t.Fatal(err)
	}
	if e.Endpoint != "moto 5.2.1" || e.Profile != spec.ProfileAWS || len(e.Entries) != 2 {
		t.Fatalf("parsed %+v", e)
	}
	if x := e.Entries[0]; x.Clause != spec.ZipNotZip || x.Reason != "no zip validation" || len(x.Signatures) != 1 || x.Signatures[0] != "ZIP-NOT-ZIP | expected 400 X | got 200" {
		t.Errorf("first entry %+v", x)
	}
	if x := e.Entries[1]; x.Clause != spec.RevisionStale || x.Outcome != OutcomeFlaky || x.Reason != "renamed" {
		t.Errorf("second entry %+v", x)
	}
}
