package generators

import "github.com/lambdaconf/lambdaconf/spec"

// Classified is a generated value with its classification: the catalogue
// clauses it breaks (empty = valid), and the name of the class it was drawn
// from (e.g. "name/bare-too-long").
type Classified[T any] struct {
	Value  T
	Breaks []spec.ClauseID
	Class  string
}

// Valid reports whether the value breaks no clause.
func (c Classified[T]) Valid() bool { return len(c.Breaks) == 0 }

// ClassInfo describes one class: the clauses every value of the class
// breaks, the clauses some of its values break as well, and what the class
// holds.
type ClassInfo struct {
	Name        string
	Breaks      []spec.ClauseID
	MayBreak    []spec.ClauseID
	Description string
}

// Class names. A class is named after the clause its values break, or after
// the form a valid value takes.
const (
	ClassNameBare            = "name/bare"
	ClassNameArn             = "name/arn"
	ClassNameAccountFunction = "name/account-function"
	ClassNameAccount         = "name/account"
	ClassNameFunction        = "name/function"
	ClassNameLatest          = "name/latest"
	ClassNameNotFound        = "name/not-found"
	ClassNameNotFoundLongArn = "name/not-found-long-arn"
	ClassNamePartitionSeed   = "name/partition-seed"
	ClassNameOtherRegion     = "name/other-region"
	ClassNameOtherAccount    = "name/other-account"
	ClassNameQualifier       = "name/qualifier"
	ClassNameEmpty           = "name/empty"
	ClassNameBareTooLong     = "name/bare-too-long"
	ClassNameTooLong         = "name/too-long"
	ClassNameBadChar         = "name/bad-char"
	ClassNameBadArn          = "name/bad-arn"

	ClassBucketExisting   = "bucket/existing"
	ClassBucketNotFound   = "bucket/not-found"
	ClassBucketLax        = "bucket/lax-not-found"
	ClassBucketTooShort   = "bucket/too-short"
	ClassBucketTooLong    = "bucket/too-long"
	ClassBucketTrailDot   = "bucket/trailing-dot"
	ClassBucketBadChar    = "bucket/bad-char"
	ClassKeyExisting      = "key/existing"
	ClassKeyNotFound      = "key/not-found"
	ClassKeyEmpty         = "key/empty"
	ClassKeyTooLong       = "key/too-long"
	ClassKeyLineBreak     = "key/line-break"
	ClassVersionSelects   = "version/selects"
	ClassVersionNotFound  = "version/not-found"
	ClassVersionEmpty     = "version/empty"
	ClassVersionTooLong   = "version/too-long"
	ClassVersionLineBreak = "version/line-break"

	ClassZipValid        = "zip/valid"
	ClassZipRandomBytes  = "zip/random-bytes"
	ClassZipTruncated    = "zip/truncated"
	ClassZipCorruptCRC   = "zip/corrupt-crc"
	ClassZipLyingHeader  = "zip/lying-header"
	ClassZipDoubleBase64 = "zip/double-base64"
	ClassZipEmpty        = "zip/empty"
	ClassZipBomb         = "zip/bomb"
	ClassZipTooLarge     = "zip/too-large"
	ClassZipRequestLarge = "zip/request-too-large"

	ClassValidInline      = "valid/inline"
	ClassValidS3          = "valid/s3"
	ClassValidS3Version   = "valid/s3-version"
	ClassValidS3Latest    = "valid/s3-versioned-latest"
	ClassZipBase64        = "zip/base64-text"
	ClassSourceNone       = "source/none"
	ClassSourceConflict   = "source/conflict"
	ClassSourceIncomplete = "source/s3-incomplete"
	ClassSourceImage      = "source/image-on-zip"
	ClassArchCount        = "arch/count"
	ClassArchEnum         = "arch/enum"
	ClassRevision         = "revision/mismatch"
	ClassStorageModeEnum  = "storage-mode/enum"
	ClassPublishToEnum    = "publish-to/enum"
	ClassKMSKeyTooLong    = "kms-key/too-long"
	ClassKMSKeyPattern    = "kms-key/pattern"
	ClassBodyJSON         = "body/invalid-json"
	ClassBodyWrongType    = "body/wrong-type"
	ClassBodyWrongTypeNew = "body/wrong-type-new-member"
	ClassBodyArray        = "body/array"
	ClassBodyNotUTF8      = "body/not-utf8"
	ClassMixed            = "request/mixed"
)

func ids(c ...spec.ClauseID) []spec.ClauseID { return c }

// classes is the table behind Classes, in the order the generators draw
// them: the simplest classes first, so that rapid shrinks toward them.
var classes = []ClassInfo{
	// Function names. A name is NOT-FOUND when it parses and its name part
	// is not Env.Function; all such names start with Env.Missing or are
	// longer than any function name can be.
	{ClassNameBare, nil, nil, "Env.Function by its bare name."},
	{ClassNameArn, nil, nil, "Env.Function by its full ARN in Env's partition, region and account."},
	{ClassNameAccountFunction, nil, nil, "Env.Function as ACCOUNT:function:NAME."},
	{ClassNameAccount, nil, nil, "Env.Function as ACCOUNT:NAME."},
	{ClassNameFunction, nil, nil, "Env.Function as function:NAME."},
	{ClassNameLatest, nil, nil, "Env.Function in any of the forms above, qualified with :$LATEST."},
	{ClassNameNotFound, ids(spec.NameNotFound), nil, "A well-formed name under Env.Missing, in any form, with or without :$LATEST."},
	{ClassNameNotFoundLongArn, ids(spec.NameNotFound), nil, "A full ARN whose name part (under Env.Missing) is 65 characters or more and the whole at most 140: well-formed, but no function has such a name."},
	{ClassNamePartitionSeed, ids(spec.NamePartitionSeed, spec.NameOtherRegion), nil, "A full ARN of Env.Function in an aws-cn, aws-us-gov, aws-iso* or eusc partition or a -gov/-iso region: today's pattern admits it, the seed's does not, and it names another region."},
	{ClassNameOtherRegion, ids(spec.NameOtherRegion), nil, "A full ARN of Env.Function in Env's partition and account but another plain region."},
	{ClassNameOtherAccount, ids(spec.NameOtherAccount, spec.NameNotFound), nil, "Env.Function under another 12-digit account: full ARN, ACCOUNT:function:NAME or ACCOUNT:NAME; no function of the caller's, so not found where no 403 applies."},
	{ClassNameQualifier, ids(spec.NameQualifier), nil, "Env.Function in any form qualified with a version number or an alias name instead of $LATEST."},
	{ClassNameEmpty, ids(spec.NameEmpty, spec.NamePattern), nil, "The empty name."},
	{ClassNameBareTooLong, ids(spec.NameBareTooLong, spec.NameNotFound), nil, "A bare name of 65..140 characters under Env.Missing."},
	{ClassNameTooLong, ids(spec.NameTooLong), ids(spec.NameBareTooLong, spec.NameNotFound, spec.NamePattern), "A name over 140 characters: bare, a full ARN, or with a character outside the pattern."},
	{ClassNameBadChar, ids(spec.NamePattern), nil, "A name under Env.Missing holding a character outside the pattern: space, '.', '/', '%', non-ASCII or a control character."},
	{ClassNameBadArn, ids(spec.NamePattern), nil, "A full ARN with a malformed part: a two-digit region number, an 11- or 13-digit account, or another service."},

	// S3 buckets, keys and object versions. NOT-FOUND is claimed for a
	// well-formed value that names nothing: a bucket that passes the Lambda
	// pattern, a key in an existing bucket, a version of an existing key.
	{ClassBucketExisting, nil, nil, "Env.Bucket (or Env.VersionedBucket in versioned requests)."},
	{ClassBucketNotFound, ids(spec.BucketNotFound), nil, "A bucket name of 3..63 characters of [a-z0-9.-] under Env.Missing."},
	{ClassBucketLax, ids(spec.BucketNotFound), nil, "A bucket name under Env.Missing with upper-case letters or '_': the Lambda pattern admits them though S3 does not, so it is well-formed and missing."},
	{ClassBucketTooShort, ids(spec.BucketTooShort), nil, "A bucket name of 0..2 characters of [a-z0-9]."},
	{ClassBucketTooLong, ids(spec.BucketTooLong), nil, "A bucket name of 64..100 characters of [a-z0-9-]."},
	{ClassBucketTrailDot, ids(spec.BucketTrailingDot), nil, "A bucket name of 3..63 characters ending in '.'."},
	{ClassBucketBadChar, ids(spec.BucketPattern), nil, "A bucket name of 3..63 characters holding a character outside [0-9A-Za-z.-_]."},
	{ClassKeyExisting, nil, nil, "Env.Key (or Env.VersionedKey in versioned requests)."},
	{ClassKeyNotFound, ids(spec.KeyNotFound), nil, "A key of 1..1024 UTF-16 units of any Unicode but line terminators, slashes and spaces included, under Env.Missing."},
	{ClassKeyEmpty, ids(spec.KeyEmpty), nil, "The empty key."},
	{ClassKeyTooLong, ids(spec.KeyTooLong), nil, "A key of 1025 UTF-16 units or more, some of them astral characters that count twice."},
	{ClassKeyLineBreak, ids(spec.KeyLineBreak, spec.KeyNotFound), nil, "A key under Env.Missing holding \\n, \\r, U+0085, U+2028 or U+2029: invalid today, well-formed and missing under the seed."},
	{ClassVersionSelects, nil, nil, "One of Env.Versions, with Env.VersionedBucket and Env.VersionedKey."},
	{ClassVersionNotFound, ids(spec.VersionNotFound), nil, "A version ID under Env.Missing."},
	{ClassVersionEmpty, ids(spec.VersionEmpty), nil, "The empty version ID."},
	{ClassVersionTooLong, ids(spec.VersionTooLong), nil, "A version ID of 1025 UTF-16 units or more."},
	{ClassVersionLineBreak, ids(spec.VersionLineBreak, spec.VersionNotFound), nil, "A version ID under Env.Missing holding a line terminator."},

	// Zip payloads.
	{ClassZipValid, nil, nil, "A well-formed archive with at least one regular file: random names, directories, stored and deflated entries."},
	{ClassZipRandomBytes, ids(spec.ZipNotZip), nil, "Random bytes that are no archive."},
	{ClassZipTruncated, ids(spec.ZipNotZip), nil, "A valid archive cut short, losing (part of) its end record."},
	{ClassZipCorruptCRC, ids(spec.ZipNotZip), nil, "An archive whose file entry's CRC-32, in the local header and the central directory, does not match its contents."},
	{ClassZipLyingHeader, ids(spec.ZipNotZip), nil, "An archive whose headers lie: an uncompressed size off by some bytes, an unknown compression method, or a broken local header signature."},
	{ClassZipDoubleBase64, ids(spec.ZipNotZip), nil, "The base64 text of a valid archive sent as the code bytes, so it travels encoded twice."},
	{ClassZipEmpty, ids(spec.ZipEmpty), nil, "An archive with no entries: the 22-byte end record alone."},
	{ClassZipBomb, ids(spec.ZipUnzippedLarge), nil, "A small archive of identical deflated runs of zeros that unzips to more than 262144000 bytes."},
	{ClassZipTooLarge, ids(spec.ZipTooLarge, spec.RequestTooLargeSeed), nil, "A valid stored archive of 52428801 bytes or more whose request still fits today's request limit (ZipOptions.Large only); its base64 alone is over the seed era's limit."},
	{ClassZipRequestLarge, ids(spec.ZipTooLarge, spec.RequestTooLarge, spec.RequestTooLargeSeed), nil, "A valid stored archive large enough that the request exceeds 70167211 bytes (ZipOptions.Large only)."},

	// Whole requests. Each also draws Publish, DryRun, a valid
	// Architectures, PublishTo and SourceKMSKeyArn at random (and, with S3
	// code, a valid S3ObjectStorageMode); they change no classification.
	{ClassValidInline, nil, nil, "Env.Function in any valid form with a valid inline zip."},
	{ClassValidS3, nil, nil, "Env.Function with Env.Bucket and Env.Key."},
	{ClassValidS3Version, nil, nil, "Env.Function with Env.VersionedBucket, Env.VersionedKey and one of Env.Versions."},
	{ClassValidS3Latest, nil, nil, "Env.Function with Env.VersionedBucket and Env.VersionedKey without a version: the latest version's bytes."},
	{ClassZipBase64, ids(spec.ZipBase64), nil, "A ZipFile string that is not standard base64: a character outside the alphabet, or padding in the middle."},
	{ClassSourceNone, ids(spec.SourceNone), nil, "No ZipFile, S3Bucket, S3Key or ImageUri."},
	{ClassSourceConflict, ids(spec.SourceConflict), ids(spec.SourceS3Incomplete, spec.BucketNotFound, spec.KeyNotFound, spec.VersionNotFound,
		spec.BucketTooShort, spec.BucketTooLong, spec.BucketPattern, spec.BucketTrailingDot, spec.KeyEmpty, spec.KeyTooLong, spec.KeyLineBreak,
		spec.VersionEmpty, spec.VersionTooLong, spec.VersionLineBreak),
		"A valid inline zip together with S3Bucket, S3Key and/or S3ObjectVersion of any class; the S3 fields' own clauses are claimed too."},
	{ClassSourceIncomplete, ids(spec.SourceS3Incomplete), ids(spec.BucketNotFound, spec.VersionNotFound, spec.BucketTooShort, spec.BucketTooLong,
		spec.BucketPattern, spec.BucketTrailingDot, spec.KeyEmpty, spec.KeyTooLong, spec.KeyLineBreak,
		spec.VersionEmpty, spec.VersionTooLong, spec.VersionLineBreak),
		"S3Bucket without S3Key or S3Key without S3Bucket, with the present field of any class."},
	{ClassSourceImage, ids(spec.SourceImageOnZip, spec.SourceNone), nil, "An ImageUri alone for the Zip function. SOURCE-NONE is claimed after it because the seed has no ImageUri member: a seed endpoint sees no source."},
	{ClassArchCount, ids(spec.ArchCount), ids(spec.ArchEnum), "An empty Architectures list or one with two values."},
	{ClassArchEnum, ids(spec.ArchEnum), nil, "One Architectures value outside the enum: wrong case, a near miss or empty."},
	{ClassRevision, ids(spec.RevisionStale), nil, "A random RevisionId, which cannot be the function's current one."},
	{ClassStorageModeEnum, ids(spec.StorageModeEnum), nil, "Env.Bucket and Env.Key with an S3ObjectStorageMode outside COPY|REFERENCE: wrong case, a near miss or empty. The seed ignores the member."},
	{ClassPublishToEnum, ids(spec.PublishToEnum), nil, "A valid source with a PublishTo other than LATEST_PUBLISHED. The seed ignores the member."},
	{ClassKMSKeyTooLong, ids(spec.KMSKeyTooLong), nil, "A valid source with a SourceKMSKeyArn of the right form but over 10000 characters. The seed ignores the member."},
	{ClassKMSKeyPattern, ids(spec.KMSKeyPattern), nil, "A valid source with a SourceKMSKeyArn that is no ARN: a key ID, an alias, another prefix or a line break. The seed ignores the member."},
	{ClassBodyJSON, ids(spec.RequestMalformed), nil, "A body that is not JSON."},
	{ClassBodyWrongType, ids(spec.RequestMalformed), nil, "A JSON object with a seed member of the wrong type, such as \"Publish\":\"yes\"."},
	{ClassBodyWrongTypeNew, ids(spec.RequestMalformedNew), nil, "A JSON object with a member added after the seed of the wrong type, such as \"DryRun\":\"no\"."},
	{ClassBodyArray, ids(spec.RequestMalformed), nil, "A JSON array instead of an object."},
	{ClassBodyNotUTF8, ids(spec.RequestMalformed), nil, "A JSON object whose string holds bytes that are not UTF-8."},
	{ClassMixed, nil, allRequestClauses, "Several defects at once: a name, a source and an Architectures list each drawn from any class, and maybe a RevisionId; Breaks holds all of them."},
}

var allRequestClauses = ids(spec.NameEmpty, spec.NameTooLong, spec.NameBareTooLong, spec.NamePattern, spec.NamePartitionSeed,
	spec.NameOtherRegion, spec.NameOtherAccount, spec.NameQualifier, spec.NameNotFound,
	spec.BucketTooShort, spec.BucketTooLong, spec.BucketPattern, spec.BucketTrailingDot, spec.BucketNotFound,
	spec.KeyEmpty, spec.KeyTooLong, spec.KeyNotFound, spec.KeyLineBreak,
	spec.VersionEmpty, spec.VersionTooLong, spec.VersionNotFound, spec.VersionLineBreak,
	spec.SourceNone, spec.SourceConflict, spec.SourceS3Incomplete, spec.SourceImageOnZip,
	spec.ZipNotZip, spec.ZipEmpty, spec.ZipBase64, spec.ZipUnzippedLarge,
	spec.ArchEnum, spec.ArchCount, spec.RevisionStale)

// Expect returns the outcome an endpoint must produce under profile p for
// a value that breaks exactly the class's Breaks, and the deciding clause.
func (c ClassInfo) Expect(p spec.Profile) (spec.Outcome, spec.ClauseID) {
	return spec.Expect(p, c.Breaks)
}

// Classes lists every class name with the clauses it breaks and a one-line
// description, so a reader (and the report) can see from one place which
// classes exist and what each expects.
func Classes() []ClassInfo {
	out := make([]ClassInfo, len(classes))
	copy(out, classes)
	return out
}

// LookupClass returns the description of the class with the given name.
func LookupClass(name string) (ClassInfo, bool) {
	for _, c := range classes {
		if c.Name == name {
			return c, true
		}
	}
	return ClassInfo{}, false
}
