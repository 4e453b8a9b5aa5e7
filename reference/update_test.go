package reference

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"hash/crc32"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

func TestCreateGetAndUpdateInline(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	ctx := context.Background()
	first := smallZip(t, "1")
	created := createFunction(t, c, "fn", first)
	if got := aws.ToString(created.CodeSha256); got != sha256Std(first) {
		t.Errorf("create CodeSha256 = %s, want %s", got, sha256Std(first))
	}

	second := smallZip(t, "2")
	out, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: second})
	if err != nil {
		t.Fatalf("UpdateFunctionCode: %v", err)
	}
	if aws.ToString(out.CodeSha256) != sha256Std(second) || out.CodeSize != int64(len(second)) {
		t.Errorf("update = %s/%d, want %s/%d", aws.ToString(out.CodeSha256), out.CodeSize, sha256Std(second), len(second))
	}
	if aws.ToString(out.Version) != "$LATEST" || aws.ToString(out.FunctionArn) != "arn:aws:lambda:us-east-1:123456789012:function:fn" {
		t.Errorf("update describes %s %s, want $LATEST and the unqualified ARN", aws.ToString(out.Version), aws.ToString(out.FunctionArn))
	}
	if !spec.ValidLastModified(aws.ToString(out.LastModified)) {
		t.Errorf("LastModified %q is not yyyy-MM-ddTHH:mm:ss.SSS+0000", aws.ToString(out.LastModified))
	}
	if aws.ToString(out.RevisionId) == aws.ToString(created.RevisionId) || aws.ToString(out.RevisionId) == "" {
		t.Errorf("RevisionId did not change: %s", aws.ToString(out.RevisionId))
	}
	// AWS answers an update InProgress; the next read shows it finished
	// (docs/spec/aws.md#update-async).
	if out.LastUpdateStatus != lambdatypes.LastUpdateStatusInProgress || out.State != lambdatypes.StateActive {
		t.Errorf("status %s/%s, want InProgress/Active", out.LastUpdateStatus, out.State)
	}

	got, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn")})
	if err != nil {
		t.Fatalf("GetFunction: %v", err)
	}
	if aws.ToString(got.Configuration.CodeSha256) != sha256Std(second) {
		t.Errorf("GetFunction shows %s, want the new code %s", aws.ToString(got.Configuration.CodeSha256), sha256Std(second))
	}
	if got.Configuration.LastUpdateStatus != lambdatypes.LastUpdateStatusSuccessful {
		t.Errorf("GetFunction after the update: LastUpdateStatus %s, want Successful", got.Configuration.LastUpdateStatus)
	}
	loc := do(t, http.MethodGet, aws.ToString(got.Code.Location), nil, 0)
	if !bytes.Equal(loc.body, second) {
		t.Errorf("Code.Location serves %d bytes, not the uploaded zip", len(loc.body))
	}

	again, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: second})
	if err != nil {
		t.Fatalf("re-upload: %v", err)
	}
	if aws.ToString(again.CodeSha256) != sha256Std(second) || aws.ToString(again.RevisionId) == aws.ToString(out.RevisionId) {
		t.Errorf("an identical re-upload must keep CodeSha256 and change RevisionId")
	}
	if again.LastModified == out.LastModified {
		t.Errorf("LastModified did not move forward: %s", aws.ToString(again.LastModified))
	}

	for _, form := range []string{"fn:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:fn", "123456789012:function:fn", "function:fn", "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST"} {
		third := smallZip(t, form)
		out, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(form), ZipFile: third})
		if err != nil {
			t.Errorf("update via %q: %v", form, err)
			continue
		}
		if aws.ToString(out.CodeSha256) != sha256Std(third) || aws.ToString(out.FunctionName) != "fn" {
			t.Errorf("update via %q answered %s for %s", form, aws.ToString(out.CodeSha256), aws.ToString(out.FunctionName))
		}
	}
}

func TestUpdateFromS3AndObjectVersion(t *testing.T) {
	srv := startServer(t, Options{})
	c, s := lambdaClient(srv), s3Client(srv)
	ctx := context.Background()
	createFunction(t, c, "fn", smallZip(t, "0"))
	if _, err := s.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("code-bucket")}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	if _, err := s.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String("code-bucket"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled},
	}); err != nil {
		t.Fatalf("PutBucketVersioning: %v", err)
	}
	v1, v2 := storedZip(t, 70<<10, 1), smallZip(t, "v2")
	var ids []string
	for _, z := range [][]byte{v1, v2} {
		put, err := s.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("code-bucket"), Key: aws.String("app.zip"), Body: bytes.NewReader(z)})
		if err != nil {
			t.Fatalf("PutObject: %v", err)
		}
		if aws.ToString(put.VersionId) == "" {
			t.Fatalf("PutObject on a versioned bucket returned no version ID")
		}
		ids = append(ids, aws.ToString(put.VersionId))
	}
	obj, err := s.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("code-bucket"), Key: aws.String("app.zip"), VersionId: aws.String(ids[0])})
	if err != nil {
		t.Fatalf("GetObject by version: %v", err)
	}
	var fetched bytes.Buffer
	_, _ = fetched.ReadFrom(obj.Body)
	obj.Body.Close()
	if !bytes.Equal(fetched.Bytes(), v1) {
		t.Fatalf("GetObject of version 1 returned %d bytes, want %d", fetched.Len(), len(v1))
	}

	latest, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), S3Bucket: aws.String("code-bucket"), S3Key: aws.String("app.zip")})
	if err != nil {
		t.Fatalf("update from S3: %v", err)
	}
	if aws.ToString(latest.CodeSha256) != sha256Std(v2) || latest.CodeSize != int64(len(v2)) {
		t.Errorf("S3 update = %s/%d, want the newest object %s/%d", aws.ToString(latest.CodeSha256), latest.CodeSize, sha256Std(v2), len(v2))
	}
	old, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), S3Bucket: aws.String("code-bucket"), S3Key: aws.String("app.zip"), S3ObjectVersion: aws.String(ids[0])})
	if err != nil {
		t.Fatalf("update from S3 version: %v", err)
	}
	if aws.ToString(old.CodeSha256) != sha256Std(v1) || old.CodeSize != int64(len(v1)) {
		t.Errorf("S3 version update = %s/%d, want version 1 %s/%d", aws.ToString(old.CodeSha256), old.CodeSize, sha256Std(v1), len(v1))
	}

	for _, tc := range []struct {
		bucket, key, version, msg string
	}{
		{"no-such-bucket", "app.zip", "", spec.MsgNoSuchBucket},
		{"code-bucket", "missing.zip", "", spec.MsgNoSuchKey},
		{"code-bucket", "app.zip", strings.Repeat("x", 32), spec.MsgNoSuchVersion},
	} {
		r := request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: &tc.bucket, S3Key: &tc.key}
		if tc.version != "" {
			r.S3ObjectVersion = &tc.version
		}
		wantError(t, update(t, srv, r), 400, spec.ErrInvalidParameter, tc.msg)
	}
}

func TestPublishSequence(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	ctx := context.Background()
	code := smallZip(t, "p")
	created, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("pub"), Role: aws.String(testRole), Runtime: lambdatypes.RuntimePython312,
		Handler: aws.String("app.handler"), Code: &lambdatypes.FunctionCode{ZipFile: code}, Publish: true,
	})
	if err != nil {
		t.Fatalf("CreateFunction: %v", err)
	}
	wantVersion := func(step, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: version %s, want %s", step, got, want)
		}
	}
	wantVersion("create with Publish", aws.ToString(created.Version), "1")
	up, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("pub"), ZipFile: code, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	wantVersion("update with Publish", aws.ToString(up.Version), "2")
	if aws.ToString(up.FunctionArn) != "arn:aws:lambda:us-east-1:123456789012:function:pub:2" {
		t.Errorf("published ARN %s is not qualified with 2", aws.ToString(up.FunctionArn))
	}
	if _, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("pub"), ZipFile: code}); err != nil {
		t.Fatal(err)
	}
	pv, err := c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("pub")})
	if err != nil {
		t.Fatal(err)
	}
	wantVersion("PublishVersion after an update", aws.ToString(pv.Version), "3")
	pv, err = c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("pub")})
	if err != nil {
		t.Fatal(err)
	}
	wantVersion("PublishVersion with nothing changed", aws.ToString(pv.Version), "3")
	up, err = c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("pub"), ZipFile: code, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	wantVersion("update with the same code and Publish", aws.ToString(up.Version), "4")
	pv, err = c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("pub")})
	if err != nil {
		t.Fatal(err)
	}
	wantVersion("PublishVersion right after", aws.ToString(pv.Version), "4")

	list, err := c.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("pub")})
	if err != nil {
		t.Fatal(err)
	}
	var versions []string
	for _, v := range list.Versions {
		versions = append(versions, aws.ToString(v.Version))
	}
	if strings.Join(versions, ",") != "$LATEST,1,2,3,4" {
		t.Errorf("ListVersionsByFunction = %v, want $LATEST,1,2,3,4", versions)
	}
	if _, err := c.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("pub"), Qualifier: aws.String("2")}); err != nil {
		t.Fatalf("DeleteFunction version 2: %v", err)
	}
	if _, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("pub"), Qualifier: aws.String("2")}); !isAPIError(err, "ResourceNotFoundException") {
		t.Errorf("GetFunction of a deleted version: %v, want ResourceNotFoundException", err)
	}
	if _, err := c.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("pub")}); err != nil {
		t.Fatalf("DeleteFunction: %v", err)
	}
	fns, err := c.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	if err != nil || len(fns.Functions) != 0 {
		t.Errorf("ListFunctions after delete = %v, %v; want none", fns, err)
	}
}

func isAPIError(err error, code string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

func TestDryRunArchitecturesAndRevision(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	ctx := context.Background()
	orig := smallZip(t, "orig")
	createFunction(t, c, "fn", orig)
	next := smallZip(t, "next")
	before, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn")})
	if err != nil {
		t.Fatal(err)
	}

	dry, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: next, DryRun: true, Publish: true})
	if err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	if aws.ToString(dry.CodeSha256) != sha256Std(next) || aws.ToString(dry.Version) != "$LATEST" {
		t.Errorf("DryRun answered %s %s, want the provided code's hash on $LATEST", aws.ToString(dry.CodeSha256), aws.ToString(dry.Version))
	}
	got, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Configuration.CodeSha256) != sha256Std(orig) || aws.ToString(got.Configuration.RevisionId) != aws.ToString(before.Configuration.RevisionId) {
		t.Errorf("DryRun changed the function")
	}
	list, _ := c.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("fn")})
	if len(list.Versions) != 1 {
		t.Errorf("DryRun with Publish created versions: %d", len(list.Versions)-1)
	}

	arm, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: next, Architectures: []lambdatypes.Architecture{lambdatypes.ArchitectureArm64}})
	if err != nil {
		t.Fatal(err)
	}
	if len(arm.Architectures) != 1 || arm.Architectures[0] != lambdatypes.ArchitectureArm64 {
		t.Errorf("Architectures = %v, want [arm64]", arm.Architectures)
	}

	_, err = c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: next, RevisionId: before.Configuration.RevisionId})
	var pf *lambdatypes.PreconditionFailedException
	if !errors.As(err, &pf) || !strings.HasPrefix(pf.ErrorMessage(), spec.MsgRevision) {
		t.Errorf("stale RevisionId: %v, want PreconditionFailedException %q", err, spec.MsgRevision)
	}
	// The update's own RevisionId is stale once it finished (LocalStack
	// test_function_revisions_basic: uuid:3 answered, uuid:4 after).
	_, err = c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: orig, RevisionId: arm.RevisionId})
	if !errors.As(err, &pf) {
		t.Errorf("the RevisionId of the finished update's answer: %v, want PreconditionFailedException", err)
	}
	current, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn")})
	if err != nil {
		t.Fatal(err)
	}
	ok, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: orig, RevisionId: current.Configuration.RevisionId})
	if err != nil || aws.ToString(ok.CodeSha256) != sha256Std(orig) {
		t.Errorf("current RevisionId: %v, want success", err)
	}
}

// errorCase is one request that must fail; clauses are the catalogue
// clauses it breaks, and the expected outcome comes from spec.Expect.
type errorCase struct {
	name    string
	req     request.UpdateFunctionCode
	clauses []spec.ClauseID
	// prefix overrides the expected message prefix where spec has none.
	prefix string
}

func TestUpdateErrors(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	ctx := context.Background()
	good := smallZip(t, "ok")
	createFunction(t, c, "fn", good)
	if _, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("img"), Role: aws.String(testRole), PackageType: lambdatypes.PackageTypeImage,
		Code: &lambdatypes.FunctionCode{ImageUri: aws.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1")},
	}); err != nil {
		t.Fatalf("CreateFunction Image: %v", err)
	}
	if err := srv.Handler.S3().CreateBucket("bkt"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Handler.S3().Put("bkt", "code.zip", good, ""); err != nil {
		t.Fatal(err)
	}
	s := request.String
	long65 := strings.Repeat("a", 65)
	arn := "arn:aws:lambda:us-east-1:123456789012:function:"
	truncated := good[:len(good)-10]
	badCRC := bytes.Clone(good)
	badCRC[40] ^= 0xff // inside the deflated data of the only entry
	cases := []errorCase{
		{name: "pattern", req: request.UpdateFunctionCode{FunctionName: "bad.name", ZipFile: good}, clauses: []spec.ClauseID{spec.NamePattern}},
		{name: "empty name", req: request.UpdateFunctionCode{FunctionName: "", ZipFile: good}, clauses: []spec.ClauseID{spec.NameEmpty, spec.NamePattern}},
		{name: "arn over 140", req: request.UpdateFunctionCode{FunctionName: arn + strings.Repeat("b", 141-len(arn)), ZipFile: good}, clauses: []spec.ClauseID{spec.NameTooLong}},
		{name: "bare over 64", req: request.UpdateFunctionCode{FunctionName: long65, ZipFile: good}, clauses: []spec.ClauseID{spec.NameBareTooLong}},
		{name: "other region", req: request.UpdateFunctionCode{FunctionName: "arn:aws:lambda:ap-southeast-1:123456789012:function:fn", ZipFile: good}, clauses: []spec.ClauseID{spec.NameOtherRegion}},
		{name: "other account", req: request.UpdateFunctionCode{FunctionName: "arn:aws:lambda:us-east-1:210987654321:function:fn", ZipFile: good}, clauses: []spec.ClauseID{spec.NameOtherAccount}},
		{name: "qualifier", req: request.UpdateFunctionCode{FunctionName: "fn:1", ZipFile: good}, clauses: []spec.ClauseID{spec.NameQualifier}},
		{name: "not found", req: request.UpdateFunctionCode{FunctionName: "ghost", ZipFile: good}, clauses: []spec.ClauseID{spec.NameNotFound}, prefix: spec.MsgNotFound + arn + "ghost"},
		{name: "bucket short", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("ab"), S3Key: s("k")}, clauses: []spec.ClauseID{spec.BucketTooShort}},
		{name: "bucket short dot", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("a."), S3Key: s("k")}, clauses: []spec.ClauseID{spec.BucketTooShort, spec.BucketTrailingDot}},
		{name: "bucket chars", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bad bucket!"), S3Key: s("k")}, clauses: []spec.ClauseID{spec.BucketPattern}},
		{name: "bucket long", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s(strings.Repeat("b", 64)), S3Key: s("k")}, clauses: []spec.ClauseID{spec.BucketTooLong}},
		{name: "key empty", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bkt"), S3Key: s("")}, clauses: []spec.ClauseID{spec.KeyEmpty}},
		{name: "key line break", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bkt"), S3Key: s("a\nb")}, clauses: []spec.ClauseID{spec.KeyLineBreak}},
		{name: "version too long", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bkt"), S3Key: s("code.zip"), S3ObjectVersion: s(strings.Repeat("v", 1025))}, clauses: []spec.ClauseID{spec.VersionTooLong}},
		{name: "many", req: request.UpdateFunctionCode{FunctionName: "bad.name", S3Bucket: s("a"), S3Key: s(""), Architectures: []string{}}, clauses: []spec.ClauseID{spec.NamePattern, spec.BucketTooShort, spec.KeyEmpty, spec.ArchCount}},
		{name: "two architectures", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: good, Architectures: []string{"x86_64", "arm64"}}, clauses: []spec.ClauseID{spec.ArchCount}, prefix: "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1"},
		{name: "architecture enum", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: good, Architectures: []string{"X86_64"}}, clauses: []spec.ClauseID{spec.ArchEnum}, prefix: "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"},
		{name: "zip and s3", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: good, S3Bucket: s("bkt"), S3Key: s("code.zip")}, clauses: []spec.ClauseID{spec.SourceConflict}},
		{name: "no source", req: request.UpdateFunctionCode{FunctionName: "fn"}, clauses: []spec.ClauseID{spec.SourceNone}},
		{name: "bucket without key", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bkt")}, clauses: []spec.ClauseID{spec.SourceS3Incomplete}},
		{name: "key without bucket", req: request.UpdateFunctionCode{FunctionName: "fn", S3Key: s("code.zip")}, clauses: []spec.ClauseID{spec.SourceS3Incomplete}},
		{name: "image on zip", req: request.UpdateFunctionCode{FunctionName: "fn", ImageUri: s("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2")}, clauses: []spec.ClauseID{spec.SourceImageOnZip}},
		{name: "zip on image", req: request.UpdateFunctionCode{FunctionName: "img", ZipFile: good}, clauses: []spec.ClauseID{spec.SourceZipOnImage}},
		{name: "storage mode enum", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bkt"), S3Key: s("code.zip"), S3ObjectStorageMode: s("copy")}, clauses: []spec.ClauseID{spec.StorageModeEnum},
			prefix: "1 validation error detected: Value 'copy' at 's3ObjectStorageMode' failed to satisfy constraint: Member must satisfy enum value set: [COPY, REFERENCE]"},
		{name: "publish to enum", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: good, PublishTo: s("$LATEST")}, clauses: []spec.ClauseID{spec.PublishToEnum},
			prefix: "1 validation error detected: Value '$LATEST' at 'publishTo' failed to satisfy constraint: Member must satisfy enum value set: [LATEST_PUBLISHED]"},
		{name: "kms key pattern", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: good, SourceKMSKeyArn: s("alias/mine")}, clauses: []spec.ClauseID{spec.KMSKeyPattern},
			prefix: "1 validation error detected: Value 'alias/mine' at 'sourceKMSKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()"},
		{name: "kms key too long", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: good, SourceKMSKeyArn: s("arn:aws:kms:" + strings.Repeat("k", 10000))}, clauses: []spec.ClauseID{spec.KMSKeyTooLong}},
		{name: "random bytes", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: []byte("this is not a zipfile, just a random string")}, clauses: []spec.ClauseID{spec.ZipNotZip}},
		{name: "double base64", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: []byte(sha256Std(good) + sha256Std(good))}, clauses: []spec.ClauseID{spec.ZipNotZip}},
		{name: "truncated", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: truncated}, clauses: []spec.ClauseID{spec.ZipNotZip}},
		{name: "bad crc", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: badCRC}, clauses: []spec.ClauseID{spec.ZipNotZip}},
		{name: "lying header", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: lyingZip(t, 1000, 5000)}, clauses: []spec.ClauseID{spec.ZipNotZip}},
		{name: "empty zip", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: makeZip(t, nil)}, clauses: []spec.ClauseID{spec.ZipEmpty}},
		{name: "declared unzipped too large", req: request.UpdateFunctionCode{FunctionName: "fn", ZipFile: lyingZip(t, spec.MaxUnzippedSize+1, 10)}, clauses: []spec.ClauseID{spec.ZipUnzippedLarge}, prefix: spec.MsgUnzippedSize},
		{name: "s3 object not a zip", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bkt"), S3Key: s("code.zip"), S3ObjectVersion: s("null")}},
	}
	if _, err := srv.Handler.S3().Put("bkt", "text.zip", []byte("plain text"), ""); err != nil {
		t.Fatal(err)
	}
	cases[len(cases)-1] = errorCase{name: "s3 object not a zip", req: request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: s("bkt"), S3Key: s("text.zip")}, clauses: []spec.ClauseID{spec.ZipNotZip}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := spec.Outcome{Status: 400, ErrorTypes: []string{spec.ErrInvalidParameter}}
			if len(tc.clauses) > 0 {
				want, _ = spec.Expect(spec.ProfileAWS, tc.clauses)
			}
			if tc.prefix != "" {
				want.MessagePrefix = tc.prefix
			}
			r := update(t, srv, tc.req)
			wantError(t, r, want.Status, want.ErrorTypes[0], want.MessagePrefix)
		})
	}

	t.Run("message keys", func(t *testing.T) {
		nf := update(t, srv, request.UpdateFunctionCode{FunctionName: "ghost", ZipFile: good}).json(t)
		if _, ok := nf["Message"]; !ok {
			t.Errorf("ResourceNotFoundException body %v has no Message key", nf)
		}
		ad := update(t, srv, request.UpdateFunctionCode{FunctionName: "arn:aws:lambda:us-east-1:210987654321:function:fn", ZipFile: good}).json(t)
		if v, ok := ad["Message"]; !ok || v != nil {
			t.Errorf("AccessDeniedException body %v, want \"Message\": null", ad)
		}
		ip := update(t, srv, request.UpdateFunctionCode{FunctionName: "fn:1", ZipFile: good}).json(t)
		if _, ok := ip["message"]; !ok {
			t.Errorf("InvalidParameterValueException body %v has no message key", ip)
		}
	})

	t.Run("bare over 64 message", func(t *testing.T) {
		r := update(t, srv, request.UpdateFunctionCode{FunctionName: long65, ZipFile: good})
		want := "1 validation error detected: Value '" + long65 + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"
		if got := r.message(t); got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})

	t.Run("function unchanged by failures", func(t *testing.T) {
		got, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(got.Configuration.CodeSha256) != sha256Std(good) {
			t.Errorf("a failed update changed the code to %s", aws.ToString(got.Configuration.CodeSha256))
		}
	})
}

func TestMalformedBodies(t *testing.T) {
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
	for _, body := range []string{
		`{`, `[]`, `"x"`, `null`, `42`, `{"Publish":"yes"}`, `{"ZipFile":"!!!not base64"}`, `{"ZipFile":123}`,
		`{"S3Bucket":5,"S3Key":"k"}`, `{"Role":[1,,2]}`, `{"Code":{"ZipFile":"x"}, "x":tru}`, "{\"RevisionId\":\"\xff\"}", `{"Architectures":"arm64"}`, `{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}trailing`,
	} {
		t.Run(body, func(t *testing.T) {
			wantError(t, updateRaw(t, srv, "fn", body), 400, spec.ErrInvalidContent, spec.MsgMalformed)
		})
	}
	t.Run("unknown members are ignored", func(t *testing.T) {
		z := smallZip(t, "unknown")
		body := fmt.Sprintf(`{"Future":{"a":[1,2]},"ZipFile":%q,"S3ObjectStorageMode":"COPY"}`, base64.StdEncoding.EncodeToString(z))
		m := wantOK(t, updateRaw(t, srv, "fn", body))
		if m["CodeSha256"] != sha256Std(z) {
			t.Errorf("CodeSha256 = %v, want %s", m["CodeSha256"], sha256Std(z))
		}
	})
	t.Run("member names are case-sensitive", func(t *testing.T) {
		z := smallZip(t, "case")
		body := strings.Replace(string(request.UpdateFunctionCode{ZipFile: z}.Body()), `"ZipFile"`, `"zipfile"`, 1)
		wantError(t, updateRaw(t, srv, "fn", body), 400, spec.ErrInvalidParameter, spec.MsgNoSource)
	})
}

// lyingZip returns a zip of one stored entry holding actual bytes whose
// header declares declared bytes, with the CRC of the actual bytes.
func lyingZip(t testing.TB, declared uint64, actual int) []byte {
	t.Helper()
	data := bytes.Repeat([]byte{'z'}, actual)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "lie.txt", Method: zip.Store, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(actual), UncompressedSize64: declared,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestListFunctionsPages(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	for i := 0; i < 5; i++ {
		createFunction(t, c, fmt.Sprintf("page-%d", i), smallZip(t, "p"))
	}
	var names []string
	p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, f := range out.Functions {
			names = append(names, aws.ToString(f.FunctionName))
		}
	}
	if pages != 3 || strings.Join(names, ",") != "page-0,page-1,page-2,page-3,page-4" {
		t.Errorf("%d pages of %v, want 3 pages of page-0..page-4", pages, names)
	}
}

func TestS3ObjectOperationsThroughTheSDK(t *testing.T) {
	srv := startServer(t, Options{})
	s := s3Client(srv)
	ctx := context.Background()
	bucket := aws.String("sdk-bucket")
	if _, err := s.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	data := storedZip(t, 300<<10, 5)
	if _, err := s.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("dir/a.zip"), Body: bytes.NewReader(data)}); err != nil {
		t.Fatal(err)
	}
	head, err := s.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String("dir/a.zip")})
	if err != nil || aws.ToInt64(head.ContentLength) != int64(len(data)) {
		t.Errorf("HeadObject = %v, %v; want length %d", head, err, len(data))
	}
	list, err := s.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: bucket, Prefix: aws.String("dir/")})
	if err != nil || len(list.Contents) != 1 || aws.ToString(list.Contents[0].Key) != "dir/a.zip" {
		t.Errorf("ListObjectsV2 = %v, %v", list, err)
	}
	if _, err := s.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: bucket, Key: aws.String("dir/a.zip")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("dir/a.zip")})
	var nsk *s3types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("GetObject after delete: %v, want NoSuchKey", err)
	}
	if _, err := s.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket}); err != nil {
		t.Errorf("DeleteBucket of an empty bucket: %v", err)
	}
	buckets, err := s.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(buckets.Buckets) != 0 {
		t.Errorf("ListBuckets after delete = %v, %v", buckets, err)
	}
}

func TestRouting(t *testing.T) {
	srv := startServer(t, Options{})
	get := func(path, auth string) response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return response{status: resp.StatusCode, header: resp.Header, body: b.Bytes()}
	}
	scope := func(service string) string {
		return "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/" + service + "/aws4_request, SignedHeaders=host, Signature=00"
	}
	if r := get("/2015-03-31/functions/", ""); r.status != 200 || r.header.Get("X-Amzn-RequestId") == "" {
		t.Errorf("unsigned Lambda path: %d, want Lambda's ListFunctions", r.status)
	}
	if r := get("/2015-03-31/functions/", scope("s3")); r.status != 404 || !strings.Contains(string(r.body), "<Code>NoSuchBucket</Code>") {
		t.Errorf("S3-signed request on a Lambda path: %d %s, want S3's NoSuchBucket", r.status, r.body)
	}
	if r := get("/", scope("lambda")); r.status != 404 {
		t.Errorf("Lambda-signed request on /: %d, want 404", r.status)
	} else {
		wantError(t, r, 404, "UnknownOperationException", "Unknown operation GET /")
	}
	if r := get("/2015-03-31/event-source-mappings/", ""); r.status != 404 || r.header.Get("X-Amzn-ErrorType") != "UnknownOperationException" {
		t.Errorf("unsupported Lambda operation: %d %s", r.status, r.header.Get("X-Amzn-ErrorType"))
	}
}

func TestUpdateWithOnlyAnObjectVersionHasNoSource(t *testing.T) {
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
	wantError(t, updateRaw(t, srv, "fn", `{"S3ObjectVersion":"v1"}`), 400, spec.ErrInvalidParameter, spec.MsgNoSource)
	wantError(t, updateRaw(t, srv, "fn", `{"S3Key":"k","S3ObjectVersion":"v1"}`), 400, spec.ErrInvalidParameter, "Please provide both S3Bucket and S3Key")
}

// TestNewMembers checks the members added since 2024: valid values are
// accepted under profile aws, and under profile seed any value is ignored
// as an unknown member is.
func TestNewMembers(t *testing.T) {
	s := request.String
	for _, p := range []spec.Profile{spec.ProfileAWS, spec.ProfileSeed} {
		t.Run(string(p), func(t *testing.T) {
			srv := startServer(t, Options{Profile: p})
			good := smallZip(t, "new members")
			createFunction(t, lambdaClient(srv), "fn", good)
			if err := srv.Handler.S3().CreateBucket("bkt"); err != nil {
				t.Fatal(err)
			}
			if _, err := srv.Handler.S3().Put("bkt", "code.zip", good, ""); err != nil {
				t.Fatal(err)
			}
			valid := []request.UpdateFunctionCode{
				{S3Bucket: s("bkt"), S3Key: s("code.zip"), S3ObjectStorageMode: s("COPY")},
				{S3Bucket: s("bkt"), S3Key: s("code.zip"), S3ObjectStorageMode: s("REFERENCE")},
				{ZipFile: good, PublishTo: s("LATEST_PUBLISHED")},
				{ZipFile: good, SourceKMSKeyArn: s("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")},
				{ZipFile: good, SourceKMSKeyArn: s("")},
			}
			if p == spec.ProfileSeed {
				valid = append(valid,
					request.UpdateFunctionCode{S3Bucket: s("bkt"), S3Key: s("code.zip"), S3ObjectStorageMode: s("MOVE")},
					request.UpdateFunctionCode{ZipFile: good, PublishTo: s("nowhere")},
					request.UpdateFunctionCode{ZipFile: good, SourceKMSKeyArn: s("not an arn")})
			}
			for _, r := range valid {
				r.FunctionName = "fn"
				if m := wantOK(t, update(t, srv, r)); m["CodeSha256"] != sha256Std(good) || m["Version"] != "$LATEST" {
					t.Errorf("%s: answered %v", r, m)
				}
			}
		})
	}
}
