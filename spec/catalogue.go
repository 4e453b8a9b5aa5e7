package spec

// Error codes an UpdateFunctionCode endpoint answers with.
const (
	ErrValidation          = "ValidationException"
	ErrInvalidParameter    = "InvalidParameterValueException"
	ErrResourceNotFound    = "ResourceNotFoundException"
	ErrAccessDenied        = "AccessDeniedException"
	ErrEntityTooLarge      = "RequestEntityTooLargeException"
	ErrPreconditionFailed  = "PreconditionFailedException"
	ErrResourceConflict    = "ResourceConflictException"
	ErrTooManyRequests     = "TooManyRequestsException"
	ErrCodeStorageExceeded = "CodeStorageExceededException"
	ErrService             = "ServiceException"
	ErrInvalidContent      = "InvalidRequestContentException"
)

// Limits of the service (docs/spec/aws.md#limits).
const (
	// MaxZippedSize is the largest zip accepted for direct upload.
	MaxZippedSize = 52428800
	// MaxUnzippedSize is the largest total uncompressed size of a package.
	MaxUnzippedSize = 262144000
	// MaxRequestSizeAWS is today's request-size limit.
	MaxRequestSizeAWS = 70167211
	// MaxRequestSizeSeed is the request-size limit of the seed's era
	// (⌈52428800 × 4/3⌉, the base64 size of a 50 MiB zip).
	MaxRequestSizeSeed = 69905067
	// MaxBareNameLength is the longest function name given without an ARN.
	MaxBareNameLength = 64
	// MaxFunctionNameLength is the longest FunctionName, ARNs included.
	MaxFunctionNameLength = 140
	// MaxKMSKeyArnLength is the longest SourceKMSKeyArn (shape KMSKeyArn).
	MaxKMSKeyArnLength = 10000
)

// Clause IDs. The prefix names the area; the catalogue below states each rule.
const (
	NameForms           ClauseID = "NAME-FORMS"
	NameLatest          ClauseID = "NAME-LATEST"
	NameEmpty           ClauseID = "NAME-EMPTY"
	NameTooLong         ClauseID = "NAME-TOO-LONG"
	NameBareTooLong     ClauseID = "NAME-BARE-TOO-LONG"
	NamePattern         ClauseID = "NAME-PATTERN"
	NamePartitionSeed   ClauseID = "NAME-PARTITION-SEED"
	NameOtherRegion     ClauseID = "NAME-OTHER-REGION"
	NameOtherAccount    ClauseID = "NAME-OTHER-ACCOUNT"
	NameQualifier       ClauseID = "NAME-QUALIFIER"
	NameNotFound        ClauseID = "NAME-NOT-FOUND"
	BucketTooShort      ClauseID = "BUCKET-TOO-SHORT"
	BucketTooLong       ClauseID = "BUCKET-TOO-LONG"
	BucketPattern       ClauseID = "BUCKET-PATTERN"
	BucketTrailingDot   ClauseID = "BUCKET-TRAILING-DOT"
	BucketNotFound      ClauseID = "BUCKET-NOT-FOUND"
	KeyEmpty            ClauseID = "KEY-EMPTY"
	KeyTooLong          ClauseID = "KEY-TOO-LONG"
	KeyNotFound         ClauseID = "KEY-NOT-FOUND"
	KeyLineBreak        ClauseID = "KEY-LINE-BREAK"
	VersionLineBreak    ClauseID = "VERSION-LINE-BREAK"
	VersionEmpty        ClauseID = "VERSION-EMPTY"
	VersionTooLong      ClauseID = "VERSION-TOO-LONG"
	VersionNotFound     ClauseID = "VERSION-NOT-FOUND"
	VersionSelects      ClauseID = "VERSION-SELECTS"
	SourceNone          ClauseID = "SOURCE-NONE"
	SourceConflict      ClauseID = "SOURCE-CONFLICT"
	SourceS3Incomplete  ClauseID = "SOURCE-S3-INCOMPLETE"
	SourceImageOnZip    ClauseID = "SOURCE-IMAGE-ON-ZIP"
	SourceZipOnImage    ClauseID = "SOURCE-ZIP-ON-IMAGE"
	StorageModeEnum     ClauseID = "S3-STORAGE-MODE-ENUM"
	StorageModeAccepted ClauseID = "S3-STORAGE-MODE-ACCEPTED"
	PublishToEnum       ClauseID = "PUBLISH-TO-ENUM"
	PublishToAccepted   ClauseID = "PUBLISH-TO-ACCEPTED"
	KMSKeyTooLong       ClauseID = "KMS-KEY-TOO-LONG"
	KMSKeyPattern       ClauseID = "KMS-KEY-PATTERN"
	KMSKeyAccepted      ClauseID = "KMS-KEY-ACCEPTED"
	LargeZipInline      ClauseID = "LARGE-ZIP-INLINE"
	LargeZipS3          ClauseID = "LARGE-ZIP-S3"
	LargeUnzipped       ClauseID = "LARGE-UNZIPPED"
	LargeRequest        ClauseID = "LARGE-REQUEST"
	ZipNotZip           ClauseID = "ZIP-NOT-ZIP"
	ZipEmpty            ClauseID = "ZIP-EMPTY"
	ZipBase64           ClauseID = "ZIP-BASE64"
	ZipTooLarge         ClauseID = "ZIP-TOO-LARGE"
	ZipUnzippedLarge    ClauseID = "ZIP-UNZIPPED-TOO-LARGE"
	RequestTooLarge     ClauseID = "REQUEST-TOO-LARGE"
	RequestMalformed    ClauseID = "REQUEST-MALFORMED"
	RequestMalformedNew ClauseID = "REQUEST-MALFORMED-NEW-MEMBER"
	ArchEnum            ClauseID = "ARCH-ENUM"
	ArchCount           ClauseID = "ARCH-COUNT"
	ArchApplies         ClauseID = "ARCH-APPLIES"
	HashInline          ClauseID = "HASH-SHA256-INLINE"
	HashS3              ClauseID = "HASH-SHA256-S3"
	SizeInline          ClauseID = "SIZE-INLINE"
	SizeS3              ClauseID = "SIZE-S3"
	HashReupload        ClauseID = "HASH-REUPLOAD"
	CodeVisible         ClauseID = "CODE-VISIBLE"
	PublishLatest       ClauseID = "PUBLISH-LATEST"
	PublishVersion      ClauseID = "PUBLISH-VERSION"
	PublishMonotonic    ClauseID = "PUBLISH-MONOTONIC"
	DryRunUnchanged     ClauseID = "DRYRUN-UNCHANGED"
	RevisionChanges     ClauseID = "REVISION-CHANGES"
	RevisionStale       ClauseID = "REVISION-STALE"
	RevisionMatching    ClauseID = "REVISION-MATCHING"
	ConflictInProgress  ClauseID = "CONFLICT-IN-PROGRESS"
	UpdateSettles       ClauseID = "UPDATE-SETTLES"
	Throttled           ClauseID = "THROTTLED"
	CodeStorage         ClauseID = "CODE-STORAGE-EXCEEDED"
	ServiceFault        ClauseID = "SERVICE-FAULT"
	WireErrorType       ClauseID = "WIRE-ERROR-TYPE"
	WireErrorMessage    ClauseID = "WIRE-ERROR-MESSAGE"
	WireTypeUser        ClauseID = "WIRE-TYPE-USER"
	WireMessageCase     ClauseID = "WIRE-MESSAGE-CASE"
	WireContentType     ClauseID = "WIRE-CONTENT-TYPE"
	WireRequestID       ClauseID = "WIRE-REQUEST-ID"
	WireStatus          ClauseID = "WIRE-STATUS"
	SchemaFunctionArn   ClauseID = "SCHEMA-FUNCTION-ARN"
	SchemaFunctionName  ClauseID = "SCHEMA-FUNCTION-NAME"
	SchemaLastModified  ClauseID = "SCHEMA-LAST-MODIFIED"
	SchemaVersion       ClauseID = "SCHEMA-VERSION"
	SchemaCodeSha256    ClauseID = "SCHEMA-CODESHA256-FORMAT"
	SchemaMemorySize    ClauseID = "SCHEMA-MEMORY-SIZE"
	SchemaTimeout       ClauseID = "SCHEMA-TIMEOUT"
	SchemaRuntime       ClauseID = "SCHEMA-RUNTIME"
	SchemaHandler       ClauseID = "SCHEMA-HANDLER"
	SchemaRole          ClauseID = "SCHEMA-ROLE"
	SchemaDescription   ClauseID = "SCHEMA-DESCRIPTION"
	SchemaEnums         ClauseID = "SCHEMA-ENUMS"
	SchemaRevisionID    ClauseID = "SCHEMA-REVISION-ID"
)

// RevisionMismatch is the first ID of REVISION-STALE, from before the
// RevisionId rule was split into its stale and matching halves. It stays
// an alias (see Canonical): expectations files, baselines and label
// filters that name it keep working.
const RevisionMismatch ClauseID = "REVISION-MISMATCH"

// aliases maps retired clause IDs to the clause that carries the rule
// today. Clause IDs are stable: a renamed clause keeps its old ID here.
var aliases = map[ClauseID]ClauseID{
	RevisionMismatch: RevisionStale,
}

// RequestTooLargeSeed is broken by a body over the seed era's request-size
// limit: between 69905067 and 70167211 bytes only the seed rejects it.
const RequestTooLargeSeed ClauseID = "REQUEST-TOO-LARGE-SEED"

var (
	both     = []Profile{ProfileAWS, ProfileSeed}
	awsOnly  = []Profile{ProfileAWS}
	seedOnly = []Profile{ProfileSeed}
)

// validation is the outcome of a model constraint violation: today's AWS
// answers ValidationException; the seed page lists no such error, so under
// the seed either 400 code is accepted.
func validation() map[Profile]Outcome {
	return map[Profile]Outcome{
		ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrValidation}},
		ProfileSeed: {Status: 400, ErrorTypes: []string{ErrValidation, ErrInvalidParameter}},
	}
}

func same(status int, code, prefix string) map[Profile]Outcome {
	o := Outcome{Status: status, ErrorTypes: []string{code}, MessagePrefix: prefix}
	return map[Profile]Outcome{ProfileAWS: o, ProfileSeed: o}
}

func awsOutcome(status int, code, prefix string) map[Profile]Outcome {
	return map[Profile]Outcome{ProfileAWS: {Status: status, ErrorTypes: []string{code}, MessagePrefix: prefix}}
}

var (
	success    = map[Profile]Outcome{ProfileAWS: Success, ProfileSeed: Success}
	awsSuccess = map[Profile]Outcome{ProfileAWS: Success}
)

// Error messages AWS answers with (docs/spec/aws.md#update-errors-recorded
// and #update-errors-reported).
const (
	MsgNoSuchBucket  = "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist"
	MsgNoSuchKey     = "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist."
	MsgNoSuchVersion = "Error occurred while GetObject. S3 Error Code: NoSuchVersion. S3 Error Message: The specified version does not exist."
	MsgNotZip        = "Could not unzip uploaded file. Please check your file, then try to upload again."
	MsgEmptyZip      = "Uploaded file must be a non-empty zip"
	MsgQualifier     = "Current operation does not support versions other than $LATEST"
	MsgNoSource      = "Please provide a source for function code."
	MsgConflict      = "Please do not provide other FunctionCode parameters when providing a ZipFile."
	MsgImageOnZip    = "Please don't provide ImageUri when updating a function with packageType Zip."
	MsgZipOnImage    = "Please provide ImageUri when updating a function with packageType Image."
	MsgZippedSize    = "Zipped size must be smaller than 52428800 bytes"
	MsgUnzippedSize  = "Unzipped size must be smaller than 262144000 bytes"
	MsgRevision      = "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
	MsgInProgress    = "The operation cannot be performed at this time. An update is in progress for resource: "
	MsgNotFound      = "Function not found: "
	MsgOtherRegion   = "Functions from '"
	MsgThrottled     = "Rate exceeded"
	MsgCodeStorage   = "Code storage limit exceeded."
	MsgRequestSize   = "Request must be smaller than "
	MsgMalformed     = "Could not parse request body into json: "
)

var catalogue = []Clause{
	// Names.
	{ID: NameForms, Area: AreaNames, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "A function can be named by its bare name, its full ARN or a partial ARN (ACCOUNT:function:NAME, ACCOUNT:NAME, function:NAME), and every form updates the same function.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-function-name; docs/spec/model.md#model-request"},
	{ID: NameLatest, Area: AreaNames, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "A FunctionName qualified with :$LATEST is accepted and updates $LATEST.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-function-name; docs/spec/model.md#model-request (the qualifier (:(\\$LATEST|…))?)"},
	{ID: NameEmpty, Area: AreaNames, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An empty FunctionName breaks the minimum length of 1.",
		Sources: []Source{SourceSeed, SourceModel, SourceInferred}, Reference: "docs/spec/seed.md#seed-function-name; docs/spec/model.md#model-request (minimum length 1); docs/spec/aws.md#unknowns",
		Note: "No recording shows what AWS answers for /functions//code; a 400 validation error is inferred."},
	{ID: NameTooLong, Area: AreaNames, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "A FunctionName over 140 characters is rejected with a validation error.",
		Sources: []Source{SourceSeed, SourceModel, SourceRecorded}, Reference: "docs/spec/aws.md#create-errors-recorded (long_function_arn_exc); docs/spec/model.md#model-request"},
	{ID: NameBareTooLong, Area: AreaNames, Stage: StageBareName, Profiles: both,
		Outcomes: same(400, ErrInvalidParameter, "1 validation error detected: Value '"),
		Rule:     "A bare function name (no ARN parts) over 64 characters is rejected with InvalidParameterValueException.",
		Sources:  []Source{SourceSeed, SourceRecorded, SourceInferred}, Reference: "docs/spec/aws.md#create-errors-recorded (long_function_name_exc, recorded on CreateFunction); docs/spec/seed.md#seed-function-name",
		Note: "Recorded on CreateFunction; that UpdateFunctionCode shares the validator is inferred."},
	{ID: NamePattern, Area: AreaNames, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "A FunctionName that does not match the profile's FunctionName pattern is rejected with a validation error.",
		Sources: []Source{SourceSeed, SourceModel, SourceRecorded}, Reference: "docs/spec/model.md#model-request; docs/spec/aws.md#create-errors-recorded (invalid_function_name_exc)"},
	{ID: NamePartitionSeed, Area: AreaNames, Stage: StageValidation, Profiles: seedOnly,
		Outcomes: map[Profile]Outcome{ProfileSeed: validation()[ProfileSeed]},
		Rule:     "The seed's FunctionName pattern admits only the aws partition and plain region names; aws-cn, aws-us-gov, aws-iso*, -gov, -iso and eusc- forms break it.",
		Sources:  []Source{SourceSeed}, Reference: "docs/spec/seed.md#seed-function-name; docs/spec/aws.md#seed-vs-today",
		Note: "Today's pattern admits these forms; under the aws profile such an ARN names another region and is not found."},
	{ID: NameOtherRegion, Area: AreaNames, Stage: StageArnScope, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 404, ErrorTypes: []string{ErrResourceNotFound}, MessagePrefix: MsgOtherRegion},
			ProfileSeed: {Status: 404, ErrorTypes: []string{ErrResourceNotFound}},
		},
		Rule:    "An ARN that names a region other than the client's is answered 404 ResourceNotFoundException (Functions from 'R' are not reachable in this region).",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#create-errors-recorded (function_arn_other_region_exc); docs/spec/aws.md#other-region"},
	{ID: NameOtherAccount, Area: AreaNames, Stage: StageArnScope, Profiles: awsOnly,
		Outcomes: awsOutcome(403, ErrAccessDenied, ""),
		Rule:     "An ARN that names another account is answered 403 AccessDeniedException.",
		Sources:  []Source{SourceRecorded}, Reference: "docs/spec/aws.md#create-errors-recorded (function_arn_other_account_exc)",
		Note: "The seed lists no 403; the clause belongs to the aws profile only."},
	{ID: NameQualifier, Area: AreaNames, Stage: StageQualifier, Profiles: both,
		Outcomes: same(400, ErrInvalidParameter, MsgQualifier),
		Rule:     "A FunctionName qualified with anything other than $LATEST (a version or an alias) is rejected: the operation always updates $LATEST.",
		Sources:  []Source{SourceSeed, SourceReported}, Reference: "docs/spec/seed.md#seed-operation (always $LATEST); docs/spec/aws.md#update-errors-reported"},
	{ID: NameNotFound, Area: AreaNames, Stage: StageLookup, Profiles: both,
		Outcomes: same(404, ErrResourceNotFound, MsgNotFound),
		Rule:     "A well-formed name of a function that does not exist is answered 404 ResourceNotFoundException, Function not found: <unqualified ARN>.",
		Sources:  []Source{SourceSeed, SourceReported}, Reference: "docs/spec/aws.md#update-errors-reported; docs/spec/aws.md#other-region; docs/spec/aws.md#create-errors-recorded (Function not found: arn:…)",
		Note: "Under the aws profile the whole message is checked: the ARN is built from the caller's partition, region and account and the function's name; a name qualified with :$LATEST may also be answered with that qualifier appended, as AWS appends a given qualifier on other operations."},

	// Buckets, keys and object versions.
	{ID: BucketTooShort, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An S3Bucket shorter than 3 characters is rejected with a validation error.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3bucket; docs/spec/model.md#model-request (minimum length 3)"},
	{ID: BucketTooLong, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An S3Bucket longer than 63 characters is rejected with a validation error.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3bucket; docs/spec/model.md#model-request (maximum length 63)"},
	{ID: BucketPattern, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An S3Bucket with a character outside [0-9A-Za-z.\\-_] is rejected with a validation error.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3bucket; docs/spec/model.md#model-request (pattern [0-9A-Za-z\\.\\-_]*(?<!\\.))",
		Note: "The Lambda pattern is laxer than S3's naming rules: uppercase letters and underscores pass it, so such names are classified valid here and fail later as missing buckets."},
	{ID: BucketTrailingDot, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An S3Bucket that ends in '.' is rejected with a validation error (the pattern's (?<!\\.) lookbehind).",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3bucket; docs/spec/model.md#model-request (the lookbehind (?<!\\.))"},
	{ID: BucketNotFound, Area: AreaBuckets, Stage: StageS3Fetch, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: MsgNoSuchBucket},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "A well-formed S3Bucket that does not exist is answered 400 InvalidParameterValueException with S3 Error Code NoSuchBucket.",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#update-errors-recorded (update-error-wrong-bucket)"},
	{ID: KeyEmpty, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An empty S3Key breaks the minimum length of 1.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3key; docs/spec/model.md#model-request (minimum length 1)"},
	{ID: KeyTooLong, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An S3Key over 1024 characters is rejected with a validation error.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3key; docs/spec/model.md#model-request (maximum length 1024)",
		Note: "Lengths count UTF-16 code units, as the service's Java validator does: a character outside the BMP counts twice."},
	{ID: KeyLineBreak, Area: AreaBuckets, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "An S3Key holding a line terminator (\\n, \\r, U+0085, U+2028, U+2029) breaks today's pattern .*, whose Java '.' matches no line terminator.",
		Sources:  []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-line-terminators",
		Note: "Inferred from Java regex semantics; the seed has no pattern for S3Key."},
	{ID: KeyNotFound, Area: AreaBuckets, Stage: StageS3Fetch, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: MsgNoSuchKey},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "An S3Key that does not exist in an existing bucket, asked for without S3ObjectVersion, is answered 400 InvalidParameterValueException with S3 Error Code NoSuchKey.",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#update-errors-recorded (update-error-wrong-key)"},
	{ID: VersionEmpty, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An empty S3ObjectVersion breaks the minimum length of 1.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3objectversion; docs/spec/model.md#model-request (minimum length 1)"},
	{ID: VersionTooLong, Area: AreaBuckets, Stage: StageValidation, Profiles: both, Outcomes: validation(),
		Rule:    "An S3ObjectVersion over 1024 characters is rejected with a validation error.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3objectversion; docs/spec/model.md#model-request (maximum length 1024)"},
	{ID: VersionLineBreak, Area: AreaBuckets, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "An S3ObjectVersion holding a line terminator breaks today's pattern .*.",
		Sources:  []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-line-terminators",
		Note: "Inferred from Java regex semantics; the seed has no pattern for S3ObjectVersion."},
	{ID: VersionNotFound, Area: AreaBuckets, Stage: StageS3Fetch, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: "Error occurred while GetObject. S3 Error Code: "},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "An S3ObjectVersion that does not exist, also of a key that does not exist, is answered 400 InvalidParameterValueException from the failed GetObject.",
		Sources: []Source{SourceInferred}, Reference: "docs/spec/aws.md#unknowns",
		Note: "S3 itself answers NoSuchVersion, or InvalidArgument for an ill-formed version ID, even when the key is missing; the prefix accepts any code."},
	{ID: VersionSelects, Area: AreaBuckets, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "S3ObjectVersion selects that version of the object: CodeSha256 and CodeSize are those of that version's bytes, not the latest's.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-s3objectversion"},

	// Code sources and zip archives.
	{ID: SourceNone, Area: AreaCode, Stage: StageSource, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: MsgNoSource},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "A request with no code source (no ZipFile, S3Bucket+S3Key or ImageUri) is rejected with InvalidParameterValueException.",
		Sources: []Source{SourceReported}, Reference: "docs/spec/aws.md#update-errors-reported (no code source)",
		Note: "The wording is recorded on CreateFunction; on UpdateFunctionCode it is of medium confidence."},
	{ID: SourceConflict, Area: AreaCode, Stage: StageSource, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: MsgConflict},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "ZipFile together with S3Bucket, S3Key or S3ObjectVersion is rejected with InvalidParameterValueException.",
		Sources: []Source{SourceReported, SourceInferred}, Reference: "docs/spec/aws.md#update-errors-reported (ZipFile with S3Bucket or S3Key)"},
	{ID: SourceS3Incomplete, Area: AreaCode, Stage: StageSource, Profiles: both,
		Outcomes: same(400, ErrInvalidParameter, ""),
		Rule:     "S3Bucket without S3Key, or S3Key without S3Bucket, is rejected with InvalidParameterValueException.",
		Sources:  []Source{SourceInferred}, Reference: "docs/spec/aws.md#unknowns",
		Note: "No recording exists; the status and code follow the other source checks."},
	{ID: SourceImageOnZip, Area: AreaCode, Stage: StageSource, Profiles: awsOnly,
		Outcomes: awsOutcome(400, ErrInvalidParameter, MsgImageOnZip),
		Rule:     "ImageUri sent to a function of package type Zip is rejected with InvalidParameterValueException.",
		Sources:  []Source{SourceRecorded}, Reference: "docs/spec/aws.md#update-errors-recorded (ImageUri for a Zip function)"},
	{ID: SourceZipOnImage, Area: AreaCode, Stage: StageSource, Profiles: awsOnly,
		Outcomes: awsOutcome(400, ErrInvalidParameter, MsgZipOnImage),
		Rule:     "ZipFile sent to a function of package type Image is rejected with InvalidParameterValueException (Please provide ImageUri when updating a function with packageType Image.).",
		Sources:  []Source{SourceRecorded}, Reference: "docs/spec/aws.md#update-errors-recorded (ZipFile for an Image function)",
		Note: "The seed's API has no Image functions; the clause belongs to the aws profile only."},
	{ID: StorageModeEnum, Area: AreaCode, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "An S3ObjectStorageMode other than COPY or REFERENCE is rejected with ValidationException.",
		Sources:  []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (S3ObjectStorageMode); docs/spec/aws.md#validation-messages; docs/spec/aws.md#unknowns",
		Note: "AWS's answer is not recorded (docs/spec/aws.md#unknowns): the ValidationException of other enum violations (docs/spec/aws.md#create-errors-recorded, uppercase_architecture) is inferred. The seed has no such member and ignores it as unknown."},
	{ID: StorageModeAccepted, Area: AreaCode, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "S3ObjectStorageMode COPY or REFERENCE with S3 code is accepted, and CodeSha256 and CodeSize are those of the object's bytes.",
		Sources: []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (S3ObjectStorageMode); docs/spec/aws.md#code-hash-size",
		Note: "No recording shows an update with S3ObjectStorageMode; that either mode deploys the object as COPY does is inferred from the model's documentation."},
	{ID: PublishToEnum, Area: AreaPublish, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "A PublishTo other than LATEST_PUBLISHED is rejected with ValidationException.",
		Sources:  []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (PublishTo); docs/spec/aws.md#validation-messages; docs/spec/aws.md#unknowns",
		Note: "AWS's answer is not recorded (docs/spec/aws.md#unknowns): the ValidationException of other enum violations is inferred. The seed has no such member and ignores it as unknown."},
	{ID: PublishToAccepted, Area: AreaPublish, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "PublishTo LATEST_PUBLISHED is accepted; without Publish the response still describes $LATEST.",
		Sources: []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (PublishTo)",
		Note: "No recording shows an update with PublishTo; acceptance and the $LATEST answer are inferred from the model."},
	{ID: KMSKeyTooLong, Area: AreaCode, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "A SourceKMSKeyArn over 10000 characters is rejected with ValidationException.",
		Sources:  []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (SourceKMSKeyArn, at most 10000 characters)",
		Note: "Not recorded; the ValidationException of other length violations (docs/spec/aws.md#create-errors-recorded, long_function_arn_exc) is inferred. The seed has no such member and ignores it as unknown."},
	{ID: KMSKeyPattern, Area: AreaCode, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "A non-empty SourceKMSKeyArn that does not match arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.* is rejected with ValidationException.",
		Sources:  []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (SourceKMSKeyArn pattern (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()); docs/spec/model.md#model-line-terminators",
		Note: "Not recorded; the ValidationException of other pattern violations (docs/spec/aws.md#create-errors-recorded, invalid_function_name_exc) is inferred. The Java '.' matches no line terminator."},
	{ID: KMSKeyAccepted, Area: AreaCode, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "A SourceKMSKeyArn that matches its pattern, the empty string included, is accepted with the code.",
		Sources: []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (SourceKMSKeyArn)",
		Note: "Real AWS also checks that the key exists and may be used; no recording shows that answer, so the reference, and this clause, accept any well-formed ARN."},
	{ID: ZipNotZip, Area: AreaCode, Stage: StageArchive, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: MsgNotZip},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "Code that is not a readable zip archive (random bytes, truncated, corrupt CRCs, lying headers, base64 encoded twice) is rejected with InvalidParameterValueException.",
		Sources: []Source{SourceRecorded, SourceReported}, Reference: "docs/spec/aws.md#update-errors-reported (not a zip); docs/spec/aws.md#create-errors-recorded (invalid_zip_exc)"},
	{ID: ZipEmpty, Area: AreaCode, Stage: StageArchive, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: MsgEmptyZip},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "A zip archive with no entries is rejected with InvalidParameterValueException (Uploaded file must be a non-empty zip).",
		Sources: []Source{SourceReported}, Reference: "docs/spec/aws.md#update-errors-reported (an empty zip)"},
	{ID: ZipBase64, Area: AreaCode, Stage: StageParse, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidContent, ErrInvalidParameter, ErrValidation}},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidContent, ErrInvalidParameter, ErrValidation}},
		},
		Rule:    "A ZipFile that is not valid standard base64 text is rejected with a 400 before any other check.",
		Sources: []Source{SourceInferred}, Reference: "docs/spec/aws.md#wire-request; docs/spec/aws.md#unknowns",
		Note: "Unrecorded; the reference answers InvalidRequestContentException as it does for any body it cannot deserialize."},
	{ID: ZipTooLarge, Area: AreaCode, Stage: StageZippedSize, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 413, ErrorTypes: []string{ErrEntityTooLarge}, MessagePrefix: MsgZippedSize},
			ProfileSeed: {Status: 413, ErrorTypes: []string{ErrEntityTooLarge}},
		},
		Rule:    "A zip over 52428800 bytes is rejected with 413 RequestEntityTooLargeException.",
		Sources: []Source{SourceDoc, SourceRecorded, SourceInferred}, Reference: "docs/spec/aws.md#create-errors-recorded (test_oversized_zipped_create_lambda); docs/spec/aws.md#limits",
		Note: "Recorded on CreateFunction; the boundary (> or >=) is not recorded: the harness tests strictly above it."},
	{ID: ZipUnzippedLarge, Area: AreaCode, Stage: StageArchive, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidParameter}, MessagePrefix: "Unzipped size must be smaller than "},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidParameter}},
		},
		Rule:    "A zip whose entries unzip to 262144000 bytes or more is rejected with InvalidParameterValueException: the unzipped size must be smaller than the limit.",
		Sources: []Source{SourceDoc, SourceRecorded}, Reference: "docs/spec/aws.md#create-errors-recorded (test_oversized_unzipped_lambda); docs/spec/aws.md#update-errors-reported; docs/spec/states.md#create-checks",
		Note: "The number in the message has the function's layers subtracted, so only the prefix is matched."},
	{ID: RequestTooLarge, Area: AreaCode, Stage: StageRequestSize, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 413, ErrorTypes: []string{ErrEntityTooLarge}, MessagePrefix: "Request must be smaller than 70167211 bytes for the UpdateFunctionCode operation"},
			ProfileSeed: {Status: 413, ErrorTypes: []string{ErrEntityTooLarge}, MessagePrefix: "Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation"},
		},
		Rule:    "A request body over the operation's request-size limit (70167211 bytes today, 69905067 in the seed's era) is rejected with 413 RequestEntityTooLargeException.",
		Sources: []Source{SourceReported, SourceInferred}, Reference: "docs/spec/aws.md#update-errors-reported (the request is too large); docs/spec/aws.md#limits"},
	{ID: RequestTooLargeSeed, Area: AreaCode, Stage: StageRequestSize, Profiles: seedOnly,
		Outcomes: map[Profile]Outcome{
			ProfileSeed: {Status: 413, ErrorTypes: []string{ErrEntityTooLarge}, MessagePrefix: "Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation"},
		},
		Rule:    "A request body over 69905067 bytes, the seed era's limit, is rejected with 413 RequestEntityTooLargeException even where today's limit admits it.",
		Sources: []Source{SourceReported, SourceInferred}, Reference: "docs/spec/aws.md#limits",
		Note: "A zip just over 52428800 bytes fits today's limit but its base64 alone is over the seed's, so the two limits are broken separately; REQUEST-TOO-LARGE marks bodies over both."},
	{ID: RequestMalformed, Area: AreaErrors, Stage: StageParse, Profiles: both,
		Outcomes: map[Profile]Outcome{
			ProfileAWS:  {Status: 400, ErrorTypes: []string{ErrInvalidContent, ErrValidation, "SerializationException"}},
			ProfileSeed: {Status: 400, ErrorTypes: []string{ErrInvalidContent, ErrValidation, ErrInvalidParameter, "SerializationException"}},
		},
		Rule:    "A body that is not a JSON object of the modeled types (malformed JSON, a string for Publish, a number for S3Key) is rejected with a 400.",
		Sources: []Source{SourceInferred}, Reference: "docs/spec/aws.md#unknowns",
		Note: "Unrecorded; the reference answers InvalidRequestContentException (Could not parse request body into json: …)."},
	{ID: RequestMalformedNew, Area: AreaErrors, Stage: StageParse, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrInvalidContent, ErrValidation, "SerializationException"}}},
		Rule:     "A member added after the seed (DryRun, RevisionId, ImageUri, Architectures) holding a JSON value of the wrong type is rejected with a 400.",
		Sources:  []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request; docs/spec/aws.md#unknowns; docs/spec/aws.md#seed-vs-today",
		Note: "The seed's API has no such member, so a seed-era endpoint ignores it as it ignores any unknown member; the status is inferred as for REQUEST-MALFORMED."},
	{ID: ArchEnum, Area: AreaCode, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "An Architectures value other than x86_64 or arm64 is rejected with ValidationException.",
		Sources:  []Source{SourceModel, SourceRecorded}, Reference: "docs/spec/aws.md#create-errors-recorded (uppercase_architecture)"},
	{ID: ArchCount, Area: AreaCode, Stage: StageValidation, Profiles: awsOnly,
		Outcomes: map[Profile]Outcome{ProfileAWS: {Status: 400, ErrorTypes: []string{ErrValidation}}},
		Rule:     "Architectures must hold exactly one value; an empty list or two values are rejected with ValidationException.",
		Sources:  []Source{SourceModel, SourceRecorded}, Reference: "docs/spec/model.md#model-request; docs/spec/aws.md#create-errors-recorded (multiple_architectures)"},
	{ID: ArchApplies, Area: AreaCode, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "Architectures in the request replaces the function's architecture, as the response shows.",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#architectures-applied (test_mixed_architecture)"},

	// Hash and size.
	{ID: HashInline, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "For inline ZipFile code, CodeSha256 is the standard, padded base64 of the SHA-256 of the zip bytes.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/aws.md#code-hash-size; docs/spec/seed.md#seed-response"},
	{ID: HashS3, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "For S3 code, CodeSha256 is the standard, padded base64 of the SHA-256 of the object's bytes.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/aws.md#code-hash-size; docs/spec/seed.md#seed-response"},
	{ID: SizeInline, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "For inline ZipFile code, CodeSize is the length in bytes of the zip.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/aws.md#code-hash-size; docs/spec/seed.md#seed-response"},
	{ID: SizeS3, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "For S3 code, CodeSize is the length in bytes of the object.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/aws.md#code-hash-size; docs/spec/seed.md#seed-response"},
	{ID: HashReupload, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Uploading byte-identical code again is accepted with 200 and the same CodeSha256.",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#reupload (update_function_code_response_rev3)"},
	{ID: LargeZipInline, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "A valid inline zip just under 52428800 bytes is accepted with its CodeSha256 and CodeSize.",
		Sources: []Source{SourceDoc, SourceRecorded}, Reference: "docs/spec/aws.md#limits (50 MB zipped, direct upload); docs/spec/aws.md#code-hash-size",
		Note: "The limit's boundary is not recorded, so the harness stays 4 KiB below it."},
	{ID: LargeZipS3, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "A valid zip just under 52428800 bytes in S3 is accepted with its CodeSha256 and CodeSize.",
		Sources: []Source{SourceDoc, SourceRecorded}, Reference: "docs/spec/aws.md#limits; docs/spec/aws.md#code-hash-size",
		Note: "S3 code may be larger than a direct upload today; the harness uploads the same size as inline, well inside every limit."},
	{ID: LargeUnzipped, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "A valid zip whose entries unzip to just under 262144000 bytes is accepted with its CodeSha256 and CodeSize.",
		Sources: []Source{SourceDoc, SourceRecorded}, Reference: "docs/spec/aws.md#limits (250 MB unzipped); docs/spec/aws.md#create-errors-recorded (test_oversized_unzipped_lambda)",
		Note: "The limit counts the function's layers too; the fixtures have none."},
	{ID: LargeRequest, Area: AreaHash, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "A valid request body just under 70167211 bytes, a zip under 52428800 bytes with the rest in other members, is accepted with its CodeSha256 and CodeSize.",
		Sources: []Source{SourceReported, SourceInferred}, Reference: "docs/spec/aws.md#limits (70167211 bytes since November 2023)",
		Note: "The limit is recorded on CreateFunction; that UpdateFunctionCode has it too is inferred (docs/spec/aws.md#limits). The seed era's limit, 69905067 bytes, refuses such a body, so the clause is the aws profile's only."},
	{ID: CodeVisible, Area: AreaHash, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "After an update, GetFunction shows the new CodeSha256 and CodeSize for $LATEST.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/seed.md#seed-operation; docs/spec/aws.md#code-hash-size"},

	// Publish, DryRun, RevisionId.
	{ID: PublishLatest, Area: AreaPublish, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Without Publish the response describes $LATEST: Version is $LATEST and FunctionArn is unqualified.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/aws.md#success-response; docs/spec/seed.md#seed-publish"},
	{ID: PublishVersion, Area: AreaPublish, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "With Publish the response describes the new version: Version is its number and FunctionArn is qualified with it.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/aws.md#publish-and-versions (test_publish_with_update); docs/spec/seed.md#seed-publish"},
	{ID: PublishMonotonic, Area: AreaPublish, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Each update with Publish creates the next numeric version, even when the code is unchanged, and ListVersionsByFunction shows it.",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#publish-and-versions (test_update_function_zip)"},
	{ID: DryRunUnchanged, Area: AreaPublish, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "DryRun validates the request and changes nothing: the function's code and versions stay as they were.",
		Sources: []Source{SourceModel, SourceDoc}, Reference: "docs/spec/aws.md#dry-run; docs/spec/model.md#model-request"},
	{ID: RevisionChanges, Area: AreaPublish, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "Every update changes the function's RevisionId, even for identical code.",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#revisions (test_function_revisions_basic)"},
	{ID: RevisionStale, Area: AreaPublish, Stage: StageRevision, Profiles: awsOnly,
		Outcomes: awsOutcome(412, ErrPreconditionFailed, MsgRevision),
		Rule:     "A RevisionId that is not the function's current one is answered 412 PreconditionFailedException, and the code stays as it was.",
		Sources:  []Source{SourceRecorded}, Reference: "docs/spec/aws.md#update-errors-recorded (RevisionId is not current)",
		Note: "Formerly REVISION-MISMATCH, which stays an alias of this clause."},
	{ID: RevisionMatching, Area: AreaPublish, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "An update whose RevisionId is the function's current one is accepted.",
		Sources: []Source{SourceModel, SourceInferred}, Reference: "docs/spec/model.md#model-request (RevisionId); docs/spec/model.md#model-errors (PreconditionFailedException)",
		Note: "The model documents only the refusal of a RevisionId that does not match; that a matching one is accepted is its other half, not a recording."},
	{ID: ConflictInProgress, Area: AreaErrors, Stage: StageRevision, Profiles: awsOnly,
		Outcomes: awsOutcome(409, ErrResourceConflict, MsgInProgress),
		Rule:     "An update while another update is in progress is answered 409 ResourceConflictException.",
		Sources:  []Source{SourceRecorded}, Reference: "docs/spec/aws.md#update-errors-recorded (an update while one is in progress)"},
	{ID: UpdateSettles, Area: AreaPublish, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule: "An accepted update finishes: GetFunction soon shows LastUpdateStatus Successful instead of InProgress, " +
			"as the FunctionUpdatedV2 waiter expects, within the client's wait bound (LAMBDACONF_WAIT_TIMEOUT); " +
			"a valid update is not refused as conflicting once it shows so.",
		Sources:   []Source{SourceRecorded, SourceModel},
		Reference: "docs/spec/states.md#function-states (test_function_revisions_basic); docs/spec/aws.md#update-async"},
	{ID: Throttled, Area: AreaErrors, Stage: StageRequestSize, Profiles: both,
		Outcomes: same(429, ErrTooManyRequests, MsgThrottled),
		Rule:     "A request over the rate limit is answered 429 TooManyRequestsException with a Retry-After header.",
		Sources:  []Source{SourceSeed, SourceModel, SourceReported}, Reference: "docs/spec/seed.md#seed-errors; docs/spec/model.md#model-errors; docs/spec/aws.md#update-errors-reported (throttled)"},
	{ID: CodeStorage, Area: AreaErrors, Stage: StageQuota, Profiles: both,
		Outcomes: same(400, ErrCodeStorageExceeded, MsgCodeStorage),
		Rule:     "An update that takes the account's code storage over its quota is answered 400 CodeStorageExceededException.",
		Sources:  []Source{SourceSeed, SourceModel, SourceReported}, Reference: "docs/spec/seed.md#seed-errors; docs/spec/aws.md#update-errors-reported (over the code storage quota)"},
	{ID: ServiceFault, Area: AreaErrors, Stage: StageService, Profiles: both,
		Outcomes: same(500, ErrService, ""),
		Rule:     "An internal failure is answered 500 ServiceException, in the same error format.",
		Sources:  []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-errors; docs/spec/model.md#model-errors"},

	// Wire format.
	{ID: WireErrorType, Area: AreaWire, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Every error response names its error type, in the X-Amzn-ErrorType header or the body's code/__type, as SDKs resolve it.",
		Sources: []Source{SourceModel, SourceReported}, Reference: "docs/spec/aws.md#error-format"},
	{ID: WireErrorMessage, Area: AreaWire, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Every error response has a JSON body with the message under message or Message.",
		Sources: []Source{SourceModel, SourceRecorded}, Reference: "docs/spec/aws.md#error-format"},
	{ID: WireTypeUser, Area: AreaWire, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "Error bodies of client errors carry \"Type\": \"User\".",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#error-format; docs/spec/aws.md#update-errors-recorded"},
	{ID: WireMessageCase, Area: AreaWire, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "The message key follows the model: Message for ResourceNotFoundException and ServiceException, message for InvalidParameterValueException, PreconditionFailedException and ResourceConflictException.",
		Sources: []Source{SourceModel, SourceRecorded}, Reference: "docs/spec/aws.md#error-message-key; docs/spec/model.md#model-errors"},
	{ID: WireContentType, Area: AreaWire, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Responses, successes and errors alike, are Content-Type application/json.",
		Sources: []Source{SourceSeed, SourceDoc}, Reference: "docs/spec/seed.md#seed-operation; docs/spec/aws.md#error-format"},
	{ID: WireRequestID, Area: AreaWire, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "Every response carries a non-empty X-Amzn-RequestId header.",
		Sources: []Source{SourceReported}, Reference: "docs/spec/aws.md#error-format"},
	{ID: WireStatus, Area: AreaWire, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "A successful UpdateFunctionCode answers HTTP 200.",
		Sources: []Source{SourceSeed, SourceRecorded}, Reference: "docs/spec/seed.md#seed-response; docs/spec/model.md#model-protocol"},

	// Response schema.
	{ID: SchemaFunctionArn, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "FunctionArn matches the profile's ARN pattern and names the caller's partition, region and account and the function.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-function-arn; docs/spec/model.md#model-output"},
	{ID: SchemaFunctionName, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "FunctionName is the bare name of the function, 1..64 characters of [a-zA-Z0-9-_].",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-response-fields; docs/spec/model.md#model-output"},
	{ID: SchemaLastModified, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "LastModified has the form yyyy-MM-ddTHH:mm:ss.SSS+0000 and moves forward on every update.",
		Sources: []Source{SourceModel, SourceRecorded}, Reference: "docs/spec/aws.md#last-modified; docs/spec/aws.md#success-response"},
	{ID: SchemaVersion, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Version matches (\\$LATEST|[0-9]+).",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-version; docs/spec/model.md#model-output"},
	{ID: SchemaCodeSha256, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "CodeSha256 is 44 characters of standard, padded base64 that decode to 32 bytes.",
		Sources: []Source{SourceRecorded}, Reference: "docs/spec/aws.md#code-hash-size"},
	{ID: SchemaMemorySize, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "MemorySize is within the profile's range: 128..1536 and a multiple of 64 in the seed, 128..32768 today.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-memory-size; docs/spec/model.md#model-output"},
	{ID: SchemaTimeout, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Timeout is at least 1 (and at most 5400 today).",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-timeout; docs/spec/model.md#model-output"},
	{ID: SchemaRuntime, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Runtime, when present, is one of the profile's runtime values.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-runtime; docs/spec/model.md#model-output"},
	{ID: SchemaHandler, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Handler, when present, is at most 128 characters with no white space.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-handler; docs/spec/model.md#model-output"},
	{ID: SchemaRole, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Role matches the profile's IAM role ARN pattern.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-role; docs/spec/model.md#model-output"},
	{ID: SchemaDescription, Area: AreaSchema, Stage: StageSuccess, Profiles: both, Outcomes: success,
		Rule:    "Description is at most 256 characters.",
		Sources: []Source{SourceSeed, SourceModel}, Reference: "docs/spec/seed.md#seed-description; docs/spec/model.md#model-output"},
	{ID: SchemaEnums, Area: AreaSchema, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "State, LastUpdateStatus, PackageType and Architectures, when present, hold values of their enums, and Architectures holds exactly one.",
		Sources: []Source{SourceModel}, Reference: "docs/spec/model.md#model-output"},
	{ID: SchemaRevisionID, Area: AreaSchema, Stage: StageSuccess, Profiles: awsOnly, Outcomes: awsSuccess,
		Rule:    "RevisionId is present and non-empty.",
		Sources: []Source{SourceModel, SourceRecorded}, Reference: "docs/spec/aws.md#revisions; docs/spec/model.md#model-output"},
}
