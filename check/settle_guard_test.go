package check

import (
	"net/http"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// TestSettleWaitsOnlyAfterAnAcceptedUpdate checks, on a function whose
// update stays InProgress, that settle does not wait (and so reports
// nothing) after a response other than 200, after a DryRun, or without a
// response, and that it does wait, and reports UPDATE-SETTLES, after a 200.
func TestSettleWaitsOnlyAfterAnAcceptedUpdate(t *testing.T) {
	env, _ := referenceEnv(t, reference.Options{UpdateDuration: time.Hour})
	env.Target.WaitTimeout = 100 * time.Millisecond
	env.Evaluated = &Evaluated{}
	if r, err := env.Target.Wire.UpdateFunctionCode(ctx(t), request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: Zip("a.py", "stuck")}); err != nil || r.Status != 200 {
		t.Fatalf("the update that stays InProgress: %v, %v", r, err)
	}
	for name, tc := range map[string]struct {
		r      *wire.Response
		dryRun bool
	}{
		"a 409":              {&wire.Response{Status: 409, ErrorType: "ResourceConflictException"}, false},
		"a 200 for a DryRun": {&wire.Response{Status: 200}, true},
		"no response":        {nil, false},
	} {
		if f := settle(ctx(t), env, tc.r, tc.dryRun); f != nil {
			t.Errorf("after %s, settle waited: %v", name, f)
		}
	}
	if f := settle(ctx(t), env, &wire.Response{Status: 200}, false); f == nil || f.Clause != spec.UpdateSettles {
		t.Errorf("after a 200, settle did not report the update that stays InProgress: %v", f)
	}
}

// TestUnsettledOnlyFor409ResourceConflict checks that only a 409
// ResourceConflictException to a valid update is taken for an endpoint
// whose states disagree.
func TestUnsettledOnlyFor409ResourceConflict(t *testing.T) {
	for _, tc := range []struct {
		status  int
		errType string
		want    bool
	}{
		{409, "ResourceConflictException", true},
		{409, "TooManyRequestsException", false},
		{400, "ResourceConflictException", false},
		{200, "", false},
	} {
		f := unsettled(&Evaluated{}, spec.ProfileAWS, &wire.Response{Status: tc.status, ErrorType: tc.errType}, lastWait{waited: true})
		if (f != nil) != tc.want {
			t.Errorf("%d %s: finding %v, want one: %v", tc.status, tc.errType, f, tc.want)
		}
	}
}

// TestErrorResponseAccessDeniedWithoutMessage checks that an
// AccessDeniedException without a message, which the checks accept, is not
// then held to the outcome's message prefix either.
func TestErrorResponseAccessDeniedWithoutMessage(t *testing.T) {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-RequestId", "c0ffee00-0000-4000-8000-000000000000")
	h.Set("X-Amzn-ErrorType", "AccessDeniedException")
	r := &wire.Response{Status: 403, Header: h, ErrorType: "AccessDeniedException", JSON: map[string]any{}}
	want := spec.Outcome{Status: 403, ErrorTypes: []string{"AccessDeniedException"}, MessagePrefix: "User: "}
	if err := ErrorResponse(&Evaluated{}, spec.ProfileAWS, want, spec.NameNotFound, r); err != nil {
		t.Errorf("an AccessDeniedException without a message:\n%v", err)
	}
}
