package generators

import (
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
	"pgregory.net/rapid"
)

const (
	bucketChars    = "abcdefghijklmnopqrstuvwxyz0123456789.-"
	bucketLaxChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	maxObjectLen   = 1024
)

// badBucketChars are characters outside the Lambda bucket pattern.
var badBucketChars = []string{" ", "/", ":", "!", "*", "é", "😀", "\x00", "\n", "+", "~", "%", "@"}

// lineBreaks are the line terminators Java's '.' does not match.
var lineBreaks = []string{"\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029"}

// objectRunes are the characters of keys and version IDs: any Unicode, with
// slashes and spaces made common, and no line terminators.
var objectRunes = rapid.OneOf(
	rapid.RuneFrom([]rune("/ ")),
	rapid.RuneFrom([]rune("abcdefghijklmnopqrstuvwxyz0123456789-_.!*'()")),
	rapid.Rune(),
).Filter(func(r rune) bool { return !strings.ContainsRune("\n\r\u0085\u2028\u2029", r) })

// missingBucket is env.Missing as a bucket-name prefix.
func (e Env) missingBucket() string { return strings.ToLower(e.Missing) }

// bucketBreaks classifies an S3Bucket: the catalogue's syntactic clauses,
// then BUCKET-NOT-FOUND for a well-formed name that names no bucket of env.
func bucketBreaks(env Env, b string) []spec.ClauseID {
	out := spec.CheckBucket(b)
	if len(out) == 0 && !env.bucketExists(b) {
		out = append(out, spec.BucketNotFound)
	}
	return out
}

func (e Env) bucketExists(b string) bool {
	return b == e.Bucket || (e.versioned() && b == e.VersionedBucket)
}

// objectExists reports whether bucket b holds key k.
func (e Env) objectExists(b, k string) bool {
	return (b == e.Bucket && k == e.Key) || (e.versioned() && b == e.VersionedBucket && k == e.VersionedKey)
}

// objectBytes returns the bytes S3 serves for bucket b, key k and version v
// (nil for the latest), and whether they exist.
func (e Env) objectBytes(b, k string, v *string) ([]byte, bool) {
	switch {
	case e.versioned() && b == e.VersionedBucket && k == e.VersionedKey:
		if v == nil {
			return e.Versions[len(e.Versions)-1].Zip, true
		}
		for _, ov := range e.Versions {
			if ov.ID == *v {
				return ov.Zip, true
			}
		}
	case b == e.Bucket && k == e.Key && v == nil:
		return e.KeyZip, true
	}
	return nil, false
}

// objectWellFormed reports whether a key or version ID passes the length
// limits both profiles share, so that some profile looks it up.
func objectWellFormed(s string) bool {
	n := spec.Length(s)
	return n >= 1 && n <= maxObjectLen
}

// stringBuilder draws the bucket names, keys or version IDs of one class.
type stringBuilder struct {
	class string
	build func(t *rapid.T, env Env) string
}

// bucketBuilders draw bucket names, the existing bucket first.
var bucketBuilders = []stringBuilder{
	{ClassBucketExisting, func(t *rapid.T, env Env) string { return env.Bucket }},
	{ClassBucketNotFound, func(t *rapid.T, env Env) string {
		return env.missingBucket() + drawChars(t, bucketChars, max(0, 3-len(env.Missing)), 63-len(env.Missing)-1, "suffix") + drawChars(t, "abc0123456789", 1, 1, "last")
	}},
	{ClassBucketLax, func(t *rapid.T, env Env) string {
		s := env.missingBucket() + drawChars(t, bucketChars, 0, 63-len(env.Missing)-2, "suffix")
		return s + drawChars(t, bucketLaxChars, 1, 1, "lax") + drawChars(t, "abc0123456789", 1, 1, "last")
	}},
	{ClassBucketTooShort, func(t *rapid.T, env Env) string {
		return drawChars(t, "abcdefghijklmnopqrstuvwxyz0123456789", 0, 2, "short")
	}},
	{ClassBucketTooLong, func(t *rapid.T, env Env) string {
		return env.missingBucket() + drawChars(t, "abcdefghijklmnopqrstuvwxyz0123456789-", 64-len(env.Missing), 100-len(env.Missing), "long")
	}},
	{ClassBucketTrailDot, func(t *rapid.T, env Env) string {
		return env.missingBucket() + drawChars(t, bucketChars, max(0, 2-len(env.Missing)), 62-len(env.Missing), "suffix") + "."
	}},
	{ClassBucketBadChar, func(t *rapid.T, env Env) string {
		s := env.missingBucket() + drawChars(t, "abcdefghijklmnopqrstuvwxyz0123456789", max(0, 3-len(env.Missing)), 60-len(env.Missing), "suffix")
		i := rapid.IntRange(0, len(s)).Draw(t, "at")
		return s[:i] + rapid.SampledFrom(badBucketChars).Draw(t, "bad char") + s[i:]
	}},
}

// keyBuilders draw keys for env.Bucket, the existing key first.
var keyBuilders = []stringBuilder{
	{ClassKeyExisting, func(t *rapid.T, env Env) string { return env.Key }},
	{ClassKeyNotFound, func(t *rapid.T, env Env) string { return drawObjectString(t, env.Missing, 1, maxObjectLen) }},
	{ClassKeyEmpty, func(t *rapid.T, env Env) string { return "" }},
	{ClassKeyTooLong, func(t *rapid.T, env Env) string { return drawLongObjectString(t, env.Missing) }},
	{ClassKeyLineBreak, func(t *rapid.T, env Env) string { return drawLineBreakString(t, env.Missing) }},
}

// versionBuilders draw version IDs for env.VersionedKey, a listed version
// first.
var versionBuilders = []stringBuilder{
	{ClassVersionSelects, func(t *rapid.T, env Env) string { return rapid.SampledFrom(env.Versions).Draw(t, "version").ID }},
	{ClassVersionNotFound, func(t *rapid.T, env Env) string {
		return env.Missing + drawChars(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._", 0, 40, "version id")
	}},
	{ClassVersionEmpty, func(t *rapid.T, env Env) string { return "" }},
	{ClassVersionTooLong, func(t *rapid.T, env Env) string { return drawLongObjectString(t, env.Missing) }},
	{ClassVersionLineBreak, func(t *rapid.T, env Env) string { return drawLineBreakString(t, env.Missing) }},
}

// drawObjectString draws prefix followed by characters of objectRunes, lo..hi
// UTF-16 units in all.
func drawObjectString(t *rapid.T, prefix string, lo, hi int) string {
	n := rapid.IntRange(max(lo, spec.Length(prefix)), hi).Draw(t, "length")
	var b strings.Builder
	b.WriteString(prefix)
	units := spec.Length(prefix)
	for units < n {
		r := objectRunes.Draw(t, "rune")
		w := spec.Length(string(r))
		if units+w > n {
			r, w = 'x', 1
		}
		b.WriteRune(r)
		units += w
	}
	return b.String()
}

// drawLongObjectString draws a string over 1024 UTF-16 units, made of
// astral characters half the time so that it is shorter in runes.
func drawLongObjectString(t *rapid.T, prefix string) string {
	if rapid.Bool().Draw(t, "astral") {
		pad := (maxObjectLen+1-spec.Length(prefix))/2 + 1
		n := rapid.IntRange(pad, pad+100).Draw(t, "astral count")
		return prefix + strings.Repeat("😀", n)
	}
	// A head of drawn characters, then one drawn character repeated to
	// the drawn length: a rapid draw for each of over 1,024 characters
	// cost more than the rest of the request.
	n := rapid.IntRange(maxObjectLen+1, maxObjectLen+200).Draw(t, "length")
	head := drawObjectString(t, prefix, 1, 64)
	fill := objectRunes.Draw(t, "fill")
	left := n - spec.Length(head)
	w := spec.Length(string(fill))
	return head + strings.Repeat(string(fill), left/w) + strings.Repeat("x", left%w)
}

// drawLineBreakString draws a string of at most 1024 units under prefix
// holding a line terminator.
func drawLineBreakString(t *rapid.T, prefix string) string {
	s := drawObjectString(t, prefix, 1, 200)
	i := rapid.IntRange(len(prefix), len(s)).Draw(t, "at")
	for !utf8Boundary(s, i) {
		i--
	}
	return s[:i] + rapid.SampledFrom(lineBreaks).Draw(t, "line break") + s[i:]
}

func utf8Boundary(s string, i int) bool {
	return i == 0 || i == len(s) || s[i]&0xC0 != 0x80
}

// BucketNames draws S3Bucket values of every class, classified against env.
func BucketNames(env Env) *rapid.Generator[Classified[string]] {
	env.mustCheck()
	return rapid.Custom(func(t *rapid.T) Classified[string] {
		b := rapid.SampledFrom(bucketBuilders).Draw(t, "bucket class")
		s := b.build(t, env)
		return Classified[string]{Value: s, Breaks: bucketBreaks(env, s), Class: b.class}
	})
}

// Keys draws S3Key values of every class for env.Bucket: KEY-NOT-FOUND means
// not in env.Bucket.
func Keys(env Env) *rapid.Generator[Classified[string]] {
	env.mustCheck()
	return rapid.Custom(func(t *rapid.T) Classified[string] {
		b := rapid.SampledFrom(keyBuilders).Draw(t, "key class")
		s := b.build(t, env)
		return Classified[string]{Value: s, Breaks: s3Breaks(env, request3{bucket: &env.Bucket, key: &s}), Class: b.class}
	})
}

// ObjectVersions draws S3ObjectVersion values of every class for
// env.VersionedKey in env.VersionedBucket, or for env.Key when env has no
// versioned object (and then no version selects anything).
func ObjectVersions(env Env) *rapid.Generator[Classified[string]] {
	env.mustCheck()
	builders := versionBuilders
	bucket, key := env.VersionedBucket, env.VersionedKey
	if !env.versioned() {
		builders = versionBuilders[1:]
		bucket, key = env.Bucket, env.Key
	}
	return rapid.Custom(func(t *rapid.T) Classified[string] {
		b := rapid.SampledFrom(builders).Draw(t, "version class")
		s := b.build(t, env)
		return Classified[string]{Value: s, Breaks: s3Breaks(env, request3{bucket: &bucket, key: &key, version: &s}), Class: b.class}
	})
}

// request3 holds the S3 members of a request; nil means absent.
type request3 struct{ bucket, key, version *string }

// s3Breaks classifies the S3 members of a request against env: each
// member's syntactic clauses, then the first lookup that fails, as S3 would
// answer it (no such bucket, then no such key, then no such version; a
// missing key asked for with a version is answered as no such version).
func s3Breaks(env Env, r request3) []spec.ClauseID {
	var out []spec.ClauseID
	if r.bucket != nil {
		out = append(out, spec.CheckBucket(*r.bucket)...)
	}
	if r.key != nil {
		out = append(out, spec.CheckKey(*r.key)...)
	}
	if r.version != nil {
		out = append(out, spec.CheckObjectVersion(*r.version)...)
	}
	if r.bucket == nil || len(spec.CheckBucket(*r.bucket)) > 0 {
		return out
	}
	if !env.bucketExists(*r.bucket) {
		return append(out, spec.BucketNotFound)
	}
	if r.key == nil || !objectWellFormed(*r.key) {
		return out
	}
	if !env.objectExists(*r.bucket, *r.key) {
		if r.version != nil {
			// S3 answers a missing key asked for with a version about
			// the version: NoSuchVersion, or InvalidArgument for an
			// ill-formed ID (docs/spec/aws.md#unknowns).
			return append(out, spec.VersionNotFound)
		}
		return append(out, spec.KeyNotFound)
	}
	if r.version == nil || !objectWellFormed(*r.version) {
		return out
	}
	if _, ok := env.objectBytes(*r.bucket, *r.key, r.version); !ok {
		out = append(out, spec.VersionNotFound)
	}
	return out
}
