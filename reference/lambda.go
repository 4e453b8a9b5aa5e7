package reference

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
)

const (
	functionsPath = "/2015-03-31/functions"
	// codePath serves the code a GetFunction Code.Location points at.
	codePath = "/2015-03-31/reference-code/"
	// maxSmallBody bounds the bodies of operations that carry no code.
	maxSmallBody = 1 << 20
)

// serveLambda routes a Lambda request after the server-wide throttle and
// injected service faults.
func (h *Handler) serveLambda(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Amzn-RequestId", newUUID())
	if h.limiter != nil {
		if ok, wait := h.limiter.allow(); !ok {
			e := newError(http.StatusTooManyRequests, spec.ErrTooManyRequests, spec.MsgThrottled)
			e.retryAfter = wait
			writeError(w, e, errorStyle{})
			return
		}
	}
	if n := h.opts.ServiceFaultEvery; n > 0 && h.lambdaCalls.Add(1)%int64(n) == 0 {
		writeError(w, newError(http.StatusInternalServerError, spec.ErrService,
			"The Lambda service encountered an internal error (injected: every "+strconv.Itoa(n)+"th request fails)."), errorStyle{})
		return
	}
	path := r.URL.EscapedPath()
	if strings.HasPrefix(path, codePath) && r.Method == http.MethodGet {
		h.getCode(w, strings.TrimPrefix(path, codePath))
		return
	}
	if path == functionsPath || path == functionsPath+"/" {
		switch r.Method {
		case http.MethodGet:
			h.listFunctions(w, r)
			return
		case http.MethodPost:
			h.createFunction(w, r)
			return
		}
	}
	if rest, ok := strings.CutPrefix(path, functionsPath+"/"); ok {
		op, name := route(r.Method, rest)
		switch op {
		case "UpdateFunctionCode":
			h.updateFunctionCode(w, r, name)
			return
		case "GetFunction":
			h.getFunction(w, r, name, false)
			return
		case "GetFunctionConfiguration":
			h.getFunction(w, r, name, true)
			return
		case "PublishVersion":
			h.publishVersion(w, r, name)
			return
		case "ListVersionsByFunction":
			h.listVersions(w, name)
			return
		case "DeleteFunction":
			h.deleteFunction(w, r, name)
			return
		}
	}
	writeError(w, newError(http.StatusNotFound, "UnknownOperationException",
		fmt.Sprintf("Unknown operation %s %s: the reference endpoint serves CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode, PublishVersion, ListVersionsByFunction, ListFunctions and DeleteFunction", r.Method, path)), errorStyle{})
}

// route names the operation of a request below /functions/ and its
// FunctionName, unescaped once.
func route(method, rest string) (op, name string) {
	suffix := func(s string) bool {
		if n, ok := strings.CutSuffix(rest, s); ok {
			name = n
			return true
		}
		return false
	}
	switch {
	case method == http.MethodPut && suffix("/code"):
		op = "UpdateFunctionCode"
	case method == http.MethodGet && suffix("/configuration"):
		op = "GetFunctionConfiguration"
	case method == http.MethodGet && suffix("/versions"):
		op = "ListVersionsByFunction"
	case method == http.MethodPost && suffix("/versions"):
		op = "PublishVersion"
	case method == http.MethodGet && !strings.Contains(rest, "/"):
		op, name = "GetFunction", rest
	case method == http.MethodDelete && !strings.Contains(rest, "/"):
		op, name = "DeleteFunction", rest
	default:
		return "", ""
	}
	if u, err := url.PathUnescape(name); err == nil {
		name = u
	}
	return op, name
}

// resolve checks a FunctionName of an operation other than
// UpdateFunctionCode and returns the function's bare name and qualifier.
func (h *Handler) resolve(name, qualifier string) (string, string, *apiError) {
	ref, ok := spec.ParseFunctionName(name)
	if !ok || spec.Length(name) > spec.MaxFunctionNameLength {
		return "", "", newError(http.StatusBadRequest, spec.ErrValidation, validationMessage(h.nameViolations(name)))
	}
	if ref.Bare() && len(ref.Name) > spec.MaxBareNameLength {
		return "", "", invalidParameter(validationMessage([]violation{{name, "functionName", maxLen(spec.MaxBareNameLength)}}))
	}
	if e := h.checkScope(ref); e != nil {
		return "", "", e
	}
	if qualifier == "" {
		qualifier = ref.Qualifier
	} else if ref.Qualifier != "" && ref.Qualifier != qualifier {
		return "", "", invalidParameter("The derived qualifier from the function name does not match the specified qualifier.")
	}
	return ref.Name, qualifier, nil
}

func (h *Handler) getFunction(w http.ResponseWriter, r *http.Request, name string, configOnly bool) {
	fname, qualifier, e := h.resolve(name, r.URL.Query().Get("Qualifier"))
	if e != nil {
		writeError(w, e, errorStyle{})
		return
	}
	st := h.lambda
	st.mu.Lock()
	f := st.fn(fname)
	var v *version
	if f != nil {
		v = f.lookup(qualifier)
	}
	if v == nil {
		st.mu.Unlock()
		writeError(w, h.notFound(fname, qualifier), errorStyle{})
		return
	}
	cfg := h.render(f, v, qualifier != "", viewFunction)
	st.mu.Unlock()
	if configOnly {
		writeJSON(w, http.StatusOK, cfg)
		return
	}
	code := map[string]string{"RepositoryType": "S3", "Location": "http://" + r.Host + codePath + url.PathEscape(fname) + "/" + url.PathEscape(v.Version)}
	if v.PackageType == "Image" {
		code = map[string]string{"RepositoryType": "ECR", "ImageUri": v.ImageURI, "ResolvedImageUri": resolvedImageURI(v.ImageURI, v.CodeSha256)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"Configuration": cfg, "Code": code})
}

// getCode serves the bytes of a version's code.
func (h *Handler) getCode(w http.ResponseWriter, rest string) {
	escName, escVersion, _ := strings.Cut(rest, "/")
	name, err1 := url.PathUnescape(escName)
	ver, err2 := url.PathUnescape(escVersion)
	st := h.lambda
	st.mu.Lock()
	var v *version
	if f := st.functions[name]; f != nil && err1 == nil && err2 == nil {
		v = f.lookup(ver)
	}
	st.mu.Unlock()
	if v == nil {
		writeError(w, h.notFound(name, ver), errorStyle{})
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Length", strconv.FormatInt(v.Code.Len(), 10))
	_, _ = v.Code.WriteTo(w)
}

func (h *Handler) listFunctions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	maxItems := 50
	if n, err := strconv.Atoi(q.Get("MaxItems")); err == nil && n > 0 && n < maxItems {
		maxItems = n
	}
	names := h.lambda.names()
	start := 0
	if m := q.Get("Marker"); m != "" {
		i, found := slices.BinarySearch(names, m)
		start = i
		if found {
			start++
		}
	}
	out := struct {
		Functions  []functionConfiguration `json:"Functions"`
		NextMarker string                  `json:"NextMarker,omitempty"`
	}{Functions: []functionConfiguration{}}
	st := h.lambda
	st.mu.Lock()
	for _, n := range names[start:] {
		f := st.fn(n)
		if f == nil {
			continue
		}
		if len(out.Functions) == maxItems {
			out.NextMarker = out.Functions[len(out.Functions)-1].FunctionName
			break
		}
		out.Functions = append(out.Functions, h.render(f, f.latest, false, viewFunction))
	}
	st.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// respond writes an operation's outcome: e, or out as JSON with status,
// or status alone when out is nil. Operations build their outcome under
// the state lock and respond after releasing it, so that a slow client
// never holds the lock.
func respond(w http.ResponseWriter, status int, out any, e *apiError) {
	switch {
	case e != nil:
		writeError(w, e, errorStyle{})
	case out == nil:
		w.WriteHeader(status)
	default:
		writeJSON(w, status, out)
	}
}

func (h *Handler) listVersions(w http.ResponseWriter, name string) {
	fname, _, e := h.resolve(name, "")
	if e != nil {
		respond(w, 0, nil, e)
		return
	}
	st := h.lambda
	st.mu.Lock()
	f := st.fn(fname)
	if f == nil {
		st.mu.Unlock()
		respond(w, 0, nil, h.notFound(fname, ""))
		return
	}
	vs := []functionConfiguration{h.render(f, f.latest, true, viewList)}
	for _, v := range f.versions {
		vs = append(vs, h.render(f, v, false, viewList))
	}
	st.mu.Unlock()
	respond(w, http.StatusOK, map[string]any{"Versions": vs}, nil)
}

// publishVersion publishes $LATEST, or returns the last version when
// nothing changed since it was published, as AWS does. The request's
// Description goes to the new version (LocalStack test_version_lifecycle:
// first_publish_response and second_publish_response carry the
// descriptions given; third_publish_response, with nothing changed, is
// version 2 with its own).
func (h *Handler) publishVersion(w http.ResponseWriter, r *http.Request, name string) {
	fname, qualifier, e := h.resolve(name, "")
	if e == nil && qualifier != "" && qualifier != latest {
		e = invalidParameter(spec.MsgQualifier)
	}
	if e != nil {
		respond(w, 0, nil, e)
		return
	}
	body, release, e := h.readBody(r, maxSmallBody, "PublishVersion")
	if e != nil {
		respond(w, 0, nil, e)
		return
	}
	defer release()
	m, e := members(body)
	var codeSha, revision, description *string
	if e == nil {
		codeSha, e = optionalString(m, "CodeSha256")
	}
	if e == nil {
		revision, e = optionalString(m, "RevisionId")
	}
	if e == nil {
		description, e = optionalString(m, "Description")
	}
	if e == nil && description != nil && spec.Length(*description) > 256 {
		// The model's 0..256 bound, with the grammar of every model
		// violation (inferred: no recording of this one).
		e = newError(http.StatusBadRequest, spec.ErrValidation, validationMessage([]violation{{*description, "description", maxLen(256)}}))
	}
	if e != nil {
		respond(w, 0, nil, e)
		return
	}
	cfg, e := h.publishLocked(fname, codeSha, revision, description)
	respond(w, http.StatusCreated, cfg, e)
}

func (h *Handler) publishLocked(name string, codeSha, revision, description *string) (*functionConfiguration, *apiError) {
	st := h.lambda
	st.mu.Lock()
	defer st.mu.Unlock()
	f := st.fn(name)
	switch {
	case f == nil:
		return nil, h.notFound(name, "")
	case revision != nil && *revision != f.latest.RevisionID:
		return nil, revisionMismatch()
	case codeSha != nil && *codeSha != f.latest.CodeSha256:
		return nil, invalidParameter(fmt.Sprintf("CodeSHA256 (%s) is different from current CodeSHA256 in $LATEST (%s). Please try again.", *codeSha, f.latest.CodeSha256))
	}
	if e := h.busy(f, name); e != nil {
		return nil, e
	}
	if !f.changed && len(f.versions) > 0 {
		cfg := h.render(f, f.versions[len(f.versions)-1], false, viewFunction)
		return &cfg, nil
	}
	if quota := h.opts.CodeStorageQuota; quota > 0 && st.storedBytes()+f.latest.storedSize > quota {
		return nil, newError(http.StatusBadRequest, spec.ErrCodeStorageExceeded, spec.MsgCodeStorage)
	}
	f.lastPublished++
	v := f.publish(f.lastPublished)
	if description != nil {
		v.Description = *description
	}
	cfg := h.render(f, v, false, viewFunction)
	return &cfg, nil
}

// resolvedImageURI is GetFunction's Code.ResolvedImageUri: the image's
// repository without its tag, then @sha256: and the digest (LocalStack
// test_lambda_image_crud: get-function-code-response shows ImageUri
// "<repo_uri>:latest" and ResolvedImageUri "<repo_uri>@sha256:<code-sha256>").
// A URI already pinned by a digest loses that digest for the resolved one.
func resolvedImageURI(uri, digest string) string {
	repo, _, _ := strings.Cut(uri, "@")
	slash := strings.LastIndex(repo, "/")
	if colon := strings.LastIndex(repo, ":"); colon > slash {
		repo = repo[:colon]
	}
	return repo + "@sha256:" + digest
}

func (h *Handler) deleteFunction(w http.ResponseWriter, r *http.Request, name string) {
	fname, qualifier, e := h.resolve(name, r.URL.Query().Get("Qualifier"))
	if e == nil && qualifier == latest {
		e = invalidParameter("$LATEST version cannot be deleted without deleting the function.")
	}
	if e == nil {
		e = h.deleteLocked(fname, qualifier)
	}
	respond(w, http.StatusNoContent, nil, e)
}

func (h *Handler) deleteLocked(name, qualifier string) *apiError {
	st := h.lambda
	st.mu.Lock()
	defer st.mu.Unlock()
	f := st.functions[name]
	if f == nil {
		return h.notFound(name, qualifier)
	}
	if qualifier == "" {
		delete(st.functions, name)
		return nil
	}
	i := slices.IndexFunc(f.versions, func(v *version) bool { return v.Version == qualifier })
	if i < 0 {
		return h.notFound(name, qualifier)
	}
	f.versions = slices.Delete(slices.Clone(f.versions), i, i+1)
	return nil
}
