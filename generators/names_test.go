package generators

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// utf16Len counts UTF-16 code units by hand, as Java's String.length does.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// nameCharOK reports whether r may appear in a FunctionName part.
func nameCharOK(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

// validNameStrings lists, by hand, every string by which env.Function is
// named correctly: five forms, each with and without :$LATEST.
func validNameStrings(env Env) []string {
	fn := env.Function
	forms := []string{
		fn,
		"function:" + fn,
		env.Account + ":" + fn,
		env.Account + ":function:" + fn,
		"arn:" + env.Partition + ":lambda:" + env.Region + ":" + env.Account + ":function:" + fn,
	}
	for _, f := range forms[:5] {
		forms = append(forms, f+":$LATEST")
	}
	return forms
}

// expectedNameBreaks recomputes the clauses a FunctionName breaks: the
// syntactic ones with the catalogue's checker, the rest from the parsed
// name against env.
func expectedNameBreaks(env Env, s string) []spec.ClauseID {
	out := spec.CheckFunctionName(s)
	ref, ok := spec.ParseFunctionName(s)
	if !ok {
		return out
	}
	if ref.Region != "" && ref.Region != env.Region {
		out = append(out, spec.NameOtherRegion)
	}
	if ref.Account != "" && ref.Account != env.Account {
		out = append(out, spec.NameOtherAccount)
	}
	if ref.Qualifier != "" && ref.Qualifier != "$LATEST" {
		out = append(out, spec.NameQualifier)
	}
	if ref.Name != env.Function || (ref.Account != "" && ref.Account != env.Account) {
		out = append(out, spec.NameNotFound)
	}
	return out
}

// checkName checks one classified name against env by hand and with the
// catalogue's checkers.
func checkName(env Env, v Classified[string]) string {
	s := v.Value
	if err := checkClassBounds(v.Class, v.Breaks); err != nil {
		return err.Error()
	}
	if want := expectedNameBreaks(env, s); !sameClauses(want, v.Breaks) {
		return "claims " + strings.Join(sortedIDs(v.Breaks), ",") + ", recomputed " + strings.Join(sortedIDs(want), ",")
	}
	n := utf16Len(s)
	has := func(c spec.ClauseID) bool { return slices.Contains(v.Breaks, c) }
	if has(spec.NameEmpty) != (n == 0) {
		return "NAME-EMPTY claimed wrongly"
	}
	if has(spec.NameTooLong) != (n > 140) {
		return "NAME-TOO-LONG disagrees with the hand count"
	}
	if len(v.Breaks) == 0 {
		if !slices.Contains(validNameStrings(env), s) {
			return "a valid name that is not a form of env.Function"
		}
		if !spec.FunctionNamePattern(spec.ProfileAWS).MatchString(s) || !spec.FunctionNamePattern(spec.ProfileSeed).MatchString(s) || n > 140 {
			return "a valid name outside a pattern or the length"
		}
	}
	if has(spec.NameNotFound) {
		ref, _ := spec.ParseFunctionName(s)
		otherAccount := ref.Account != "" && ref.Account != env.Account
		if !strings.HasPrefix(ref.Name, env.Missing) && len(ref.Name) <= 64 && !otherAccount {
			return "NAME-NOT-FOUND for a name part " + ref.Name + " that is neither under Missing nor over 64 characters nor in another account"
		}
	}
	switch v.Class {
	case ClassNameBadChar:
		if !strings.ContainsFunc(s, func(r rune) bool { return !nameCharOK(r) && r != ':' }) {
			return "bad-char name holds no character outside the pattern"
		}
	case ClassNameBareTooLong:
		if n < 65 || n > 140 || !strings.HasPrefix(s, env.Missing) || strings.ContainsFunc(s, func(r rune) bool { return !nameCharOK(r) }) {
			return "bare-too-long name is not 65..140 characters of the name class under Missing"
		}
	case ClassNameBadArn:
		parts := strings.Split(s, ":")
		if len(parts) != 7 {
			return "bad ARN has not 7 parts"
		}
		region, account := parts[3], parts[4]
		regionNumber := region[strings.LastIndex(region, "-")+1:]
		if parts[2] == "lambda" && len(regionNumber) == 1 && len(account) == 12 {
			return "bad ARN has no malformed part"
		}
	}
	return ""
}

func TestFunctionNamesAreClassifiedExactly(t *testing.T) {
	for _, p := range spec.Profiles {
		env := testEnv(t, p)
		t.Run(string(p), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				v := FunctionNames(env).Draw(t, "name")
				if msg := checkName(env, v); msg != "" {
					t.Fatalf("%s %q: %s (Breaks %v)", v.Class, v.Value, msg, v.Breaks)
				}
			})
		})
	}
}

func TestValidFunctionNamesFindTheFunction(t *testing.T) {
	env := testEnv(t, spec.ProfileSeed)
	rapid.Check(t, func(t *rapid.T) {
		v := ValidFunctionNames(env).Draw(t, "name")
		if len(v.Breaks) != 0 || !slices.Contains(validNameStrings(env), v.Value) {
			t.Fatalf("%q is not a valid form of %q: %v", v.Value, env.Function, v.Breaks)
		}
	})
}

// TestNameAmbiguities pins the readings of names whose parts could be taken
// two ways.
func TestNameAmbiguities(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	tests := []struct {
		name string
		want []spec.ClauseID
	}{
		{env.Account + ":" + env.Function, nil},
		{"210987654321:" + env.Function, []spec.ClauseID{spec.NameOtherAccount, spec.NameNotFound}},
		{env.Function + ":210987654321", []spec.ClauseID{spec.NameQualifier}},
		{env.Account + ":123456789013", []spec.ClauseID{spec.NameNotFound}},
		{"123456789013:$LATEST", []spec.ClauseID{spec.NameNotFound}},
		{env.Function + ":$LATEST:1", []spec.ClauseID{spec.NamePattern}},
		{"arn:aws:lambda:us-east-1:" + env.Account + ":function:" + strings.Repeat("a", 90), []spec.ClauseID{spec.NameNotFound}},
		{"arn:aws-cn:lambda:cn-north-1:" + env.Account + ":function:" + env.Function, []spec.ClauseID{spec.NamePartitionSeed, spec.NameOtherRegion}},
	}
	for _, tt := range tests {
		if got := nameBreaks(env, tt.name); !sameClauses(got, tt.want) {
			t.Errorf("nameBreaks(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
