package finding

import (
	"regexp"
	"strings"
)

// The parts of an observed or expected behaviour that change from run to
// run, or from draw to draw, and so never belong in a signature. Order
// matters: a URL or an ARN is replaced whole before the names and numbers
// inside it are.
var variable = []struct {
	re   *regexp.Regexp
	with string
}{
	// URLs carry the endpoint's host, port and the request's path.
	{regexp.MustCompile(`https?://[^\s"'<>]+`), "<url>"},
	// Request IDs and other UUIDs.
	{regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`), "<uuid>"},
	// ARNs of any partition: the function's, the role's, a layer's.
	{regexp.MustCompile(`arn:aws[a-z-]*:[^\s"',;)\]}]*`), "<arn>"},
	// Fixture names of any run (fixtures.PrefixRoot, 8 hex digits, rest).
	{regexp.MustCompile(`lcf-[0-9a-f]{8}-[0-9A-Za-z_.:$-]*`), "<name>"},
	// Loopback addresses with their port.
	{regexp.MustCompile(`(127\.0\.0\.1|localhost|\[::1\]):[0-9]+`), "<host>"},
	// Base64 SHA-256 digests (CodeSha256) and hex digests of 16 or more.
	{regexp.MustCompile(`[A-Za-z0-9+/]{43}=`), "<sha256>"},
	{regexp.MustCompile(`\b[0-9a-fA-F]{16,}\b`), "<hex>"},
	// A value the endpoint quotes back ('…' in AWS's validation messages).
	{regexp.MustCompile(`Value '[^']*'`), "Value '<value>'"},
	{regexp.MustCompile(`Value \\?"[^"\\]*\\?"`), "Value <value>"},
	// Timestamps (LastModified and the like), ISO 8601 or HTTP dates.
	{regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?`), "<time>"},
	{regexp.MustCompile(`[0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT`), "<time>"},
	// Numbers: sizes, versions, lengths. A digit run that follows a
	// letter belongs to a name (CodeSha256, x86_64) and stays.
	{regexp.MustCompile(`(^|[^A-Za-z0-9_])[0-9]+(\.[0-9]+)?`), "${1}<n>"},
}

// leadingStatus matches the HTTP status a description starts with, which
// is the one number a signature keeps.
var leadingStatus = regexp.MustCompile(`^[1-5][0-9][0-9]\b`)

// Normalize replaces the variable parts of a behaviour's description (URLs,
// UUIDs, ARNs, fixture names, loopback ports, digests, quoted values and
// numbers) by placeholders, keeping a leading HTTP status, so that the same
// behaviour of the same endpoint reads the same in every run and for every
// draw. It is idempotent.
func Normalize(s string) string {
	status := leadingStatus.FindString(s)
	rest := s[len(status):]
	for _, v := range variable {
		rest = v.re.ReplaceAllString(rest, v.with)
	}
	rest = strings.Join(strings.Fields(rest), " ")
	if status != "" && rest != "" {
		return status + " " + rest
	}
	return status + rest
}
