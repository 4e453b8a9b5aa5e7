package check

import (
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// A check that updates the function twice passes against an endpoint whose
// creates and updates take a while, as AWS's do, because each accepted
// update is waited for; without the wait the second update meets 409.
func TestChecksWaitForSlowUpdates(t *testing.T) {
	env, _ := referenceEnv(t, reference.Options{CreateDuration: 100 * time.Millisecond, UpdateDuration: 100 * time.Millisecond})
	env.Evaluated = &Evaluated{}
	start := time.Now()
	if err := Reupload(ctx(t), env, Zip("index.py", "# slow\n")); err != nil {
		t.Errorf("false alarm against a slow endpoint:\n%v", err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("two updates took %v: the check did not wait for them to finish", d)
	}
	if !env.Evaluated.Has(spec.UpdateSettles) {
		t.Errorf("UPDATE-SETTLES not recorded as evaluated (recorded %v)", env.Evaluated.Clauses())
	}
}

// An update that never finishes within the wait bound is reported on
// UPDATE-SETTLES, not as the rejection of the next request.
func TestUpdateThatNeverSettles(t *testing.T) {
	env, _ := referenceEnv(t, reference.Options{UpdateDuration: time.Hour})
	env.Target.WaitTimeout = 100 * time.Millisecond
	env.Evaluated = &Evaluated{}
	code := Zip("index.py", "# stuck\n")
	_, err := Update(ctx(t), env, spec.HashInline, request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, code)
	if !blames(err, []spec.ClauseID{spec.UpdateSettles}) {
		t.Fatalf("an update stuck InProgress was reported as %v, want UPDATE-SETTLES:\n%v", clauses(err), err)
	}
	if f := Findings(err); len(f) > 0 && !strings.Contains(f[0].Got, "within 100ms (LAMBDACONF_WAIT_TIMEOUT)") {
		t.Errorf("the finding says %q; it should name the bound and the variable that sets it", f[0].Got)
	}
	if len(clauses(err)) != 1 {
		t.Errorf("findings name %v; only UPDATE-SETTLES is broken", clauses(err))
	}
}

// A valid update refused with 409 outside the spec that provokes one is
// not judged by CONFLICT-IN-PROGRESS: the harness waited for the previous
// update, so the endpoint's states disagree, which UPDATE-SETTLES names.
func TestConflictOutsideItsSpecIsNotConflictInProgress(t *testing.T) {
	g := generators.Env{Partition: "aws", Region: "us-east-1", Account: "123456789012", Function: "fn"}
	code := Zip("index.py", "# refused\n")
	c := generators.Case{Request: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}, Code: code}
	r := &wire.Response{Status: 409, ErrorType: spec.ErrResourceConflict, MessageKey: "message",
		Message: spec.MsgInProgress + "arn:aws:lambda:us-east-1:123456789012:function:fn"}
	err := Judge(nil, spec.ProfileAWS, g, c, r)
	if got := clauses(err); len(got) != 1 || got[0] != spec.UpdateSettles {
		t.Errorf("a 409 to a valid update was blamed on %v, want UPDATE-SETTLES:\n%v", got, err)
	}
}
