package check

import (
	"context"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// LargePackage sends req, a valid update whose package (code) or body sits
// just under one of the service's size limits, and requires it to succeed
// as any valid update does: 200, the CodeSha256 and CodeSize of code as the
// harness computes them, and GetFunction showing that code. A refusal, a
// transport failure or an answer that is not a FunctionConfiguration is
// blamed on clause (one of LARGE-ZIP-INLINE, LARGE-ZIP-S3, LARGE-UNZIPPED,
// LARGE-REQUEST); a wrong hash or size on the hash clauses, as for any
// upload. The request body is streamed (request.BodyReader), so the harness
// holds the package once, never its base64 text.
func LargePackage(ctx context.Context, env Env, clause spec.ClauseID, req request.UpdateFunctionCode, code []byte) error {
	env.Evaluated.addIn(env.Profile, clause)
	var col collector
	cfg, err := Update(ctx, env, clause, req, code)
	col.add(err)
	if cfg == nil {
		return col.err()
	}
	col.add(CodeVisible(ctx, env, env.Gen.Function, code))
	return col.err()
}
