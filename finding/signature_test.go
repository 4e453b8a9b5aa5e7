package finding

import "testing"

// Two runs of one faulty endpoint see the same divergence through different
// fixture names, hashes, sizes, request IDs and ports: their findings must
// share a signature.
func TestSignatureIsStableAcrossRuns(t *testing.T) {
	pairs := []struct{ a, b Finding }{
		{
			Finding{Clause: "HASH-SHA256-INLINE", Class: "valid-zip",
				Expected: "CodeSha256 n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
				Got:      "CodeSha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
			Finding{Clause: "HASH-SHA256-INLINE", Class: "valid-zip",
				Expected: "CodeSha256 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
				Got:      "CodeSha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		},
		{
			Finding{Clause: "NAME-NOT-FOUND", Class: "missing-function",
				Expected: `404 ResourceNotFoundException "Function not found: "`,
				Got:      `404 ResourceNotFoundException Message="Function not found: arn:aws:lambda:us-east-1:123456789012:function:lcf-0a1b2c3d-p1-7-nx"`},
			Finding{Clause: "NAME-NOT-FOUND", Class: "missing-function",
				Expected: `404 ResourceNotFoundException "Function not found: "`,
				Got:      `404 ResourceNotFoundException Message="Function not found: arn:aws:lambda:us-east-1:123456789012:function:lcf-99ffee00-p2-31-nx"`},
		},
		{
			Finding{Clause: "CODE-SIZE", Got: "CodeSize 1234", Expected: "CodeSize 1240"},
			Finding{Clause: "CODE-SIZE", Got: "CodeSize 77", Expected: "CodeSize 80"},
		},
		{
			Finding{Clause: "WIRE-REQUEST-ID", Got: `500 body "request 0f8fad5b-d9cb-469f-a165-70867728950e failed"`},
			Finding{Clause: "WIRE-REQUEST-ID", Got: `500 body "request 7c9e6679-7425-40de-944b-e07fc1f90ae7 failed"`},
		},
		{
			Finding{Clause: "NAME-PATTERN", Transport: "timeout",
				Got: `Put "http://127.0.0.1:40211/2015-03-31/functions/a.b/code": context deadline exceeded`},
			Finding{Clause: "NAME-PATTERN", Transport: "timeout",
				Got: `Put "http://127.0.0.1:35007/2015-03-31/functions/zz.q/code": context deadline exceeded`},
		},
		{
			Finding{Clause: "NAME-TOO-LONG", Got: `400 ValidationException message="1 validation error detected: Value 'aaaaaaaa' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140"`},
			Finding{Clause: "NAME-TOO-LONG", Got: `400 ValidationException message="1 validation error detected: Value 'bbbbbbbbbbbbb' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140"`},
		},
	}
	for _, p := range pairs {
		if a, b := p.a.Signature(), p.b.Signature(); a != b {
			t.Errorf("the same divergence has two signatures:\n  %s\n  %s", a, b)
		}
	}
}

// Signatures must still tell different behaviours apart: another status,
// error type, clause, transport class or generator class is another
// signature.
func TestSignatureSeparatesBehaviours(t *testing.T) {
	base := Finding{Clause: "NAME-NOT-FOUND", Class: "missing-function", Expected: `404 ResourceNotFoundException`,
		Got: `404 ResourceNotFoundException Message="Function not found: x"`}
	variants := []Finding{base, base, base, base, base, base}
	variants[1].Got = `400 ResourceNotFoundException Message="Function not found: x"`
	variants[2].Got = `404 ValidationException Message="Function not found: x"`
	variants[3].Clause = "NAME-FORMS"
	variants[4].Class = "partial-arn"
	variants[5].Transport = "reset"
	seen := map[string]int{}
	for i, f := range variants {
		s := f.Signature()
		if j, ok := seen[s]; ok {
			t.Errorf("variants %d and %d share the signature %q", j, i, s)
		}
		seen[s] = i
	}
}

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"400 InvalidParameterValueException", "400 InvalidParameterValueException"},
		{`413 body "Request must be smaller than 70167211 bytes"`, `413 body "Request must be smaller than <n> bytes"`},
		{"versions [1 2 3]", "versions [<n> <n> <n>]"},
		{"RevisionId \"0f8fad5b-d9cb-469f-a165-70867728950e\"", `RevisionId "<uuid>"`},
		{`LastModified "2026-11-30T10:23:45.999000000Z"`, `LastModified "<time>"`},
		{"e.g. 2018-11-14T22:13:09.345+0000", "e.g. <time>"},
		{"Architectures [x86_64]", "Architectures [x86_64]"},
		{"CodeSha256 1, CodeSize 22", "CodeSha256 <n>, CodeSize <n>"},
		{"", ""},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Normalize(Normalize(c.in)); got != c.want {
			t.Errorf("Normalize is not idempotent on %q: %q", c.in, got)
		}
	}
}
