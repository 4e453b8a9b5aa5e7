package wire

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/lambdaconf/lambdaconf/request"
)

// Bounds on what a reproducer inlines.
const (
	// InlineBodyLimit is the largest body printed as shell text.
	InlineBodyLimit = 64 << 10
	// Base64BodyLimit is the largest body printed as a base64 here-doc.
	Base64BodyLimit = 4 << 20
)

// Curl returns a runnable shell command that sends r with curl's own SigV4
// signing, taking credentials from the standard environment variables.
// Bodies up to InlineBodyLimit are inlined as shell text, bodies up to
// Base64BodyLimit (or with bytes a shell string cannot hold) as a base64
// here-doc written to body.json; a larger body is described by its size and
// SHA-256, with a pointer to `lambdaconf replay`, which regenerates it.
func (c *Client) Curl(r request.UpdateFunctionCode) string {
	var b strings.Builder
	url := c.Endpoint() + r.Path()
	if !unreservedOnly(r.FunctionName) {
		b.WriteString("# curl signs the escaped path as sent; the AWS SDKs escape it once more\n")
		b.WriteString("# for Lambda. An endpoint that verifies signatures may answer 403 here.\n")
	}
	curl := func(data string) {
		b.WriteString("curl -sS -i --path-as-is --aws-sigv4 " + ShellQuote("aws:amz:"+c.cfg.Region+":lambda"))
		b.WriteString(` --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`)
		if c.cfg.Credentials.SessionToken != "" {
			b.WriteString(` -H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"`)
		}
		b.WriteString(" -X PUT -H 'Content-Type: application/json' --data-binary " + data + " " + ShellQuote(url))
	}
	if r.ZipFile == nil || len(r.ZipFile) <= Base64BodyLimit {
		body := r.Body()
		if len(body) <= InlineBodyLimit && printable(body) {
			b.WriteString("printf '%s' " + ShellQuote(string(body)) + " | ")
			curl("@-")
			return b.String()
		}
		if len(body) <= Base64BodyLimit {
			b.WriteString("base64 -d > body.json <<'EOF'\n")
			writeBase64Lines(&b, body)
			b.WriteString("EOF\n")
			curl("@body.json")
			return b.String()
		}
	}
	br, size := r.BodyReader()
	h := sha256.New()
	_, _ = io.Copy(h, br)
	sum := hex.EncodeToString(h.Sum(nil))
	fmt.Fprintf(&b, "# The body is %d bytes, too large to print. `lambdaconf replay -case FILE`\n", size)
	b.WriteString("# regenerates and resends it from the finding's case file. To send it with\n")
	b.WriteString("# curl, save the request body (Input above) as body.json, then:\n")
	fmt.Fprintf(&b, "echo '%s  body.json' | sha256sum -c - &&\n", sum)
	curl("@body.json")
	return b.String()
}

// AWSCLI returns an equivalent AWS CLI command and true, or "" and false
// when the CLI cannot send r: a raw or non-base64 body, a value that breaks
// a constraint the CLI checks before sending (the model's required and min
// lengths), a value the CLI would read as a file or URL, a zip larger than
// Base64BodyLimit, or ZipFile bytes that are not a readable zip archive (the
// CLI opens the archive before it sends it).
func (c *Client) AWSCLI(r request.UpdateFunctionCode) (string, bool) {
	if r.RawBody != nil || r.ZipFileText != nil || r.FunctionName == "" {
		return "", false
	}
	if r.ZipFile != nil && (len(r.ZipFile) > Base64BodyLimit || !readableZip(r.ZipFile)) {
		return "", false
	}
	if (r.S3Bucket != nil && len(*r.S3Bucket) < 3) || (r.S3Key != nil && *r.S3Key == "") ||
		(r.S3ObjectVersion != nil && *r.S3ObjectVersion == "") || (r.Architectures != nil && len(r.Architectures) == 0) {
		return "", false
	}
	var b strings.Builder
	args := []string{"aws", "--endpoint-url", ShellQuote(c.Endpoint()), "--region", ShellQuote(c.cfg.Region), "lambda", "update-function-code"}
	strArg := func(flag string, v string) bool {
		if paramFilePrefix(v) {
			return false
		}
		args = append(args, ShellQuote("--"+flag+"="+v))
		return true
	}
	ok := strArg("function-name", r.FunctionName)
	if r.ZipFile != nil {
		b.WriteString("base64 -d > function.zip <<'EOF'\n")
		writeBase64Lines(&b, r.ZipFile)
		b.WriteString("EOF\n")
		args = append(args, "--zip-file", "fileb://function.zip")
	}
	for _, f := range []struct {
		flag string
		v    *string
	}{{"s3-bucket", r.S3Bucket}, {"s3-key", r.S3Key}, {"s3-object-version", r.S3ObjectVersion}, {"image-uri", r.ImageUri}, {"revision-id", r.RevisionId}} {
		if f.v != nil {
			ok = strArg(f.flag, *f.v) && ok
		}
	}
	boolArg := func(flag string, v *bool) {
		if v != nil {
			if *v {
				args = append(args, "--"+flag)
			} else {
				args = append(args, "--no-"+flag)
			}
		}
	}
	boolArg("publish", r.Publish)
	boolArg("dry-run", r.DryRun)
	if r.Architectures != nil {
		args = append(args, "--architectures")
		for _, a := range r.Architectures {
			if paramFilePrefix(a) || strings.HasPrefix(a, "-") {
				return "", false
			}
			args = append(args, ShellQuote(a))
		}
	}
	if !ok {
		return "", false
	}
	b.WriteString(strings.Join(args, " "))
	return b.String(), true
}

// unreservedOnly reports whether s holds only bytes that no escaping
// changes: letters, digits, '-', '.', '_' and '~'.
func unreservedOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

// readableZip reports whether b opens as a zip archive.
func readableZip(b []byte) bool {
	_, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	return err == nil
}

// paramFilePrefix reports whether the AWS CLI would replace v by the
// contents of a file or URL.
func paramFilePrefix(v string) bool {
	l := strings.ToLower(v)
	for _, p := range []string{"file://", "fileb://", "http://", "https://"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// ShellQuote quotes s as one POSIX shell word. Every byte but NUL survives;
// a NUL cannot be passed in an argument at all.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// printable reports whether b can be written as shell text and read back
// unchanged by printf '%s': valid UTF-8 without NUL.
func printable(b []byte) bool {
	return utf8.Valid(b) && !strings.ContainsRune(string(b), 0)
}

func writeBase64Lines(b *strings.Builder, data []byte) {
	s := base64.StdEncoding.EncodeToString(data)
	for len(s) > 76 {
		b.WriteString(s[:76])
		b.WriteByte('\n')
		s = s[76:]
	}
	b.WriteString(s)
	b.WriteByte('\n')
}
