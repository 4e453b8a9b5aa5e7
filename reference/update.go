package reference

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/lambdaconf/lambdaconf/reference/s3store"
	"github.com/lambdaconf/lambdaconf/reference/zipcheck"
	"github.com/lambdaconf/lambdaconf/spec"
)

// codeInput is the code of a CreateFunction or UpdateFunctionCode request.
type codeInput struct {
	// zip is the ZipFile package, held as the base64 text the body
	// carried whenever that text needs no JSON unescaping.
	zip    packageBytes
	hasZip bool
	// zipJSON is ZipFile's JSON value, a slice of the body, read only by
	// the hash-of-base64 fault.
	zipJSON       rawValue
	bucket        *string
	key           *string
	objectVersion *string
	imageURI      *string
}

func (c codeInput) hasS3() bool { return c.bucket != nil || c.key != nil || c.objectVersion != nil }

// updateRequest is a parsed UpdateFunctionCode body.
type updateRequest struct {
	code          codeInput
	publish       bool
	dryRun        bool
	revisionID    *string
	architectures []string
	hasArch       bool
	// storageMode, publishTo and kmsKeyArn are the members added since
	// 2024, read under profile aws only.
	storageMode *string
	publishTo   *string
	kmsKeyArn   *string
}

// loadedCode is code that passed every check, with its hash and size.
type loadedCode struct {
	bytes      packageBytes
	sha        string
	size       int64
	storedSize int64
	imageURI   string
}

func optionalString(m map[string]rawValue, name string) (*string, *apiError) {
	var s string
	ok, e := decodeMember(m, name, &s)
	if !ok || e != nil {
		return nil, e
	}
	return &s, nil
}

// parseCode reads the code members of an object: ZipFile, S3Bucket,
// S3Key, S3ObjectVersion and, under profile aws, ImageUri.
func (h *Handler) parseCode(m map[string]rawValue) (codeInput, *apiError) {
	var c codeInput
	var e *apiError
	if c.hasZip, e = decodeBlob(m, "ZipFile", &c.zip); e != nil {
		return c, e
	}
	c.zipJSON = m["ZipFile"]
	for _, f := range []struct {
		name string
		dst  **string
	}{{"S3Bucket", &c.bucket}, {"S3Key", &c.key}, {"S3ObjectVersion", &c.objectVersion}} {
		if *f.dst, e = optionalString(m, f.name); e != nil {
			return c, e
		}
	}
	if h.opts.Profile != spec.ProfileSeed {
		if c.imageURI, e = optionalString(m, "ImageUri"); e != nil {
			return c, e
		}
	}
	return c, nil
}

// parseUpdate reads an UpdateFunctionCode body. Members the profile does
// not know are ignored, as unknown members are.
func (h *Handler) parseUpdate(body []byte) (updateRequest, *apiError) {
	var u updateRequest
	m, e := members(body)
	if e != nil {
		return u, e
	}
	if u.code, e = h.parseCode(m); e != nil {
		return u, e
	}
	if _, e = decodeMember(m, "Publish", &u.publish); e != nil {
		return u, e
	}
	if h.opts.Profile == spec.ProfileSeed {
		return u, nil
	}
	if _, e = decodeMember(m, "DryRun", &u.dryRun); e != nil {
		return u, e
	}
	if u.revisionID, e = optionalString(m, "RevisionId"); e != nil {
		return u, e
	}
	for _, f := range []struct {
		name string
		dst  **string
	}{{"S3ObjectStorageMode", &u.storageMode}, {"PublishTo", &u.publishTo}, {"SourceKMSKeyArn", &u.kmsKeyArn}} {
		if *f.dst, e = optionalString(m, f.name); e != nil {
			return u, e
		}
	}
	u.hasArch, e = decodeMember(m, "Architectures", &u.architectures)
	return u, e
}

// inProfile keeps the clauses of the endpoint's profile.
func (h *Handler) inProfile(ids []spec.ClauseID) []spec.ClauseID {
	var out []spec.ClauseID
	for _, id := range ids {
		if spec.MustLookup(id).In(h.opts.Profile) {
			out = append(out, id)
		}
	}
	return out
}

func (h *Handler) functionNamePattern() string {
	if h.opts.Profile == spec.ProfileSeed {
		return functionNamePatternSeed
	}
	return functionNamePatternAWS
}

// nameViolations returns the model constraints a FunctionName breaks.
func (h *Handler) nameViolations(name string) []violation {
	var vs []violation
	for _, c := range h.inProfile(h.names.facts(name).clauses) {
		switch c {
		case spec.NameEmpty:
			vs = append(vs, violation{name, "functionName", minLen(1)})
		case spec.NameTooLong:
			vs = append(vs, violation{name, "functionName", maxLen(spec.MaxFunctionNameLength)})
		case spec.NamePattern, spec.NamePartitionSeed:
			vs = append(vs, violation{name, "functionName", pattern(h.functionNamePattern())})
		}
	}
	return vs
}

// validateUpdate returns every model constraint the request breaks, one
// per broken validation clause, in member order.
func (h *Handler) validateUpdate(name string, u updateRequest) []violation {
	vs := h.nameViolations(name)
	if b := u.code.bucket; b != nil && !h.fault(FaultAcceptBadBucket) {
		p := bucketPatternAWS
		if h.opts.Profile == spec.ProfileSeed {
			p = bucketPatternSeed
		}
		for _, c := range h.inProfile(spec.CheckBucket(*b)) {
			switch c {
			case spec.BucketTooShort:
				vs = append(vs, violation{*b, "s3Bucket", minLen(3)})
			case spec.BucketTooLong:
				vs = append(vs, violation{*b, "s3Bucket", maxLen(63)})
			case spec.BucketPattern, spec.BucketTrailingDot:
				vs = append(vs, violation{*b, "s3Bucket", pattern(p)})
			}
		}
	}
	object := func(v *string, member string, check func(string) []spec.ClauseID) {
		if v == nil {
			return
		}
		for _, c := range h.inProfile(check(*v)) {
			switch c {
			case spec.KeyEmpty, spec.VersionEmpty:
				vs = append(vs, violation{*v, member, minLen(1)})
			case spec.KeyTooLong, spec.VersionTooLong:
				vs = append(vs, violation{*v, member, maxLen(1024)})
			case spec.KeyLineBreak, spec.VersionLineBreak:
				vs = append(vs, violation{*v, member, pattern(objectPattern)})
			}
		}
	}
	object(u.code.key, "s3Key", spec.CheckKey)
	object(u.code.objectVersion, "s3ObjectVersion", spec.CheckObjectVersion)
	if v := u.storageMode; v != nil && len(h.inProfile(spec.CheckStorageMode(*v))) > 0 && !h.fault(FaultIgnoreStorageMode) {
		vs = append(vs, violation{*v, "s3ObjectStorageMode", enumConstraint(spec.StorageModes)})
	}
	if u.hasArch {
		for _, c := range h.inProfile(spec.CheckArchitectures(u.architectures)) {
			switch c {
			case spec.ArchCount:
				constraint := maxLen(1)
				if len(u.architectures) == 0 {
					constraint = minLen(1)
				}
				vs = append(vs, violation{listValue(u.architectures), "architectures", constraint})
			case spec.ArchEnum:
				vs = append(vs, violation{listValue(u.architectures), "architectures", archEnumConstraint})
			}
		}
	}
	if v := u.publishTo; v != nil && len(h.inProfile(spec.CheckPublishTo(*v))) > 0 && !h.fault(FaultIgnorePublishTo) {
		vs = append(vs, violation{*v, "publishTo", enumConstraint(spec.PublishTargets)})
	}
	if v := u.kmsKeyArn; v != nil && !h.fault(FaultIgnoreKMSKeyArn) {
		for _, c := range h.inProfile(spec.CheckKMSKeyArn(*v)) {
			switch c {
			case spec.KMSKeyTooLong:
				vs = append(vs, violation{*v, "sourceKMSKeyArn", maxLen(spec.MaxKMSKeyArnLength)})
			case spec.KMSKeyPattern:
				vs = append(vs, violation{*v, "sourceKMSKeyArn", pattern(kmsKeyArnPattern)})
			}
		}
	}
	if h.fault(FaultRejectNewMembers) {
		for _, m := range []struct {
			v      *string
			member string
		}{{u.storageMode, "s3ObjectStorageMode"}, {u.publishTo, "publishTo"}, {u.kmsKeyArn, "sourceKMSKeyArn"}} {
			if m.v != nil {
				vs = append(vs, violation{*m.v, m.member, "Member is not supported"})
			}
		}
	}
	return vs
}

// enumConstraint is the validation phrase of an enum member.
func enumConstraint(values []string) string {
	return "Member must satisfy enum value set: [" + strings.Join(values, ", ") + "]"
}

// checkScope rejects an ARN that names another region or account.
func (h *Handler) checkScope(ref spec.FunctionRef) *apiError {
	if ref.Region != "" && ref.Region != h.opts.Region {
		return newError(http.StatusNotFound, spec.ErrResourceNotFound,
			fmt.Sprintf("Functions from '%s' are not reachable in this region ('%s')", ref.Region, h.opts.Region))
	}
	if ref.Account != "" && ref.Account != h.opts.Account {
		if h.opts.Profile == spec.ProfileSeed {
			return h.notFound(ref.Name, "")
		}
		return &apiError{status: http.StatusForbidden, code: spec.ErrAccessDenied, null: true}
	}
	if ref.Partition != "" && ref.Partition != h.opts.Partition {
		return h.notFound(ref.Name, "")
	}
	return nil
}

func (h *Handler) notFound(name, qualifier string) *apiError {
	return newError(http.StatusNotFound, spec.ErrResourceNotFound, spec.MsgNotFound+h.functionArn(name, qualifier))
}

func (h *Handler) inProgress(name string) *apiError {
	return newError(http.StatusConflict, spec.ErrResourceConflict, spec.MsgInProgress+h.functionArn(name, ""))
}

// busy refuses a change to f while it is being created (State Pending) or
// while an update is in progress, with 409 ResourceConflictException. The
// Pending message is the one AWS was reported to answer
// (aws/serverless-application-model#2356, docs/spec/states.md#function-states).
func (h *Handler) busy(f *function, name string) *apiError {
	switch {
	case f.latest.pending:
		return newError(http.StatusConflict, spec.ErrResourceConflict, fmt.Sprintf(
			"The operation cannot be performed at this time. The resource %s is currently in the following state: 'Pending'. StateReasonCode: 'Creating'",
			h.functionArn(name, "")))
	case f.updating:
		return h.inProgress(name)
	}
	return nil
}

func revisionMismatch() *apiError {
	return newError(http.StatusPreconditionFailed, spec.ErrPreconditionFailed, spec.MsgRevision)
}

// updateFunctionCode serves PUT /2015-03-31/functions/{name}/code, checking
// in the order of spec.Stage.
func (h *Handler) updateFunctionCode(w http.ResponseWriter, r *http.Request, name string) {
	style := h.updateErrorStyle()
	if h.capBody(w, r) {
		return
	}
	cfg, e := h.doUpdate(r, name)
	if e != nil {
		notFound := e.code == spec.ErrResourceNotFound && e.status == http.StatusNotFound && strings.HasPrefix(e.message, spec.MsgNotFound)
		if notFound && h.fault(FaultNotFound400) {
			e.status = http.StatusBadRequest
		}
		if notFound && h.fault(FaultNotFoundBareName) {
			e.message = spec.MsgNotFound + name
		}
		writeError(w, e, style)
		return
	}
	writeJSON(w, http.StatusOK, cfg)
}

func (h *Handler) doUpdate(r *http.Request, name string) (functionConfiguration, *apiError) {
	var none functionConfiguration
	body, release, e := h.readBody(r, h.requestLimit(), "UpdateFunctionCode")
	if e != nil {
		return none, e
	}
	defer release()
	u, e := h.parseUpdate(body)
	if e != nil {
		return none, e
	}
	if vs := h.validateUpdate(name, u); len(vs) > 0 {
		return none, newError(http.StatusBadRequest, spec.ErrValidation, validationMessage(vs))
	}
	ref := h.names.facts(name).ref
	if ref.Bare() && len(ref.Name) > spec.MaxBareNameLength && !h.fault(FaultAcceptLongName) {
		return none, invalidParameter(validationMessage([]violation{{name, "functionName", maxLen(spec.MaxBareNameLength)}}))
	}
	if e := h.checkScope(ref); e != nil {
		return none, e
	}
	qualifier := ""
	if ref.Qualifier != "" && ref.Qualifier != latest {
		if !h.fault(FaultAcceptQualifier) {
			return none, invalidParameter(spec.MsgQualifier)
		}
		qualifier = ref.Qualifier
	}
	target, e := h.checkTarget(ref.Name, qualifier, u)
	if e != nil {
		return none, e
	}
	code, e := h.loadCode(u.code, target.PackageType, true)
	if e != nil {
		return none, e
	}
	return h.commitUpdate(ref.Name, qualifier, u, code)
}

// bodyCap is the body size past which the cap-body faults refuse a
// request: 20 MiB, as a reported LocalStack bug did.
const bodyCap = 20 << 20

// capBody applies the cap-body faults: a body over bodyCap is read to its
// end, so that the client sees the answer, and refused with 413, as JSON
// or as an HTML page. It reports whether it answered.
func (h *Handler) capBody(w http.ResponseWriter, r *http.Request) bool {
	jsonCap, htmlCap := h.fault(FaultCapBody20MiBJSON), h.fault(FaultCapBody20MiBHTML)
	if (!jsonCap && !htmlCap) || r.ContentLength <= bodyCap {
		return false
	}
	_, _ = io.Copy(io.Discard, r.Body)
	if htmlCap {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_, _ = io.WriteString(w, "<html><head><title>413 Request Entity Too Large</title></head><body><h1>413 Request Entity Too Large</h1></body></html>\n")
		return true
	}
	writeError(w, newError(http.StatusRequestEntityTooLarge, spec.ErrEntityTooLarge,
		fmt.Sprintf("%s%d bytes for the UpdateFunctionCode operation", spec.MsgRequestSize, bodyCap)), h.updateErrorStyle())
	return true
}

// revisionRefused reports whether an update that carries revisionID is
// refused by v's RevisionId, faults applied.
func (h *Handler) revisionRefused(revisionID *string, v *version) bool {
	if revisionID == nil || h.fault(FaultIgnoreRevision) {
		return false
	}
	return *revisionID != v.RevisionID || h.fault(FaultRejectMatchingRev)
}

// checkTarget looks the function up and applies the revision and conflict
// checks. The caller repeats them when it commits, since the function may
// change while the code is checked.
func (h *Handler) checkTarget(name, qualifier string, u updateRequest) (*version, *apiError) {
	st := h.lambda
	st.mu.Lock()
	defer st.mu.Unlock()
	f := st.fn(name)
	if f == nil {
		return nil, h.notFound(name, qualifier)
	}
	v := f.lookup(qualifier)
	if v == nil {
		return nil, h.notFound(name, qualifier)
	}
	if h.revisionRefused(u.revisionID, v) {
		return nil, revisionMismatch()
	}
	if !h.fault(FaultIgnoreInProgress) {
		if e := h.busy(f, name); e != nil {
			return nil, e
		}
	}
	return v, nil
}

// loadCode applies the source, zipped-size, S3 and archive checks and
// returns the code with its hash. Faults apply only when forUpdate is set.
func (h *Handler) loadCode(c codeInput, packageType string, forUpdate bool) (loadedCode, *apiError) {
	fault := func(f Fault) bool { return forUpdate && h.fault(f) }
	hasS3 := c.hasS3()
	if c.hasZip && (hasS3 || c.imageURI != nil) {
		if !fault(FaultAcceptBothSources) || c.imageURI != nil {
			return loadedCode{}, invalidParameter(spec.MsgConflict)
		}
		hasS3 = false
	}
	if packageType == "Image" && !(c.hasZip && fault(FaultZipOnImage)) {
		switch {
		case c.imageURI == nil:
			return loadedCode{}, invalidParameter(spec.MsgZipOnImage)
		case hasS3:
			return loadedCode{}, invalidParameter("Please do not provide other FunctionCode parameters when providing an ImageUri.")
		}
		sum := sha256.Sum256([]byte(*c.imageURI))
		return loadedCode{sha: hex.EncodeToString(sum[:]), imageURI: *c.imageURI}, nil
	}
	switch {
	case c.imageURI != nil:
		return loadedCode{}, invalidParameter(spec.MsgImageOnZip)
	case !c.hasZip && c.bucket == nil && c.key == nil:
		return loadedCode{}, invalidParameter(spec.MsgNoSource)
	case hasS3 && (c.bucket == nil || c.key == nil):
		return loadedCode{}, invalidParameter("Please provide both S3Bucket and S3Key to name the object that holds the function code.")
	}
	data := c.zip
	if c.hasZip {
		if data.Len() > spec.MaxZippedSize {
			return loadedCode{}, newError(http.StatusRequestEntityTooLarge, spec.ErrEntityTooLarge, spec.MsgZippedSize)
		}
	} else {
		objectVersion := ""
		if c.objectVersion != nil && !fault(FaultIgnoreS3Version) {
			objectVersion = *c.objectVersion
		}
		obj, err := h.s3.Get(*c.bucket, *c.key, objectVersion)
		if err != nil {
			return loadedCode{}, s3Failure(err)
		}
		data = rawPackage(obj.Data)
	}
	sum := data.Sum256()
	if !fault(FaultAcceptNonZip) {
		if err := h.verdicts.checkArchive(data, sum); err != nil {
			msg := spec.MsgNotZip
			switch {
			case errors.Is(err, zipcheck.ErrEmpty):
				msg = spec.MsgEmptyZip
			case errors.Is(err, zipcheck.ErrTooLarge):
				msg = spec.MsgUnzippedSize
			}
			e := invalidParameter(msg)
			if fault(FaultWrongErrorType) {
				e.code = spec.ErrValidation
			}
			return loadedCode{}, e
		}
	}
	lc := loadedCode{bytes: data, size: data.Len(), storedSize: data.Len()}
	if fault(FaultSizeOffLarge) && data.Len() > 64<<10 {
		lc.size++
	}
	if c.hasZip && fault(FaultHashOfBase64) {
		var text string
		_ = json.Unmarshal(c.zipJSON, &text)
		sum = sha256.Sum256([]byte(text))
	}
	switch {
	case fault(FaultHexHash):
		lc.sha = hex.EncodeToString(sum[:])
	case fault(FaultURLSafeHash):
		lc.sha = base64.RawURLEncoding.EncodeToString(sum[:])
	default:
		lc.sha = base64.StdEncoding.EncodeToString(sum[:])
	}
	return lc, nil
}

// s3Failure turns a GetObject failure into Lambda's error.
func s3Failure(err error) *apiError {
	var se *s3store.Error
	if !errors.As(err, &se) {
		return newError(http.StatusInternalServerError, spec.ErrService, "reading the code from S3 failed: "+err.Error())
	}
	switch se.Code {
	case "NoSuchBucket":
		return invalidParameter(spec.MsgNoSuchBucket)
	case "NoSuchKey":
		return invalidParameter(spec.MsgNoSuchKey)
	case "NoSuchVersion":
		return invalidParameter(spec.MsgNoSuchVersion)
	}
	return invalidParameter(fmt.Sprintf("Error occurred while GetObject. S3 Error Code: %s. S3 Error Message: %s", se.Code, se.Message))
}

func (v *version) setCode(c loadedCode) {
	v.Code, v.CodeSha256, v.CodeSize, v.storedSize, v.ImageURI = c.bytes, c.sha, c.size, c.storedSize, c.imageURI
}

// commitUpdate applies a checked update under the state lock, repeating
// the lookup, revision and conflict checks, then the quota.
func (h *Handler) commitUpdate(name, qualifier string, u updateRequest, code loadedCode) (functionConfiguration, *apiError) {
	var none functionConfiguration
	st := h.lambda
	st.mu.Lock()
	defer st.mu.Unlock()
	f := st.fn(name)
	if f == nil {
		return none, h.notFound(name, qualifier)
	}
	target := f.lookup(qualifier)
	if target == nil {
		return none, h.notFound(name, qualifier)
	}
	now := time.Now()
	if h.revisionRefused(u.revisionID, target) {
		return none, revisionMismatch()
	}
	if !h.fault(FaultIgnoreInProgress) {
		if e := h.busy(f, name); e != nil {
			return none, e
		}
	}
	if u.dryRun && !h.fault(FaultDryRunApplies) {
		cfg := h.render(f, target, false, viewFunction)
		cfg.CodeSha256, cfg.CodeSize = code.sha, code.size
		return cfg, nil
	}
	publish := u.publish && !h.fault(FaultIgnorePublish) && target == f.latest
	if quota := h.opts.CodeStorageQuota; quota > 0 {
		total := st.storedBytes() - target.storedSize + code.storedSize
		if publish {
			total += code.storedSize
		}
		if total > quota {
			return none, newError(http.StatusBadRequest, spec.ErrCodeStorageExceeded, spec.MsgCodeStorage)
		}
	}
	updated := target.clone()
	updated.setCode(code)
	if u.hasArch {
		updated.Architectures = append([]string(nil), u.architectures...)
	}
	updated.LastModified = st.now()
	if !h.fault(FaultRevisionUnchanged) {
		updated.RevisionID = newUUID()
	}
	stored := updated
	if h.fault(FaultStaleCode) {
		stored = updated.clone()
		stored.Code, stored.CodeSha256, stored.CodeSize, stored.storedSize, stored.ImageURI =
			target.Code, target.CodeSha256, target.CodeSize, target.storedSize, target.ImageURI
	}
	answer := updated
	if target == f.latest {
		f.latest = stored
		f.changed = true
		// The update is in progress until UpdateDuration has passed: at
		// once (by the next request) by default; the answer shows
		// InProgress either way, as AWS's does (docs/spec/aws.md#update-async).
		f.updating, f.updatingUntil = true, now.Add(h.opts.UpdateDuration)
		if publish {
			n := f.nextVersion()
			if h.fault(FaultVersionsNotIncreasing) {
				n = 1
			} else {
				f.lastPublished = n
			}
			answer = f.publishPending(n, f.updatingUntil).clone()
			answer.setCode(code)
		}
	} else {
		for i, v := range f.versions {
			if v == target {
				f.versions[i] = stored
			}
		}
	}
	cfg := h.render(f, answer, false, viewFunction)
	if answer.Version != latest {
		// The answer is a copy of the version published; it shows the
		// version's state.
		cfg = h.render(f, f.lookup(answer.Version), false, viewFunction)
		cfg.CodeSha256, cfg.CodeSize = answer.CodeSha256, answer.CodeSize
	}
	if h.fault(FaultLastModifiedFormat) {
		cfg.LastModified = answer.LastModified.Format("2006-01-02T15:04:05.000000") + "000Z"
	}
	if h.fault(FaultWrongRegionArn) {
		other := "us-west-2"
		if h.opts.Region == other {
			other = "eu-west-1"
		}
		cfg.FunctionArn = strings.Replace(cfg.FunctionArn, ":"+h.opts.Region+":", ":"+other+":", 1)
	}
	return cfg, nil
}
