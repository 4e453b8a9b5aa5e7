package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// ModelPath is the project's copy of the Lambda service model (botocore
// 0e6e2404, Apache-2.0, unchanged; see model/README.md), relative to this
// package.
const ModelPath = "model/lambda-2015-03-31.service-2.json"

// modelCoverage names, for each element of UpdateFunctionCode in the
// service model, the clauses that hold an endpoint to it. An element is a
// request member ("S3Key"), a constraint on one ("S3Key.max",
// "S3Key.pattern", "Architectures.member.enum", "FunctionName.required"),
// or a modeled error ("error:PreconditionFailedException"). ModelElements
// lists what the model has; CheckModelCoverage holds the two lists
// together.
var modelCoverage = map[string][]ClauseID{
	"FunctionName":          {NameForms, NameLatest, NameNotFound},
	"FunctionName.required": {NameEmpty},
	"FunctionName.min":      {NameEmpty},
	"FunctionName.max":      {NameTooLong, NameBareTooLong},
	"FunctionName.pattern":  {NamePattern, NamePartitionSeed},

	"ZipFile": {HashInline, SizeInline, ZipNotZip, ZipEmpty, ZipBase64, ZipTooLarge, ZipUnzippedLarge, LargeZipInline},

	"S3Bucket":         {HashS3, SizeS3, BucketNotFound, LargeZipS3},
	"S3Bucket.min":     {BucketTooShort},
	"S3Bucket.max":     {BucketTooLong},
	"S3Bucket.pattern": {BucketPattern, BucketTrailingDot},

	"S3Key":         {HashS3, KeyNotFound},
	"S3Key.min":     {KeyEmpty},
	"S3Key.max":     {KeyTooLong},
	"S3Key.pattern": {KeyLineBreak},

	"S3ObjectVersion":         {VersionSelects, VersionNotFound},
	"S3ObjectVersion.min":     {VersionEmpty},
	"S3ObjectVersion.max":     {VersionTooLong},
	"S3ObjectVersion.pattern": {VersionLineBreak},

	"S3ObjectStorageMode":      {StorageModeAccepted},
	"S3ObjectStorageMode.enum": {StorageModeEnum},

	"ImageUri": {SourceImageOnZip, SourceZipOnImage},

	"Architectures":             {ArchApplies},
	"Architectures.min":         {ArchCount},
	"Architectures.max":         {ArchCount},
	"Architectures.member.enum": {ArchEnum},

	"Publish":        {PublishVersion, PublishMonotonic, PublishLatest},
	"PublishTo":      {PublishToAccepted},
	"PublishTo.enum": {PublishToEnum},
	"DryRun":         {DryRunUnchanged},
	"RevisionId":     {RevisionStale, RevisionMatching},

	"SourceKMSKeyArn":         {KMSKeyAccepted},
	"SourceKMSKeyArn.max":     {KMSKeyTooLong},
	"SourceKMSKeyArn.pattern": {KMSKeyPattern},

	"error:InvalidParameterValueException": {ZipNotZip, NameQualifier, SourceNone, BucketNotFound},
	"error:ResourceConflictException":      {ConflictInProgress},
	"error:ServiceException":               {ServiceFault},
	"error:TooManyRequestsException":       {Throttled},
	"error:ResourceNotFoundException":      {NameNotFound, NameOtherRegion},
	"error:CodeStorageExceededException":   {CodeStorage},
	"error:PreconditionFailedException":    {RevisionStale},
}

// codeSigningWaiver is why the code-signing errors have no clause.
const codeSigningWaiver = "raised only for a function with a code-signing configuration (PutFunctionCodeSigningConfig) and packages signed by AWS Signer; the fixtures create neither, no emulator the project targets implements code signing, and no answer on UpdateFunctionCode is recorded (docs/spec/aws.md#error-format, docs/spec/model.md#model-errors)"

// modelWaivers lists the model elements deliberately left without a
// clause, each with the reason.
var modelWaivers = map[string]string{
	"SourceKMSKeyArn.min":                      "the minimum length is 0, which every string meets: there is nothing to break",
	"error:InvalidCodeSignatureException":      codeSigningWaiver,
	"error:CodeVerificationFailedException":    codeSigningWaiver,
	"error:CodeSigningConfigNotFoundException": codeSigningWaiver,
}

// ModelElements lists the elements of operation in a botocore service
// model (service-2.json): each request member but the input shape's
// location-less structure itself, its "required" flag, its min, max,
// pattern and enum constraints (a list's member enum as
// "NAME.member.enum"), and "error:NAME" for each modeled error. The list
// is sorted.
func ModelElements(model []byte, operation string) ([]string, error) {
	var m struct {
		Operations map[string]struct {
			Input  struct{ Shape string }
			Errors []struct{ Shape string }
		}
		Shapes map[string]shape
	}
	if err := json.Unmarshal(model, &m); err != nil {
		return nil, fmt.Errorf("the service model is not JSON: %v", err)
	}
	op, ok := m.Operations[operation]
	if !ok {
		return nil, fmt.Errorf("the service model has no operation %s", operation)
	}
	input, ok := m.Shapes[op.Input.Shape]
	if !ok {
		return nil, fmt.Errorf("the service model has no input shape %q for %s", op.Input.Shape, operation)
	}
	var out []string
	for _, name := range input.Required {
		out = append(out, name+".required")
	}
	for name, member := range input.Members {
		out = append(out, name)
		s, ok := m.Shapes[member.Shape]
		if !ok {
			return nil, fmt.Errorf("member %s names shape %q, which the model does not define", name, member.Shape)
		}
		out = append(out, s.constraints(name)...)
		if s.Member != nil {
			if ms, ok := m.Shapes[s.Member.Shape]; ok {
				out = append(out, ms.constraints(name+".member")...)
			}
		}
	}
	for _, e := range op.Errors {
		out = append(out, "error:"+e.Shape)
	}
	sort.Strings(out)
	return out, nil
}

// shape is the part of a service-model shape ModelElements reads.
type shape struct {
	Type     string
	Required []string
	Members  map[string]struct{ Shape string }
	Member   *struct{ Shape string }
	Min      *float64
	Max      *float64
	Pattern  *string
	Enum     []string
}

func (s shape) constraints(name string) []string {
	var out []string
	if s.Min != nil {
		out = append(out, name+".min")
	}
	if s.Max != nil {
		out = append(out, name+".max")
	}
	if s.Pattern != nil {
		out = append(out, name+".pattern")
	}
	if len(s.Enum) > 0 {
		out = append(out, name+".enum")
	}
	return out
}

// CheckModelCoverage returns, as joined errors, every element of
// UpdateFunctionCode in model (see ModelElements) that no clause covers
// and no waiver excuses, naming the element; every coverage entry or
// waiver the model no longer has; and every coverage entry that names a
// clause the catalogue lacks. It returns nil when the catalogue covers
// the model.
func CheckModelCoverage(model []byte) error {
	elems, err := ModelElements(model, "UpdateFunctionCode")
	if err != nil {
		return err
	}
	var errs []error
	inModel := map[string]bool{}
	for _, e := range elems {
		inModel[e] = true
		ids, covered := modelCoverage[e]
		reason, waived := modelWaivers[e]
		switch {
		case covered && waived:
			errs = append(errs, fmt.Errorf("%s is both covered by %v and waived: keep one", e, ids))
		case waived && reason == "":
			errs = append(errs, fmt.Errorf("%s is waived without a reason: say why it has no clause", e))
		case !covered && !waived:
			errs = append(errs, fmt.Errorf("the model's UpdateFunctionCode has %s, which no clause covers: add a clause for it to the catalogue and to modelCoverage in spec/coverage.go, or waive it there with the reason", e))
		}
		for _, id := range ids {
			if _, ok := index[id]; !ok {
				errs = append(errs, fmt.Errorf("%s is covered by %s, which is not a clause of the catalogue", e, id))
			}
		}
	}
	var stale []string
	for e := range modelCoverage {
		if !inModel[e] {
			stale = append(stale, e)
		}
	}
	for e := range modelWaivers {
		if !inModel[e] {
			stale = append(stale, e)
		}
	}
	sort.Strings(stale)
	for _, e := range stale {
		errs = append(errs, fmt.Errorf("spec/coverage.go lists %s, which the model's UpdateFunctionCode no longer has: remove it", e))
	}
	return errors.Join(errs...)
}
