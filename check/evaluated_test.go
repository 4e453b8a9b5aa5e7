package check

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

func TestEvaluatedRecordsASortedSet(t *testing.T) {
	var none *Evaluated
	none.Add(spec.HashInline)
	if none.Has(spec.HashInline) || none.Clauses() != nil {
		t.Error("a nil *Evaluated recorded a clause")
	}
	var e Evaluated
	var wg sync.WaitGroup
	for _, id := range []spec.ClauseID{spec.WireStatus, spec.HashInline, spec.CodeVisible, spec.HashInline} {
		wg.Add(1)
		go func() { defer wg.Done(); e.Add(id) }()
	}
	wg.Wait()
	want := []spec.ClauseID{spec.CodeVisible, spec.HashInline, spec.WireStatus}
	if got := e.Clauses(); !slices.Equal(got, want) {
		t.Errorf("Clauses() = %v, want %v", got, want)
	}
	e.addIn(spec.ProfileSeed, spec.WireRequestID, spec.SchemaVersion)
	if e.Has(spec.WireRequestID) || !e.Has(spec.SchemaVersion) {
		t.Errorf("addIn under seed recorded %v; WIRE-REQUEST-ID is aws-only", e.Clauses())
	}
}

// recordedBy runs check with a fresh Evaluated and returns what it recorded.
func recordedBy(check func(ev *Evaluated)) []spec.ClauseID {
	var ev Evaluated
	check(&ev)
	return ev.Clauses()
}

func sorted(ids ...spec.ClauseID) []spec.ClauseID {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func TestSchemaRecordsThePresentFields(t *testing.T) {
	required := []spec.ClauseID{spec.SchemaFunctionArn, spec.SchemaFunctionName, spec.SchemaLastModified, spec.SchemaVersion,
		spec.SchemaCodeSha256, spec.SchemaRole, spec.SchemaMemorySize, spec.SchemaTimeout}
	optional := []spec.ClauseID{spec.SchemaRuntime, spec.SchemaHandler, spec.SchemaDescription, spec.SchemaEnums}
	full := config(t)
	if got, want := recordedBy(func(ev *Evaluated) { _ = Schema(ev, spec.ProfileAWS, full) }),
		sorted(append(append(required, optional...), spec.SchemaRevisionID)...); !slices.Equal(got, want) {
		t.Errorf("the recorded response: recorded %v, want %v", got, want)
	}
	bare := config(t)
	for _, k := range []string{"Runtime", "Handler", "Description", "State", "LastUpdateStatus", "PackageType", "Architectures"} {
		delete(bare, k)
	}
	if got, want := recordedBy(func(ev *Evaluated) { _ = Schema(ev, spec.ProfileAWS, bare) }),
		sorted(append(required, spec.SchemaRevisionID)...); !slices.Equal(got, want) {
		t.Errorf("without the optional fields: recorded %v, want %v", got, want)
	}
	// A required field that is missing is a finding, and so evaluated.
	delete(bare, "Role")
	if got := recordedBy(func(ev *Evaluated) { _ = Schema(ev, spec.ProfileAWS, bare) }); !slices.Contains(got, spec.SchemaRole) {
		t.Errorf("a missing Role: recorded %v, want %s among them", got, spec.SchemaRole)
	}
	// Under seed the aws-only clauses are not evaluated.
	if got, want := recordedBy(func(ev *Evaluated) { _ = Schema(ev, spec.ProfileSeed, full) }),
		sorted(append(required, spec.SchemaRuntime, spec.SchemaHandler, spec.SchemaDescription)...); !slices.Equal(got, want) {
		t.Errorf("under seed: recorded %v, want %v", got, want)
	}
	// Architectures alone makes the enums evaluated.
	arch := map[string]any{"Architectures": []any{"arm64"}}
	if got := recordedBy(func(ev *Evaluated) { _ = Schema(ev, spec.ProfileAWS, arch) }); !slices.Contains(got, spec.SchemaEnums) {
		t.Errorf("Architectures alone: recorded %v, want %s among them", got, spec.SchemaEnums)
	}
}

func TestHashAndSizeRecordsTheClausesOfItsSource(t *testing.T) {
	code := Zip("index.py", "# recorded\n")
	cfg := map[string]any{"CodeSha256": Sha256(code), "CodeSize": float64(len(code))}
	cases := []struct {
		src  Source
		want []spec.ClauseID
	}{
		{Inline, sorted(spec.HashInline, spec.SizeInline)},
		{FromS3, sorted(spec.HashS3, spec.SizeS3)},
		{FromS3Version, sorted(spec.VersionSelects, spec.HashS3)},
	}
	for _, c := range cases {
		got := recordedBy(func(ev *Evaluated) {
			if err := HashAndSize(ev, cfg, code, c.src); err != nil {
				t.Errorf("source %d: %v", c.src, err)
			}
		})
		if !slices.Equal(got, c.want) {
			t.Errorf("source %d: recorded %v, want %v", c.src, got, c.want)
		}
	}
}

func TestErrorResponseRecordsWhatItReached(t *testing.T) {
	want, decider := spec.Expect(spec.ProfileAWS, []spec.ClauseID{spec.NameNotFound})
	good := func() *wire.Response {
		return awsError(404, spec.ErrResourceNotFound, "Message", spec.MsgNotFound+"arn:aws:lambda:us-east-1:123456789012:function:x")
	}
	wireAll := []spec.ClauseID{spec.WireErrorType, spec.WireErrorMessage, spec.WireContentType, spec.WireRequestID,
		spec.WireMessageCase, spec.WireTypeUser}
	cases := []struct {
		name    string
		profile spec.Profile
		mutate  func(r *wire.Response)
		want    []spec.ClauseID
	}{
		{"as AWS sends it", spec.ProfileAWS, func(*wire.Response) {}, sorted(append(wireAll, decider)...)},
		{"wrong status", spec.ProfileAWS, func(r *wire.Response) { r.Status = 400 }, []spec.ClauseID{decider}},
		{"wrong type", spec.ProfileAWS, func(r *wire.Response) { r.ErrorType = spec.ErrInvalidParameter }, sorted(decider, spec.WireErrorType)},
		{"no message", spec.ProfileAWS, func(r *wire.Response) { r.MessageKey, r.Message = "", "" },
			sorted(decider, spec.WireErrorType, spec.WireErrorMessage, spec.WireContentType, spec.WireRequestID, spec.WireTypeUser)},
		{"under seed", spec.ProfileSeed, func(*wire.Response) {},
			sorted(decider, spec.WireErrorType, spec.WireErrorMessage, spec.WireContentType)},
	}
	for _, c := range cases {
		r := good()
		c.mutate(r)
		w := want
		if c.profile == spec.ProfileSeed {
			w, _ = spec.Expect(spec.ProfileSeed, []spec.ClauseID{spec.NameNotFound})
		}
		got := recordedBy(func(ev *Evaluated) { _ = ErrorResponse(ev, c.profile, w, decider, r) })
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: recorded %v, want %v", c.name, got, c.want)
		}
	}
}

// TestChecksRecordEveryClauseTheyBlame draws answers, good and broken, to
// the requests of cases and requires that Judge recorded every clause of
// the profile that a finding names: a check never reports on a clause it
// did not evaluate.
func TestChecksRecordEveryClauseTheyBlame(t *testing.T) {
	g := generators.Env{Profile: spec.ProfileAWS, Partition: "aws", Region: "us-east-1", Account: "123456789012",
		Function: "fn", Missing: "fn-nx", Bucket: "bucket", Key: "code/fn.zip", KeyZip: Zip("index.py", "# s3\n"),
		VersionedBucket: "bucket-v", VersionedKey: "versioned/fn.zip",
		Versions: []generators.ObjectVersion{{ID: "v1", Zip: Zip("index.py", "1")}, {ID: "v2", Zip: Zip("index.py", "2")}}}
	all := cases(g)
	code := Zip("index.py", "# dry\n")
	all["dry-run"] = generators.Case{Request: request.UpdateFunctionCode{FunctionName: g.Function, ZipFile: code, DryRun: request.Bool(true)}, Code: code}
	all["arch"] = generators.Case{Request: request.UpdateFunctionCode{FunctionName: g.Function + ":$LATEST", ZipFile: code, Architectures: []string{"arm64"}}, Code: code}
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	slices.Sort(names)
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom(spec.Profiles).Draw(t, "profile")
		c := all[rapid.SampledFrom(names).Draw(t, "case")]
		r := drawResponse(t, g, c)
		var ev Evaluated
		err := Judge(&ev, p, g, c, r)
		for _, f := range Findings(err) {
			if cl, ok := spec.Lookup(f.Clause); ok && cl.In(p) && !ev.Has(f.Clause) {
				t.Fatalf("a finding names %s, which was not recorded (recorded %v):\n%v", f.Clause, ev.Clauses(), f)
			}
		}
		if err == nil && len(ev.Clauses()) == 0 {
			t.Fatalf("a conforming answer recorded no clause")
		}
	})
}

// drawResponse draws an answer to c: a success configuration or an error,
// each either as AWS sends it or with one part broken.
func drawResponse(t *rapid.T, g generators.Env, c generators.Case) *wire.Response {
	status := rapid.SampledFrom([]int{200, 201, 400, 403, 404, 409, 412, 429, 500}).Draw(t, "status")
	h := http.Header{}
	h.Set("Content-Type", rapid.SampledFrom([]string{"application/json", "text/html; charset=utf-8"}).Draw(t, "content-type"))
	if rapid.Bool().Draw(t, "request id") {
		h.Set("X-Amzn-RequestId", "c0ffee00-0000-4000-8000-000000000000")
	}
	r := &wire.Response{Status: status, Header: h}
	if status < 300 {
		if rapid.Bool().Draw(t, "no body") {
			return r
		}
		cfg := map[string]any{}
		if !rapid.Bool().Draw(t, "empty body") {
			code := c.Code
			if rapid.Bool().Draw(t, "other code") {
				code = Zip("index.py", "other")
			}
			version := "$LATEST"
			if rapid.Bool().Draw(t, "numbered") {
				version = "7"
			}
			arn := fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", g.Region, g.Account, g.Function)
			if version != "$LATEST" {
				arn += ":" + version
			}
			cfg = map[string]any{"FunctionArn": arn, "FunctionName": g.Function, "LastModified": "2019-08-14T22:26:11.234+0000",
				"Version": version, "CodeSha256": Sha256(code), "CodeSize": float64(len(code)), "Role": "arn:aws:iam::123456789012:role/r",
				"MemorySize": 128.0, "Timeout": 3.0, "RevisionId": "r1", "Runtime": "python3.12",
				"Architectures": []any{rapid.SampledFrom([]string{"x86_64", "arm64"}).Draw(t, "arch")}}
			if rapid.Bool().Draw(t, "drop a field") {
				delete(cfg, rapid.SampledFrom([]string{"FunctionArn", "CodeSha256", "RevisionId", "Role", "Timeout"}).Draw(t, "dropped"))
			}
		}
		r.JSON = cfg
		return r
	}
	r.ErrorType = rapid.SampledFrom([]string{"", spec.ErrResourceNotFound, spec.ErrInvalidParameter, spec.ErrValidation,
		spec.ErrPreconditionFailed, spec.ErrService}).Draw(t, "type")
	r.MessageKey = rapid.SampledFrom([]string{"", "message", "Message"}).Draw(t, "key")
	if r.MessageKey != "" {
		r.Message = rapid.SampledFrom([]string{spec.MsgNotFound + "x", spec.MsgNotZip, "whatever"}).Draw(t, "message")
	}
	r.JSON = map[string]any{}
	if rapid.Bool().Draw(t, "type user") {
		r.JSON["Type"] = "User"
	}
	return r
}

// TestChecksRecordWhatTheyEvaluate runs each check against the reference
// and compares what it recorded with the clauses its request exercises.
func TestChecksRecordWhatTheyEvaluate(t *testing.T) {
	for _, p := range spec.Profiles {
		env, _ := referenceEnv(t, reference.Options{Profile: p})
		type expectation struct {
			run          func(env Env) error
			want, unwant []spec.ClauseID
		}
		outcome := func(kind string) func(env Env) error {
			return func(env Env) error { return Outcome(ctx(t), env, cases(env.Gen)[kind]) }
		}
		code := Zip("index.py", "# recorded under "+string(p)+"\n")
		checks := map[string]expectation{
			"inline": {outcome("inline"), []spec.ClauseID{spec.HashInline, spec.SizeInline, spec.PublishLatest, spec.WireStatus,
				spec.WireContentType, spec.SchemaFunctionArn, spec.SchemaVersion, spec.SchemaRuntime},
				[]spec.ClauseID{spec.HashS3, spec.SizeS3, spec.PublishVersion, spec.NameForms, spec.WireErrorType}},
			"s3":        {outcome("s3"), []spec.ClauseID{spec.HashS3, spec.SizeS3}, []spec.ClauseID{spec.HashInline, spec.SizeInline, spec.VersionSelects}},
			"version":   {outcome("version"), []spec.ClauseID{spec.VersionSelects}, []spec.ClauseID{spec.HashInline, spec.SizeS3}},
			"publish":   {outcome("publish"), []spec.ClauseID{spec.PublishVersion}, []spec.ClauseID{spec.PublishLatest}},
			"not-found": {outcome("not-found"), []spec.ClauseID{spec.NameNotFound, spec.WireErrorType, spec.WireErrorMessage, spec.WireContentType}, []spec.ClauseID{spec.WireStatus, spec.SchemaVersion, spec.HashInline}},
			"NameForms": {func(env Env) error { return NameForms(ctx(t), env) }, []spec.ClauseID{spec.NameForms, spec.NameLatest, spec.HashInline},
				[]spec.ClauseID{spec.CodeVisible}},
			"Reupload": {func(env Env) error { return Reupload(ctx(t), env, code) }, []spec.ClauseID{spec.HashReupload, spec.HashInline},
				[]spec.ClauseID{spec.CodeVisible, spec.PublishMonotonic}},
			"PublishSequence": {func(env Env) error { return PublishSequence(ctx(t), env, code) },
				[]spec.ClauseID{spec.PublishMonotonic, spec.PublishVersion, spec.CodeVisible}, []spec.ClauseID{spec.PublishLatest}},
			"CodeVisible": {func(env Env) error {
				quiet := env
				quiet.Evaluated = nil
				if err := Outcome(ctx(t), quiet, cases(env.Gen)["s3"]); err != nil {
					return err
				}
				return CodeVisible(ctx(t), env, env.Gen.Function, env.Gen.KeyZip)
			},
				[]spec.ClauseID{spec.CodeVisible}, []spec.ClauseID{spec.HashS3}},
		}
		if p == spec.ProfileAWS {
			checks["Reupload"] = expectation{checks["Reupload"].run, append(checks["Reupload"].want, spec.RevisionChanges, spec.SchemaRevisionID, spec.WireRequestID), checks["Reupload"].unwant}
			checks["RevisionChanges"] = expectation{func(env Env) error { return RevisionChanges(ctx(t), env, Zip("a.py", "1")) },
				[]spec.ClauseID{spec.RevisionChanges, spec.HashInline}, []spec.ClauseID{spec.HashReupload}}
			checks["RevisionStale"] = expectation{func(env Env) error { return RevisionStale(ctx(t), env, Zip("a.py", "2")) },
				[]spec.ClauseID{spec.RevisionStale, spec.WireErrorType, spec.WireTypeUser, spec.WireMessageCase},
				// The refused update uploads nothing to hash.
				[]spec.ClauseID{spec.HashInline, spec.PublishLatest, spec.SchemaVersion, spec.RevisionMatching}}
			checks["RevisionMatching"] = expectation{func(env Env) error { return RevisionMatching(ctx(t), env, Zip("a.py", "2m")) },
				[]spec.ClauseID{spec.RevisionMatching, spec.HashInline, spec.PublishLatest, spec.SchemaVersion},
				[]spec.ClauseID{spec.RevisionStale}}
			checks["DryRunUnchanged"] = expectation{func(env Env) error { return DryRunUnchanged(ctx(t), env, Zip("a.py", "3")) },
				[]spec.ClauseID{spec.DryRunUnchanged, spec.SchemaVersion},
				// A DryRun answer describes no upload to hash.
				[]spec.ClauseID{spec.HashInline, spec.PublishLatest, spec.PublishVersion}}
		} else {
			checks["seed"] = expectation{outcome("inline"), nil,
				[]spec.ClauseID{spec.WireRequestID, spec.SchemaRevisionID, spec.SchemaEnums, spec.ArchApplies}}
		}
		for name, c := range checks {
			var ev Evaluated
			run := env
			run.Evaluated = &ev
			if err := c.run(run); err != nil {
				t.Errorf("%s, %s: false alarm on the reference:\n%v", p, name, err)
			}
			for _, id := range c.want {
				if !ev.Has(id) {
					t.Errorf("%s, %s: %s not recorded (recorded %v)", p, name, id, ev.Clauses())
				}
			}
			for _, id := range c.unwant {
				if ev.Has(id) {
					t.Errorf("%s, %s: %s recorded, but the check does not evaluate it (recorded %v)", p, name, id, ev.Clauses())
				}
			}
		}
	}
}
