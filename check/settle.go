package check

import (
	"context"
	"sync"

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
	err := env.Target.WaitUpdated(ctx, env.Gen.Function)
	waits.Store(waitKey{env.Target.Endpoint, env.Gen.Function}, lastWait{waited: true, err: err})
	if err != nil {
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

// waits holds, per endpoint and function (a waitKey), what the harness
// saw when it last waited for an update of the function (a lastWait), so
// that a 409 to the next update says only what was observed. It grows by
// one small entry per function waited for.
var waits sync.Map

// waitKey names a function on an endpoint.
type waitKey struct{ endpoint, function string }

// lastWait is what the harness saw when it last waited (settle) for an
// update of a function: waited is false when it never did; err is the
// wait's error, nil when GetFunction showed the update finished.
type lastWait struct {
	waited bool
	err    error
}

// lastWaitOf returns what the harness saw when it last waited for an
// update of env's fixture function.
func lastWaitOf(env Env) lastWait {
	if env.Target == nil {
		return lastWait{}
	}
	v, _ := waits.Load(waitKey{env.Target.Endpoint, env.Gen.Function})
	w, _ := v.(lastWait)
	return w
}

// unsettled returns a finding on UPDATE-SETTLES when r refuses a valid
// update with 409 ResourceConflictException, and nil otherwise. The
// harness sends the next change only once it waited for the last one it
// made, so such a refusal means the endpoint's states disagree, or that
// its update did not finish: the summary says which of the harness's
// observations, seen, it follows (GetFunction showed no update in
// progress; the wait failed, and how; no wait at all). It is not judged by
// CONFLICT-IN-PROGRESS, whose spec sends an update during another on
// purpose.
func unsettled(ev *Evaluated, p spec.Profile, r *wire.Response, seen lastWait) *finding.Finding {
	if r.Status != 409 || r.ErrorType != spec.ErrResourceConflict || !spec.MustLookup(spec.UpdateSettles).In(p) {
		return nil
	}
	ev.addIn(p, spec.UpdateSettles)
	summary := "the endpoint refused a valid update as conflicting, although GetFunction showed no update in progress when the harness last waited for one"
	switch {
	case !seen.waited:
		summary = "the endpoint refused a valid update as conflicting; the harness had not waited for an update of the function before it"
	case seen.err != nil:
		summary = "the endpoint refused a valid update as conflicting, after the harness's wait for the last update of the function failed: " + seen.err.Error()
	}
	return &finding.Finding{Clause: spec.UpdateSettles,
		Summary:  summary,
		Expected: "200 once LastUpdateStatus is no longer InProgress",
		Got:      Describe(r)}
}
