package generators

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// The sizes here are literals from the project's record of AWS's limits
// (docs/spec/aws.md#limits): a zip of 52428800 bytes may be uploaded
// directly ("Zipped size must be smaller than 52428800 bytes" is answered
// strictly above it, as the catalogue infers), and a package may unzip to
// 262144000 bytes.

func TestZipBreaksAtTheZippedLimit(t *testing.T) {
	if got := ZipBreaks(LargeZip(52428800, 1)); len(got) != 0 {
		t.Errorf("a zip of exactly 52428800 bytes breaks %v, want nothing", got)
	}
	if got := ZipBreaks(LargeZip(52428801, 1)); !sameClauses(got, []spec.ClauseID{spec.ZipTooLarge}) {
		t.Errorf("a zip of 52428801 bytes breaks %v, want [%s]", got, spec.ZipTooLarge)
	}
}

// zeros returns a zip of deflated entries of zeros, of sizes bytes each.
func zeros(t *testing.T, sizes ...int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	chunk := make([]byte, 1<<20)
	for i, n := range sizes {
		f, err := w.CreateHeader(&zip.FileHeader{Name: string(rune('a'+i)) + ".bin", Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		for left := n; left > 0; left -= len(chunk) {
			if left < len(chunk) {
				chunk = chunk[:left]
			}
			if _, err := f.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		chunk = chunk[:cap(chunk)]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipBreaksAtTheUnzippedLimit(t *testing.T) {
	// Inflates 500 MB of zeros, in about a second; not skipped in -short
	// mode, which the mutation runs use.
	// Two entries, so that the limit is counted across them.
	// The recorded message: "Unzipped size must be smaller than 262144000
	// bytes" (aws.md#create-errors-recorded).
	if got := ZipBreaks(zeros(t, 262144000-1000, 999)); len(got) != 0 {
		t.Errorf("a zip unzipping to 262143999 bytes breaks %v, want nothing", got)
	}
	if got := ZipBreaks(zeros(t, 262144000-1000, 1000)); !sameClauses(got, []spec.ClauseID{spec.ZipUnzippedLarge}) {
		t.Errorf("a zip unzipping to exactly 262144000 bytes breaks %v, want [%s]", got, spec.ZipUnzippedLarge)
	}
}

func TestClassifyCountsTheRequestSizeOnce(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	// aws.md#limits: a zip whose base64 alone is over 70167211 bytes.
	z := LargeZip(52625409, 1) // base64: 70167212 bytes
	c := Classify(env, "example", request.UpdateFunctionCode{FunctionName: env.Function, ZipFile: z})
	seen := map[spec.ClauseID]int{}
	for _, id := range c.Breaks {
		seen[id]++
	}
	for _, id := range []spec.ClauseID{spec.ZipTooLarge, spec.RequestTooLarge, spec.RequestTooLargeSeed} {
		if seen[id] != 1 {
			t.Errorf("%s appears %d times in %v, want once", id, seen[id], c.Breaks)
		}
	}
}

func TestMalformedBodiesOfInvalidUTF8(t *testing.T) {
	// A body that is not UTF-8 cannot be read by any endpoint, whichever
	// member holds the bad bytes: REQUEST-MALFORMED, not the new-member
	// clause a seed-era endpoint would not see.
	for _, raw := range []string{
		"{\"ZipFile\":\"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\",\"DryRun\":\"\xff\"}",
		"{\"ZipFile\":\"\xff\"}",
	} {
		if got := malformedClause([]byte(raw)); got != spec.RequestMalformed {
			t.Errorf("malformedClause(%q) = %s, want %s", raw, got, spec.RequestMalformed)
		}
	}
	if got := malformedClause([]byte(`{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==","DryRun":"yes"}`)); got != spec.RequestMalformedNew {
		t.Errorf("an ill-typed DryRun alone: %s, want %s", got, spec.RequestMalformedNew)
	}
}

func TestSeedSubsetOfNoObject(t *testing.T) {
	for _, raw := range []string{"null", "[1]", "{", `"s"`} {
		if got := seedSubset([]byte(raw)); got != nil {
			t.Errorf("seedSubset(%s) = %s, want nil", raw, got)
		}
	}
	if got := string(seedSubset([]byte(`{"S3Key":"k","DryRun":true}`))); got != `{"S3Key":"k"}` {
		t.Errorf("seedSubset kept %s, want only the seed's members", got)
	}
}

// malformedByParsing is malformedClause's definition, applied the slow
// way: the body's seed members alone, parsed as the service would.
func malformedByParsing(raw []byte) spec.ClauseID {
	if !utf8.Valid(raw) || seedSubset(raw) == nil {
		return spec.RequestMalformed
	}
	if _, ok := parseBody(seedSubset(raw)); !ok {
		return spec.RequestMalformed
	}
	return spec.RequestMalformedNew
}

// TestMalformedClauseByKindsAgreesWithParsing checks the one-pass reading
// of malformedClause against its definition, on the raw bodies the
// generators draw and on objects of members of every kind, in any order,
// with white space, duplicates and names that differ only in case.
func TestMalformedClauseByKindsAgreesWithParsing(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	names := []string{"ZipFile", "S3Bucket", "S3Key", "S3ObjectVersion", "Publish", "DryRun", "publish", "zipfile", "Architectures", "X"}
	values := []string{`"UEsFBg=="`, `""`, `"a\"b"`, `true`, `false`, `null`, `0`, `-1.5e3`, `{}`, `{"a":[1]}`, `[]`, `["s"]`, `"\u00e9"`, " \t\"pad\" "}
	rapid.Check(t, func(t *rapid.T) {
		var raw []byte
		if rapid.Bool().Draw(t, "drawn request") {
			c := Requests(env).Filter(func(c Case) bool { return c.Request.RawBody != nil }).Draw(t, "case")
			raw = c.Request.RawBody
		} else {
			n := rapid.IntRange(0, 5).Draw(t, "members")
			raw = []byte("{")
			for i := range n {
				if i > 0 {
					raw = append(raw, ',')
				}
				raw = append(raw, " \""+rapid.SampledFrom(names).Draw(t, "name")+"\" : "+rapid.SampledFrom(values).Draw(t, "value")...)
			}
			raw = append(raw, '}')
		}
		got, want := malformedClause(raw), malformedByParsing(raw)
		if got != want {
			t.Fatalf("malformedClause(%s) = %s, parsing says %s", raw, got, want)
		}
		if got == spec.RequestMalformedNew {
			// newCase deploys what the seed's members name.
			seed, ok := parseMembers(raw, seedMembers)
			bySubset, okSubset := parseBody(seedSubset(raw))
			if ok != okSubset || !reflect.DeepEqual(seed, bySubset) {
				t.Fatalf("the seed's members of %s read as %v (%t), alone as %v (%t)", raw, seed, ok, bySubset, okSubset)
			}
		}
	})
}

// seedSubset returns, for the tests' slow definitions, the JSON object raw with only the seed's members, or
// nil when raw is no JSON object.
func seedSubset(raw []byte) []byte {
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) != nil || members == nil {
		return nil
	}
	seed := map[string]json.RawMessage{}
	for name, v := range members {
		if seedMembers[name] {
			seed[name] = v
		}
	}
	b, err := json.Marshal(seed)
	if err != nil {
		return nil
	}
	return b
}
