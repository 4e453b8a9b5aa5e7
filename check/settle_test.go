package check

import (
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// A check that updates the function twice passes against an endpoint whose
// creates and updates take a while, as AWS's do, because each accepted
// update is waited for; without the wait the second update meets 409.
func TestChecksWaitForSlowUpdates(t *testing.T) {
	env, _ := referenceEnv(t, reference.Options{CreateDuration: 200 * time.Millisecond, UpdateDuration: 200 * time.Millisecond})
	env.Evaluated = &Evaluated{}
	start := time.Now()
	if err := Reupload(ctx(t), env, Zip("index.py", "# slow\n")); err != nil {
		t.Errorf("false alarm against a slow endpoint:\n%v", err)
	}
	if d := time.Since(start); d < 400*time.Millisecond {
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
	env.Target.WaitTimeout = 300 * time.Millisecond
	env.Evaluated = &Evaluated{}
	code := Zip("index.py", "# stuck\n")
	_, err := Update(ctx(t), env, spec.HashInline, request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, code)
	if !blames(err, []spec.ClauseID{spec.UpdateSettles}) {
		t.Fatalf("an update stuck InProgress was reported as %v, want UPDATE-SETTLES:\n%v", clauses(err), err)
	}
	if f := Findings(err); len(f) > 0 && !strings.Contains(f[0].Got, "within 300ms (LAMBDACONF_WAIT_TIMEOUT)") {
		t.Errorf("the finding says %q; it should name the bound and the variable that sets it", f[0].Got)
	}
	if len(clauses(err)) != 1 {
		t.Errorf("findings name %v; only UPDATE-SETTLES is broken", clauses(err))
	}
}
