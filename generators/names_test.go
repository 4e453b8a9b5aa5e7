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
// syntactic ones with the catalogue's checker, the rest by splitting the
// name at its colons by hand, independently of spec.ParseFunctionName and
// of the generators' own classifier.
func expectedNameBreaks(env Env, s string) []spec.ClauseID {
	out := spec.CheckFunctionName(s)
	if slices.Contains(out, spec.NamePattern) {
		return out
	}
	partition, region, account, name, qualifier := splitName(s)
	if (region != "" && region != env.Region) || (partition != "" && partition != env.Partition) {
		out = append(out, spec.NameOtherRegion)
	}
	otherAccount := account != "" && account != env.Account
	if otherAccount {
		out = append(out, spec.NameOtherAccount)
	}
	if qualifier != "" && qualifier != "$LATEST" {
		out = append(out, spec.NameQualifier)
	}
	if name != env.Function || otherAccount {
		out = append(out, spec.NameNotFound)
	}
	return out
}

// splitName takes a well-formed FunctionName apart at its colons, reading
// each optional part greedily from the left as the pattern does: arn:P:lambda:,
// a region, a 12-digit account, "function:", the name, a qualifier.
func splitName(s string) (partition, region, account, name, qualifier string) {
	parts := strings.Split(s, ":")
	if parts[0] == "arn" {
		partition, parts = parts[1], parts[3:]
	}
	if len(parts) >= 2 && isRegion(parts[0]) {
		region, parts = parts[0], parts[1:]
	}
	if len(parts) >= 2 && len(parts[0]) == 12 && strings.Trim(parts[0], "0123456789") == "" {
		account, parts = parts[0], parts[1:]
	}
	if len(parts) >= 2 && parts[0] == "function" {
		parts = parts[1:]
	}
	name = parts[0]
	if len(parts) == 2 {
		qualifier = parts[1]
	}
	return
}

// isRegion reports whether s has the shape of a region: an optional
// "eusc-", two lowercase letters, an optional -gov or -iso[x], words of
// lowercase letters, and one digit at the end.
func isRegion(s string) bool {
	s = strings.TrimPrefix(s, "eusc-")
	words := strings.Split(s, "-")
	if len(words) < 3 || len(words[0]) != 2 || !lower(words[0]) {
		return false
	}
	last := words[len(words)-1]
	if len(last) != 1 || last[0] < '0' || last[0] > '9' {
		return false
	}
	middle := words[1 : len(words)-1]
	if len(middle) > 1 && (middle[0] == "gov" || strings.HasPrefix(middle[0], "iso") && len(middle[0]) <= 4) {
		middle = middle[1:]
	}
	return len(middle) == 1 && middle[0] != "" && lower(middle[0])
}

func lower(s string) bool {
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == ""
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
