package check

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
)

// Schema checks every field constraint of a FunctionConfiguration, as
// decoded from JSON, under profile p. Fields every configuration carries
// (FunctionArn, FunctionName, LastModified, Version, CodeSha256, Role,
// MemorySize, Timeout, and RevisionId under the aws profile) must be
// present; the others are checked when present, and fields the profile does
// not know are allowed. ev, which may be nil, records the clauses of the
// required fields and of the optional fields the configuration holds.
func Schema(ev *Evaluated, p spec.Profile, cfg map[string]any) error {
	ev.addIn(p, spec.SchemaFunctionArn, spec.SchemaFunctionName, spec.SchemaLastModified, spec.SchemaVersion,
		spec.SchemaCodeSha256, spec.SchemaRole, spec.SchemaMemorySize, spec.SchemaTimeout, spec.SchemaRevisionID)
	var fs []*finding.Finding
	bad := func(id spec.ClauseID, field, want string) {
		if !spec.MustLookup(id).In(p) {
			return
		}
		fs = append(fs, &finding.Finding{Clause: id,
			Summary:  fmt.Sprintf("the response's %s breaks its constraint", field),
			Expected: want, Got: field + " " + jsonValue(cfg, field)})
	}
	str := func(field string, required bool) (string, bool) {
		v, ok := cfg[field]
		if !ok && !required {
			return "", false
		}
		s, isStr := v.(string)
		return s, isStr
	}

	if s, ok := str("FunctionArn", true); !ok || !spec.FunctionArnPattern(p).MatchString(s) {
		bad(spec.SchemaFunctionArn, "FunctionArn", "a string matching "+spec.FunctionArnPattern(p).String())
	}
	if s, ok := str("FunctionName", true); !ok || !spec.ValidBareName(s) {
		bad(spec.SchemaFunctionName, "FunctionName", "1..64 characters of [a-zA-Z0-9-_]")
	}
	if s, ok := str("LastModified", true); !ok || !spec.ValidLastModified(s) {
		bad(spec.SchemaLastModified, "LastModified", "yyyy-MM-ddTHH:mm:ss.SSS+0000, e.g. 2019-08-14T22:26:11.234+0000")
	}
	if s, ok := str("Version", true); !ok || !spec.ValidVersion(s) {
		bad(spec.SchemaVersion, "Version", `a string matching (\$LATEST|[0-9]+)`)
	}
	if s, ok := str("CodeSha256", true); !ok || !validSha256(s) {
		bad(spec.SchemaCodeSha256, "CodeSha256", "44 characters of standard padded base64 decoding to 32 bytes")
	}
	if s, ok := str("Role", true); !ok || !spec.RolePattern(p).MatchString(s) {
		bad(spec.SchemaRole, "Role", "a string matching "+spec.RolePattern(p).String())
	}
	if n, ok := integer(cfg["MemorySize"]); !ok || !validMemory(p, n) {
		want := "an integer in 128..32768"
		if p == spec.ProfileSeed {
			want = "an integer in 128..1536, a multiple of 64"
		}
		bad(spec.SchemaMemorySize, "MemorySize", want)
	}
	if n, ok := integer(cfg["Timeout"]); !ok || n < 1 || (p == spec.ProfileAWS && n > 5400) {
		want := "an integer of at least 1"
		if p == spec.ProfileAWS {
			want = "an integer in 1..5400"
		}
		bad(spec.SchemaTimeout, "Timeout", want)
	}
	if _, present := cfg["Runtime"]; present {
		ev.addIn(p, spec.SchemaRuntime)
		if s, ok := str("Runtime", false); !ok || !contains(spec.Runtimes(p), s) {
			bad(spec.SchemaRuntime, "Runtime", fmt.Sprintf("one of %v", spec.Runtimes(p)))
		}
	}
	if _, present := cfg["Handler"]; present {
		ev.addIn(p, spec.SchemaHandler)
		if s, ok := str("Handler", false); !ok || len(s) > 128 || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
			bad(spec.SchemaHandler, "Handler", "at most 128 characters with no white space")
		}
	}
	if _, present := cfg["Description"]; present {
		ev.addIn(p, spec.SchemaDescription)
		if s, ok := str("Description", false); !ok || spec.Length(s) > 256 {
			bad(spec.SchemaDescription, "Description", "a string of at most 256 characters")
		}
	}
	enum := func(field string, values ...string) {
		if _, present := cfg[field]; !present {
			return
		}
		ev.addIn(p, spec.SchemaEnums)
		if s, ok := str(field, false); !ok || !contains(values, s) {
			bad(spec.SchemaEnums, field, fmt.Sprintf("one of %v", values))
		}
	}
	enum("State", "Pending", "Active", "Inactive", "Failed", "Deactivating", "Deactivated", "ActiveNonInvocable", "Deleting")
	enum("LastUpdateStatus", "Successful", "Failed", "InProgress")
	enum("PackageType", "Zip", "Image")
	if v, present := cfg["Architectures"]; present {
		ev.addIn(p, spec.SchemaEnums)
		list, ok := v.([]any)
		if !ok || len(list) != 1 || !contains(spec.Architectures, fmt.Sprint(list[0])) {
			bad(spec.SchemaEnums, "Architectures", `exactly one of ["x86_64"] or ["arm64"]`)
		}
	}
	if s, ok := str("RevisionId", true); !ok || s == "" {
		bad(spec.SchemaRevisionID, "RevisionId", "a non-empty string")
	}
	return join(fs)
}

func validSha256(s string) bool {
	if len(s) != 44 {
		return false
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	return err == nil && len(b) == sha256.Size
}

func validMemory(p spec.Profile, n int64) bool {
	if p == spec.ProfileSeed {
		return n >= 128 && n <= 1536 && n%64 == 0
	}
	return n >= 128 && n <= 32768
}

// integer returns v as an integer when it is a JSON number without a
// fractional part.
func integer(v any) (int64, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// Sha256 returns CodeSha256 as the service computes it: the standard, padded
// base64 of the SHA-256 of the code's bytes.
func Sha256(code []byte) string {
	sum := sha256.Sum256(code)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Source says where a request took its code from; it decides which hash and
// size clauses a response is held to.
type Source int

const (
	// Inline code came in the ZipFile member.
	Inline Source = iota
	// FromS3 code came from the latest version of an S3 object.
	FromS3
	// FromS3Version code came from the version S3ObjectVersion named.
	FromS3Version
)

// HashAndSize checks that a configuration reports the CodeSha256 and
// CodeSize of code, which the request took from src. A hash that is well
// formed but wrong for an S3ObjectVersion request is blamed on
// VERSION-SELECTS, since the endpoint most likely read another version, and
// one that is malformed on HASH-SHA256-S3. ev, which may be nil, records
// the clauses of src it evaluated.
func HashAndSize(ev *Evaluated, cfg map[string]any, code []byte, src Source) error {
	hashClause, sizeClause := spec.HashInline, spec.SizeInline
	switch src {
	case FromS3:
		hashClause, sizeClause = spec.HashS3, spec.SizeS3
	case FromS3Version:
		hashClause, sizeClause = spec.VersionSelects, spec.VersionSelects
		ev.Add(spec.HashS3)
	}
	ev.Add(hashClause, sizeClause)
	var fs []*finding.Finding
	want := Sha256(code)
	if got, _ := cfg["CodeSha256"].(string); got != want {
		id := hashClause
		if src == FromS3Version && !validSha256(got) {
			id = spec.HashS3
		}
		fs = append(fs, &finding.Finding{Clause: id,
			Summary:  "CodeSha256 is not the base64 SHA-256 of the uploaded code",
			Expected: fmt.Sprintf("CodeSha256 %q (base64std(sha256) of %d bytes)", want, len(code)),
			Got:      "CodeSha256 " + jsonValue(cfg, "CodeSha256")})
	}
	if n, ok := integer(cfg["CodeSize"]); !ok || n != int64(len(code)) {
		fs = append(fs, &finding.Finding{Clause: sizeClause,
			Summary:  "CodeSize is not the length of the uploaded code",
			Expected: fmt.Sprintf("CodeSize %d", len(code)),
			Got:      "CodeSize " + jsonValue(cfg, "CodeSize")})
	}
	if len(fs) == 2 && src == FromS3Version {
		fs[0].Summary = "CodeSha256 and CodeSize are not those of the selected object version"
		return fs[0]
	}
	return join(fs)
}
