package campaign

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// A side that publishes many versions keeps at most 2×KeptVersions of
// them on the endpoint, the newest among them, and deletes no other
// function's.
func TestPublishedVersionsArePruned(t *testing.T) {
	ctx := context.Background()
	srv := reference.NewServer(reference.Options{Profile: spec.ProfileAWS})
	defer srv.Close()
	tgt, err := target.Open(ctx, target.Config{Endpoint: srv.URL, Profile: spec.ProfileAWS})
	if err != nil {
		t.Fatal(err)
	}
	run := fixtures.NewRun(tgt, fixtures.NewPrefix())
	defer run.Cleanup(ctx)
	g, err := check.Setup(ctx, run, run.Prefix+"v", spec.ProfileAWS)
	if err != nil {
		t.Fatal(err)
	}
	env := check.Env{Target: tgt, Gen: g, Profile: spec.ProfileAWS}
	s := &side{run: run, env: env, sender: &check.Sender{Env: env}}
	var log strings.Builder
	const n = 3*KeptVersions + 5
	var last string
	for i := range n {
		code := check.Zip("index.py", fmt.Sprintf("# version %d\n", i))
		resp, _, err := s.sender.Send(ctx, generators.Case{Request: request.UpdateFunctionCode{FunctionName: g.Function, ZipFile: code, Publish: request.Bool(true)}, Code: code})
		if err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
		last, _ = resp.JSON["Version"].(string)
		s.published.note(ctx, s, resp, &log)
	}
	if log.Len() > 0 {
		t.Fatalf("pruning said: %s", log.String())
	}
	out, err := tgt.Lambda.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String(g.Function), MaxItems: aws.Int32(1000)})
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for _, v := range out.Versions {
		if aws.ToString(v.Version) != "$LATEST" {
			numbers = append(numbers, aws.ToString(v.Version))
		}
	}
	if len(numbers) > 2*KeptVersions || len(numbers) < KeptVersions {
		t.Errorf("after %d publishes the function has %d published versions, want %d to %d", n, len(numbers), KeptVersions, 2*KeptVersions)
	}
	if !slices.Contains(numbers, last) {
		t.Errorf("the newest version, %s, was deleted: %v", last, numbers)
	}
}
