package spec

import (
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The plain-name shortcut of ParseFunctionName and CheckFunctionName, and
// ExamineFunctionName's single match, give exactly what the patterns give,
// for names built from the parts of every form (and bytes no form admits),
// of every length around the limits.
func TestPlainNameShortcutAgreesWithThePatterns(t *testing.T) {
	parts := []string{"a", "Z", "9", "-", "_", "fn", ":", "$LATEST", "arn:aws:lambda:", "us-east-1:", "123456789012:",
		"function:", ".", "/", " ", "é", "\xff", "\x00", strings.Repeat("x", 60)}
	rapid.Check(t, func(t *rapid.T) {
		s := strings.Join(rapid.SliceOfN(rapid.SampledFrom(parts), 0, 12).Draw(t, "parts"), "")
		gotRef, gotOK := ParseFunctionName(s)
		wantRef, wantOK := parseFunctionName(s)
		if gotRef != wantRef || gotOK != wantOK {
			t.Fatalf("ParseFunctionName(%q) = %+v, %v; the pattern says %+v, %v", s, gotRef, gotOK, wantRef, wantOK)
		}
		if got, want := CheckFunctionName(s), checkFunctionName(s); !slices.Equal(got, want) {
			t.Fatalf("CheckFunctionName(%q) = %v; the patterns say %v", s, got, want)
		}
		breaks, ref, ok := ExamineFunctionName(s)
		if want := checkFunctionName(s); !slices.Equal(breaks, want) || ref != wantRef || ok != wantOK {
			t.Fatalf("ExamineFunctionName(%q) = %v, %+v, %v; the patterns say %v, %+v, %v", s, breaks, ref, ok, want, wantRef, wantOK)
		}
	})
	for b := 0; b < 256; b++ {
		s := "fn" + string([]byte{byte(b)})
		if plainName(s) != (functionNameAWS.MatchString(s) && !strings.Contains(s, ":")) {
			t.Errorf("plainName(%q) = %v, but the pattern's name class says otherwise", s, plainName(s))
		}
	}
	for _, n := range []int{1, MaxBareNameLength, MaxBareNameLength + 1, MaxFunctionNameLength, MaxFunctionNameLength + 1} {
		s := strings.Repeat("a", n)
		if got, want := CheckFunctionName(s), checkFunctionName(s); !slices.Equal(got, want) {
			t.Errorf("a plain name of %d bytes: %v; the patterns say %v", n, got, want)
		}
	}
	var names []string
	for _, prefix := range []string{"", "function:", "123456789012:", "arn:aws:lambda:us-east-1:123456789012:function:", "fn:"} {
		for _, n := range []int{0, MaxBareNameLength, MaxBareNameLength + 1, MaxFunctionNameLength, MaxFunctionNameLength + 1} {
			names = append(names, prefix+strings.Repeat("a", max(0, n-len(prefix))))
		}
	}
	for _, n := range []int{MaxBareNameLength, MaxBareNameLength + 1} {
		// Names of the bare-name limit's length in forms that are not
		// plain.
		names = append(names, strings.Repeat("a", n)+":$LATEST", "function:"+strings.Repeat("a", n))
	}
	for _, s := range names {
		breaks, ref, ok := ExamineFunctionName(s)
		wantRef, wantOK := parseFunctionName(s)
		if want := checkFunctionName(s); !slices.Equal(breaks, want) || ref != wantRef || ok != wantOK {
			t.Errorf("ExamineFunctionName(%q) = %v, %+v, %v; the patterns say %v, %+v, %v", s, breaks, ref, ok, want, wantRef, wantOK)
		}
	}
	if plainName("") {
		t.Error("the empty name taken for a plain one")
	}
}
