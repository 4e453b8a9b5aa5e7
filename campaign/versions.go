package campaign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// KeptVersions bounds the versions a campaign leaves published on each of
// its functions: once a worker has published twice this many on one, it
// deletes the oldest half. Every valid case with Publish publishes a
// version whose code the endpoint keeps; on AWS they count against the
// code storage quota, and an emulator holds them in memory and, often,
// scans them at each request. Unpruned, a long campaign slows the endpoint
// it measures and grows it without bound (the embedded reference grew by
// about 4 MB and lost a tenth of its rate every 30 s of `lambdaconf fuzz`).
// The versions are the campaign's own: published on its own fixture
// function, which it deletes whole at the end. No check of a single
// request compares a version number with those published before it, so
// none sees the gap.
const KeptVersions = 32

// published tracks the versions a side's campaign published on its
// function, oldest first, and deletes the oldest when there are too many.
type published struct {
	mu      sync.Mutex
	numbers []string
	// failed reports that a deletion failed: the endpoint keeps the
	// versions from then on, and the campaign says so once.
	failed bool
}

// note records the version an accepted update published, if any, and
// prunes the oldest versions past 2×KeptVersions. resp is the answer to
// an update on s's endpoint; only versions of s's own function count. A
// version already gone (ResourceNotFoundException) counts as deleted.
func (p *published) note(ctx context.Context, s *side, resp *wire.Response, log io.Writer) {
	if resp == nil || resp.Status != 200 || resp.JSON == nil {
		return
	}
	name, _ := resp.JSON["FunctionName"].(string)
	v, _ := resp.JSON["Version"].(string)
	function := s.env.Gen.Function
	if name != function || !spec.ValidVersion(v) || v == "$LATEST" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed {
		return
	}
	if slices.Contains(p.numbers, v) {
		// Answered again (an endpoint that hands out a number twice).
		return
	}
	p.numbers = append(p.numbers, v)
	if len(p.numbers) < 2*KeptVersions {
		return
	}
	old := p.numbers[:len(p.numbers)-KeptVersions]
	for i, n := range old {
		_, err := s.env.Target.Lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(function), Qualifier: aws.String(n)})
		var gone *types.ResourceNotFoundException
		if err != nil && !errors.As(err, &gone) {
			if ctx.Err() == nil {
				p.failed = true
				fmt.Fprintf(log, "campaign: deleting version %s of %s on %s, one of those this campaign published: %v; the endpoint keeps them until the campaign deletes the function at its end\n", n, function, s.env.Target.Endpoint, err)
			}
			p.numbers = p.numbers[i:]
			return
		}
	}
	p.numbers = append(p.numbers[:0], p.numbers[len(old):]...)
}
