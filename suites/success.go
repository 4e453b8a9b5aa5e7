package suites

import (
	"errors"
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// valid builds a case that breaks nothing and uploads code.
func valid(r request.UpdateFunctionCode, code []byte) generators.Case {
	return generators.Case{Class: "example", Request: r, Code: code}
}

var _ = Describe("A successful update", Label("success"), func() {
	var env check.Env
	BeforeEach(func(ctx SpecContext) { env = newEnv(ctx) })

	It("reports the SHA-256 and size of inline code and shows the code through GetFunction",
		reportable(spec.CodeVisible), func(ctx SpecContext) {
			code := check.Zip("index.py", "def handler(event, context):\n    return 'inline'\n")
			c := valid(request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, code)
			report(env, &c, "", errors.Join(check.Outcome(ctx, env, c), check.CodeVisible(ctx, env, env.Gen.Function, code)))
		})

	It("reports the size of an inline package over 64 KiB", reportable(spec.CodeVisible), func(ctx SpecContext) {
		code := generators.LargeZip(100<<10, 64)
		c := valid(request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, code)
		report(env, &c, "", errors.Join(check.Outcome(ctx, env, c), check.CodeVisible(ctx, env, env.Gen.Function, code)))
	})

	It("reports the SHA-256 and size of code from S3 and shows it through GetFunction",
		reportable(spec.CodeVisible), func(ctx SpecContext) {
			r := s3(env.Gen.Bucket, env.Gen.Key)
			r.FunctionName = env.Gen.Function
			c := valid(r, env.Gen.KeyZip)
			report(env, &c, "", errors.Join(check.Outcome(ctx, env, c), check.CodeVisible(ctx, env, env.Gen.Function, env.Gen.KeyZip)))
		})

	It("takes the object version S3ObjectVersion names, not the latest", reportable(spec.CodeVisible), func(ctx SpecContext) {
		requireVersions(env)
		oldest := env.Gen.Versions[0]
		r := s3(env.Gen.VersionedBucket, env.Gen.VersionedKey)
		r.FunctionName, r.S3ObjectVersion = env.Gen.Function, request.String(oldest.ID)
		c := valid(r, oldest.Zip)
		report(env, &c, "", check.Outcome(ctx, env, c))
	})

	It("updates the same function through every form of its name", reportable(spec.NameForms, spec.NameLatest, spec.CodeVisible),
		func(ctx SpecContext) {
			report(env, nil, "", check.NameForms(ctx, env))
		})

	It("accepts byte-identical code again with the same CodeSha256", reportable(spec.HashReupload, spec.RevisionChanges),
		func(ctx SpecContext) {
			report(env, nil, "", check.Reupload(ctx, env, check.Zip("index.py", "# re-uploaded\n")))
		})

	It("changes the RevisionId on every update", reportable(spec.RevisionChanges), func(ctx SpecContext) {
		requireProfile(spec.RevisionChanges)
		report(env, nil, "", check.RevisionChanges(ctx, env, check.Zip("index.py", "# new revision\n")))
	})

	It("answers a stale RevisionId with 412 and leaves the code alone", reportable(spec.RevisionMismatch), func(ctx SpecContext) {
		requireProfile(spec.RevisionMismatch)
		report(env, nil, "", check.RevisionMismatch(ctx, env, check.Zip("index.py", "# guarded by RevisionId\n")))
	})

	It("changes neither code nor versions on DryRun", reportable(spec.DryRunUnchanged), func(ctx SpecContext) {
		requireProfile(spec.DryRunUnchanged)
		report(env, nil, "", check.DryRunUnchanged(ctx, env, check.Zip("index.py", "# dry run only\n")))
	})

	It("creates the next version on each Publish and describes it", reportable(spec.PublishMonotonic, spec.CodeVisible),
		func(ctx SpecContext) {
			report(env, nil, "", check.PublishSequence(ctx, env, check.Zip("index.py", "# published\n")))
		})

	It("applies the requested architecture", reportable(spec.ArchApplies), func(ctx SpecContext) {
		requireProfile(spec.ArchApplies)
		var errs []error
		var last generators.Case
		for _, arch := range []string{"arm64", "x86_64"} {
			code := check.Zip("index.py", fmt.Sprintf("# built for %s\n", arch))
			c := valid(request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code, Architectures: []string{arch}}, code)
			err := check.Outcome(ctx, env, c)
			if err != nil && last.Request.FunctionName == "" {
				last = c
			}
			errs = append(errs, err)
		}
		report(env, &last, "", errors.Join(errs...))
	})
})

var _ = Describe("The error wire format", Label("wire"), func() {
	var env check.Env
	BeforeEach(func(ctx SpecContext) { env = newEnv(ctx) })

	DescribeTable("an error answer names its type and message as the model says",
		func(ctx SpecContext, build example) {
			c := build(env.Gen)
			report(env, &c, "", check.Outcome(ctx, env, c))
		},
		Entry("ResourceNotFoundException, Message", named("MISSING-wire", spec.NameNotFound), Label(string(spec.NameNotFound)), Label(wireLabels...)),
		Entry("ResourceNotFoundException for a $LATEST-qualified name", named("MISSING-wire:$LATEST", spec.NameNotFound), Label(string(spec.NameNotFound)), Label(wireLabels...)),
		Entry("InvalidParameterValueException, message", coded([]byte("not a zip"), spec.ZipNotZip), Label(string(spec.ZipNotZip)), Label(wireLabels...)),
		Entry("ValidationException", named("FN.dotted"), Label(string(spec.NamePattern)), Label(wireLabels...)),
	)

	It("labels a success application/json with a request ID", reportable(), func(ctx SpecContext) {
		code := check.Zip("index.py", "# protocol\n")
		c := valid(request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, code)
		report(env, &c, "", check.Outcome(ctx, env, c))
	})
})
