package suites

import (
	"errors"
	"fmt"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// belowLimit is how far under a limit the large valid packages stay: no
// recording says whether a limit is inclusive (docs/spec/aws.md#limits).
const belowLimit = 4096

// largeZip is the valid stored archive of spec.MaxZippedSize-belowLimit
// bytes that the large-package specs upload, built once per process. The
// harness holds it once; request.BodyReader encodes it as it is sent.
var largeZip = sync.OnceValue(func() []byte { return generators.LargeZip(spec.MaxZippedSize-belowLimit, 52428800) })

// unzippedZip is the valid archive whose entry unzips to
// spec.MaxUnzippedSize-belowLimit bytes, built once per process.
var unzippedZip = sync.OnceValue(func() []byte { return generators.UnzippedZip(spec.MaxUnzippedSize - belowLimit) })

var _ = Describe("Large valid packages", Label("large"), func() {
	var env check.Env
	BeforeEach(func(ctx SpecContext) { env = newEnv(ctx) })

	It("accepts an inline zip just under 52428800 bytes with its CodeSha256 and CodeSize",
		reportable(spec.LargeZipInline, spec.CodeVisible), func(ctx SpecContext) {
			code := largeZip()
			req := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}
			report(env, nil, "", check.LargePackage(ctx, env, spec.LargeZipInline, req, code))
		})

	It("accepts a zip just under 52428800 bytes from S3 with its CodeSha256 and CodeSize",
		reportable(spec.LargeZipS3, spec.CodeVisible), func(ctx SpecContext) {
			code := largeZip()
			run := fixtures.NewRun(tgt, shared.Prefix)
			DeferCleanup(func(ctx SpecContext) { Expect(run.Cleanup(ctx)).To(Succeed(), "deleting the large object") })
			key := fmt.Sprintf("large/%d.zip", len(code))
			_, err := run.Object(ctx, env.Gen.Bucket, key, code)
			Expect(err).NotTo(HaveOccurred(), "uploading the large package to S3 (set-up, not a verdict)")
			req := request.UpdateFunctionCode{FunctionName: env.Gen.Function, S3Bucket: request.String(env.Gen.Bucket), S3Key: request.String(key)}
			report(env, nil, "", check.LargePackage(ctx, env, spec.LargeZipS3, req, code))
		})

	It("accepts a zip that unzips to just under 262144000 bytes with its CodeSha256 and CodeSize",
		reportable(spec.LargeUnzipped, spec.CodeVisible), func(ctx SpecContext) {
			code := unzippedZip()
			req := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}
			report(env, nil, "", check.LargePackage(ctx, env, spec.LargeUnzipped, req, code))
		})

	It("accepts a request body just under 70167211 bytes with its CodeSha256 and CodeSize",
		reportable(spec.LargeRequest, spec.CodeVisible), func(ctx SpecContext) {
			requireProfile(spec.LargeRequest)
			code := largeZip()
			req := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}
			req.Pad = spec.MaxRequestSizeAWS - belowLimit - int(req.BodySize())
			Expect(req.Pad).To(BeNumerically(">", 0), "the zip alone must leave room under the request limit")
			Expect(int(req.BodySize())).To(Equal(spec.MaxRequestSizeAWS-belowLimit), "the body must be just under the limit")
			report(env, nil, "", check.LargePackage(ctx, env, spec.LargeRequest, req, code))
		})
})

// The request members added since 2024 and the Image code paths.
var _ = Describe("The current request model", Label("model"), func() {
	var env check.Env
	BeforeEach(func(ctx SpecContext) { env = newEnv(ctx) })

	It("accepts S3ObjectStorageMode COPY and REFERENCE with S3 code", reportable(spec.StorageModeAccepted), func(ctx SpecContext) {
		requireProfile(spec.StorageModeAccepted)
		var errs []error
		for _, mode := range spec.StorageModes {
			r := s3(env.Gen.Bucket, env.Gen.Key)
			r.FunctionName, r.S3ObjectStorageMode = env.Gen.Function, request.String(mode)
			_, err := check.Update(ctx, env, spec.StorageModeAccepted, r, env.Gen.KeyZip)
			errs = append(errs, err)
		}
		env.Evaluated.Add(spec.StorageModeAccepted)
		report(env, nil, "", joinErrs(errs))
	})

	It("accepts PublishTo LATEST_PUBLISHED", reportable(spec.PublishToAccepted), func(ctx SpecContext) {
		requireProfile(spec.PublishToAccepted)
		code := check.Zip("index.py", "# published to LATEST_PUBLISHED\n")
		r := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code, PublishTo: request.String("LATEST_PUBLISHED")}
		env.Evaluated.Add(spec.PublishToAccepted)
		_, err := check.Update(ctx, env, spec.PublishToAccepted, r, code)
		report(env, nil, "", err)
	})

	It("accepts a well-formed SourceKMSKeyArn, the empty one included", reportable(spec.KMSKeyAccepted), func(ctx SpecContext) {
		requireProfile(spec.KMSKeyAccepted)
		var errs []error
		for i, key := range []string{fmt.Sprintf("arn:%s:kms:%s:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab", env.Gen.Partition, env.Gen.Region, env.Gen.Account), ""} {
			code := check.Zip("index.py", fmt.Sprintf("# encrypted with key %d\n", i))
			r := request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code, SourceKMSKeyArn: request.String(key)}
			_, err := check.Update(ctx, env, spec.KMSKeyAccepted, r, code)
			errs = append(errs, err)
		}
		env.Evaluated.Add(spec.KMSKeyAccepted)
		report(env, nil, "", joinErrs(errs))
	})

	It("refuses a ZipFile for an Image function with the recorded message",
		Label(string(spec.SourceZipOnImage)), Label(wireLabels...), func(ctx SpecContext) {
			requireProfile(spec.SourceZipOnImage)
			run := fixtures.NewRun(tgt, shared.Prefix)
			DeferCleanup(func(ctx SpecContext) { Expect(run.Cleanup(ctx)).To(Succeed(), "deleting the Image function") })
			name := env.Gen.Function + "-img"
			uri := fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/lambdaconf:latest", env.Gen.Account, env.Gen.Region)
			_, err := run.Function(ctx, name, nil, fixtures.FunctionOptions{PackageType: "Image", ImageUri: uri})
			Expect(err).NotTo(HaveOccurred(), "creating an Image function (set-up, not a verdict)")
			code := check.Zip("index.py", "# zip for an image function\n")
			c := generators.Case{Class: "example", Request: request.UpdateFunctionCode{FunctionName: name, ZipFile: code},
				Breaks: []spec.ClauseID{spec.SourceZipOnImage}, Code: code}
			report(env, &c, "", check.Outcome(ctx, env, c))
		})
})

func joinErrs(errs []error) error { return errors.Join(errs...) }
