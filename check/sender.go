package check

import (
	"context"
	"errors"
	"sync"

	"github.com/lambdaconf/lambdaconf/finding"
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
// A Sender is safe for concurrent use. Its callers take turns at the
// endpoint, as the requests to one function must: one request of a
// Sender is in flight at a time, and the next is sent only once the last
// answer was read and, where the rules say so, its update finished. A
// caller builds and hashes its body before its turn and judges the answer
// after it, so that callers in turn keep the endpoint busy.
type Sender struct {
	Env Env

	turn sync.Mutex
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
	u := wire.PrepareUpdate(c.Request)
	resp, sent, settled, err := s.exchange(ctx, c, u)
	u.Release()
	if err != nil {
		return resp, sent, annotate(env, c, err)
	}
	// A 409 is judged on what the last wait before it saw: exchange
	// waits after an accepted update only, never after a 409.
	judged := judge(env.Evaluated, env.Profile, env.Gen, c, resp, lastWaitOf(env))
	if settled != nil {
		judged = errors.Join(judged, settled)
	}
	return resp, sent, annotate(env, c, judged)
}

// exchange is the Sender's turn: it sends u, waits and sends it again
// where the rules say so, and returns the answer to judge, the number of
// requests sent, and settled, the finding of the first accepted update's
// wait when it failed; or, instead of an answer, the finding err (a
// transport failure, an update in progress that did not finish).
func (s *Sender) exchange(ctx context.Context, c generators.Case, u *wire.Update) (resp *wire.Response, sent int, settled *finding.Finding, err error) {
	env := s.Env
	s.turn.Lock()
	defer s.turn.Unlock()
	resp, err = env.Target.Wire.SendUpdate(ctx, u)
	sent = 1
	if err == nil && s.pending && resp.Status == 409 && resp.ErrorType == spec.ErrResourceConflict {
		// The conflict is the harness's own doing: it did not wait.
		if f := settle(ctx, env, &wire.Response{Status: 200}, false); f != nil {
			return nil, sent, nil, f
		}
		s.pending = false
		resp, err = env.Target.Wire.SendUpdate(ctx, u)
		sent++
	}
	if err != nil {
		return nil, sent, nil, transportFinding(env.Profile, c, err)
	}
	if resp.Status == 200 && (c.Request.DryRun == nil || !*c.Request.DryRun) {
		if s.waited {
			s.pending = true
		} else {
			s.waited = true
			if settled = settle(ctx, env, resp, false); settled != nil {
				// Still in progress: a 409 to the next case is again
				// the harness's doing.
				s.pending = true
			}
		}
	}
	return resp, sent, settled, nil
}
