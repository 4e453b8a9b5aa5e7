package check

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
	"github.com/lambdaconf/lambdaconf/wire"
)

// The expected values below are written from the sources, not read from the
// code: the response members' constraints from the AWS model
// (FunctionConfiguration: Timeout 1..5400, MemorySize 128..32768, Handler
// at most 128 characters of [^\s]+, Description at most 256 characters),
// and the seed page's (MemorySize 128..1536, a multiple of 64; Timeout at
// least 1).

func TestSchemaBoundaries(t *testing.T) {
	type tc struct {
		profile spec.Profile
		field   string
		value   any
		want    spec.ClauseID // "" when the value must pass
	}
	cases := []tc{
		{spec.ProfileAWS, "Timeout", 1.0, ""},
		{spec.ProfileAWS, "Timeout", 0.0, spec.SchemaTimeout},
		{spec.ProfileAWS, "Timeout", 5400.0, ""},
		{spec.ProfileAWS, "Timeout", 5401.0, spec.SchemaTimeout},
		{spec.ProfileAWS, "Timeout", 3.5, spec.SchemaTimeout},
		{spec.ProfileSeed, "Timeout", 1.0, ""},
		{spec.ProfileSeed, "Timeout", 0.0, spec.SchemaTimeout},
		{spec.ProfileSeed, "Timeout", 5401.0, ""},
		// JSON numbers are exact integers up to 2^53; beyond, a float64
		// cannot tell neighbours apart, so they are not taken as integers.
		{spec.ProfileSeed, "Timeout", 9007199254740992.0, ""},
		{spec.ProfileSeed, "Timeout", 9007199254740994.0, spec.SchemaTimeout},
		{spec.ProfileAWS, "MemorySize", 128.0, ""},
		{spec.ProfileAWS, "MemorySize", 127.0, spec.SchemaMemorySize},
		{spec.ProfileAWS, "MemorySize", 32768.0, ""},
		{spec.ProfileAWS, "MemorySize", 32769.0, spec.SchemaMemorySize},
		{spec.ProfileAWS, "MemorySize", 128.5, spec.SchemaMemorySize},
		{spec.ProfileAWS, "MemorySize", 130.0, ""},
		{spec.ProfileSeed, "MemorySize", 128.0, ""},
		{spec.ProfileSeed, "MemorySize", 64.0, spec.SchemaMemorySize},
		{spec.ProfileSeed, "MemorySize", 1536.0, ""},
		{spec.ProfileSeed, "MemorySize", 1600.0, spec.SchemaMemorySize},
		{spec.ProfileSeed, "MemorySize", 130.0, spec.SchemaMemorySize},
		{spec.ProfileSeed, "MemorySize", 192.5, spec.SchemaMemorySize},
		{spec.ProfileAWS, "Handler", strings.Repeat("h", 128), ""},
		{spec.ProfileAWS, "Handler", strings.Repeat("h", 129), spec.SchemaHandler},
		{spec.ProfileAWS, "Handler", " index.handler", spec.SchemaHandler},
		{spec.ProfileAWS, "Handler", "index.handler\t", spec.SchemaHandler},
		{spec.ProfileAWS, "Handler", 7.0, spec.SchemaHandler},
		{spec.ProfileAWS, "Description", strings.Repeat("d", 256), ""},
		{spec.ProfileAWS, "Description", strings.Repeat("d", 257), spec.SchemaDescription},
		{spec.ProfileAWS, "Description", 1.0, spec.SchemaDescription},
		{spec.ProfileAWS, "Description", nil, spec.SchemaDescription},
		{spec.ProfileAWS, "Description", "", ""},
		// A valid hash with non-zero padding bits: 44 characters that
		// decode to 32 bytes, but not as canonical base64.
		{spec.ProfileAWS, "CodeSha256", "PFn4S+er27qk+UuZSTKEQfNKG/XNn7QJs90mJgq6oH9=", spec.SchemaCodeSha256},
		{spec.ProfileAWS, "CodeSha256", "PFn4S+er27qk+UuZSTKEQfNKG/XNn7QJs90mJgq6oH8", spec.SchemaCodeSha256},
		{spec.ProfileAWS, "CodeSha256", "PFn4S+er27qk+UuZSTKEQfNKG/XNn7QJs90mJgq6oH8==", spec.SchemaCodeSha256},
		{spec.ProfileAWS, "CodeSha256", "PFn4S+er27qk+UuZSTKEQfNKG/XNn7QJs90mJgq6o===", spec.SchemaCodeSha256},
		// 44 characters of canonical base64 that decode to 31 bytes.
		{spec.ProfileAWS, "CodeSha256", "PFn4S+er27qk+UuZSTKEQfNKG/XNn7QJs90mJgq6AA==", spec.SchemaCodeSha256},
		{spec.ProfileAWS, "Architectures", []any{"arm64"}, ""},
		{spec.ProfileAWS, "Architectures", []any{}, spec.SchemaEnums},
		{spec.ProfileAWS, "Architectures", "x86_64", spec.SchemaEnums},
		{spec.ProfileAWS, "PackageType", "Image", ""},
		{spec.ProfileAWS, "PackageType", "zip", spec.SchemaEnums},
		{spec.ProfileAWS, "State", 1.0, spec.SchemaEnums},
		{spec.ProfileAWS, "Runtime", 3.12, spec.SchemaRuntime},
		{spec.ProfileAWS, "RevisionId", 1.0, spec.SchemaRevisionID},
	}
	for _, c := range cases {
		m := config(t)
		m[c.field] = c.value
		if c.profile == spec.ProfileSeed {
			m["Runtime"] = "python2.7"
		}
		got := clauses(Schema(nil, c.profile, m))
		switch {
		case c.want == "" && len(got) != 0:
			v, _ := json.Marshal(c.value)
			t.Errorf("%s, %s=%.40s: false alarm %v", c.profile, c.field, v, got)
		case c.want != "" && (len(got) != 1 || got[0] != c.want):
			v, _ := json.Marshal(c.value)
			t.Errorf("%s, %s=%.40s: blamed %v, want [%s]", c.profile, c.field, v, got, c.want)
		}
	}
}

func TestSchemaSaysWhatTheProfileWants(t *testing.T) {
	tests := []struct {
		profile spec.Profile
		field   string
		value   float64
		want    string
	}{
		{spec.ProfileAWS, "MemorySize", 64, "an integer in 128..32768"},
		{spec.ProfileSeed, "MemorySize", 64, "an integer in 128..1536, a multiple of 64"},
		{spec.ProfileAWS, "Timeout", 0, "an integer in 1..5400"},
		{spec.ProfileSeed, "Timeout", 0, "an integer of at least 1"},
	}
	for _, tt := range tests {
		m := config(t)
		m[tt.field] = tt.value
		if tt.profile == spec.ProfileSeed {
			m["Runtime"] = "python2.7"
		}
		fs := Findings(Schema(nil, tt.profile, m))
		if len(fs) != 1 || fs[0].Expected != tt.want {
			t.Errorf("%s, %s %v: findings %v, want one expecting %q", tt.profile, tt.field, tt.value, fs, tt.want)
		}
	}
}

func TestHashAndSizeWantsAnIntegerCodeSize(t *testing.T) {
	empty := []byte{}
	for name, size := range map[string]any{"absent": nil, "a string": "0", "fractional": 0.5} {
		m := map[string]any{"CodeSha256": Sha256(empty)}
		if size != nil {
			m["CodeSize"] = size
		}
		if got := clauses(HashAndSize(nil, m, empty, Inline)); len(got) != 1 || got[0] != spec.SizeInline {
			t.Errorf("CodeSize %s for empty code: blamed %v, want [%s]", name, got, spec.SizeInline)
		}
	}
	code := Zip("a.py", "x")
	both := map[string]any{"CodeSha256": Sha256([]byte("other")), "CodeSize": float64(len(code) + 1)}
	fs := Findings(HashAndSize(nil, both, code, FromS3Version))
	if len(fs) != 1 || fs[0].Clause != spec.VersionSelects || !strings.Contains(fs[0].Summary, "selected object version") {
		t.Errorf("another version's hash and size: %v, want one VERSION-SELECTS finding about the selected version", fs)
	}
	if got := clauses(HashAndSize(nil, both, code, FromS3)); len(got) != 2 {
		t.Errorf("wrong hash and size of the latest object: blamed %v, want both HASH-SHA256-S3 and SIZE-S3", got)
	}
	malformed := map[string]any{"CodeSha256": "3c59", "CodeSize": float64(len(code))}
	if got := clauses(HashAndSize(nil, malformed, code, FromS3Version)); len(got) != 1 || got[0] != spec.HashS3 {
		t.Errorf("a malformed hash for an object version: blamed %v, want [%s]", got, spec.HashS3)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		r    *wire.Response
		want string
	}{
		{nil, "no response"},
		{&wire.Response{Status: 404, ErrorType: "ResourceNotFoundException", MessageKey: "Message", Message: "Function not found: x"},
			`404 ResourceNotFoundException Message="Function not found: x"`},
		{&wire.Response{Status: 500, Body: []byte("oops")}, `500 body "oops"`},
		{&wire.Response{Status: 300, Body: []byte("moved")}, `300 body "moved"`},
		{&wire.Response{Status: 299, Body: []byte("odd")}, `299`},
		{&wire.Response{Status: 200, Body: []byte("{}")}, `200`},
	}
	for _, tt := range tests {
		if got := Describe(tt.r); got != tt.want {
			t.Errorf("Describe(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
	if got := clip("abc", 3); got != "abc" {
		t.Errorf("clip at exactly the limit = %q, want it whole", got)
	}
	if got := clip("abcd", 3); got != "abc…" {
		t.Errorf("clip over the limit = %q, want abc…", got)
	}
}

func TestClassify(t *testing.T) {
	r := awsError(404, spec.ErrResourceNotFound, "Message", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:x")
	got, err := Classify(spec.ProfileAWS, r)
	want := "NAME-OTHER-REGION,NAME-NOT-FOUND"
	if err != nil || joinIDs(got) != want {
		t.Errorf("a 404 ResourceNotFoundException matched %v (%v), want %s", got, err, want)
	}
	if got, err := Classify(spec.ProfileAWS, awsError(418, "TeapotException", "message", "short and stout")); err == nil || len(got) != 0 {
		t.Errorf("an answer no clause explains matched %v, %v", got, err)
	}
	// The status and the type must both match: a 400 of a 404 clause's
	// type matches nothing.
	if got, err := Classify(spec.ProfileAWS, awsError(400, spec.ErrResourceNotFound, "Message", "Function not found: x")); err == nil || len(got) != 0 {
		t.Errorf("a 400 ResourceNotFoundException matched %v, %v", got, err)
	}
	ok := &wire.Response{Status: 200, JSON: config(t)}
	if got, err := Classify(spec.ProfileAWS, ok); err != nil || len(got) != 0 {
		t.Errorf("the recorded success was classified %v, %v", got, err)
	}
	if _, err := Classify(spec.ProfileAWS, &wire.Response{Status: 200, Body: []byte("nope")}); !blames(err, []spec.ClauseID{spec.WireContentType}) {
		t.Errorf("a 200 without a JSON object: %v", err)
	}
}

func joinIDs(ids []spec.ClauseID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ",")
}

// success builds a 200 answer with the recorded configuration, as AWS sends
// it (docs/spec/aws.md#success-response), edited by change.
func success(t *testing.T, change func(m map[string]any)) *wire.Response {
	m := config(t)
	if change != nil {
		change(m)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-RequestId", "c0ffee00-0000-4000-8000-000000000000")
	return &wire.Response{Status: 200, Header: h, JSON: m}
}

func TestIdentityBlamesTheRightClause(t *testing.T) {
	g := generators.Env{Partition: "aws", Region: "us-east-1", Account: "123456789012", Function: "fn"}
	base := "arn:aws:lambda:us-east-1:123456789012:function:fn"
	tests := []struct {
		name    string
		req     request.UpdateFunctionCode
		version string
		arn     string
		want    spec.ClauseID
	}{
		{"$LATEST as expected", request.UpdateFunctionCode{FunctionName: "fn"}, "$LATEST", base, ""},
		{"a version without Publish, qualified", request.UpdateFunctionCode{FunctionName: "fn"}, "1", base + ":1", spec.PublishLatest},
		{"a version without Publish, unqualified", request.UpdateFunctionCode{FunctionName: "fn"}, "1", base, spec.PublishLatest},
		{"$LATEST qualified for a bare name", request.UpdateFunctionCode{FunctionName: "fn"}, "$LATEST", base + ":$LATEST", spec.PublishLatest},
		{"$LATEST qualified for a :$LATEST name", request.UpdateFunctionCode{FunctionName: "fn:$LATEST"}, "$LATEST", base + ":$LATEST", ""},
		{"$LATEST under another function's ARN", request.UpdateFunctionCode{FunctionName: "fn"}, "$LATEST", base + "x", spec.SchemaFunctionArn},
		{"Publish as expected", request.UpdateFunctionCode{FunctionName: "fn", Publish: request.Bool(true)}, "3", base + ":3", ""},
		{"Publish answering $LATEST", request.UpdateFunctionCode{FunctionName: "fn", Publish: request.Bool(true)}, "$LATEST", base, spec.PublishVersion},
		{"Publish with an unqualified ARN", request.UpdateFunctionCode{FunctionName: "fn", Publish: request.Bool(true)}, "3", base, spec.PublishVersion},
	}
	for _, tt := range tests {
		cfg := map[string]any{"FunctionName": "fn", "Version": tt.version, "FunctionArn": tt.arn}
		var got []spec.ClauseID
		for _, f := range identity(nil, spec.ProfileAWS, g, tt.req, cfg) {
			got = append(got, f.Clause)
		}
		switch {
		case tt.want == "" && len(got) != 0:
			t.Errorf("%s: false alarm %v", tt.name, got)
		case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
			t.Errorf("%s: blamed %v, want [%s]", tt.name, got, tt.want)
		}
	}
	arm := request.UpdateFunctionCode{FunctionName: "fn", Architectures: []string{"arm64"}}
	for arch, want := range map[string]int{"arm64": 0, "x86_64": 1} {
		cfg := map[string]any{"FunctionName": "fn", "Version": "$LATEST", "FunctionArn": base, "Architectures": []any{arch}}
		if got := identity(nil, spec.ProfileAWS, g, arm, cfg); len(got) != want {
			t.Errorf("arm64 requested, %s answered: %d findings, want %d", arch, len(got), want)
		}
	}
}

func TestJudgeOnStatusBoundaries(t *testing.T) {
	g := generators.Env{Partition: "aws", Region: "us-east-1", Account: "123456789012", Function: "fn"}
	code := Zip("a.py", "x")
	c := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}, Code: code}
	for status, want := range map[int]spec.ClauseID{201: spec.WireStatus, 299: spec.WireStatus, 300: spec.HashInline, 404: spec.HashInline} {
		ev := &Evaluated{}
		r := success(t, nil)
		r.Status = status
		got := clauses(Judge(ev, spec.ProfileAWS, g, c, r))
		if len(got) != 1 || got[0] != want {
			t.Errorf("status %d for a valid request: blamed %v, want [%s]", status, got, want)
		}
		if recorded, shouldBe := ev.Has(spec.WireStatus), status < 300; recorded != shouldBe {
			t.Errorf("status %d: WIRE-STATUS recorded as evaluated: %v, want %v", status, recorded, shouldBe)
		}
	}
	for _, status := range []int{199, 100} {
		ev := &Evaluated{}
		r := success(t, nil)
		r.Status = status
		_ = Judge(ev, spec.ProfileAWS, g, c, r)
		if ev.Has(spec.WireStatus) {
			t.Errorf("status %d: WIRE-STATUS recorded as evaluated", status)
		}
	}
}

func TestAnnotateWithoutATarget(t *testing.T) {
	c := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "fn"}, Class: "valid"}
	for name, env := range map[string]Env{"no target": {}, "no wire client": {Target: &target.Target{}}} {
		f := Findings(annotate(env, c, &finding.Finding{Clause: spec.WireStatus}))[0]
		if f.Reproducer != "" || f.Input == "" || f.Class != "valid" {
			t.Errorf("%s: annotated as %+v", name, f)
		}
	}
}

func TestRecordCompactsOnlyWhatItCanRebuild(t *testing.T) {
	const size = compactFrom
	z := generators.LargeZip(size, 7)
	rec := Record{Case: generators.Case{Request: request.UpdateFunctionCode{ZipFile: z}, Code: z}}
	rec.Compact(7)
	if rec.LargeZip == nil || rec.LargeZip.Size != size {
		t.Errorf("a LargeZip of exactly %d bytes was not compacted", size)
	}
	small := generators.LargeZip(size-1, 7)
	rec = Record{Case: generators.Case{Request: request.UpdateFunctionCode{ZipFile: small}}}
	rec.Compact(7)
	if rec.LargeZip != nil {
		t.Errorf("a zip under %d bytes was compacted", size)
	}
	text := "UEsFBg=="
	rec = Record{Case: generators.Case{Request: request.UpdateFunctionCode{ZipFile: z, ZipFileText: &text}, Code: z}}
	rec.Compact(7)
	if rec.LargeZip != nil {
		t.Errorf("a request with a raw ZipFile text was compacted")
	}
	rec = Record{Case: generators.Case{Request: request.UpdateFunctionCode{ZipFile: z}, Code: []byte("other")}}
	rec.Compact(7)
	if rec.LargeZip != nil {
		t.Errorf("a case whose code is not its ZipFile was compacted")
	}
	// A recipe of exactly MaxRecordSize bytes would build 256 MiB; only
	// the lower bound is tried at its edge.
	body := `{"profile":"aws","largeZip":{"size":` + strconv.Itoa(compactFrom) + `,"seed":1}}`
	if _, err := ReadRecord(bytes.NewReader([]byte(body))); err != nil {
		t.Errorf("a recipe of %d bytes was refused: %v", compactFrom, err)
	}
	for _, n := range []int{compactFrom - 1, MaxRecordSize + 1} {
		body := `{"profile":"aws","largeZip":{"size":` + strconv.Itoa(n) + `,"seed":1}}`
		if _, err := ReadRecord(bytes.NewReader([]byte(body))); err == nil {
			t.Errorf("a recipe of %d bytes was accepted", n)
		}
	}
}

func TestErrorResponseSaysWhatTheStatusWas(t *testing.T) {
	want, decider := spec.Expect(spec.ProfileAWS, []spec.ClauseID{spec.NameNotFound})
	accepted := Findings(ErrorResponse(nil, spec.ProfileAWS, want, decider, success(t, nil)))
	if len(accepted) != 1 || accepted[0].Summary != "the endpoint accepted a request the clause rejects" {
		t.Errorf("a 200 for a missing function: %v", accepted)
	}
	other := Findings(ErrorResponse(nil, spec.ProfileAWS, want, decider, awsError(400, spec.ErrInvalidParameter, "message", "x")))
	if len(other) != 1 || other[0].Summary != "the endpoint answered status 400 where the clause prescribes 404" {
		t.Errorf("a 400 for a missing function: %v", other)
	}
}
