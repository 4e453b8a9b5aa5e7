package generators

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

// requestZipCap caps the inline archives of Requests, so that properties
// over whole requests stay fast; Zips and ValidZips reach further.
const requestZipCap = 1 << 20

// Case is one whole request with its classification.
type Case struct {
	Class   string
	Request request.UpdateFunctionCode
	// Breaks lists every clause the request breaks, under any profile, in
	// the order that decides ties within a stage.
	Breaks []spec.ClauseID
	// Code is the deployment package the request makes the function run
	// when it succeeds (the inline zip, or the S3 object's bytes), nil when
	// there is none. With DryRun the function keeps its old code; Code is
	// still what the request carries.
	Code []byte
}

// Expect returns the outcome the endpoint must produce under profile p and
// the deciding clause.
func (c Case) Expect(p spec.Profile) (spec.Outcome, spec.ClauseID) {
	return spec.Expect(p, c.Breaks)
}

// String summarises the case for a failure message.
func (c Case) String() string {
	return fmt.Sprintf("[%s] breaks %v: %s", c.Class, c.Breaks, c.Request)
}

// caseBreaks classifies a whole request against env. zipBreaks are the
// clauses of the inline ZipFile bytes, known from the class they were drawn
// from; the request-size clauses among them are recomputed from the body.
func caseBreaks(env Env, r request.UpdateFunctionCode, zipBreaks []spec.ClauseID) []spec.ClauseID {
	out := nameBreaks(env, r.FunctionName)
	if r.RawBody != nil {
		out = append(out, malformedClause(r.RawBody))
		return append(out, sizeBreaks(r)...)
	}
	switch {
	case r.ZipFileText != nil:
		out = append(out, spec.ZipBase64)
	case r.ZipFile != nil:
		for _, c := range zipBreaks {
			if c != spec.RequestTooLarge && c != spec.RequestTooLargeSeed {
				out = append(out, c)
			}
		}
	}
	out = append(out, sourceBreaks(r)...)
	out = append(out, s3Breaks(env, request3{r.S3Bucket, r.S3Key, r.S3ObjectVersion})...)
	if r.Architectures != nil {
		out = append(out, spec.CheckArchitectures(r.Architectures)...)
	}
	if r.RevisionId != nil {
		out = append(out, spec.RevisionStale)
	}
	if r.S3ObjectStorageMode != nil {
		out = append(out, spec.CheckStorageMode(*r.S3ObjectStorageMode)...)
	}
	if r.PublishTo != nil {
		out = append(out, spec.CheckPublishTo(*r.PublishTo)...)
	}
	if r.SourceKMSKeyArn != nil {
		arn := *r.SourceKMSKeyArn
		out = append(out, kmsMemo.get(arn, func() []spec.ClauseID { return spec.CheckKMSKeyArn(arn) })...)
	}
	return append(out, sizeBreaks(r)...)
}

// kmsMemo remembers spec.CheckKMSKeyArn's answers.
var kmsMemo clauseMemo[string]

// sourceBreaks applies the rule that a request names exactly one code
// source: ZipFile, S3Bucket with S3Key, or ImageUri.
func sourceBreaks(r request.UpdateFunctionCode) []spec.ClauseID {
	var out []spec.ClauseID
	zip := r.HasZipFile()
	s3 := r.S3Bucket != nil || r.S3Key != nil || r.S3ObjectVersion != nil
	if zip && s3 {
		out = append(out, spec.SourceConflict)
	}
	if (r.S3Bucket != nil) != (r.S3Key != nil) {
		out = append(out, spec.SourceS3Incomplete)
	}
	if r.ImageUri != nil {
		// The seed has no ImageUri member: there the request has no source
		// unless it names another, which SOURCE-NONE after this clause
		// records for the seed profile.
		out = append(out, spec.SourceImageOnZip)
	}
	if !zip && r.S3Bucket == nil && r.S3Key == nil {
		out = append(out, spec.SourceNone)
	}
	return out
}

// BodySize returns the length in bytes of r's body without encoding its
// ZipFile. (The length BodyReader announces is the same, but its reader
// holds a goroutine until it is read to the end.)
func BodySize(r request.UpdateFunctionCode) int64 {
	if r.RawBody != nil || r.ZipFile == nil || r.ZipFileText != nil {
		return int64(len(r.Body()))
	}
	rest := r
	rest.ZipFile = nil
	b := rest.Body()
	n := int64(len(b)) + int64(len(`"ZipFile":""`)) + int64(base64.StdEncoding.EncodedLen(len(r.ZipFile)))
	if bytes.TrimLeft(b[1:], " ")[0] != '}' {
		n++
	}
	return n
}

// sizeBreaks applies the request-size limits of both eras to the body.
func sizeBreaks(r request.UpdateFunctionCode) []spec.ClauseID {
	n := BodySize(r)
	var out []spec.ClauseID
	if n > spec.MaxRequestSizeAWS {
		out = append(out, spec.RequestTooLarge)
	}
	if n > spec.MaxRequestSizeSeed {
		out = append(out, spec.RequestTooLargeSeed)
	}
	return out
}

// newCase classifies r and works out the code it deploys.
func newCase(env Env, class string, r request.UpdateFunctionCode, zipBreaks []spec.ClauseID) Case {
	c := Case{Class: class, Request: r, Breaks: caseBreaks(env, r, zipBreaks)}
	// caseBreaks has classified a raw body already (malformedClause, the
	// only source of REQUEST-MALFORMED-NEW-MEMBER); parsing it again would
	// double the cost of drawing a raw body that carries a large zip.
	if r.RawBody != nil && slices.Contains(c.Breaks, spec.RequestMalformedNew) {
		// A seed-era endpoint ignores the ill-typed newer members and
		// deploys what the seed's members name.
		if seed, ok := parseMembers(r.RawBody, seedMembers); ok {
			r = seed
			if r.ZipFileText != nil {
				if b, err := base64.StdEncoding.DecodeString(*r.ZipFileText); err == nil {
					r.ZipFile, r.ZipFileText = b, nil
				}
			}
		}
	}
	switch {
	case r.RawBody != nil || r.ZipFileText != nil:
	case r.ZipFile != nil:
		c.Code = r.ZipFile
	case r.S3Bucket != nil && r.S3Key != nil:
		c.Code, _ = env.objectBytes(*r.S3Bucket, *r.S3Key, r.S3ObjectVersion)
	}
	return c
}

// drawOptions draws the members that change no classification: Publish,
// DryRun, a valid Architectures list, and valid values of the members added
// since 2024, each maybe absent. PublishTo is drawn only without Publish,
// as no recording shows the two together.
func drawOptions(t *rapid.T, r *request.UpdateFunctionCode) {
	r.Publish = rapid.Ptr(rapid.Bool(), true).Draw(t, "Publish")
	r.DryRun = rapid.Ptr(rapid.Bool(), true).Draw(t, "DryRun")
	if rapid.Bool().Draw(t, "has Architectures") {
		r.Architectures = []string{rapid.SampledFrom(spec.Architectures).Draw(t, "architecture")}
	}
	if r.Publish == nil || !*r.Publish {
		r.PublishTo = rapid.Ptr(rapid.SampledFrom(spec.PublishTargets), true).Draw(t, "PublishTo")
	}
	r.SourceKMSKeyArn = rapid.Ptr(rapid.SampledFrom(validKMSKeys), true).Draw(t, "SourceKMSKeyArn")
}

// validKMSKeys are SourceKMSKeyArn values the pattern admits, the empty
// string among them.
var validKMSKeys = []string{"", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	"arn:aws-cn:kms:cn-north-1:123456789012:alias/lambda", "arn::kms:x:"}

// badStorageModes are S3ObjectStorageMode values outside the enum.
var badStorageModes = []string{"copy", "Reference", "MOVE", "", "COPY ", "REFERENCES", "LINK"}

// badPublishTargets are PublishTo values outside the enum.
var badPublishTargets = []string{"latest_published", "$LATEST", "LATEST", "PUBLISHED", "", "$LATEST.PUBLISHED", "LATEST_PUBLISHED "}

// badKMSKeys are SourceKMSKeyArn values the pattern refuses.
var badKMSKeys = []string{"1234abcd-12ab-34cd-56ef-1234567890ab", "alias/lambda", "arn:aws:KMS:us-east-1:1:key/x",
	"kms:us-east-1:123456789012:key/x", "arn:aws:kms:us-east-1:123456789012:key/\nx", " arn:aws:kms:x:y", "arn:aws:kms"}

// drawValidSource sets a source that deploys valid code: an inline zip or
// one of env's objects.
func drawValidSource(t *rapid.T, env Env, r *request.UpdateFunctionCode) {
	switch rapid.IntRange(0, 2).Draw(t, "valid source") {
	case 0:
		r.ZipFile = ValidZips(requestZipCap).Draw(t, "ZipFile")
	case 1:
		r.S3Bucket, r.S3Key = request.String(env.Bucket), request.String(env.Key)
	default:
		if !env.versioned() {
			r.ZipFile = ValidZips(requestZipCap).Draw(t, "ZipFile")
			return
		}
		r.S3Bucket, r.S3Key = request.String(env.VersionedBucket), request.String(env.VersionedKey)
		if rapid.Bool().Draw(t, "pick version") {
			r.S3ObjectVersion = request.String(rapid.SampledFrom(env.Versions).Draw(t, "version").ID)
		}
	}
}

// caseBuilder draws the requests of one class.
type caseBuilder struct {
	class string
	// needsVersions marks builders that draw from env.Versions.
	needsVersions bool
	build         func(t *rapid.T, env Env) Case
}

// baseCase starts a request for a valid name of env.Function with the
// option members drawn. The name is left unclassified: newCase classifies
// the whole request.
func baseCase(t *rapid.T, env Env) request.UpdateFunctionCode {
	r := request.UpdateFunctionCode{FunctionName: rapid.SampledFrom(validNameBuilders).Draw(t, "valid name class").build(t, env)}
	drawOptions(t, &r)
	return r
}

var validCaseBuilders = []caseBuilder{
	{class: ClassValidInline, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		r.ZipFile = ValidZips(requestZipCap).Draw(t, "ZipFile")
		return newCase(env, ClassValidInline, r, nil)
	}},
	{class: ClassValidS3, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		r.S3Bucket, r.S3Key = request.String(env.Bucket), request.String(env.Key)
		r.S3ObjectStorageMode = rapid.Ptr(rapid.SampledFrom(spec.StorageModes), true).Draw(t, "S3ObjectStorageMode")
		return newCase(env, ClassValidS3, r, nil)
	}},
	{class: ClassValidS3Version, needsVersions: true, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		r.S3Bucket, r.S3Key = request.String(env.VersionedBucket), request.String(env.VersionedKey)
		r.S3ObjectVersion = request.String(rapid.SampledFrom(env.Versions).Draw(t, "version").ID)
		return newCase(env, ClassValidS3Version, r, nil)
	}},
	{class: ClassValidS3Latest, needsVersions: true, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		r.S3Bucket, r.S3Key = request.String(env.VersionedBucket), request.String(env.VersionedKey)
		return newCase(env, ClassValidS3Latest, r, nil)
	}},
}

// fieldCaseBuilders turn each invalid class of a field generator into a
// request that is otherwise valid. The first builder of each S3 and zip
// list is its valid class, which the valid case builders cover.
func fieldCaseBuilders() []caseBuilder {
	var out []caseBuilder
	for _, b := range invalidNameBuilders {
		out = append(out, caseBuilder{class: b.class, build: func(t *rapid.T, env Env) Case {
			r := baseCase(t, env)
			r.FunctionName = b.build(t, env)
			drawValidSource(t, env, &r)
			return newCase(env, b.class, r, nil)
		}})
	}
	for _, b := range bucketBuilders[1:] {
		out = append(out, caseBuilder{class: b.class, build: func(t *rapid.T, env Env) Case {
			r := baseCase(t, env)
			r.S3Bucket, r.S3Key = request.String(b.build(t, env)), request.String(env.Key)
			return newCase(env, b.class, r, nil)
		}})
	}
	for _, b := range keyBuilders[1:] {
		out = append(out, caseBuilder{class: b.class, build: func(t *rapid.T, env Env) Case {
			r := baseCase(t, env)
			r.S3Bucket, r.S3Key = request.String(env.Bucket), request.String(b.build(t, env))
			return newCase(env, b.class, r, nil)
		}})
	}
	for _, b := range versionBuilders[1:] {
		out = append(out, caseBuilder{class: b.class, build: func(t *rapid.T, env Env) Case {
			r := baseCase(t, env)
			if env.versioned() {
				r.S3Bucket, r.S3Key = request.String(env.VersionedBucket), request.String(env.VersionedKey)
			} else {
				r.S3Bucket, r.S3Key = request.String(env.Bucket), request.String(env.Key)
			}
			r.S3ObjectVersion = request.String(b.build(t, env))
			return newCase(env, b.class, r, nil)
		}})
	}
	for _, b := range smallZipBuilders[1:] {
		out = append(out, caseBuilder{class: b.class, build: func(t *rapid.T, env Env) Case {
			r := baseCase(t, env)
			z := classifyZip(b.class, b.build(t, requestZipCap))
			r.ZipFile = z.Value.Bytes
			return newCase(env, b.class, r, z.Breaks)
		}})
	}
	return out
}

// archValues are Architectures values outside the enum: wrong case, near
// misses and the empty string.
var archValues = []string{"X86_64", "ARM64", "x86-64", "amd64", "arm", "aarch64", "", "x86", "Arm64", "x86_64 "}

// badBase64 are insertions that make base64 text invalid for every
// standard decoder: none is in the alphabet or white space, and one more
// character leaves a length that no padding rule admits.
var badBase64 = []string{"!", "*", "-", "_", "~", ".", "#", "@", "=", "é"}

// wrongTypeMembers are members whose value has a type no lenient decoder
// coerces to the model's: a word for a boolean, an object or array for a
// string, a string for a list. The number for S3ObjectVersion follows the
// catalogue's own example of a malformed body.
var wrongTypeMembers = []string{`"Publish":"yes"`, `"S3ObjectVersion":5`, `"Publish":[]`, `"S3Key":{}`}

// wrongTypeNewMembers are wrong-typed values of members added after the
// seed, which a seed-era endpoint ignores as unknown.
var wrongTypeNewMembers = []string{`"DryRun":"no"`, `"Architectures":"x86_64"`, `"RevisionId":{}`, `"ImageUri":["a"]`, `"Architectures":[{}]`,
	`"S3ObjectStorageMode":1`, `"PublishTo":true`, `"SourceKMSKeyArn":[]`}

// notUTF8 are byte sequences no UTF-8 decoder accepts: bytes that never
// occur in UTF-8, a lead byte with a bad continuation, and a sequence cut
// short by the closing quote.
var notUTF8 = []string{"\xff", "\xfe\xff", "\xc3\x28", "\xe2\x82", "\x80"}

// malformedBodies are bodies that are no JSON at all.
var malformedBodies = []string{"{", "not json", `{"ZipFile":}`, `{"Publish":true,}`, `{'Publish': true}`, `{"S3Bucket" "b"}`, "}", `{"ZipFile":"QUJD"`}

var otherCaseBuilders = []caseBuilder{
	{class: ClassZipBase64, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		text := base64.StdEncoding.EncodeToString(ValidZips(64<<10).Draw(t, "zip"))
		i := rapid.IntRange(0, len(text)-1).Draw(t, "at")
		text = text[:i] + rapid.SampledFrom(badBase64).Draw(t, "bad") + text[i:]
		r.ZipFileText = &text
		return newCase(env, ClassZipBase64, r, nil)
	}},
	{class: ClassSourceNone, build: func(t *rapid.T, env Env) Case {
		return newCase(env, ClassSourceNone, baseCase(t, env), nil)
	}},
	{class: ClassSourceConflict, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		r.ZipFile = ValidZips(requestZipCap).Draw(t, "ZipFile")
		s := drawS3Members(t, env, 1)
		r.S3Bucket, r.S3Key, r.S3ObjectVersion = s.bucket, s.key, s.version
		return newCase(env, ClassSourceConflict, r, nil)
	}},
	{class: ClassSourceIncomplete, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		s := drawS3Members(t, env, 1)
		if rapid.Bool().Draw(t, "bucket only") {
			r.S3Bucket = s.bucket
			if r.S3Bucket == nil {
				r.S3Bucket = request.String(env.Bucket)
			}
		} else {
			r.S3Key = s.key
			if r.S3Key == nil {
				r.S3Key = request.String(env.Key)
			}
		}
		if rapid.Bool().Draw(t, "with version") {
			r.S3ObjectVersion = s.version
		}
		return newCase(env, ClassSourceIncomplete, r, nil)
	}},
	{class: ClassSourceImage, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		r.ImageUri = request.String(env.Account + ".dkr.ecr." + env.Region + ".amazonaws.com/" + env.Missing + ":" + drawChars(t, "abcdefghij0123456789", 1, 10, "tag"))
		return newCase(env, ClassSourceImage, r, nil)
	}},
	{class: ClassArchCount, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		r.Architectures = []string{}
		if rapid.Bool().Draw(t, "two") {
			all := append(append([]string{}, spec.Architectures...), archValues...)
			r.Architectures = []string{rapid.SampledFrom(all).Draw(t, "first"), rapid.SampledFrom(all).Draw(t, "second")}
		}
		return newCase(env, ClassArchCount, r, nil)
	}},
	{class: ClassArchEnum, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		r.Architectures = []string{rapid.SampledFrom(archValues).Draw(t, "architecture")}
		return newCase(env, ClassArchEnum, r, nil)
	}},
	{class: ClassRevision, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		r.RevisionId = request.String(rapid.StringMatching(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`).Draw(t, "RevisionId"))
		return newCase(env, ClassRevision, r, nil)
	}},
	{class: ClassStorageModeEnum, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		r.S3Bucket, r.S3Key = request.String(env.Bucket), request.String(env.Key)
		r.S3ObjectStorageMode = request.String(rapid.SampledFrom(badStorageModes).Draw(t, "S3ObjectStorageMode"))
		return newCase(env, ClassStorageModeEnum, r, nil)
	}},
	{class: ClassPublishToEnum, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		r.PublishTo = request.String(rapid.SampledFrom(badPublishTargets).Draw(t, "PublishTo"))
		return newCase(env, ClassPublishToEnum, r, nil)
	}},
	{class: ClassKMSKeyTooLong, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		prefix := "arn:aws:kms:" + env.Region + ":" + env.Account + ":key/"
		r.SourceKMSKeyArn = request.String(prefix + strings.Repeat("k", spec.MaxKMSKeyArnLength+1-len(prefix)+rapid.IntRange(0, 64).Draw(t, "over")))
		return newCase(env, ClassKMSKeyTooLong, r, nil)
	}},
	{class: ClassKMSKeyPattern, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		r.SourceKMSKeyArn = request.String(rapid.SampledFrom(badKMSKeys).Draw(t, "SourceKMSKeyArn"))
		return newCase(env, ClassKMSKeyPattern, r, nil)
	}},
	{class: ClassBodyJSON, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		if rapid.Bool().Draw(t, "cut a valid body") {
			drawValidSource(t, env, &r)
			body := r.Body()
			r.RawBody = body[:rapid.IntRange(1, len(body)-1).Draw(t, "cut")]
		} else {
			r.RawBody = []byte(rapid.SampledFrom(malformedBodies).Draw(t, "body"))
		}
		return newCase(env, ClassBodyJSON, r, nil)
	}},
	{class: ClassBodyWrongType, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		member := rapid.SampledFrom(wrongTypeMembers).Draw(t, "member")
		body := r.Body()
		r.RawBody = append(append([]byte{}, body[:len(body)-1]...), separator(body)+member+"}"...)
		return newCase(env, ClassBodyWrongType, r, nil)
	}},
	{class: ClassBodyWrongTypeNew, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		member := rapid.SampledFrom(wrongTypeNewMembers).Draw(t, "member")
		body := r.Body()
		r.RawBody = append(append([]byte{}, body[:len(body)-1]...), separator(body)+member+"}"...)
		return newCase(env, ClassBodyWrongTypeNew, r, nil)
	}},
	{class: ClassBodyArray, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		if rapid.Bool().Draw(t, "empty array") {
			r.RawBody = []byte("[]")
		} else {
			r.RawBody = append(append([]byte("["), r.Body()...), ']')
		}
		return newCase(env, ClassBodyArray, r, nil)
	}},
	{class: ClassBodyNotUTF8, build: func(t *rapid.T, env Env) Case {
		r := baseCase(t, env)
		drawValidSource(t, env, &r)
		bad := rapid.SampledFrom(notUTF8).Draw(t, "bytes")
		body := r.Body()
		r.RawBody = append(append([]byte{}, body[:len(body)-1]...), separator(body)+`"RevisionId":"`+bad+`"}`...)
		return newCase(env, ClassBodyNotUTF8, r, nil)
	}},
	{class: ClassMixed, build: func(t *rapid.T, env Env) Case {
		r := request.UpdateFunctionCode{FunctionName: rapid.SampledFrom(nameBuilders).Draw(t, "name class").build(t, env)}
		drawOptions(t, &r)
		var zipBreaks []spec.ClauseID
		if rapid.Bool().Draw(t, "inline") {
			z := drawZip(t, requestZipCap)
			r.ZipFile, zipBreaks = z.Value.Bytes, z.Breaks
		}
		if rapid.Bool().Draw(t, "s3") {
			s := drawS3Members(t, env, 2)
			r.S3Bucket, r.S3Key, r.S3ObjectVersion = s.bucket, s.key, s.version
		}
		if r.ZipFile == nil && r.S3Bucket == nil && r.S3Key == nil && rapid.IntRange(0, 3).Draw(t, "image") == 0 {
			r.ImageUri = request.String(env.Account + ".dkr.ecr." + env.Region + ".amazonaws.com/" + env.Missing + ":latest")
		}
		switch rapid.IntRange(0, 2).Draw(t, "architectures") {
		case 1:
			r.Architectures = []string{rapid.SampledFrom(archValues).Draw(t, "architecture")}
		case 2:
			r.Architectures = rapid.SliceOfN(rapid.SampledFrom(append(archValues, spec.Architectures...)), 0, 2).Draw(t, "architectures")
		}
		if rapid.IntRange(0, 3).Draw(t, "revision") == 0 {
			r.RevisionId = request.String(drawChars(t, "0123456789abcdef-", 1, 36, "RevisionId"))
		}
		return newCase(env, ClassMixed, r, zipBreaks)
	}},
}

// separator returns the comma that precedes a member appended to the JSON
// object body, or nothing when the object is empty.
func separator(body []byte) string {
	if strings.TrimSpace(string(body)) == "{}" {
		return ""
	}
	return ","
}

// drawS3Members draws S3Bucket, S3Key and S3ObjectVersion, each maybe
// absent and each of any class; absent is likelier the higher skip is. An
// existing key is drawn for the existing bucket it is in, and a version ID
// of env.Versions only for the versioned object: whether another object has
// a version of that ID (S3 gives unversioned objects the version "null") is
// not known.
func drawS3Members(t *rapid.T, env Env, skip int) request3 {
	var s request3
	present := func(label string) bool { return rapid.IntRange(0, skip).Draw(t, label) == 0 }
	if present("has S3Bucket") {
		b := rapid.SampledFrom(bucketBuilders).Draw(t, "bucket class").build(t, env)
		if b == env.Bucket && env.versioned() && rapid.Bool().Draw(t, "versioned bucket") {
			b = env.VersionedBucket
		}
		s.bucket = &b
	}
	versionedPair := func() bool {
		return env.versioned() && s.bucket != nil && s.key != nil && *s.bucket == env.VersionedBucket && *s.key == env.VersionedKey
	}
	if present("has S3Key") {
		k := rapid.SampledFrom(keyBuilders).Draw(t, "key class").build(t, env)
		if k == env.Key && env.versioned() && s.bucket != nil && *s.bucket == env.VersionedBucket {
			k = env.VersionedKey
		}
		s.key = &k
	}
	if rapid.IntRange(0, skip+1).Draw(t, "has S3ObjectVersion") == 0 {
		builders := versionBuilders
		if !versionedPair() {
			builders = builders[1:]
		}
		v := rapid.SampledFrom(builders).Draw(t, "version class").build(t, env)
		s.version = &v
	}
	if s.bucket == nil && s.key == nil && s.version == nil {
		b := env.Bucket
		s.bucket = &b
	}
	return s
}

// allCaseBuilders lists every builder: valid ones first, so that rapid
// shrinks toward a valid request.
var allCaseBuilders = func() []caseBuilder {
	out := append([]caseBuilder{}, validCaseBuilders...)
	out = append(out, fieldCaseBuilders()...)
	return append(out, otherCaseBuilders...)
}()

// buildersFor returns the builders env can draw from.
func buildersFor(env Env, list []caseBuilder) []caseBuilder {
	var out []caseBuilder
	for _, b := range list {
		if !b.needsVersions || env.versioned() {
			out = append(out, b)
		}
	}
	return out
}

// RequestClasses lists the classes a case drawn by Requests(env) can
// carry, in the order of Classes: every class of a whole request, and of
// a name, source or zip that a request is built around. It leaves out the
// classes that are only ever part of a request (an existing bucket, a
// valid zip, ...), the over-limit zips that only LargeRequests draws, and,
// when env has no object versions, the classes that need them.
func RequestClasses(env Env) []string {
	in := map[string]bool{}
	for _, b := range buildersFor(env, allCaseBuilders) {
		in[b.class] = true
	}
	var out []string
	for _, c := range classes {
		if in[c.Name] {
			out = append(out, c.Name)
		}
	}
	return out
}

// Requests draws whole requests of every class, valid and invalid, mixed.
func Requests(env Env) *rapid.Generator[Case] {
	env.mustCheck()
	builders := buildersFor(env, allCaseBuilders)
	return rapid.Custom(func(t *rapid.T) Case {
		return rapid.SampledFrom(builders).Draw(t, "request class").build(t, env)
	})
}

// ValidRequests draws only cases that must succeed (under any profile).
func ValidRequests(env Env) *rapid.Generator[Case] {
	env.mustCheck()
	builders := buildersFor(env, validCaseBuilders)
	return rapid.Custom(func(t *rapid.T) Case {
		return rapid.SampledFrom(builders).Draw(t, "request class").build(t, env)
	})
}

// InvalidRequests draws only cases that must fail under env.Profile: the
// classes whose defining clauses apply there, and mixed requests that break
// at least one clause of it.
func InvalidRequests(env Env) *rapid.Generator[Case] {
	env.mustCheck()
	var builders []caseBuilder
	for _, b := range buildersFor(env, allCaseBuilders[len(validCaseBuilders):]) {
		info, _ := LookupClass(b.class)
		if o, _ := spec.Expect(env.Profile, info.Breaks); o.IsError() || b.class == ClassMixed {
			builders = append(builders, b)
		}
	}
	return rapid.Custom(func(t *rapid.T) Case {
		for range 50 {
			c := rapid.SampledFrom(builders).Draw(t, "request class").build(t, env)
			if o, _ := c.Expect(env.Profile); o.IsError() {
				return c
			}
		}
		panic(fmt.Sprintf("generators: no invalid request under profile %s in 50 draws", env.Profile))
	})
}

// LargeRequests draws requests for env.Function whose inline zip is past the
// size limits (see ZipOptions.Large). Each draw builds about 53 MB.
func LargeRequests(env Env) *rapid.Generator[Case] {
	env.mustCheck()
	return rapid.Custom(func(t *rapid.T) Case {
		r := baseCase(t, env)
		z := Zips(ZipOptions{Large: true}).Draw(t, "zip")
		r.ZipFile = z.Value.Bytes
		return newCase(env, z.Class, r, z.Breaks)
	})
}
