package check

import (
	"context"
	"errors"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// Sender sends cases, one at a time, to the fixture function of Env, and
// judges each answer as Send does, with fewer requests: after an accepted
// update it waits for the update to finish (target.WaitUpdated, a
// GetFunction poll) only when the endpoint shows that the next request
// needs it.
//
//   - The first update it sends that is accepted is waited for at once, as
//     Send does: that proves the endpoint's updates finish (UPDATE-SETTLES)
//     and reports one that never does on the case that made it.
//   - After a later accepted update it sends the next case at once. If
//     that case is refused with 409 ResourceConflictException (on AWS:
//     "An update is in progress"), the refusal is not judged: the Sender
//     waits for the update to finish and sends the case again, and judges
//     that second answer, which the endpoint gave a function with no
//     update in progress, exactly as Send would have judged it. A function
//     that does not finish within the target's WaitTimeout is a finding on
//     UPDATE-SETTLES, the same as Send's, and the case is not sent again.
//   - An answer other than that 409 is judged as it is. An endpoint that
//     refuses updates while one is in progress (AWS, the reference with
//     UpdateDuration) answers 409 to a request that would change the
//     function; one that does not (moto) has nothing to wait for.
//
// A Sender is not safe for concurrent use: its callers take turns, as the
// requests to one function must.
type Sender struct {
	Env Env
	// waited reports that an accepted update was waited for; pending,
	// that the last accepted update was not.
	waited, pending bool
}

// Send sends c, waits or resends as the Sender's rules say, and returns
// the answer it judged (nil when none was read), how many
// UpdateFunctionCode requests it sent (1, or 2 when the first met an
// update in progress), and the judgement, as Send returns it.
func (s *Sender) Send(ctx context.Context, c generators.Case) (*wire.Response, int, error) {
	env := s.Env
	dryRun := c.Request.DryRun != nil && *c.Request.DryRun
	resp, err := env.Target.Wire.UpdateFunctionCode(ctx, c.Request)
	sent := 1
	if err == nil && s.pending && resp.Status == 409 && resp.ErrorType == spec.ErrResourceConflict {
		// The conflict is the harness's own doing: it did not wait.
		if f := settle(ctx, env, &wire.Response{Status: 200}, false); f != nil {
			return resp, sent, annotate(env, c, f)
		}
		s.pending = false
		resp, err = env.Target.Wire.UpdateFunctionCode(ctx, c.Request)
		sent++
	}
	if err != nil {
		return nil, sent, annotate(env, c, transportFinding(env.Profile, c, err))
	}
	judged := Judge(env.Evaluated, env.Profile, env.Gen, c, resp)
	if resp.Status == 200 && !dryRun {
		if s.waited {
			s.pending = true
		} else {
			s.waited = true
			if f := settle(ctx, env, resp, false); f != nil {
				// Still in progress: a 409 to the next case is again
				// the harness's doing.
				s.pending = true
				judged = errors.Join(judged, f)
			}
		}
	}
	return resp, sent, annotate(env, c, judged)
}
