package generators

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// wireRequest is the body as a strict JSON decoder of the model sees it.
type wireRequest struct {
	ZipFile         *string
	S3Bucket        *string
	S3Key           *string
	S3ObjectVersion *string
	ImageUri        *string
	Publish         *bool
	DryRun          *bool
	RevisionId      *string
	Architectures   []string
	// Added since 2024.
	S3ObjectStorageMode *string
	PublishTo           *string
	SourceKMSKeyArn     *string
}

// bodyParses reports whether body is UTF-8 JSON holding one object whose
// members have the model's types.
func bodyParses(body []byte) bool {
	if !utf8.Valid(body) || !json.Valid(body) {
		return false
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var w wireRequest
	return json.Unmarshal(body, &w) == nil
}

// seedBodyParses reports whether body is UTF-8 JSON holding one object
// whose members of the seed's API have the model's types.
func seedBodyParses(body []byte) bool {
	if !utf8.Valid(body) || !json.Valid(body) {
		return false
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var w struct {
		ZipFile, S3Bucket, S3Key, S3ObjectVersion *string
		Publish                                   *bool
	}
	return json.Unmarshal(body, &w) == nil
}

// expectedCaseBreaks recomputes every clause a request breaks from the
// request alone and env, without the generators' classifiers.
func expectedCaseBreaks(env Env, r request.UpdateFunctionCode) []spec.ClauseID {
	out := expectedNameBreaks(env, r.FunctionName)
	body, _ := r.BodyReader()
	size, err := io.Copy(io.Discard, body)
	if err != nil {
		panic(err)
	}
	if size > spec.MaxRequestSizeAWS {
		out = append(out, spec.RequestTooLarge)
	}
	if size > spec.MaxRequestSizeSeed {
		out = append(out, spec.RequestTooLargeSeed)
	}
	if r.RawBody != nil {
		switch {
		case bodyParses(r.RawBody):
		case seedBodyParses(r.RawBody):
			out = append(out, spec.RequestMalformedNew)
		default:
			out = append(out, spec.RequestMalformed)
		}
		return out
	}
	if r.ZipFileText != nil {
		if _, err := base64.StdEncoding.Strict().DecodeString(*r.ZipFileText); err != nil {
			out = append(out, spec.ZipBase64)
		}
	} else if r.ZipFile != nil {
		out = append(out, readZip(r.ZipFile).breaks...)
		if len(r.ZipFile) > spec.MaxZippedSize {
			out = append(out, spec.ZipTooLarge)
		}
	}
	inline := r.ZipFile != nil || r.ZipFileText != nil
	bucket, key, version := r.S3Bucket != nil, r.S3Key != nil, r.S3ObjectVersion != nil
	if inline && (bucket || key || version) {
		out = append(out, spec.SourceConflict)
	}
	if bucket != key {
		out = append(out, spec.SourceS3Incomplete)
	}
	if r.ImageUri != nil {
		out = append(out, spec.SourceImageOnZip)
	}
	if !inline && !bucket && !key {
		out = append(out, spec.SourceNone)
	}
	if bucket {
		out = append(out, spec.CheckBucket(*r.S3Bucket)...)
	}
	if key {
		out = append(out, spec.CheckKey(*r.S3Key)...)
	}
	if version {
		out = append(out, spec.CheckObjectVersion(*r.S3ObjectVersion)...)
	}
	out = append(out, expectedLookup(env, r)...)
	if r.Architectures != nil {
		if len(r.Architectures) != 1 {
			out = append(out, spec.ArchCount)
		}
		for _, a := range r.Architectures {
			if a != "x86_64" && a != "arm64" {
				out = append(out, spec.ArchEnum)
				break
			}
		}
	}
	if r.RevisionId != nil {
		out = append(out, spec.RevisionStale)
	}
	if m := r.S3ObjectStorageMode; m != nil && *m != "COPY" && *m != "REFERENCE" {
		out = append(out, spec.StorageModeEnum)
	}
	if p := r.PublishTo; p != nil && *p != "LATEST_PUBLISHED" {
		out = append(out, spec.PublishToEnum)
	}
	if k := r.SourceKMSKeyArn; k != nil {
		if utf16Len(*k) > 10000 {
			out = append(out, spec.KMSKeyTooLong)
		}
		if !kmsKeyArnByHand(*k) {
			out = append(out, spec.KMSKeyPattern)
		}
	}
	return out
}

// kmsKeyArnByHand checks the KMSKeyArn pattern (arn:(aws[a-zA-Z-]*)?:
// [a-z0-9-.]+:.*)|() part by part, with Java's '.' that matches no line
// terminator.
func kmsKeyArnByHand(s string) bool {
	if s == "" {
		return true
	}
	parts := strings.SplitN(s, ":", 4)
	if len(parts) != 4 || parts[0] != "arn" || parts[2] == "" {
		return false
	}
	if p := parts[1]; p != "" && (!strings.HasPrefix(p, "aws") || strings.Trim(p[3:], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "") {
		return false
	}
	if strings.Trim(parts[2], "abcdefghijklmnopqrstuvwxyz0123456789-.") != "" {
		return false
	}
	return !strings.ContainsAny(parts[3], "\n\r\u0085\u2028\u2029")
}

// expectedLookup recomputes the S3 lookup a request would make, as S3
// answers it: the bucket, then the key in it, then the version of the key
// (the version also when the key is missing).
func expectedLookup(env Env, r request.UpdateFunctionCode) []spec.ClauseID {
	if r.S3Bucket == nil || len(spec.CheckBucket(*r.S3Bucket)) > 0 {
		return nil
	}
	b := *r.S3Bucket
	if b != env.Bucket && b != env.VersionedBucket {
		return []spec.ClauseID{spec.BucketNotFound}
	}
	if r.S3Key == nil || utf16Len(*r.S3Key) < 1 || utf16Len(*r.S3Key) > 1024 {
		return nil
	}
	k := *r.S3Key
	inPlain := b == env.Bucket && k == env.Key
	inVersioned := b == env.VersionedBucket && k == env.VersionedKey
	if !inPlain && !inVersioned {
		// Asked for with a version, a missing key is answered about the
		// version (NoSuchVersion or InvalidArgument), not NoSuchKey.
		if r.S3ObjectVersion != nil {
			return []spec.ClauseID{spec.VersionNotFound}
		}
		return []spec.ClauseID{spec.KeyNotFound}
	}
	if r.S3ObjectVersion == nil || utf16Len(*r.S3ObjectVersion) < 1 || utf16Len(*r.S3ObjectVersion) > 1024 {
		return nil
	}
	if inVersioned && slices.ContainsFunc(env.Versions, func(v ObjectVersion) bool { return v.ID == *r.S3ObjectVersion }) {
		return nil
	}
	return []spec.ClauseID{spec.VersionNotFound}
}

// expectedCode recomputes the code a successful request deploys.
func expectedCode(env Env, r request.UpdateFunctionCode) []byte {
	if r.ZipFile != nil {
		return r.ZipFile
	}
	if r.S3Bucket == nil || r.S3Key == nil {
		return nil
	}
	if *r.S3Bucket == env.Bucket && *r.S3Key == env.Key && r.S3ObjectVersion == nil {
		return env.KeyZip
	}
	if *r.S3Bucket == env.VersionedBucket && *r.S3Key == env.VersionedKey {
		if r.S3ObjectVersion == nil {
			return env.Versions[len(env.Versions)-1].Zip
		}
		for _, v := range env.Versions {
			if v.ID == *r.S3ObjectVersion {
				return v.Zip
			}
		}
	}
	return nil
}

func checkCase(t *rapid.T, env Env, c Case) {
	if c.Class != ClassMixed {
		if err := checkClassBounds(c.Class, c.Breaks); err != nil {
			t.Fatalf("%v\n%v", err, c)
		}
	}
	if want := expectedCaseBreaks(env, c.Request); !sameClauses(want, c.Breaks) {
		t.Fatalf("claims %v, recomputed %v\n%v", sortedIDs(c.Breaks), sortedIDs(want), c)
	}
	for _, p := range spec.Profiles {
		o, _ := c.Expect(p)
		if o.IsError() {
			continue
		}
		code := expectedCode(env, c.Request)
		if code == nil || !bytes.Equal(code, c.Code) {
			t.Fatalf("a case that succeeds under %s deploys %d bytes; recomputed %d\n%v", p, len(c.Code), len(code), c)
		}
		if v := readZip(c.Code); len(v.breaks) != 0 {
			t.Fatalf("a case that succeeds under %s deploys an archive that breaks %v\n%v", p, v.breaks, c)
		}
	}
	if got, want := BodySize(c.Request), int64(len(c.Request.Body())); got != want {
		t.Fatalf("BodySize says %d, the body is %d bytes\n%v", got, want, c)
	}
	body, n := c.Request.BodyReader()
	got, err := io.ReadAll(body)
	if err != nil || int64(len(got)) != n {
		t.Fatalf("body reads %d bytes (%v), announced %d", len(got), err, n)
	}
}

func TestRequestsAreClassifiedExactly(t *testing.T) {
	for _, p := range spec.Profiles {
		env := testEnv(t, p)
		t.Run(string(p), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				checkCase(t, env, Requests(env).Draw(t, "case"))
			})
		})
	}
}

func TestValidRequestsSucceedUnderEveryProfile(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	rapid.Check(t, func(t *rapid.T) {
		c := ValidRequests(env).Draw(t, "case")
		checkCase(t, env, c)
		for _, p := range spec.Profiles {
			if o, w := c.Expect(p); o.IsError() {
				t.Fatalf("a valid case fails under %s with %v by %s\n%v", p, o, w, c)
			}
		}
	})
}

func TestInvalidRequestsFailUnderTheirProfile(t *testing.T) {
	for _, p := range spec.Profiles {
		env := testEnv(t, p)
		t.Run(string(p), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				c := InvalidRequests(env).Draw(t, "case")
				checkCase(t, env, c)
				if o, _ := c.Expect(p); !o.IsError() {
					t.Fatalf("an invalid case succeeds under %s\n%v", p, c)
				}
			})
		})
	}
}

func TestRequestsWithoutVersionedBucket(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	env.VersionedBucket, env.VersionedKey, env.Versions = "", "", nil
	rapid.Check(t, func(t *rapid.T) {
		c := Requests(env).Draw(t, "case")
		if c.Class == ClassValidS3Version || c.Class == ClassValidS3Latest || c.Class == ClassVersionSelects {
			t.Fatalf("class %s drawn without a versioned object", c.Class)
		}
		checkCase(t, env, c)
	})
}

// TestDrawingLeavesNoGoroutines guards against measuring bodies with
// BodyReader, whose encoder goroutine waits forever for an undrained read.
func TestDrawingLeavesNoGoroutines(t *testing.T) {
	env := testEnv(t, spec.ProfileAWS)
	before := runtime.NumGoroutine()
	for i := 0; i < 200; i++ {
		Requests(env).Example(i)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("drawing 200 requests left %d goroutines running (%d before)", after, before)
	}
}
