package check

import (
	"context"
	"fmt"
	"strings"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// The checks in this file need an endpoint configured with a limit: a rate
// limit, a code storage quota, a slow update or injected service faults. They
// cannot fail on an endpoint without one only because it has none, so the
// caller runs them where the user says the limit exists.

// burst sends n valid updates of code in a row and returns the responses.
// A transport failure is blamed on clause.
func burst(ctx context.Context, env Env, clause spec.ClauseID, n int, code []byte) ([]*wire.Response, request.UpdateFunctionCode, error) {
	req := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}
	out := make([]*wire.Response, 0, n)
	for i := 0; i < n; i++ {
		r, err := env.Target.Wire.UpdateFunctionCode(ctx, req)
		if err != nil {
			return nil, req, &finding.Finding{Clause: clause, Summary: "the endpoint gave no readable HTTP answer",
				Expected: "200 or the limit's error", Got: err.Error(), Transport: transportClass(err),
				Input: req.String(), Reproducer: env.Target.Wire.Curl(req)}
		}
		out = append(out, r)
	}
	return out, req, nil
}

// limited requires that some of n back-to-back updates met the limit of
// clause and that every answer was either a conforming success or the
// clause's error, well formed. extra checks each limit error further.
func limited(ctx context.Context, env Env, clause spec.ClauseID, n int, code []byte, extra func(*wire.Response) *finding.Finding) error {
	rs, req, err := burst(ctx, env, clause, n, code)
	if err != nil {
		return err
	}
	want, _ := spec.Expect(env.Profile, []spec.ClauseID{clause})
	met := false
	// A divergence every limited answer shows is reported once.
	var col collector
	for _, r := range rs {
		if r.Status == 200 {
			col.add(Success(env.Evaluated, env.Profile, env.Gen, req, code, r))
			continue
		}
		met = true
		col.add(ErrorResponse(env.Evaluated, env.Profile, want, clause, r))
		if extra != nil {
			if f := extra(r); f != nil {
				col.add(f)
			}
		}
	}
	env.Evaluated.addIn(env.Profile, clause)
	if !met {
		col.add(&finding.Finding{Clause: clause,
			Summary:  fmt.Sprintf("%d back-to-back updates never met the limit the endpoint was configured with", n),
			Expected: "at least one " + want.String(), Got: fmt.Sprintf("%d answers of 200", n)})
	}
	for _, f := range col.fs {
		f.Input, f.Reproducer = req.String(), env.Target.Wire.Curl(req)
	}
	return col.err()
}

// Throttling sends n updates in a row to an endpoint with a rate limit below
// n per second and requires 429 TooManyRequestsException, Rate exceeded,
// with a Retry-After header, for those over the limit.
func Throttling(ctx context.Context, env Env, n int, code []byte) error {
	return limited(ctx, env, spec.Throttled, n, code, func(r *wire.Response) *finding.Finding {
		if r.Status == 429 && strings.TrimSpace(r.Header.Get("Retry-After")) == "" {
			return &finding.Finding{Clause: spec.Throttled, Summary: "the 429 carries no Retry-After header",
				Expected: "a Retry-After header", Got: Describe(r)}
		}
		return nil
	})
}

// ServiceFaults sends n updates to an endpoint that fails some of them on
// purpose and requires each failure to be a well-formed 500
// ServiceException.
func ServiceFaults(ctx context.Context, env Env, n int, code []byte) error {
	return limited(ctx, env, spec.ServiceFault, n, code, nil)
}

// StorageQuota uploads code, larger than what remains of the endpoint's
// code storage quota, and requires 400 CodeStorageExceededException.
func StorageQuota(ctx context.Context, env Env, code []byte) error {
	return limited(ctx, env, spec.CodeStorage, 1, code, nil)
}

// InProgress sends two updates back to back to an endpoint whose updates
// take a while to finish: the second must be answered 409
// ResourceConflictException naming the function's ARN.
func InProgress(ctx context.Context, env Env, code []byte) error {
	arn := fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", env.Gen.Partition, env.Gen.Region, env.Gen.Account, env.Gen.Function)
	return limited(ctx, env, spec.ConflictInProgress, 2, code, func(r *wire.Response) *finding.Finding {
		if r.Status == 409 && r.MessageKey != "" && !strings.Contains(r.Message, arn) {
			return &finding.Finding{Clause: spec.ConflictInProgress, Summary: "the conflict message does not name the function's ARN",
				Expected: spec.MsgInProgress + arn, Got: Describe(r)}
		}
		return nil
	})
}
