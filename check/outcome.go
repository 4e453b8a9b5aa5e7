package check

import (
	"context"
	"errors"
	"fmt"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
	"github.com/lambdaconf/lambdaconf/wire"
)

// Env is what the checks need: the endpoint, the fixtures the generators
// draw on, and the profile the endpoint is held to.
type Env struct {
	Target  *target.Target
	Gen     generators.Env
	Profile spec.Profile
	// Evaluated, when not nil, records the clauses the checks run with
	// this Env evaluated.
	Evaluated *Evaluated
}

// Outcome sends c raw, signed with SigV4, and checks the answer: on an
// error, the status, error type and message prefix that c.Expect prescribes
// and the error wire format; on success, the protocol, the schema, and the
// hash, size, version and ARN of the code in c.Code. After a success it
// waits for the update to finish (see settle), so that the next request
// meets a function with no update in progress.
func Outcome(ctx context.Context, env Env, c generators.Case) error {
	_, err := Send(ctx, env, c)
	return err
}

// Send is Outcome that also returns the answer it judged, nil when none
// was read, for callers that act on it (differential campaigns compare
// it with another endpoint's).
func Send(ctx context.Context, env Env, c generators.Case) (*wire.Response, error) {
	resp, err := env.Target.Wire.UpdateFunctionCode(ctx, c.Request)
	if err != nil {
		return nil, annotate(env, c, transportFinding(env.Profile, c, err))
	}
	judged := judge(env.Evaluated, env.Profile, env.Gen, c, resp, lastWaitOf(env))
	if f := settle(ctx, env, resp, c.Request.DryRun != nil && *c.Request.DryRun); f != nil {
		judged = errors.Join(judged, f)
	}
	return resp, annotate(env, c, judged)
}

// Judge checks the response r to case c, sent to an endpoint holding the
// fixtures of g, under profile p, and records in ev, which may be nil, the
// clauses it evaluated. It is Outcome without the network: a 409 to a
// valid update is judged as if the harness had not waited for an update
// of the function before it.
func Judge(ev *Evaluated, p spec.Profile, g generators.Env, c generators.Case, r *wire.Response) error {
	return judge(ev, p, g, c, r, lastWait{})
}

// judge is Judge, seen being what the harness last saw when it waited for
// an update of the function.
func judge(ev *Evaluated, p spec.Profile, g generators.Env, c generators.Case, r *wire.Response, seen lastWait) error {
	want, decider := c.Expect(p)
	if want.IsError() {
		err := ErrorResponse(ev, p, want, decider, r)
		if decider == spec.NameNotFound && err == nil {
			if f := NotFoundMessage(p, g, c.Request.FunctionName, r); f != nil {
				return f
			}
		}
		return err
	}
	if r.Status >= 200 && r.Status < 300 {
		ev.addIn(p, spec.WireStatus)
	}
	if r.Status >= 201 && r.Status < 300 {
		return &finding.Finding{Clause: spec.WireStatus, Summary: "the update succeeded with a status other than 200",
			Expected: spec.Success.String(), Got: Describe(r)}
	}
	if f := unsettled(ev, p, r, seen); f != nil {
		return f
	}
	if r.Status != 200 {
		// A name in ARN or partial form that is refused as a name (not
		// found, say) breaks the rule that every form names the function:
		// the finding names the form, not the clause the answer imitates.
		id := Misapplied(p, r)
		if form := nameForm(c.Request.FunctionName); form != "" && (id == "" || spec.MustLookup(id).Area == spec.AreaNames) {
			id = form
		}
		if id == "" {
			id = Exercised(p, c)
		}
		ev.addIn(p, id)
		return &finding.Finding{Clause: id,
			Summary:  fmt.Sprintf("the endpoint rejected a request that breaks no clause of the %s profile", p),
			Expected: spec.Success.String(), Got: Describe(r)}
	}
	ev.addIn(p, nameForm(c.Request.FunctionName))
	ev.addIn(p, accepted(c.Request)...)
	return Success(ev, p, g, c.Request, c.Code, r)
}

// accepted returns the clauses that say a well-formed value of a member the
// request carries is accepted: S3ObjectStorageMode, PublishTo and
// SourceKMSKeyArn (the model, 2024-11 to 2026-06).
func accepted(req request.UpdateFunctionCode) []spec.ClauseID {
	var out []spec.ClauseID
	if req.S3ObjectStorageMode != nil {
		out = append(out, spec.StorageModeAccepted)
	}
	if req.PublishTo != nil {
		out = append(out, spec.PublishToAccepted)
	}
	if req.SourceKMSKeyArn != nil {
		out = append(out, spec.KMSKeyAccepted)
	}
	return out
}

// NotFoundMessage checks, under the aws profile, that a 404
// ResourceNotFoundException for the missing function name carries AWS's
// recorded message, Function not found: and the function's unqualified
// ARN in g's partition, region and account (docs/spec/aws.md#update-errors-reported); for a
// name qualified with :$LATEST the ARN may carry that qualifier. It
// returns nil when the message is right or the answer is not that error.
func NotFoundMessage(p spec.Profile, g generators.Env, name string, r *wire.Response) *finding.Finding {
	if p != spec.ProfileAWS || r.Status != 404 || r.ErrorType != spec.ErrResourceNotFound || r.MessageKey == "" {
		return nil
	}
	ref, ok := spec.ParseFunctionName(name)
	if !ok {
		return nil
	}
	want := fmt.Sprintf("%sarn:%s:lambda:%s:%s:function:%s", spec.MsgNotFound, g.Partition, g.Region, g.Account, ref.Name)
	if r.Message == want || (ref.Qualifier == "$LATEST" && r.Message == want+":$LATEST") {
		return nil
	}
	return &finding.Finding{Clause: spec.NameNotFound, Summary: "the not-found message does not name the function's ARN as AWS's does",
		Expected: fmt.Sprintf("message %q", want), Got: Describe(r)}
}

// nameForm returns the clause an accepted request exercises by the form of
// its FunctionName: NAME-LATEST for a :$LATEST qualifier, NAME-FORMS for an
// ARN or a partial ARN, and "" for a bare name.
func nameForm(name string) spec.ClauseID {
	ref, _ := spec.ParseFunctionName(name)
	switch {
	case ref.Qualifier == "$LATEST":
		return spec.NameLatest
	case !ref.Bare():
		return spec.NameForms
	}
	return ""
}

// Success checks a 200 answer to req, which uploaded code: the protocol, the
// schema, the hash and size, and that the response describes the function
// the request named, as $LATEST or as the version Publish created. It
// records in ev, which may be nil, the clauses it evaluated.
func Success(ev *Evaluated, p spec.Profile, g generators.Env, req request.UpdateFunctionCode, code []byte, r *wire.Response) error {
	fs := wireFormat(ev, p, r)
	if r.JSON == nil {
		fs = append(fs, &finding.Finding{Clause: spec.WireContentType,
			Summary: "the 200 response has no JSON object body", Expected: "a FunctionConfiguration as a JSON object",
			Got: fmt.Sprintf("body %q", clip(string(r.Body), 300))})
		return join(fs)
	}
	fs = append(fs, Findings(Schema(ev, p, r.JSON))...)
	dryRun := req.DryRun != nil && *req.DryRun
	if dryRun {
		return join(fs)
	}
	fs = append(fs, Findings(HashAndSize(ev, r.JSON, code, SourceOf(req)))...)
	fs = append(fs, identity(ev, p, g, req, r.JSON)...)
	return join(fs)
}

// SourceOf returns where req takes its code from.
func SourceOf(req request.UpdateFunctionCode) Source {
	switch {
	case req.HasZipFile():
		return Inline
	case req.S3ObjectVersion != nil:
		return FromS3Version
	}
	return FromS3
}

// identity checks that a success response describes the function req named:
// its FunctionName and an ARN in the caller's partition, region and account,
// unqualified for $LATEST and qualified with the new version on Publish;
// and, under the aws profile, the architecture req asked for. No recording
// shows the ARN an update through NAME:$LATEST answers, so there both the
// unqualified and the :$LATEST form are accepted. The FunctionName and
// FunctionArn clauses it may blame are the schema's, which Schema records.
func identity(ev *Evaluated, p spec.Profile, g generators.Env, req request.UpdateFunctionCode, cfg map[string]any) []*finding.Finding {
	var fs []*finding.Finding
	ref, _ := spec.ParseFunctionName(req.FunctionName)
	name := ref.Name
	version, _ := cfg["Version"].(string)
	arn, _ := cfg["FunctionArn"].(string)
	base := fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", g.Partition, g.Region, g.Account, name)
	if got, _ := cfg["FunctionName"].(string); got != name && spec.ValidBareName(got) {
		fs = append(fs, &finding.Finding{Clause: spec.SchemaFunctionName,
			Summary:  "the response names another function than the request",
			Expected: "FunctionName " + name, Got: "FunctionName " + got})
	}
	publish := req.Publish != nil && *req.Publish
	if publish {
		ev.addIn(p, spec.PublishVersion)
	} else {
		ev.addIn(p, spec.PublishLatest)
	}
	switch {
	case publish && (version == "$LATEST" || !spec.ValidVersion(version) || arn != base+":"+version):
		fs = append(fs, &finding.Finding{Clause: spec.PublishVersion,
			Summary:  "with Publish the response must describe the new version",
			Expected: "Version N (a number) and FunctionArn " + base + ":N",
			Got:      fmt.Sprintf("Version %q, FunctionArn %q", version, arn)})
	case !publish && (version != "$LATEST" || (arn != base && !(ref.Qualifier == "$LATEST" && arn == base+":$LATEST"))):
		id := spec.PublishLatest
		if version == "$LATEST" && spec.FunctionArnPattern(p).MatchString(arn) && arn != base && arn != base+":$LATEST" {
			id = spec.SchemaFunctionArn
		}
		fs = append(fs, &finding.Finding{Clause: id,
			Summary:  "without Publish the response must describe $LATEST under the function's unqualified ARN",
			Expected: "Version $LATEST, FunctionArn " + base,
			Got:      fmt.Sprintf("Version %q, FunctionArn %q", version, arn)})
	}
	if len(req.Architectures) == 1 && spec.MustLookup(spec.ArchApplies).In(p) {
		ev.addIn(p, spec.ArchApplies)
		list, _ := cfg["Architectures"].([]any)
		if len(list) != 1 || list[0] != req.Architectures[0] {
			fs = append(fs, &finding.Finding{Clause: spec.ArchApplies,
				Summary:  "the requested architecture does not show in the response",
				Expected: fmt.Sprintf("Architectures [%q]", req.Architectures[0]),
				Got:      "Architectures " + jsonValue(cfg, "Architectures")})
		}
	}
	return fs
}

// Exercised returns the clause a request that breaks nothing exercises
// most specifically: its name form, a member added since 2024
// (S3ObjectStorageMode, PublishTo, SourceKMSKeyArn), its object version, its
// architecture, else the hash clause of its code source.
func Exercised(p spec.Profile, c generators.Case) spec.ClauseID {
	if want, decider := c.Expect(p); want.IsError() {
		return decider
	}
	req := c.Request
	if id := nameForm(req.FunctionName); id != "" {
		return id
	}
	for _, id := range accepted(req) {
		if spec.MustLookup(id).In(p) {
			return id
		}
	}
	switch {
	case req.S3ObjectVersion != nil:
		return spec.VersionSelects
	case len(req.Architectures) > 0 && spec.MustLookup(spec.ArchApplies).In(p):
		return spec.ArchApplies
	case req.Publish != nil && *req.Publish:
		return spec.PublishVersion
	case req.HasZipFile():
		return spec.HashInline
	case req.S3Bucket != nil:
		return spec.HashS3
	}
	return spec.WireStatus
}

// transportFinding turns a failure to get an answer into a finding against
// the clause the request exercised.
func transportFinding(p spec.Profile, c generators.Case, err error) error {
	want, _ := c.Expect(p)
	f := &finding.Finding{Clause: Exercised(p, c), Expected: want.String(), Got: err.Error(),
		Summary: "the endpoint gave no readable HTTP answer"}
	f.Transport = transportClass(err)
	return f
}

// wireClass returns the transport class of err, or "" when err is not a
// *wire.TransportError.
func wireClass(err error) string {
	var te *wire.TransportError
	if errors.As(err, &te) {
		return string(te.Class)
	}
	return ""
}

// annotate fills in the input, class and reproducer of every finding in err.
func annotate(env Env, c generators.Case, err error) error {
	for _, f := range Findings(err) {
		f.Input = c.Request.String()
		f.Class = string(c.Class)
		if env.Target != nil && env.Target.Wire != nil {
			f.Reproducer = env.Target.Wire.Curl(c.Request)
		}
	}
	return err
}
