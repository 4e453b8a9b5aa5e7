// Package generators draws UpdateFunctionCode inputs with pgregory.net/rapid:
// function names, S3 buckets, keys and object versions, zip payloads and whole
// requests, valid and invalid. Every value carries the catalogue clauses it
// breaks, so the generators are also the harness's oracle: a suite sends a
// Case and compares the answer with Case.Expect.
//
// The entry points are FunctionNames, BucketNames, Keys, ObjectVersions,
// Zips and ValidZips for single members; Requests, ValidRequests,
// InvalidRequests and LargeRequests for whole requests; and Classify for a
// request built by hand. classes.go lists every class and the clauses it
// breaks.
//
// Generators shrink toward the simplest value of the simplest class: classes
// are listed simplest first and sizes shrink toward zero.
package generators

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
)

// Env describes the endpoint under test and the fixtures on it, so that valid
// values can name things that exist and "missing" values name things that
// surely don't.
type Env struct {
	Profile spec.Profile
	// Partition is the caller's partition, e.g. "aws".
	Partition string
	// Region is the client's region, e.g. "us-east-1".
	Region string
	// Account is the caller's 12-digit account ID.
	Account string
	// Function is the bare name of an existing Zip function, at most 64
	// characters.
	Function string
	// Missing is a prefix (at most 40 characters of [a-z0-9-]) under which
	// no function, bucket or key exists: names for NOT-FOUND classes start
	// with it.
	Missing string
	// Bucket is an existing bucket; Key is an existing object in it that
	// holds a valid zip, and KeyZip its bytes.
	Bucket string
	Key    string
	KeyZip []byte
	// VersionedBucket is a bucket with versioning on, holding VersionedKey
	// with the versions in Versions, oldest first. All three are empty when
	// the endpoint offers no versioned bucket; the version classes are then
	// not drawn.
	VersionedBucket string
	VersionedKey    string
	Versions        []ObjectVersion
}

// ObjectVersion is one version of Env.VersionedKey.
type ObjectVersion struct {
	ID  string
	Zip []byte
}

var (
	missingPattern = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)
	accountPattern = regexp.MustCompile(`^\d{12}$`)
	regionPattern  = regexp.MustCompile(`^(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d$`)
)

// Check reports every way e cannot serve the generators, each naming the
// field, its value and what to change; it returns nil when e is usable.
func (e Env) Check() error {
	var errs []error
	bad := func(field, value, want string) {
		errs = append(errs, fmt.Errorf("generators.Env.%s = %q: %s", field, value, want))
	}
	if e.Profile != spec.ProfileAWS && e.Profile != spec.ProfileSeed {
		bad("Profile", string(e.Profile), fmt.Sprintf("set it to %q or %q", spec.ProfileAWS, spec.ProfileSeed))
	}
	if e.Partition == "" || !strings.HasPrefix(e.Partition, "aws") {
		bad("Partition", e.Partition, `set the caller's partition, such as "aws"`)
	}
	if !regionPattern.MatchString(e.Region) {
		bad("Region", e.Region, `set the client's region, such as "us-east-1"`)
	}
	if !accountPattern.MatchString(e.Account) {
		bad("Account", e.Account, "set the caller's 12-digit account ID")
	}
	if !missingPattern.MatchString(e.Missing) {
		bad("Missing", e.Missing, "use 1..40 characters of [a-z0-9-] under which nothing exists")
	} else if strings.Trim(e.Missing, "0123456789") == "" {
		bad("Missing", e.Missing, "include a letter, so that a name under it never reads as an account ID")
	}
	if !spec.ValidBareName(e.Function) {
		bad("Function", e.Function, "name the existing function by its bare name, 1..64 characters of [a-zA-Z0-9-_]")
	} else if accountPattern.MatchString(e.Function) {
		bad("Function", e.Function, "a 12-digit name reads as an account ID in NAME:QUALIFIER; give the fixture a name with a letter in it")
	}
	if len(spec.CheckBucket(e.Bucket)) > 0 {
		bad("Bucket", e.Bucket, "name the existing bucket (3..63 characters of [0-9A-Za-z.-_], not ending in '.')")
	}
	if len(spec.CheckKey(e.Key)) > 0 {
		bad("Key", e.Key, "name the existing object: 1..1024 characters, no line breaks")
	}
	if len(e.KeyZip) == 0 {
		bad("KeyZip", "", "set the bytes of the object at Bucket/Key")
	}
	if e.VersionedBucket != "" || e.VersionedKey != "" || len(e.Versions) > 0 {
		if len(spec.CheckBucket(e.VersionedBucket)) > 0 {
			bad("VersionedBucket", e.VersionedBucket, "name the existing versioned bucket, or leave all three versioned fields empty")
		}
		if len(spec.CheckKey(e.VersionedKey)) > 0 {
			bad("VersionedKey", e.VersionedKey, "name the existing versioned object, or leave all three versioned fields empty")
		}
		if e.VersionedBucket == e.Bucket && e.VersionedKey == e.Key {
			bad("VersionedKey", e.VersionedKey, "use an object other than Bucket/Key, so that each key's bytes are known")
		}
		if len(e.Versions) < 2 {
			bad("Versions", fmt.Sprint(len(e.Versions)), "list at least two versions of VersionedKey, oldest first")
		}
		for i, v := range e.Versions {
			if len(spec.CheckObjectVersion(v.ID)) > 0 || len(v.Zip) == 0 {
				bad(fmt.Sprintf("Versions[%d]", i), v.ID, "give each version its ID (1..1024 characters) and bytes")
			}
		}
	}
	if e.Missing != "" {
		for field, v := range map[string]string{"Function": e.Function, "Bucket": e.Bucket, "Key": e.Key, "VersionedBucket": e.VersionedBucket, "VersionedKey": e.VersionedKey} {
			if v != "" && strings.HasPrefix(strings.ToLower(v), e.Missing) {
				bad(field, v, fmt.Sprintf("it starts with Missing %q, so the generators would call it missing; choose another Missing prefix", e.Missing))
			}
		}
		for i, v := range e.Versions {
			if strings.HasPrefix(v.ID, e.Missing) {
				bad(fmt.Sprintf("Versions[%d].ID", i), v.ID, "it starts with Missing; choose another Missing prefix")
			}
		}
	}
	return errors.Join(errs...)
}

// versioned reports whether e offers a versioned object.
func (e Env) versioned() bool { return len(e.Versions) >= 2 }

// mustCheck panics with e's problems: a generator built on a broken Env is a
// programming error in the suite that built it.
func (e Env) mustCheck() {
	if err := e.Check(); err != nil {
		panic(fmt.Sprintf("generators: unusable Env (call Env.Check before building generators):\n%v", err))
	}
}
