package generators

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"unicode/utf8"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// ZipBreaks returns the clauses the bytes of a deployment package break, by
// opening them with archive/zip and reading every entry, at most
// spec.MaxUnzippedSize bytes in all, so that a zip bomb costs a bounded
// read and no memory: ZIP-TOO-LARGE for more than spec.MaxZippedSize bytes,
// then ZIP-NOT-ZIP, ZIP-EMPTY or ZIP-UNZIPPED-TOO-LARGE, which a package of
// spec.MaxUnzippedSize bytes or more unzipped breaks ("must be smaller
// than").
func ZipBreaks(b []byte) []spec.ClauseID {
	var out []spec.ClauseID
	if len(b) > spec.MaxZippedSize {
		out = append(out, spec.ZipTooLarge)
	}
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return append(out, spec.ZipNotZip)
	}
	if len(r.File) == 0 {
		return append(out, spec.ZipEmpty)
	}
	left := int64(spec.MaxUnzippedSize)
	for _, f := range r.File {
		n, err := drain(f, left)
		if err != nil {
			return append(out, spec.ZipNotZip)
		}
		if left -= n; left == 0 {
			return append(out, spec.ZipUnzippedLarge)
		}
	}
	return out
}

// drain reads entry f to its end, or until limit bytes, and returns the
// count. archive/zip checks the size and the CRC-32 at the end.
func drain(f *zip.File, limit int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return io.Copy(io.Discard, io.LimitReader(rc, limit))
}

// Classify classifies a request built by hand, as the generators classify
// theirs: every clause it breaks against env, and the code it deploys. It
// decodes a ZipFileText that is valid base64 and parses a RawBody that is a
// well-typed JSON object, so that such requests are judged by their content.
// Inline code is judged by ZipBreaks, which reads a zip bomb to its limit.
func Classify(env Env, class string, r request.UpdateFunctionCode) Case {
	env.mustCheck()
	judged := r
	if r.RawBody != nil {
		parsed, ok := parseBody(r.RawBody)
		if !ok {
			return newCase(env, class, r, nil)
		}
		parsed.FunctionName = r.FunctionName
		judged = parsed
	}
	var code []byte
	switch {
	case judged.ZipFileText != nil:
		if b, err := base64.StdEncoding.DecodeString(*judged.ZipFileText); err == nil {
			code = b
			judged.ZipFile, judged.ZipFileText = b, nil
		}
	case judged.ZipFile != nil:
		code = judged.ZipFile
	}
	var zipBreaks []spec.ClauseID
	if code != nil {
		zipBreaks = ZipBreaks(code)
	}
	c := newCase(env, class, judged, zipBreaks)
	c.Request = r
	var breaks []spec.ClauseID
	for _, id := range c.Breaks {
		if id != spec.RequestTooLarge && id != spec.RequestTooLargeSeed {
			breaks = append(breaks, id)
		}
	}
	c.Breaks = append(breaks, sizeBreaks(r)...)
	return c
}

// parseBody reads a raw body as the service's deserializer would: UTF-8
// JSON, one object, member names matched exactly, members of the model's
// types (null meaning absent). It reports false for anything else.
func parseBody(raw []byte) (request.UpdateFunctionCode, bool) {
	return parseMembers(raw, nil)
}

// parseMembers is parseBody reading only the members only names, or all
// when only is nil, as if the body had no others.
func parseMembers(raw []byte, only map[string]bool) (request.UpdateFunctionCode, bool) {
	var r request.UpdateFunctionCode
	var members map[string]json.RawMessage
	if !utf8.Valid(raw) || json.Unmarshal(raw, &members) != nil || members == nil {
		return r, false
	}
	fields := map[string]any{
		"ZipFile": &r.ZipFileText, "S3Bucket": &r.S3Bucket, "S3Key": &r.S3Key, "S3ObjectVersion": &r.S3ObjectVersion,
		"ImageUri": &r.ImageUri, "Publish": &r.Publish, "DryRun": &r.DryRun, "RevisionId": &r.RevisionId,
		"Architectures": &r.Architectures, "S3ObjectStorageMode": &r.S3ObjectStorageMode, "PublishTo": &r.PublishTo,
		"SourceKMSKeyArn": &r.SourceKMSKeyArn,
	}
	for name, v := range members {
		if only != nil && !only[name] {
			continue
		}
		if dst, ok := fields[name]; ok && json.Unmarshal(v, dst) != nil {
			return r, false
		}
	}
	return r, true
}

// seedMembers are the body members of the seed's API.
var seedMembers = map[string]bool{"ZipFile": true, "S3Bucket": true, "S3Key": true, "S3ObjectVersion": true, "Publish": true}

// malformedClause says which clause a body that does not parse breaks: a
// JSON object whose only ill-typed members came after the seed breaks
// REQUEST-MALFORMED-NEW-MEMBER, which a seed-era endpoint never sees;
// anything else breaks REQUEST-MALFORMED.
//
// It reads the body once and copies none of it: each member's value is
// only told apart by its first byte (the decoder has checked its syntax),
// which is all the seed's types need: its members are strings, and
// Publish a boolean, each maybe null. malformedClause is called at every
// draw of a raw body, and those bodies carry base64 zips.
func malformedClause(raw []byte) spec.ClauseID {
	var members map[string]jsonKind
	if !utf8.Valid(raw) || json.Unmarshal(raw, &members) != nil || members == nil {
		return spec.RequestMalformed
	}
	for name := range seedMembers {
		k, ok := members[name]
		switch {
		case !ok || k == 'n':
		case name == "Publish" && k != 'b':
			return spec.RequestMalformed
		case name != "Publish" && k != '"':
			return spec.RequestMalformed
		}
	}
	return spec.RequestMalformedNew
}

// jsonKind is the kind of a JSON value, by its first byte: '"' a string,
// 'b' a boolean, 'n' null, or the byte itself ('{', '[', a digit or '-').
type jsonKind byte

// UnmarshalJSON records the kind of b, which the decoder has checked.
func (k *jsonKind) UnmarshalJSON(b []byte) error {
	switch b[0] {
	case 't', 'f':
		*k = 'b'
	default:
		*k = jsonKind(b[0])
	}
	return nil
}
