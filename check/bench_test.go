package check

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// BenchmarkOutcome measures one inline update, sent, answered by the
// embedded reference and judged, which bounds how many property checks a
// run can afford.
func BenchmarkOutcome(b *testing.B) {
	env, _ := referenceEnv(b, reference.Options{})
	code := Zip("index.py", "# bench\n")
	c := generators.Case{Request: request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, Code: code}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := Outcome(ctx, env, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSchema measures the schema check of one recorded configuration.
func BenchmarkSchema(b *testing.B) {
	var m map[string]any
	if err := json.Unmarshal([]byte(recorded), &m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Schema(nil, spec.ProfileAWS, m); err != nil {
			b.Fatal(err)
		}
	}
}
