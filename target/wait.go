package target

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
)

// DefaultWaitTimeout bounds WaitActive and WaitUpdated when
// LAMBDACONF_WAIT_TIMEOUT is unset. AWS usually finishes a create or an
// update within seconds; the SDK waiters allow up to 5 minutes.
const DefaultWaitTimeout = 2 * time.Minute

// WaitMinDelay and WaitMaxDelay are the waiters' backoff bounds. The SDK's
// defaults (1 s and 300 s) would add a second to every update against an
// endpoint that finishes at once, such as the embedded reference.
const (
	WaitMinDelay = 20 * time.Millisecond
	WaitMaxDelay = 500 * time.Millisecond
)

// ErrWaitTimeout is wrapped by the error of a wait that ran out of time.
var ErrWaitTimeout = errors.New("the function did not settle in time")

// WaitActive waits, as the SDK's FunctionActiveV2 waiter does, until the
// function name (any form GetFunction takes) is no longer Pending: it
// returns nil once State is Active (or absent, on an endpoint that does not
// model states), an error naming the reason when State is Failed, and an
// error wrapping ErrWaitTimeout after Config.WaitTimeout. It polls on
// through throttling and service errors, as SDK clients retry them.
func (t *Target) WaitActive(ctx context.Context, name string) error {
	w := lambda.NewFunctionActiveV2Waiter(t.Lambda, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = WaitMinDelay, WaitMaxDelay
		o.Retryable = func(ctx context.Context, _ *lambda.GetFunctionInput, out *lambda.GetFunctionOutput, err error) (bool, error) {
			if err != nil {
				return retryable(err)
			}
			c := out.Configuration
			if c == nil {
				return false, nil
			}
			switch c.State {
			case types.StatePending:
				return true, nil
			case types.StateFailed:
				return false, fmt.Errorf("State Failed (%s: %s)", c.StateReasonCode, aws.ToString(c.StateReason))
			}
			return false, nil
		}
	})
	return t.wait(ctx, name, "become Active", func(ctx context.Context, in *lambda.GetFunctionInput, d time.Duration) error {
		return w.Wait(ctx, in, d)
	})
}

// WaitUpdated waits, as the SDK's FunctionUpdatedV2 waiter does, until the
// last update of the function name has finished: it returns nil once
// LastUpdateStatus is no longer InProgress (Successful, or absent on an
// endpoint that does not report it) and State is not Pending, an error
// naming the reason when it or State is Failed, and an error wrapping
// ErrWaitTimeout after Config.WaitTimeout. It polls on through throttling
// and service errors, as SDK clients retry them.
func (t *Target) WaitUpdated(ctx context.Context, name string) error {
	w := lambda.NewFunctionUpdatedV2Waiter(t.Lambda, func(o *lambda.FunctionUpdatedV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = WaitMinDelay, WaitMaxDelay
		o.Retryable = func(ctx context.Context, _ *lambda.GetFunctionInput, out *lambda.GetFunctionOutput, err error) (bool, error) {
			if err != nil {
				return retryable(err)
			}
			c := out.Configuration
			if c == nil {
				return false, nil
			}
			if c.State == types.StateFailed {
				return false, fmt.Errorf("State Failed (%s: %s)", c.StateReasonCode, aws.ToString(c.StateReason))
			}
			switch c.LastUpdateStatus {
			case types.LastUpdateStatusInProgress:
				return true, nil
			case types.LastUpdateStatusFailed:
				return false, fmt.Errorf("LastUpdateStatus Failed (%s: %s)", c.LastUpdateStatusReasonCode, aws.ToString(c.LastUpdateStatusReason))
			}
			// A function still Pending has no LastUpdateStatus yet.
			return c.State == types.StatePending, nil
		}
	})
	return t.wait(ctx, name, "finish its update", func(ctx context.Context, in *lambda.GetFunctionInput, d time.Duration) error {
		return w.Wait(ctx, in, d)
	})
}

// retryable keeps a waiter polling through throttling and service
// errors, which SDK clients retry, and stops it on any other error.
func retryable(err error) (bool, error) {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "TooManyRequestsException", "ServiceException", "ThrottlingException":
			return true, nil
		}
	}
	return false, err
}

func (t *Target) wait(ctx context.Context, name, what string, run func(context.Context, *lambda.GetFunctionInput, time.Duration) error) error {
	bound := t.WaitTimeout
	if bound <= 0 {
		bound = DefaultWaitTimeout
	}
	err := run(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)}, bound)
	switch {
	case err == nil:
		return nil
	case ctx.Err() == nil && (errors.Is(err, context.DeadlineExceeded) || isExceeded(err)):
		return fmt.Errorf("target: function %s on %s did not %s within %v (LAMBDACONF_WAIT_TIMEOUT): %w", name, t.Endpoint, what, bound, ErrWaitTimeout)
	}
	return fmt.Errorf("target: waiting for function %s on %s to %s: %w", name, t.Endpoint, what, err)
}

// isExceeded recognises the SDK waiters' "exceeded max wait time" error,
// which wraps nothing.
func isExceeded(err error) bool {
	const prefix = "exceeded max wait time"
	s := err.Error()
	return len(s) >= len(prefix) && s[:len(prefix)] == prefix
}
