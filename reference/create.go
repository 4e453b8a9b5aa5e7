package reference

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/lambdaconf/lambdaconf/spec"
)

// createRequest is a parsed CreateFunction body.
type createRequest struct {
	name          string
	role          string
	runtime       string
	handler       string
	description   string
	packageType   string
	memorySize    int
	timeout       int
	publish       bool
	architectures []string
	hasArch       bool
	environment   map[string]string
	hasEnv        bool
	code          codeInput
	hasCode       bool
}

func (h *Handler) parseCreate(body []byte) (createRequest, *apiError) {
	c := createRequest{packageType: "Zip", memorySize: 128, timeout: 3}
	m, e := members(body)
	if e != nil {
		return c, e
	}
	fields := []struct {
		name string
		dst  any
	}{
		{"FunctionName", &c.name}, {"Role", &c.role}, {"Runtime", &c.runtime}, {"Handler", &c.handler},
		{"Description", &c.description}, {"PackageType", &c.packageType}, {"MemorySize", &c.memorySize},
		{"Timeout", &c.timeout}, {"Publish", &c.publish},
	}
	for _, f := range fields {
		if _, e := decodeMember(m, f.name, f.dst); e != nil {
			return c, e
		}
	}
	if c.hasArch, e = decodeMember(m, "Architectures", &c.architectures); e != nil {
		return c, e
	}
	var env struct {
		Variables map[string]string
	}
	if c.hasEnv, e = decodeMember(m, "Environment", &env); e != nil {
		return c, e
	}
	c.environment = env.Variables
	if raw, ok := m["Code"]; ok && string(raw) != "null" {
		code, err := splitObject(raw)
		if err != nil {
			return c, malformed("member Code: " + err.Error())
		}
		c.hasCode = true
		if c.code, e = h.parseCode(code); e != nil {
			return c, e
		}
	}
	return c, nil
}

// validateCreate returns the model constraints a CreateFunction breaks.
func (h *Handler) validateCreate(c createRequest) []violation {
	vs := h.nameViolations(c.name)
	if !spec.RolePattern(h.opts.Profile).MatchString(c.role) {
		vs = append(vs, violation{c.role, "role", pattern(spec.RolePattern(h.opts.Profile).String())})
	}
	if c.packageType != "Zip" && c.packageType != "Image" {
		vs = append(vs, violation{c.packageType, "packageType", "Member must satisfy enum value set: [Zip, Image]"})
	}
	// Handler: the model's 0..128 characters matching [^\s]+ (the
	// grammar of every model violation; not recorded for Handler, so
	// inferred).
	if spec.Length(c.handler) > 128 {
		vs = append(vs, violation{c.handler, "handler", maxLen(128)})
	}
	if c.handler != "" && strings.IndexFunc(c.handler, unicode.IsSpace) >= 0 {
		vs = append(vs, violation{c.handler, "handler", pattern(`[^\s]+`)})
	}
	if c.memorySize < 128 || c.memorySize > 10240 {
		vs = append(vs, violation{fmt.Sprint(c.memorySize), "memorySize", "Member must have value between 128 and 10240"})
	}
	if c.timeout < 1 || c.timeout > 900 {
		vs = append(vs, violation{fmt.Sprint(c.timeout), "timeout", "Member must have value between 1 and 900"})
	}
	if len(c.description) > 256 {
		vs = append(vs, violation{c.description, "description", maxLen(256)})
	}
	if c.hasArch {
		if len(c.architectures) != 1 {
			vs = append(vs, violation{listValue(c.architectures), "architectures", maxLen(1)})
		} else if !slices.Contains(spec.Architectures, c.architectures[0]) {
			vs = append(vs, violation{listValue(c.architectures), "architectures", archEnumConstraint})
		}
	}
	return vs
}

// runtimeCheck refuses a Runtime that is not one of today's, as AWS does
// after the model's constraints: 400 InvalidParameterValueException, with
// no "validation error detected" preamble and the enum followed by "or be a
// valid ARN" (LocalStack test_create_lambda_exceptions: invalid_runtime_exc
// and uppercase_runtime_exc). Fixtures create functions with today's
// runtimes under every profile, so CreateFunction accepts them all: the
// seed's list is a subset.
func runtimeCheck(runtime string) *apiError {
	if runtime == "" || slices.Contains(spec.Runtimes(spec.ProfileAWS), runtime) {
		return nil
	}
	return invalidParameter(fmt.Sprintf("Value %s at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [%s] or be a valid ARN",
		runtime, strings.Join(spec.Runtimes(spec.ProfileAWS), ", ")))
}

// createFunction serves POST /2015-03-31/functions. It answers 201 with the
// new function's configuration, or the version's with Publish.
func (h *Handler) createFunction(w http.ResponseWriter, r *http.Request) {
	cfg, e := h.doCreate(r)
	if e != nil {
		writeError(w, e, errorStyle{})
		return
	}
	writeJSON(w, http.StatusCreated, cfg)
}

func (h *Handler) doCreate(r *http.Request) (functionConfiguration, *apiError) {
	var none functionConfiguration
	body, release, e := h.readBody(r, h.requestLimit(), "CreateFunction")
	if e != nil {
		return none, e
	}
	defer release()
	c, e := h.parseCreate(body)
	if e != nil {
		return none, e
	}
	if vs := h.validateCreate(c); len(vs) > 0 {
		return none, newError(http.StatusBadRequest, spec.ErrValidation, validationMessage(vs))
	}
	if e := runtimeCheck(c.runtime); e != nil {
		return none, e
	}
	ref, _ := spec.ParseFunctionName(c.name)
	if ref.Bare() && len(ref.Name) > spec.MaxBareNameLength {
		return none, invalidParameter(validationMessage([]violation{{c.name, "functionName", maxLen(spec.MaxBareNameLength)}}))
	}
	if e := h.checkScope(ref); e != nil {
		return none, e
	}
	if ref.Qualifier != "" {
		return none, invalidParameter("Unsupported FunctionName: a qualifier cannot be given when creating a function.")
	}
	if c.packageType == "Zip" && (c.runtime == "" || c.handler == "") {
		return none, invalidParameter("Runtime and Handler are mandatory parameters for functions created with Zip packages.")
	}
	if !c.hasCode {
		return none, newError(http.StatusBadRequest, spec.ErrValidation, validationMessage([]violation{{"null", "code", "Member must not be null"}}))
	}
	code, e := h.loadCode(c.code, c.packageType, false)
	if e != nil {
		return none, e
	}
	arch := []string{"x86_64"}
	if c.hasArch {
		arch = c.architectures
	}
	st := h.lambda
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.functions[ref.Name]; ok {
		return none, newError(http.StatusConflict, spec.ErrResourceConflict, "Function already exist: "+ref.Name)
	}
	if quota := h.opts.CodeStorageQuota; quota > 0 {
		total := st.storedBytes() + code.storedSize
		if c.publish {
			total += code.storedSize
		}
		if total > quota {
			return none, newError(http.StatusBadRequest, spec.ErrCodeStorageExceeded, spec.MsgCodeStorage)
		}
	}
	// The function is Pending until CreateDuration has passed (by the
	// next request by default): CreateFunction always answers Pending, as
	// AWS does (LocalStack test_publish_with_update: create_response).
	v := &version{
		Name: ref.Name, Role: c.role, Runtime: c.runtime, Handler: c.handler, Description: c.description,
		MemorySize: c.memorySize, Timeout: c.timeout, Architectures: arch, PackageType: c.packageType,
		Environment: c.environment, HasEnv: c.hasEnv, LastModified: st.now(), RevisionID: newUUID(), Version: latest,
		pending: true, pendingUntil: time.Now().Add(h.opts.CreateDuration),
	}
	if v.HasEnv && v.Environment == nil {
		v.Environment = map[string]string{}
	}
	v.setCode(code)
	f := &function{latest: v, changed: true}
	st.functions[ref.Name] = f
	if !c.publish {
		return h.render(f, v, false, viewFunction), nil
	}
	// With Publish AWS answers version 1 under the function's unqualified
	// ARN (LocalStack test_publish_version_on_create: create_response has
	// "Version": "1" and FunctionArn without a qualifier).
	f.lastPublished = 1
	cfg := h.render(f, f.publish(1), false, viewFunction)
	cfg.FunctionArn = h.functionArn(ref.Name, "")
	return cfg, nil
}
