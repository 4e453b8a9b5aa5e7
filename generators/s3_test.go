package generators

import (
	"slices"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// handBucketBreaks applies the Lambda bucket rules by hand: 3..63
// characters of [0-9A-Za-z.-_], not ending in '.', which Go's regexp cannot
// say with the model's (?<!\.).
func handBucketBreaks(s string) []spec.ClauseID {
	var out []spec.ClauseID
	n := utf16Len(s)
	if n < 3 {
		out = append(out, spec.BucketTooShort)
	}
	if n > 63 {
		out = append(out, spec.BucketTooLong)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return !nameCharOK(r) && r != '.' }) {
		out = append(out, spec.BucketPattern)
	}
	if strings.HasSuffix(s, ".") {
		out = append(out, spec.BucketTrailingDot)
	}
	return out
}

// handObjectBreaks applies the key and version rules by hand: 1..1024
// UTF-16 units and, today, no line terminator.
func handObjectBreaks(s string, empty, long, lineBreak spec.ClauseID) []spec.ClauseID {
	var out []spec.ClauseID
	n := utf16Len(s)
	if n == 0 {
		out = append(out, empty)
	}
	if n > 1024 {
		out = append(out, long)
	}
	for _, r := range s {
		if r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029 {
			out = append(out, lineBreak)
			break
		}
	}
	return out
}

// lookupOf recomputes the lookup clauses of S3 members through the request
// recomputation, so that fields and requests share one independent oracle.
func lookupOf(env Env, bucket, key, version *string) []spec.ClauseID {
	return expectedLookup(env, request.UpdateFunctionCode{S3Bucket: bucket, S3Key: key, S3ObjectVersion: version})
}

func TestBucketNamesAreClassifiedExactly(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	rapid.Check(t, func(t *rapid.T) {
		v := BucketNames(env).Draw(t, "bucket")
		if err := checkClassBounds(v.Class, v.Breaks); err != nil {
			t.Fatal(err)
		}
		syntax := handBucketBreaks(v.Value)
		if !sameClauses(syntax, spec.CheckBucket(v.Value)) {
			t.Fatalf("%q: by hand %v, spec.CheckBucket %v", v.Value, syntax, spec.CheckBucket(v.Value))
		}
		want := append(syntax, lookupOf(env, &v.Value, nil, nil)...)
		if !sameClauses(want, v.Breaks) {
			t.Fatalf("%s %q claims %v, recomputed %v", v.Class, v.Value, v.Breaks, want)
		}
		if slices.Contains(v.Breaks, spec.BucketNotFound) && !strings.HasPrefix(v.Value, env.Missing) {
			t.Fatalf("missing bucket %q is not under Missing %q", v.Value, env.Missing)
		}
	})
}

func TestKeysAreClassifiedExactly(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	rapid.Check(t, func(t *rapid.T) {
		v := Keys(env).Draw(t, "key")
		if err := checkClassBounds(v.Class, v.Breaks); err != nil {
			t.Fatal(err)
		}
		syntax := handObjectBreaks(v.Value, spec.KeyEmpty, spec.KeyTooLong, spec.KeyLineBreak)
		if !sameClauses(syntax, spec.CheckKey(v.Value)) {
			t.Fatalf("%q: by hand %v, spec.CheckKey %v", v.Value, syntax, spec.CheckKey(v.Value))
		}
		want := append(syntax, lookupOf(env, &env.Bucket, &v.Value, nil)...)
		if !sameClauses(want, v.Breaks) {
			t.Fatalf("%s %q claims %v, recomputed %v", v.Class, v.Value, v.Breaks, want)
		}
		if slices.Contains(v.Breaks, spec.KeyNotFound) && !strings.HasPrefix(v.Value, env.Missing) {
			t.Fatalf("missing key %q is not under Missing %q", v.Value, env.Missing)
		}
	})
}

func TestObjectVersionsAreClassifiedExactly(t *testing.T) {
	for _, versioned := range []bool{true, false} {
		env := testEnv(t, spec.ProfileAWS)
		bucket, key := env.VersionedBucket, env.VersionedKey
		if !versioned {
			env.VersionedBucket, env.VersionedKey, env.Versions = "", "", nil
			bucket, key = env.Bucket, env.Key
		}
		rapid.Check(t, func(t *rapid.T) {
			v := ObjectVersions(env).Draw(t, "version")
			if err := checkClassBounds(v.Class, v.Breaks); err != nil {
				t.Fatal(err)
			}
			syntax := handObjectBreaks(v.Value, spec.VersionEmpty, spec.VersionTooLong, spec.VersionLineBreak)
			if !sameClauses(syntax, spec.CheckObjectVersion(v.Value)) {
				t.Fatalf("%q: by hand %v, spec.CheckObjectVersion %v", v.Value, syntax, spec.CheckObjectVersion(v.Value))
			}
			want := append(syntax, lookupOf(env, &bucket, &key, &v.Value)...)
			if !sameClauses(want, v.Breaks) {
				t.Fatalf("%s %q (versioned %v) claims %v, recomputed %v", v.Class, v.Value, versioned, v.Breaks, want)
			}
		})
	}
}

func TestKeysHoldSlashesSpacesAndAstralCharacters(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	var slash, space, astral, exact bool
	for i := 0; i < 400; i++ {
		v := Keys(env).Example(i)
		slash = slash || (v.Class == ClassKeyNotFound && strings.Contains(v.Value[len(env.Missing):], "/"))
		space = space || (v.Class == ClassKeyNotFound && strings.Contains(v.Value, " "))
		astral = astral || (v.Class == ClassKeyTooLong && utf16Len(v.Value) > len([]rune(v.Value)))
		exact = exact || (v.Class == ClassKeyTooLong && len([]rune(v.Value)) <= 1024)
	}
	if !slash || !space || !astral || !exact {
		t.Errorf("in 400 keys: slash %v, space %v, astral %v, over 1024 units in at most 1024 runes %v", slash, space, astral, exact)
	}
}

func TestEnvCheckExplainsEachProblem(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	env.Account = "12345"
	env.Missing = "Lambda_Conf"
	env.Bucket = "bucket."
	err := env.Check()
	if err == nil {
		t.Fatal("a broken Env passed Check")
	}
	for _, field := range []string{"Env.Account", "Env.Missing", "Env.Bucket"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("Check does not name %s: %v", field, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("FunctionNames accepted a broken Env")
		}
	}()
	FunctionNames(env)
}
