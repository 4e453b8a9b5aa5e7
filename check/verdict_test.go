package check

import (
	"net/http"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// awsError builds an error response the way today's AWS sends one.
func awsError(status int, typ, key, msg string) *wire.Response {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-RequestId", "c0ffee00-0000-4000-8000-000000000000")
	h.Set("X-Amzn-ErrorType", typ)
	return &wire.Response{Status: status, Header: h, ErrorType: typ, Message: msg, MessageKey: key,
		JSON: map[string]any{"Type": "User", key: msg}}
}

func clauses(err error) []spec.ClauseID {
	var out []spec.ClauseID
	for _, f := range Findings(err) {
		out = append(out, f.Clause)
	}
	return out
}

func TestErrorResponseAcceptsWhatAWSSends(t *testing.T) {
	for _, id := range []spec.ClauseID{spec.NameNotFound, spec.ZipNotZip, spec.RevisionStale, spec.NamePattern} {
		want, decider := spec.Expect(spec.ProfileAWS, []spec.ClauseID{id})
		key := messageKeys[want.ErrorTypes[0]]
		if key == "" {
			key = "message"
		}
		r := awsError(want.Status, want.ErrorTypes[0], key, want.MessagePrefix+"details")
		if err := ErrorResponse(nil, spec.ProfileAWS, want, decider, r); err != nil {
			t.Errorf("%s: a response as AWS sends it was flagged:\n%v", id, err)
		}
	}
}

func TestErrorResponseBlamesTheMostSpecificClause(t *testing.T) {
	want, decider := spec.Expect(spec.ProfileAWS, []spec.ClauseID{spec.NameNotFound})
	good := func() *wire.Response {
		return awsError(404, spec.ErrResourceNotFound, "Message", spec.MsgNotFound+"arn:aws:lambda:us-east-1:123456789012:function:x")
	}
	cases := []struct {
		name   string
		mutate func(r *wire.Response)
		want   []spec.ClauseID
	}{
		{"wrong status", func(r *wire.Response) { r.Status = 400 }, []spec.ClauseID{spec.NameNotFound}},
		{"accepted", func(r *wire.Response) { r.Status = 200 }, []spec.ClauseID{spec.NameNotFound}},
		{"wrong type", func(r *wire.Response) { r.ErrorType = spec.ErrInvalidParameter }, []spec.ClauseID{spec.NameNotFound}},
		{"no type", func(r *wire.Response) { r.ErrorType = "" }, []spec.ClauseID{spec.WireErrorType}},
		{"wrong prefix", func(r *wire.Response) { r.Message = "nope" }, []spec.ClauseID{spec.NameNotFound}},
		{"no message", func(r *wire.Response) { r.MessageKey, r.Message = "", "" }, []spec.ClauseID{spec.WireErrorMessage}},
		{"lowercase key", func(r *wire.Response) { r.MessageKey = "message" }, []spec.ClauseID{spec.WireMessageCase}},
		{"no Type User", func(r *wire.Response) { delete(r.JSON, "Type") }, []spec.ClauseID{spec.WireTypeUser}},
		{"text/html", func(r *wire.Response) { r.Header.Set("Content-Type", "text/html") }, []spec.ClauseID{spec.WireContentType}},
		{"no request id", func(r *wire.Response) { r.Header.Del("X-Amzn-RequestId") }, []spec.ClauseID{spec.WireRequestID}},
	}
	for _, c := range cases {
		r := good()
		c.mutate(r)
		got := clauses(ErrorResponse(nil, spec.ProfileAWS, want, decider, r))
		if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
			t.Errorf("%s: blamed %v, want %v", c.name, got, c.want)
		}
	}
}

func TestErrorResponseSkipsAWSOnlyClausesUnderSeed(t *testing.T) {
	want, decider := spec.Expect(spec.ProfileSeed, []spec.ClauseID{spec.NameNotFound})
	r := awsError(404, spec.ErrResourceNotFound, "message", spec.MsgNotFound+"x")
	delete(r.JSON, "Type")
	r.Header.Del("X-Amzn-RequestId")
	if err := ErrorResponse(nil, spec.ProfileSeed, want, decider, r); err != nil {
		t.Errorf("aws-only wire clauses were applied under seed:\n%v", err)
	}
}

func TestMisappliedFindsTheClauseByMessage(t *testing.T) {
	r := awsError(400, spec.ErrInvalidParameter, "message", spec.MsgNotZip)
	if got := Misapplied(spec.ProfileAWS, r); got != spec.ZipNotZip {
		t.Errorf("Misapplied = %q, want %s", got, spec.ZipNotZip)
	}
	r = awsError(400, spec.ErrValidation, "message", "1 validation error detected: whatever")
	if got := Misapplied(spec.ProfileAWS, r); got != "" {
		t.Errorf("Misapplied = %q for a message no clause owns, want none", got)
	}
}

func TestDescribeClipsLongMessages(t *testing.T) {
	r := awsError(400, spec.ErrInvalidParameter, "message", strings.Repeat("x", 1000))
	if d := Describe(r); len(d) > 400 || !strings.Contains(d, "…") {
		t.Errorf("Describe did not clip: %d bytes", len(d))
	}
}

func str(s string) *string { return &s }

// member returns a valid inline update of fn with one member set by set.
func member(set func(r *request.UpdateFunctionCode)) generators.Case {
	code := Zip("index.py", "x")
	c := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}, Code: code}
	set(&c.Request)
	return c
}

// An accepted request carrying S3ObjectStorageMode, PublishTo or
// SourceKMSKeyArn evaluates the clause that accepts that member, so that a
// campaign, which draws them within valid requests, covers those clauses.
func TestJudgeEvaluatesTheAcceptedMembers(t *testing.T) {
	g := generators.Env{Partition: "aws", Region: "us-east-1", Account: "123456789012", Function: "fn"}
	c := member(func(r *request.UpdateFunctionCode) {
		r.PublishTo, r.S3ObjectStorageMode, r.SourceKMSKeyArn = str("LATEST_PUBLISHED"), str("COPY"), str("")
	})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	ev := &Evaluated{}
	Judge(ev, spec.ProfileAWS, g, c, &wire.Response{Status: 200, Header: h, JSON: map[string]any{}})
	for _, id := range []spec.ClauseID{spec.PublishToAccepted, spec.StorageModeAccepted, spec.KMSKeyAccepted} {
		if !ev.Has(id) {
			t.Errorf("an accepted request carrying its member did not evaluate %s", id)
		}
	}
}

func TestJudgeBlamesARejectedValidRequestOnWhatItExercised(t *testing.T) {
	g := generators.Env{Partition: "aws", Region: "us-east-1", Account: "123456789012", Function: "fn"}
	code := Zip("index.py", "x")
	inline := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}, Code: code}
	arn := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:fn", ZipFile: code}, Code: code}
	partial := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "function:fn", ZipFile: code}, Code: code}
	latest := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "fn:$LATEST", ZipFile: code}, Code: code}
	cases := []struct {
		c    generators.Case
		r    *wire.Response
		want spec.ClauseID
	}{
		{inline, awsError(400, spec.ErrInvalidParameter, "message", spec.MsgNotZip), spec.ZipNotZip},
		{inline, awsError(500, spec.ErrService, "Message", "boom"), spec.HashInline},
		// A valid ARN or partial name refused as not found breaks the
		// name-form rule, not NAME-NOT-FOUND (issue #9): moto refuses
		// function:NAME so.
		{arn, awsError(404, spec.ErrResourceNotFound, "Message", "Function not found: x"), spec.NameForms},
		{partial, awsError(404, spec.ErrResourceNotFound, "message", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:fn"), spec.NameForms},
		{latest, awsError(404, spec.ErrResourceNotFound, "Message", "Function not found: x"), spec.NameLatest},
		{inline, awsError(404, spec.ErrResourceNotFound, "Message", "Function not found: x"), spec.NameNotFound},
		{arn, awsError(400, spec.ErrValidation, "message", "1 validation error detected: bad"), spec.NameForms},
		{inline, &wire.Response{Status: 201, Header: http.Header{}}, spec.WireStatus},
		// A refused member added since 2024 is the likeliest culprit: the
		// older emulators do not know it.
		{member(func(r *request.UpdateFunctionCode) { r.PublishTo = str("LATEST_PUBLISHED") }),
			awsError(400, spec.ErrInvalidParameter, "message", "unknown member"), spec.PublishToAccepted},
		{member(func(r *request.UpdateFunctionCode) { r.S3ObjectStorageMode = str("COPY") }),
			awsError(400, spec.ErrInvalidParameter, "message", "unknown member"), spec.StorageModeAccepted},
		{member(func(r *request.UpdateFunctionCode) { r.SourceKMSKeyArn = str("") }),
			awsError(400, spec.ErrInvalidParameter, "message", "unknown member"), spec.KMSKeyAccepted},
	}
	for _, c := range cases {
		got := clauses(Judge(nil, spec.ProfileAWS, g, c.c, c.r))
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s answered %d: blamed %v, want [%s]", c.c.Request.FunctionName, c.r.Status, got, c.want)
		}
	}
}

// A response's headers come as a map, which Go iterates in random order:
// the signature of a missing request ID must not depend on it, or two runs
// of one endpoint disagree (seen against moto 5.2.1, whose 404s carry five
// headers and no X-Amzn-RequestId).
func TestMissingRequestIDSignatureIgnoresHeaderOrder(t *testing.T) {
	want, decider := spec.Expect(spec.ProfileAWS, []spec.ClauseID{spec.NameNotFound})
	sigs := map[string]bool{}
	for i := 0; i < 50; i++ {
		r := awsError(404, spec.ErrResourceNotFound, "Message", spec.MsgNotFound+"arn:aws:lambda:us-east-1:123456789012:function:x")
		r.Header.Del("X-Amzn-RequestId")
		for _, h := range []string{"Server", "Date", "Content-Length", "Access-Control-Allow-Origin"} {
			r.Header.Set(h, "x")
		}
		for _, f := range Findings(ErrorResponse(nil, spec.ProfileAWS, want, decider, r)) {
			if f.Clause == spec.WireRequestID {
				sigs[f.Signature()] = true
			}
		}
	}
	if len(sigs) != 1 {
		t.Errorf("one response gave %d WIRE-REQUEST-ID signatures, want 1: %v", len(sigs), sigs)
	}
}
