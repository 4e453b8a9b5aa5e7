package spec

import (
	"regexp"
	"strings"
)

// The model patterns are Java-style and matched against the whole string;
// these are their anchored Go forms.
var (
	functionNameAWS  = regexp.MustCompile(`^(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)
	functionNameSeed = regexp.MustCompile(`^(arn:aws:lambda:)?([a-z]{2}-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)
	functionArnAWS   = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_\.]+(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$`)
	functionArnSeed  = regexp.MustCompile(`^arn:aws:lambda:[a-z]{2}-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)
	roleAWS          = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`)
	roleSeed         = regexp.MustCompile(`^arn:aws:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`)
	bucketChars      = regexp.MustCompile(`^[0-9A-Za-z.\-_]*$`)
	versionPattern   = regexp.MustCompile(`^(\$LATEST|[0-9]+)$`)
	lastModified     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$`)
	bareName         = regexp.MustCompile(`^[a-zA-Z0-9-_]{1,64}$`)
)

// LastModifiedLayout is the Go time layout of LastModified.
const LastModifiedLayout = "2006-01-02T15:04:05.000-0700"

// FunctionNamePattern returns the anchored FunctionName pattern of profile p.
func FunctionNamePattern(p Profile) *regexp.Regexp {
	if p == ProfileSeed {
		return functionNameSeed
	}
	return functionNameAWS
}

// FunctionArnPattern returns the anchored pattern of the response's
// FunctionArn under profile p.
func FunctionArnPattern(p Profile) *regexp.Regexp {
	if p == ProfileSeed {
		return functionArnSeed
	}
	return functionArnAWS
}

// RolePattern returns the anchored pattern of the response's Role under
// profile p.
func RolePattern(p Profile) *regexp.Regexp {
	if p == ProfileSeed {
		return roleSeed
	}
	return roleAWS
}

// ValidVersion reports whether v matches the Version pattern (\$LATEST|[0-9]+).
func ValidVersion(v string) bool { return versionPattern.MatchString(v) }

// ValidLastModified reports whether s has the form yyyy-MM-ddTHH:mm:ss.SSS+0000.
func ValidLastModified(s string) bool { return lastModified.MatchString(s) }

// ValidBareName reports whether s is a function name of 1..64 characters of
// [a-zA-Z0-9-_], the form of the response's FunctionName.
func ValidBareName(s string) bool { return bareName.MatchString(s) }

// Length returns the length of s as the service's validator counts it: in
// UTF-16 code units.
// It counts without allocating: a rune past U+FFFF takes two units (a
// surrogate pair), any other one unit, and each byte that is not UTF-8
// one unit (U+FFFD), as utf16.Encode([]rune(s)) would.
func Length(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// FunctionRef is a FunctionName taken apart by the FunctionName pattern.
type FunctionRef struct {
	// Partition is the ARN's partition ("aws", "aws-cn", …) or empty when
	// the name has no arn: prefix.
	Partition string
	// Region, Account and Qualifier are empty when absent.
	Region    string
	Account   string
	Name      string
	Qualifier string
	// HasFunctionPrefix reports a "function:" part.
	HasFunctionPrefix bool
}

// Bare reports whether the name was given without any ARN part (a
// qualifier aside).
func (r FunctionRef) Bare() bool {
	return r.Partition == "" && r.Region == "" && r.Account == "" && !r.HasFunctionPrefix
}

// plainNameBytes marks the bytes of [a-zA-Z0-9-_], the class of the name
// part of both FunctionName patterns, taken from the patterns' own syntax.
var plainNameBytes = func() (set [256]bool) {
	class := regexp.MustCompile(`^[a-zA-Z0-9-_]$`)
	for b := range 128 {
		set[b] = class.MatchString(string(rune(b)))
	}
	return set
}()

// plainName reports whether s is a non-empty run of [a-zA-Z0-9-_]. Every
// other part of the FunctionName patterns (the ARN's parts, the qualifier)
// holds a ':', so both patterns match such an s as a bare name and nothing
// else: the commonest name, which the checks then take apart without a
// regexp.
func plainName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !plainNameBytes[s[i]] {
			return false
		}
	}
	return true
}

// ParseFunctionName takes s apart with today's FunctionName pattern, which
// admits every form the seed's does. It reports false when s does not match.
func ParseFunctionName(s string) (FunctionRef, bool) {
	if plainName(s) {
		return FunctionRef{Name: s}, true
	}
	return parseFunctionName(s)
}

// parseFunctionName is ParseFunctionName by the pattern alone.
func parseFunctionName(s string) (FunctionRef, bool) {
	m := functionNameAWS.FindStringSubmatch(s)
	if m == nil {
		return FunctionRef{}, false
	}
	ref := FunctionRef{
		Region:            strings.TrimSuffix(m[3], ":"),
		Account:           strings.TrimSuffix(m[9], ":"),
		HasFunctionPrefix: m[10] != "",
		Name:              m[11],
		Qualifier:         m[13],
	}
	if m[1] != "" {
		ref.Partition = m[2]
		if ref.Partition == "" {
			// "arn::lambda:" matches the pattern with an empty partition.
			ref.Partition = "-"
		}
	}
	return ref, true
}

// CheckFunctionName returns the syntactic clauses s breaks, under every
// profile: lengths and patterns. Whether the ARN names the caller's region
// and account, and whether the function exists, depend on the endpoint.
func CheckFunctionName(s string) []ClauseID {
	if plainName(s) {
		// Both patterns match; the name is bare, and its length in
		// UTF-16 units is its length in bytes.
		var out []ClauseID
		if len(s) > MaxFunctionNameLength {
			out = append(out, NameTooLong)
		}
		if len(s) > MaxBareNameLength {
			out = append(out, NameBareTooLong)
		}
		return out
	}
	return checkFunctionName(s)
}

// ExamineFunctionName returns what CheckFunctionName and ParseFunctionName
// return for s, matching today's pattern once (with its groups) and the
// seed's once: a generator or an endpoint that needs both would otherwise
// run four matches for every name that is not plain.
func ExamineFunctionName(s string) (breaks []ClauseID, ref FunctionRef, ok bool) {
	if plainName(s) {
		return CheckFunctionName(s), FunctionRef{Name: s}, true
	}
	n := Length(s)
	if n == 0 {
		breaks = append(breaks, NameEmpty)
	}
	if n > MaxFunctionNameLength {
		breaks = append(breaks, NameTooLong)
	}
	if ref, ok = parseFunctionName(s); !ok {
		return append(breaks, NamePattern), ref, false
	}
	if !functionNameSeed.MatchString(s) {
		breaks = append(breaks, NamePartitionSeed)
	}
	if ref.Bare() && len(ref.Name) > MaxBareNameLength {
		breaks = append(breaks, NameBareTooLong)
	}
	return breaks, ref, true
}

// checkFunctionName is CheckFunctionName by the patterns alone.
func checkFunctionName(s string) []ClauseID {
	var out []ClauseID
	n := Length(s)
	if n == 0 {
		out = append(out, NameEmpty)
	}
	if n > MaxFunctionNameLength {
		out = append(out, NameTooLong)
	}
	if !functionNameAWS.MatchString(s) {
		return append(out, NamePattern)
	}
	if !functionNameSeed.MatchString(s) {
		out = append(out, NamePartitionSeed)
	}
	if ref, _ := parseFunctionName(s); ref.Bare() && len(ref.Name) > MaxBareNameLength {
		out = append(out, NameBareTooLong)
	}
	return out
}

// CheckBucket returns the clauses an S3Bucket value breaks.
func CheckBucket(s string) []ClauseID {
	var out []ClauseID
	n := Length(s)
	if n < 3 {
		out = append(out, BucketTooShort)
	}
	if n > 63 {
		out = append(out, BucketTooLong)
	}
	if !bucketChars.MatchString(s) {
		out = append(out, BucketPattern)
	}
	if strings.HasSuffix(s, ".") {
		out = append(out, BucketTrailingDot)
	}
	return out
}

// CheckKey returns the clauses an S3Key value breaks.
func CheckKey(s string) []ClauseID {
	return checkObjectString(s, KeyEmpty, KeyTooLong, KeyLineBreak)
}

// CheckObjectVersion returns the clauses an S3ObjectVersion value breaks.
func CheckObjectVersion(s string) []ClauseID {
	return checkObjectString(s, VersionEmpty, VersionTooLong, VersionLineBreak)
}

func checkObjectString(s string, empty, long, lineBreak ClauseID) []ClauseID {
	var out []ClauseID
	n := Length(s)
	if n == 0 {
		out = append(out, empty)
	}
	if n > 1024 {
		out = append(out, long)
	}
	if strings.ContainsAny(s, "\n\r\u0085\u2028\u2029") {
		out = append(out, lineBreak)
	}
	return out
}

// Architectures lists the values of the Architecture enum.
var Architectures = []string{"x86_64", "arm64"}

// CheckArchitectures returns the clauses an Architectures list breaks.
func CheckArchitectures(list []string) []ClauseID {
	var out []ClauseID
	if len(list) != 1 {
		out = append(out, ArchCount)
	}
	for _, a := range list {
		if a != "x86_64" && a != "arm64" {
			out = append(out, ArchEnum)
			break
		}
	}
	return out
}

// Runtimes returns the Runtime values of profile p.
func Runtimes(p Profile) []string {
	if p == ProfileSeed {
		return []string{"nodejs", "nodejs4.3", "nodejs6.10", "java8", "python2.7", "dotnetcore1.0", "nodejs4.3-edge"}
	}
	return runtimesAWS
}

// DefaultRuntime is the runtime the fixtures create functions with under
// profile p.
func DefaultRuntime(p Profile) string {
	if p == ProfileSeed {
		return "python2.7"
	}
	return "python3.12"
}

var runtimesAWS = []string{
	"nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
	"nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x", "nodejs26.x", "nodejs4.3-edge",
	"java8", "java8.al2", "java11", "java17", "java21", "java25", "java8.al2023", "java11.al2023", "java17.al2023",
	"python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11", "python3.12",
	"python3.13", "python3.14", "python3.15",
	"dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet8", "dotnet10",
	"go1.x", "ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4", "ruby4.0",
	"provided", "provided.al2", "provided.al2023",
}

// StorageModes lists the values of the S3ObjectStorageMode enum.
var StorageModes = []string{"COPY", "REFERENCE"}

// PublishTargets lists the values of the PublishTo enum
// (FunctionVersionLatestPublished).
var PublishTargets = []string{"LATEST_PUBLISHED"}

// kmsKeyArn is the KMSKeyArn pattern (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()
// anchored, with Java's '.' that matches no line terminator.
var kmsKeyArn = regexp.MustCompile(`^(arn:(aws[a-zA-Z-]*)?:[a-z0-9\-.]+:[^\n\r\x{85}\x{2028}\x{2029}]*)?$`)

// CheckStorageMode returns the clauses an S3ObjectStorageMode value breaks.
func CheckStorageMode(s string) []ClauseID {
	for _, m := range StorageModes {
		if s == m {
			return nil
		}
	}
	return []ClauseID{StorageModeEnum}
}

// CheckPublishTo returns the clauses a PublishTo value breaks.
func CheckPublishTo(s string) []ClauseID {
	for _, m := range PublishTargets {
		if s == m {
			return nil
		}
	}
	return []ClauseID{PublishToEnum}
}

// CheckKMSKeyArn returns the clauses a SourceKMSKeyArn value breaks: its
// length in UTF-16 units over 10000, and its pattern.
func CheckKMSKeyArn(s string) []ClauseID {
	var out []ClauseID
	if Length(s) > MaxKMSKeyArnLength {
		out = append(out, KMSKeyTooLong)
	}
	if !kmsKeyArn.MatchString(s) {
		out = append(out, KMSKeyPattern)
	}
	return out
}
