package check

import (
	"net/http"
	"testing"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// rebaseEnvs are the fixtures a case was recorded with and those it is
// replayed on.
func rebaseEnvs() (old, g generators.Env) {
	old = generators.Env{Function: "f1", Account: "111111111111", Bucket: "b1", Key: "k1", KeyZip: []byte("old-key"),
		VersionedBucket: "b1-v", VersionedKey: "v1",
		Versions: []generators.ObjectVersion{{ID: "a", Zip: []byte("old-1")}, {ID: "b", Zip: []byte("old-2")}}}
	g = generators.Env{Function: "f2", Account: "222222222222", Bucket: "b2", Key: "k2", KeyZip: []byte("new-key"),
		VersionedBucket: "b2-v", VersionedKey: "v2",
		Versions: []generators.ObjectVersion{{ID: "c", Zip: []byte("new-1")}, {ID: "d", Zip: []byte("new-2")}}}
	return old, g
}

// TestRebaseCodeFollowsTheRequest checks which code a rebased case expects:
// the new fixtures' object for the plain bucket and key, the new latest
// version for the versioned object without a version ID, and the recorded
// code for anything else (inline code, another bucket or key, a missing
// key), even when that code happens to equal an old fixture's.
func TestRebaseCodeFollowsTheRequest(t *testing.T) {
	s := func(v string) *string { return &v }
	old, g := rebaseEnvs()
	for _, tc := range []struct {
		name           string
		bucket, key    *string
		code, wantCode string
	}{
		{"the plain object", s("b1"), s("k1"), "old-key", "new-key"},
		{"the versioned object's latest version", s("b1-v"), s("v1"), "old-2", "new-2"},
		{"inline code equal to the old latest version", nil, nil, "old-2", "old-2"},
		{"inline code equal to the old plain object", nil, nil, "old-key", "old-key"},
		{"a bucket without a key", s("b1"), nil, "old-key", "old-key"},
		{"the versioned bucket without a key", s("b1-v"), nil, "old-2", "old-2"},
		{"another bucket with the plain key", s("other"), s("k1"), "old-key", "old-key"},
		{"another bucket with the versioned key", s("other"), s("v1"), "old-2", "old-2"},
		{"the plain bucket with another key", s("b1"), s("other"), "old-key", "old-key"},
	} {
		rec := Record{Gen: old, Case: generators.Case{Request: request.UpdateFunctionCode{FunctionName: "f1", S3Bucket: tc.bucket, S3Key: tc.key},
			Code: []byte(tc.code)}}
		var out Record
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("%s: Rebase panicked: %v", tc.name, p)
				}
			}()
			out = rec.Rebase(g)
		}()
		if got := string(out.Case.Code); got != tc.wantCode {
			t.Errorf("%s: rebased code %q, want %q", tc.name, got, tc.wantCode)
		}
	}
}

// TestRebaseWithoutVersions checks cases on fixtures where one side has no
// object versions (an endpoint that gave no version IDs): the versioned
// object keeps its recorded code rather than taking a version that does not
// exist.
func TestRebaseWithoutVersions(t *testing.T) {
	bucket, key := "b1-v", "v1"
	old, g := rebaseEnvs()
	for name, envs := range map[string][2]generators.Env{
		"recorded without versions": {{Function: "f1", VersionedBucket: "b1-v", VersionedKey: "v1"}, g},
		"replayed without versions": {old, {Function: "f2", VersionedBucket: "b2-v", VersionedKey: "v2"}},
	} {
		rec := Record{Gen: envs[0], Case: generators.Case{Request: request.UpdateFunctionCode{FunctionName: "f1", S3Bucket: &bucket, S3Key: &key},
			Code: []byte("old-2")}}
		var out Record
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("%s: Rebase panicked: %v", name, p)
				}
			}()
			out = rec.Rebase(envs[1])
		}()
		if got := string(out.Case.Code); got != "old-2" {
			t.Errorf("%s: rebased code %q, want the recorded %q", name, got, "old-2")
		}
	}
}

// TestRebaseNamesOnlyWhatWasRecorded checks that a fixture name the
// recording did not have (empty) is not substituted: the function name
// stays as it was.
func TestRebaseNamesOnlyWhatWasRecorded(t *testing.T) {
	_, g := rebaseEnvs()
	rec := Record{Gen: generators.Env{}, Case: generators.Case{Request: request.UpdateFunctionCode{FunctionName: "my-function"}}}
	if got := rec.Rebase(g).Case.Request.FunctionName; got != "my-function" {
		t.Errorf("rebased function name %q, want my-function", got)
	}
	old, g := rebaseEnvs()
	arn := "arn:aws:lambda:us-east-1:111111111111:function:f1"
	rec = Record{Gen: old, Case: generators.Case{Request: request.UpdateFunctionCode{FunctionName: arn}}}
	if got := rec.Rebase(g).Case.Request.FunctionName; got != "arn:aws:lambda:us-east-1:222222222222:function:f2" {
		t.Errorf("rebased ARN %q", got)
	}
}

// TestNotFoundMessageGuards checks that NotFoundMessage judges only a 404
// ResourceNotFoundException with a message under the aws profile, and the
// message itself: AWS's recorded "Function not found: " and the unqualified
// ARN (docs/spec/aws.md#update-errors-reported), or the ARN with :$LATEST
// for a name qualified with $LATEST.
func TestNotFoundMessageGuards(t *testing.T) {
	g := generators.Env{Partition: "aws", Region: "us-east-1", Account: "123456789012"}
	arn := "arn:aws:lambda:us-east-1:123456789012:function:missing"
	resp := func(status int, errType, key, msg string) *wire.Response {
		return &wire.Response{Status: status, ErrorType: errType, MessageKey: key, Message: msg}
	}
	for _, tc := range []struct {
		name    string
		p       spec.Profile
		fn      string
		r       *wire.Response
		finding bool
	}{
		{"the recorded message", spec.ProfileAWS, "missing", resp(404, "ResourceNotFoundException", "Message", "Function not found: "+arn), false},
		{"another message", spec.ProfileAWS, "missing", resp(404, "ResourceNotFoundException", "Message", "Function not found"), true},
		{"another message, seed profile", spec.ProfileSeed, "missing", resp(404, "ResourceNotFoundException", "Message", "Function not found"), false},
		{"another message, status 400", spec.ProfileAWS, "missing", resp(400, "ResourceNotFoundException", "Message", "Function not found"), false},
		{"another message, another error", spec.ProfileAWS, "missing", resp(404, "ServiceException", "Message", "Function not found"), false},
		{"no message", spec.ProfileAWS, "missing", resp(404, "ResourceNotFoundException", "", ""), false},
		{"$LATEST qualified, ARN with :$LATEST", spec.ProfileAWS, "missing:$LATEST", resp(404, "ResourceNotFoundException", "Message", "Function not found: "+arn+":$LATEST"), false},
		{"$LATEST qualified, plain ARN", spec.ProfileAWS, "missing:$LATEST", resp(404, "ResourceNotFoundException", "Message", "Function not found: "+arn), false},
		{"unqualified, ARN with :$LATEST", spec.ProfileAWS, "missing", resp(404, "ResourceNotFoundException", "Message", "Function not found: "+arn+":$LATEST"), true},
	} {
		f := NotFoundMessage(tc.p, g, tc.fn, tc.r)
		if (f != nil) != tc.finding {
			t.Errorf("%s: finding %v, want one: %v", tc.name, f, tc.finding)
		}
	}
}

// TestJudgeOtherRegionIsNoNotFound checks that a request for an ARN in
// another region, answered as AWS answers it (404
// ResourceNotFoundException, "Functions from 'us-west-2' are not reachable
// in this region", docs/spec/aws.md#other-region), passes: it is not held
// to the not-found message, which names the function's ARN.
func TestJudgeOtherRegionIsNoNotFound(t *testing.T) {
	g := generators.Env{Partition: "aws", Region: "us-east-1", Account: "123456789012", Function: "fn"}
	c := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "arn:aws:lambda:us-west-2:123456789012:function:fn"},
		Breaks: []spec.ClauseID{spec.NameOtherRegion}}
	msg := "Functions from 'us-west-2' are not reachable in this region ('us-east-1')"
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-RequestId", "c0ffee00-0000-4000-8000-000000000000")
	h.Set("X-Amzn-ErrorType", "ResourceNotFoundException")
	r := &wire.Response{Status: 404, Header: h, ErrorType: "ResourceNotFoundException", MessageKey: "Message", Message: msg,
		JSON: map[string]any{"Type": "User", "Message": msg}}
	if err := Judge(&Evaluated{}, spec.ProfileAWS, g, c, r); err != nil {
		t.Errorf("AWS's answer to an ARN of another region was judged a failure:\n%v", err)
	}
}
