// Package request models an UpdateFunctionCode request as it travels on the
// wire, including forms no SDK would send: absent and empty fields differ,
// ZipFile can carry text that is not base64, and the whole body can be
// replaced by raw bytes.
package request

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/url"
	"strings"
)

// Method and path of the operation.
const (
	Method     = "PUT"
	PathPrefix = "/2015-03-31/functions/"
	PathSuffix = "/code"
)

// UpdateFunctionCode is one request. Pointer fields are absent when nil.
type UpdateFunctionCode struct {
	FunctionName string
	// ZipFile holds the raw zip bytes; they are sent as standard base64.
	// Nil means absent.
	ZipFile []byte
	// ZipFileText, when set, is sent verbatim as the ZipFile string instead
	// of the encoding of ZipFile, to reach the server with text that is not
	// base64 or with bytes encoded twice.
	ZipFileText     *string
	S3Bucket        *string
	S3Key           *string
	S3ObjectVersion *string
	// S3ObjectStorageMode is COPY or REFERENCE in the model (2026-06).
	S3ObjectStorageMode *string
	ImageUri            *string
	Publish             *bool
	// PublishTo is LATEST_PUBLISHED in the model (2025-12).
	PublishTo  *string
	DryRun     *bool
	RevisionId *string
	// SourceKMSKeyArn is a KMS key ARN of 0..10000 characters (2024-11).
	SourceKMSKeyArn *string
	// Architectures is absent when nil and an empty list when empty.
	Architectures []string
	// Pad, when positive, is that many spaces of insignificant white space
	// before the body's closing brace: a valid JSON body made larger
	// without another member, to reach the request-size limit.
	Pad int
	// RawBody, when non-nil, replaces the JSON body entirely.
	RawBody []byte
}

// Path returns the escaped request path. The name is escaped as one path
// segment, so that '/' and '%' in a name reach the server inside it.
func (r UpdateFunctionCode) Path() string {
	return PathPrefix + url.PathEscape(r.FunctionName) + PathSuffix
}

// HasZipFile reports whether the body carries a ZipFile member.
func (r UpdateFunctionCode) HasZipFile() bool { return r.ZipFile != nil || r.ZipFileText != nil }

// Body returns the JSON body. Members are written in the model's order, so
// that a body is stable across runs and a reproducer reads well.
func (r UpdateFunctionCode) Body() []byte {
	if r.RawBody != nil {
		return r.RawBody
	}
	return r.AppendBody(nil)
}

// AppendBody appends the JSON body to dst (a RawBody is copied) and
// returns the extended slice, so that a sender can build bodies in a
// buffer it reuses.
func (r UpdateFunctionCode) AppendBody(dst []byte) []byte {
	if r.RawBody != nil {
		return append(dst, r.RawBody...)
	}
	b := bytes.NewBuffer(dst)
	b.Grow(256 + base64.StdEncoding.EncodedLen(len(r.ZipFile)) + r.Pad)
	b.WriteByte('{')
	n := 0
	// One encoder writes every value; the member names are plain ASCII
	// and need no escaping.
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	field := func(name string, v any) {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.WriteByte('"')
		b.WriteString(name)
		b.WriteString(`":`)
		_ = enc.Encode(v)
		b.Truncate(b.Len() - 1) // Encode's newline
	}
	if r.ZipFileText != nil {
		field("ZipFile", *r.ZipFileText)
	} else if r.ZipFile != nil {
		// Standard base64 needs no JSON escaping: it is encoded straight
		// into the body.
		n++
		b.WriteString(`"ZipFile":"`)
		b.Grow(base64.StdEncoding.EncodedLen(len(r.ZipFile)))
		enc := b.AvailableBuffer()[:base64.StdEncoding.EncodedLen(len(r.ZipFile))]
		base64.StdEncoding.Encode(enc, r.ZipFile)
		b.Write(enc)
		b.WriteByte('"')
	}
	str := func(name string, v *string) {
		if v != nil {
			field(name, *v)
		}
	}
	str("S3Bucket", r.S3Bucket)
	str("S3Key", r.S3Key)
	str("S3ObjectVersion", r.S3ObjectVersion)
	str("S3ObjectStorageMode", r.S3ObjectStorageMode)
	str("ImageUri", r.ImageUri)
	if r.Publish != nil {
		field("Publish", *r.Publish)
	}
	str("PublishTo", r.PublishTo)
	if r.DryRun != nil {
		field("DryRun", *r.DryRun)
	}
	str("RevisionId", r.RevisionId)
	str("SourceKMSKeyArn", r.SourceKMSKeyArn)
	if r.Architectures != nil {
		field("Architectures", r.Architectures)
	}
	if r.Pad > 0 {
		b.Write(bytes.Repeat([]byte{' '}, r.Pad))
	}
	b.WriteByte('}')
	return b.Bytes()
}

// String summarises the request for a failure message, eliding long code.
func (r UpdateFunctionCode) String() string {
	body := r.Body()
	s := string(body)
	if len(s) > 600 {
		s = s[:300] + "…(" + itoa(len(body)) + " bytes)…" + s[len(s)-200:]
	}
	return Method + " " + r.Path() + " " + strings.TrimSpace(s)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// String returns a pointer to s, for the optional members.
func String(s string) *string { return &s }

// Bool returns a pointer to b, for the optional members.
func Bool(b bool) *bool { return &b }

// BodyReader returns a reader of the same bytes as Body and their length,
// without holding the base64 text of ZipFile in memory: large payloads are
// encoded as they are read. Each call returns a fresh reader, so a body can
// be read once to sign it and once to send it. The reader holds no goroutine
// or other resource, so it may be dropped unread.
func (r UpdateFunctionCode) BodyReader() (io.Reader, int64) {
	if r.RawBody != nil || r.ZipFile == nil || r.ZipFileText != nil {
		b := r.Body()
		return bytes.NewReader(b), int64(len(b))
	}
	head, tail := r.zipFrame()
	enc := &base64Reader{src: r.ZipFile}
	n := int64(len(head)) + int64(base64.StdEncoding.EncodedLen(len(r.ZipFile))) + int64(len(tail))
	return io.MultiReader(bytes.NewReader(head), enc, bytes.NewReader(tail)), n
}

// BodySize returns the length of the body without encoding it.
func (r UpdateFunctionCode) BodySize() int64 {
	if r.RawBody != nil || r.ZipFile == nil || r.ZipFileText != nil {
		return int64(len(r.Body()))
	}
	head, tail := r.zipFrame()
	return int64(len(head)) + int64(base64.StdEncoding.EncodedLen(len(r.ZipFile))) + int64(len(tail))
}

// zipFrame returns the body's bytes before and after the base64 text of
// ZipFile, which is always the first member.
func (r UpdateFunctionCode) zipFrame() (head, tail []byte) {
	rest := r
	rest.ZipFile = nil
	tail = rest.Body()[1:] // "}" or `"S3Bucket":…}`, after any Pad
	if bytes.TrimLeft(tail, " ")[0] != '}' {
		tail = append([]byte{','}, tail...)
	}
	return []byte(`{"ZipFile":"`), append([]byte{'"'}, tail...)
}

// base64Reader encodes src as standard base64 as it is read, 3 KiB of input
// at a time.
type base64Reader struct {
	src []byte
	buf [4096]byte
	out []byte
}

func (b *base64Reader) Read(p []byte) (int, error) {
	if len(b.out) == 0 {
		if len(b.src) == 0 {
			return 0, io.EOF
		}
		n := min(len(b.src), 3072)
		base64.StdEncoding.Encode(b.buf[:], b.src[:n])
		b.out = b.buf[:base64.StdEncoding.EncodedLen(n)]
		b.src = b.src[n:]
	}
	n := copy(p, b.out)
	b.out = b.out[n:]
	return n, nil
}
