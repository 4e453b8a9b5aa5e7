package check

import (
	"context"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// settle waits, after an update the endpoint accepted, until the function's
// LastUpdateStatus leaves InProgress (target.WaitUpdated, the SDK's
// FunctionUpdatedV2 waiter), as a client of AWS must before its next change
// to the function: AWS answers a change sent meanwhile with 409
// ResourceConflictException. It does nothing for a DryRun or a response
// other than 200. A function that does not settle within the target's
// WaitTimeout, or whose update failed, is a finding on UPDATE-SETTLES.
func settle(ctx context.Context, env Env, r *wire.Response, dryRun bool) *finding.Finding {
	if r == nil || r.Status != 200 || dryRun || env.Target == nil {
		return nil
	}
	env.Evaluated.addIn(env.Profile, spec.UpdateSettles)
	if err := env.Target.WaitUpdated(ctx, env.Gen.Function); err != nil {
		return &finding.Finding{Clause: spec.UpdateSettles,
			Summary:  "the accepted update did not finish",
			Expected: "LastUpdateStatus Successful (no longer InProgress) within LAMBDACONF_WAIT_TIMEOUT",
			Got:      err.Error()}
	}
	return nil
}

// Settle waits until the last update of the fixture function has finished,
// for a spec that updated it through another client (the SDK, the AWS
// CLI) before its next change. A function that does not settle is a
// finding on UPDATE-SETTLES.
func Settle(ctx context.Context, env Env) error {
	if f := settle(ctx, env, &wire.Response{Status: 200}, false); f != nil {
		return f
	}
	return nil
}

// unsettled returns a finding on UPDATE-SETTLES when r refuses a valid
// update with 409 ResourceConflictException, and nil otherwise. The
// harness sends the next change only once GetFunction shows no update in
// progress, so such a refusal means the endpoint's states disagree; it is
// not judged by CONFLICT-IN-PROGRESS, whose spec sends an update during
// another on purpose.
func unsettled(ev *Evaluated, p spec.Profile, r *wire.Response) *finding.Finding {
	if r.Status != 409 || r.ErrorType != spec.ErrResourceConflict || !spec.MustLookup(spec.UpdateSettles).In(p) {
		return nil
	}
	ev.addIn(p, spec.UpdateSettles)
	return &finding.Finding{Clause: spec.UpdateSettles,
		Summary:  "the endpoint refused a valid update as conflicting, although GetFunction showed no update in progress",
		Expected: "200 once LastUpdateStatus is no longer InProgress",
		Got:      Describe(r)}
}
