package reference

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
)

// Fault names a deliberate bug the endpoint can be told to have, so that the
// harness can prove it catches that bug. Each fault changes only the
// UpdateFunctionCode behaviour its description names and the state such an
// update leaves behind; every other operation stays correct, so fixtures
// still work.
type Fault string

// The fault classes.
const (
	FaultHexHash               Fault = "hex-hash"
	FaultURLSafeHash           Fault = "urlsafe-hash"
	FaultHashOfBase64          Fault = "hash-of-base64"
	FaultSizeOffLarge          Fault = "size-off-large"
	FaultNotFound400           Fault = "not-found-400"
	FaultMissingErrorType      Fault = "missing-error-type"
	FaultWrongErrorType        Fault = "wrong-error-type"
	FaultAcceptLongName        Fault = "accept-long-name"
	FaultAcceptQualifier       Fault = "accept-qualifier"
	FaultAcceptBadBucket       Fault = "accept-bad-bucket"
	FaultAcceptNonZip          Fault = "accept-non-zip"
	FaultAcceptBothSources     Fault = "accept-both-sources"
	FaultIgnorePublish         Fault = "ignore-publish"
	FaultVersionsNotIncreasing Fault = "versions-not-increasing"
	FaultStaleCode             Fault = "stale-code"
	FaultLastModifiedFormat    Fault = "lastmodified-format"
	FaultWrongRegionArn        Fault = "wrong-region-arn"
	FaultDryRunApplies         Fault = "dryrun-applies"
	FaultIgnoreRevision        Fault = "ignore-revision"
	FaultIgnoreS3Version       Fault = "ignore-s3-version"
	FaultLowercaseMessageKey   Fault = "lowercase-message-key"
	FaultRevisionUnchanged     Fault = "revision-unchanged"
	FaultIgnoreInProgress      Fault = "ignore-in-progress"
	FaultRejectMatchingRev     Fault = "reject-matching-revision"
	FaultNotFoundBareName      Fault = "not-found-bare-name"
	FaultZipOnImage            Fault = "zip-on-image"
	FaultIgnoreStorageMode     Fault = "ignore-storage-mode"
	FaultIgnorePublishTo       Fault = "ignore-publish-to"
	FaultIgnoreKMSKeyArn       Fault = "ignore-kms-key-arn"
	FaultRejectNewMembers      Fault = "reject-new-members"
	FaultCapBody20MiBJSON      Fault = "cap-body-20mib-json"
	FaultCapBody20MiBHTML      Fault = "cap-body-20mib-html"
)

// FaultInfo describes a fault class.
type FaultInfo struct {
	Name        Fault
	Description string
	// Clauses are the catalogue clauses a conformance suite must report
	// failed when this fault is on.
	Clauses []spec.ClauseID
}

var faultInfos = []FaultInfo{
	{FaultHexHash, "CodeSha256 is the hex SHA-256 of the code instead of its base64.",
		[]spec.ClauseID{spec.SchemaCodeSha256, spec.HashInline}},
	{FaultURLSafeHash, "CodeSha256 uses the URL-safe base64 alphabet without padding (43 characters).",
		[]spec.ClauseID{spec.SchemaCodeSha256, spec.HashInline}},
	{FaultHashOfBase64, "CodeSha256 of inline code hashes the base64 text of ZipFile instead of the zip bytes.",
		[]spec.ClauseID{spec.HashInline}},
	{FaultSizeOffLarge, "CodeSize is one byte too large for packages over 64 KiB.",
		[]spec.ClauseID{spec.SizeInline, spec.SizeS3}},
	{FaultNotFound400, "A missing function is answered 400 instead of 404.",
		[]spec.ClauseID{spec.NameNotFound}},
	{FaultMissingErrorType, "Error responses carry no X-Amzn-ErrorType header and no code in the body.",
		[]spec.ClauseID{spec.WireErrorType}},
	{FaultWrongErrorType, "Archive errors (not a zip, empty zip, unzipped too large) are reported as ValidationException instead of InvalidParameterValueException.",
		[]spec.ClauseID{spec.ZipNotZip, spec.ZipEmpty}},
	{FaultAcceptLongName, "A bare name over 64 characters is not rejected but looked up (and so not found).",
		[]spec.ClauseID{spec.NameBareTooLong}},
	{FaultAcceptQualifier, "A name qualified with a version updates that version instead of being rejected, as moto does.",
		[]spec.ClauseID{spec.NameQualifier}},
	{FaultAcceptBadBucket, "S3Bucket skips its length and pattern validation, so bad names reach the S3 fetch.",
		[]spec.ClauseID{spec.BucketTooShort, spec.BucketTooLong, spec.BucketPattern, spec.BucketTrailingDot}},
	{FaultAcceptNonZip, "Code is not checked to be a zip archive: random bytes and empty archives are accepted, as moto does.",
		[]spec.ClauseID{spec.ZipNotZip, spec.ZipEmpty}},
	{FaultAcceptBothSources, "ZipFile together with S3 fields is accepted and ZipFile wins, as moto does.",
		[]spec.ClauseID{spec.SourceConflict}},
	{FaultIgnorePublish, "Publish is ignored: no version is created and the response describes $LATEST.",
		[]spec.ClauseID{spec.PublishVersion}},
	{FaultVersionsNotIncreasing, "Publish always answers version 1.",
		[]spec.ClauseID{spec.PublishMonotonic}},
	{FaultStaleCode, "The update answers the new code's hash, but GetFunction keeps showing the old code.",
		[]spec.ClauseID{spec.CodeVisible}},
	{FaultLastModifiedFormat, "LastModified uses moto's %Y-%m-%dT%H:%M:%S.%f000Z format.",
		[]spec.ClauseID{spec.SchemaLastModified}},
	{FaultWrongRegionArn, "FunctionArn in the update response names another region.",
		[]spec.ClauseID{spec.SchemaFunctionArn}},
	{FaultDryRunApplies, "DryRun applies the update, as LocalStack does.",
		[]spec.ClauseID{spec.DryRunUnchanged}},
	{FaultIgnoreRevision, "RevisionId is not compared: a stale one is accepted, as moto does.",
		[]spec.ClauseID{spec.RevisionStale}},
	{FaultIgnoreS3Version, "S3ObjectVersion is ignored: the newest object version is used, as moto does.",
		[]spec.ClauseID{spec.VersionSelects}},
	{FaultLowercaseMessageKey, "Every error body uses a lowercase message key, even where AWS writes Message, as moto does.",
		[]spec.ClauseID{spec.WireMessageCase}},
	{FaultRevisionUnchanged, "An update keeps the function's RevisionId.",
		[]spec.ClauseID{spec.RevisionChanges}},
	{FaultIgnoreInProgress, "An update while the function is Pending or another update is in progress is accepted instead of answered 409, as moto does.",
		[]spec.ClauseID{spec.ConflictInProgress}},
	{FaultRejectMatchingRev, "Any RevisionId is answered 412, the function's current one included.",
		[]spec.ClauseID{spec.RevisionMatching}},
	{FaultNotFoundBareName, "A missing function's message names the function as given (Function not found: NAME), not by its ARN.",
		[]spec.ClauseID{spec.NameNotFound}},
	{FaultZipOnImage, "ZipFile sent to an Image function is accepted and turns it into a Zip function.",
		[]spec.ClauseID{spec.SourceZipOnImage}},
	{FaultIgnoreStorageMode, "S3ObjectStorageMode is not validated: any value is accepted.",
		[]spec.ClauseID{spec.StorageModeEnum}},
	{FaultIgnorePublishTo, "PublishTo is not validated: any value is accepted.",
		[]spec.ClauseID{spec.PublishToEnum}},
	{FaultIgnoreKMSKeyArn, "SourceKMSKeyArn is not validated: any length and any text is accepted.",
		[]spec.ClauseID{spec.KMSKeyTooLong, spec.KMSKeyPattern}},
	{FaultRejectNewMembers, "S3ObjectStorageMode, PublishTo and SourceKMSKeyArn are refused with ValidationException even when valid, as an endpoint that predates them might.",
		[]spec.ClauseID{spec.StorageModeAccepted, spec.PublishToAccepted, spec.KMSKeyAccepted}},
	{FaultCapBody20MiBJSON, "Request bodies over 20 MiB are refused with a well-formed 413 RequestEntityTooLargeException, as a reported LocalStack bug did.",
		[]spec.ClauseID{spec.LargeZipInline, spec.LargeRequest}},
	{FaultCapBody20MiBHTML, "Request bodies over 20 MiB are refused with 413 and an HTML page, as a proxy in front of an emulator does.",
		[]spec.ClauseID{spec.LargeZipInline, spec.LargeRequest}},
}

// Faults returns every fault class, in a stable order.
func Faults() []FaultInfo {
	out := make([]FaultInfo, len(faultInfos))
	for i, f := range faultInfos {
		f.Clauses = append([]spec.ClauseID(nil), f.Clauses...)
		out[i] = f
	}
	return out
}

// ParseFaults parses a comma-separated list of fault names, such as
// "hex-hash,accept-qualifier". Blank items are ignored; an unknown name is
// an error that lists the valid ones.
func ParseFaults(csv string) ([]Fault, error) {
	known := map[Fault]bool{}
	for _, f := range faultInfos {
		known[f.Name] = true
	}
	var out []Fault
	for _, item := range strings.Split(csv, ",") {
		name := Fault(strings.TrimSpace(item))
		if name == "" {
			continue
		}
		if !known[name] {
			names := make([]string, 0, len(faultInfos))
			for _, f := range faultInfos {
				names = append(names, string(f.Name))
			}
			sort.Strings(names)
			return nil, fmt.Errorf("unknown fault %q: use a comma-separated list of %s", name, strings.Join(names, ", "))
		}
		out = append(out, name)
	}
	return out, nil
}
