package reference

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaconf/lambdaconf/spec"
)

// The tests in this file pin the reference to AWS's recordings of function
// states, versions and RevisionIds (LocalStack's AWS-validated snapshots
// tests/aws/services/lambda_/test_lambda_api.snapshot.json, named by test
// and snapshot key), through the AWS SDK for Go v2. Each runs with the
// default options and again with the slow ones of
// `lambdaconf serve -update-duration 2s` (shortened, so that the test waits
// a fraction of a second).

// stateOptions are the endpoints every state test runs against.
var stateOptions = []struct {
	name string
	opts Options
}{
	{"default", Options{}},
	{"slow", Options{UpdateDuration: 300 * time.Millisecond, CreateDuration: 300 * time.Millisecond}},
}

func eachStateOption(t *testing.T, f func(t *testing.T, srv *Server, c *lambda.Client, settle func())) {
	for _, o := range stateOptions {
		t.Run(o.name, func(t *testing.T) {
			srv := startServer(t, o.opts)
			d := max(o.opts.UpdateDuration, o.opts.CreateDuration)
			f(t, srv, lambdaClient(srv), func() { time.Sleep(d + 50*time.Millisecond) })
		})
	}
}

func getConfig(t *testing.T, c *lambda.Client, name string) *lambdatypes.FunctionConfiguration {
	t.Helper()
	out, err := c.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(name)})
	if err != nil {
		t.Fatalf("GetFunction %s: %v", name, err)
	}
	return out.Configuration
}

// test_publish_with_update: create_response is Pending with the creating
// reason and no LastUpdateStatus keys; get_function_result, once Active,
// shows Successful and a new RevisionId (test_function_revisions_basic:
// get_function_response_rev2 is uuid:2).
func TestCreateIsPendingThenActive(t *testing.T) {
	eachStateOption(t, func(t *testing.T, srv *Server, c *lambda.Client, settle func()) {
		created := createFunction(t, c, "fn", smallZip(t, "a"))
		if created.State != lambdatypes.StatePending || aws.ToString(created.StateReason) != "The function is being created." ||
			created.StateReasonCode != lambdatypes.StateReasonCodeCreating {
			t.Errorf("CreateFunction answered State %q (%q, %q), want Pending (The function is being created., Creating)",
				created.State, aws.ToString(created.StateReason), created.StateReasonCode)
		}
		if created.LastUpdateStatus != "" || created.LastUpdateStatusReason != nil || created.LastUpdateStatusReasonCode != "" {
			t.Errorf("CreateFunction answered LastUpdateStatus %q; a Pending function has no LastUpdateStatus keys", created.LastUpdateStatus)
		}
		settle()
		got := getConfig(t, c, "fn")
		if got.State != lambdatypes.StateActive || got.LastUpdateStatus != lambdatypes.LastUpdateStatusSuccessful || got.StateReason != nil {
			t.Errorf("once created: State %q, LastUpdateStatus %q, StateReason %v; want Active, Successful, none", got.State, got.LastUpdateStatus, got.StateReason)
		}
		if aws.ToString(got.RevisionId) == aws.ToString(created.RevisionId) {
			t.Errorf("RevisionId %s did not change when the function became Active", aws.ToString(got.RevisionId))
		}
	})
}

// test_function_revisions_basic: update_function_code_response_rev3 is
// InProgress (uuid:3); get_function_response_rev4, after the waiter, is
// Successful with uuid:4.
func TestUpdateIsInProgressThenSuccessful(t *testing.T) {
	eachStateOption(t, func(t *testing.T, srv *Server, c *lambda.Client, settle func()) {
		createFunction(t, c, "fn", smallZip(t, "a"))
		settle()
		out, err := c.UpdateFunctionCode(context.Background(), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: smallZip(t, "b")})
		if err != nil {
			t.Fatal(err)
		}
		if out.State != lambdatypes.StateActive || out.LastUpdateStatus != lambdatypes.LastUpdateStatusInProgress ||
			aws.ToString(out.LastUpdateStatusReason) != "The function is being created." || out.LastUpdateStatusReasonCode != "Creating" {
			t.Errorf("update answered %q/%q (%q, %q), want Active/InProgress (The function is being created., Creating)",
				out.State, out.LastUpdateStatus, aws.ToString(out.LastUpdateStatusReason), out.LastUpdateStatusReasonCode)
		}
		settle()
		got := getConfig(t, c, "fn")
		if got.LastUpdateStatus != lambdatypes.LastUpdateStatusSuccessful || got.LastUpdateStatusReason != nil || got.LastUpdateStatusReasonCode != "" {
			t.Errorf("after the update: LastUpdateStatus %q (%v, %q), want Successful without a reason", got.LastUpdateStatus, got.LastUpdateStatusReason, got.LastUpdateStatusReasonCode)
		}
		if aws.ToString(got.RevisionId) == aws.ToString(out.RevisionId) {
			t.Errorf("RevisionId %s did not change when the update finished", aws.ToString(got.RevisionId))
		}
	})
}

// An update while the function is still Pending, or while another update
// is in progress, is refused with 409 (docs/spec/states.md#function-states).
func TestChangesWhileBusyConflict(t *testing.T) {
	srv := startServer(t, Options{UpdateDuration: time.Minute, CreateDuration: time.Minute})
	c := lambdaClient(srv)
	createFunction(t, c, "fn", smallZip(t, "a"))
	_, err := c.UpdateFunctionCode(context.Background(), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: smallZip(t, "b")})
	var rc *lambdatypes.ResourceConflictException
	if !errors.As(err, &rc) || !strings.Contains(rc.ErrorMessage(), "is currently in the following state: 'Pending'") {
		t.Errorf("update of a Pending function: %v, want ResourceConflictException naming the Pending state", err)
	}
	if _, err := c.PublishVersion(context.Background(), &lambda.PublishVersionInput{FunctionName: aws.String("fn")}); !errors.As(err, &rc) {
		t.Errorf("PublishVersion of a Pending function: %v, want ResourceConflictException", err)
	}
}

// test_publish_version_on_create: create_response is Version "1" under the
// unqualified FunctionArn, Pending; get_function_version_result is the
// version, Active, with its own RevisionId (uuid:3, $LATEST uuid:2);
// list_versions_result entries carry no State, LastUpdateStatus or
// RuntimeVersionConfig; repeated_publish_response is version 1 again.
func TestCreateWithPublish(t *testing.T) {
	eachStateOption(t, func(t *testing.T, srv *Server, c *lambda.Client, settle func()) {
		ctx := context.Background()
		out, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String("fn"), Role: aws.String(testRole), Runtime: lambdatypes.RuntimePython312,
			Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: smallZip(t, "a")}, Publish: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(out.Version) != "1" || aws.ToString(out.FunctionArn) != "arn:aws:lambda:us-east-1:123456789012:function:fn" || out.State != lambdatypes.StatePending {
			t.Errorf("CreateFunction(Publish) answered Version %q, FunctionArn %q, State %q; want 1, the unqualified ARN, Pending",
				aws.ToString(out.Version), aws.ToString(out.FunctionArn), out.State)
		}
		settle()
		v1, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn"), Qualifier: aws.String("1")})
		if err != nil {
			t.Fatal(err)
		}
		latestCfg := getConfig(t, c, "fn")
		if v1.Configuration.State != lambdatypes.StateActive || aws.ToString(v1.Configuration.RevisionId) == aws.ToString(latestCfg.RevisionId) {
			t.Errorf("version 1: State %q, RevisionId %s ($LATEST %s); want Active with a RevisionId of its own",
				v1.Configuration.State, aws.ToString(v1.Configuration.RevisionId), aws.ToString(latestCfg.RevisionId))
		}
		raw := do(t, "GET", srv.URL+"/2015-03-31/functions/fn/versions", nil, 0).json(t)
		list, _ := raw["Versions"].([]any)
		if len(list) != 2 {
			t.Fatalf("ListVersionsByFunction lists %d versions, want $LATEST and 1", len(list))
		}
		for _, e := range list {
			entry, _ := e.(map[string]any)
			for _, key := range []string{"State", "StateReason", "LastUpdateStatus", "RuntimeVersionConfig"} {
				if _, ok := entry[key]; ok {
					t.Errorf("ListVersionsByFunction entry %v has the key %s, which AWS's entries lack", entry["Version"], key)
				}
			}
		}
		again, err := c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("fn")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(again.Version) != "1" || again.State != lambdatypes.StateActive || again.LastUpdateStatus != lambdatypes.LastUpdateStatusSuccessful {
			t.Errorf("PublishVersion with nothing changed = version %s, %q/%q; want version 1, Active/Successful", aws.ToString(again.Version), again.State, again.LastUpdateStatus)
		}
	})
}

// test_publish_with_update: update_function_code_result and
// get_function_version_result describe version 1 Pending;
// get_function_latest_result is $LATEST InProgress.
func TestUpdateWithPublishIsPending(t *testing.T) {
	srv := startServer(t, Options{UpdateDuration: time.Minute})
	c := lambdaClient(srv)
	ctx := context.Background()
	createFunction(t, c, "fn", smallZip(t, "a"))
	out, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: smallZip(t, "b"), Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Version) != "1" || out.State != lambdatypes.StatePending || out.LastUpdateStatus != "" ||
		aws.ToString(out.StateReason) != "The function is being created." {
		t.Errorf("update(Publish) answered Version %q, State %q, LastUpdateStatus %q; want 1, Pending, none",
			aws.ToString(out.Version), out.State, out.LastUpdateStatus)
	}
	v1, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn"), Qualifier: aws.String("1")})
	if err != nil {
		t.Fatal(err)
	}
	if v1.Configuration.State != lambdatypes.StatePending {
		t.Errorf("version 1 right after: State %q, want Pending", v1.Configuration.State)
	}
	latestCfg := getConfig(t, c, "fn")
	if latestCfg.LastUpdateStatus != lambdatypes.LastUpdateStatusInProgress || latestCfg.State != lambdatypes.StateActive {
		t.Errorf("$LATEST right after: %q/%q, want Active/InProgress", latestCfg.State, latestCfg.LastUpdateStatus)
	}
}

// A version an update publishes is Pending until the update finishes, then
// Active with a new RevisionId (test_publish_with_update: the version's
// uuid:3 once Active); the others, already Active, do not change. Many
// versions published before it do not keep it Pending.
func TestPublishedVersionBecomesActive(t *testing.T) {
	eachStateOption(t, func(t *testing.T, srv *Server, c *lambda.Client, settle func()) {
		ctx := context.Background()
		createFunction(t, c, "fn", smallZip(t, "a"))
		settle()
		var out *lambda.UpdateFunctionCodeOutput
		for i := range 3 {
			var err error
			out, err = c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: smallZip(t, strconv.Itoa(i)), Publish: true})
			if err != nil {
				t.Fatal(err)
			}
			settle()
		}
		v3, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("fn"), Qualifier: out.Version})
		if err != nil {
			t.Fatal(err)
		}
		if v3.Configuration.State != lambdatypes.StateActive || aws.ToString(v3.Configuration.RevisionId) == aws.ToString(out.RevisionId) {
			t.Errorf("version %s once the update finished: State %q, RevisionId %s (the update answered %s); want Active with a new RevisionId",
				aws.ToString(out.Version), v3.Configuration.State, aws.ToString(v3.Configuration.RevisionId), aws.ToString(out.RevisionId))
		}
	})
}

// test_version_lifecycle: first_publish_response carries the Description
// given to PublishVersion; third_publish_response, with nothing changed,
// is the last version with its own description.
func TestPublishVersionDescription(t *testing.T) {
	eachStateOption(t, func(t *testing.T, srv *Server, c *lambda.Client, settle func()) {
		ctx := context.Background()
		createFunction(t, c, "fn", smallZip(t, "a"))
		settle()
		first, err := c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("fn"), Description: aws.String("First version description :)")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(first.Description) != "First version description :)" || first.State != lambdatypes.StateActive {
			t.Errorf("PublishVersion = version %s %q, Description %q; want version 1 Active with the description", aws.ToString(first.Version), first.State, aws.ToString(first.Description))
		}
		again, err := c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("fn"), Description: aws.String("ignored")})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(again.Version) != "1" || aws.ToString(again.Description) != "First version description :)" {
			t.Errorf("PublishVersion with nothing changed = version %s, Description %q; want version 1 with its own description", aws.ToString(again.Version), aws.ToString(again.Description))
		}
		if d := aws.ToString(getConfig(t, c, "fn").Description); d != "" {
			t.Errorf("$LATEST took the version's description %q", d)
		}
	})
}

// test_publish_version_on_create: create_response and get_function_result
// of a Zip function carry RuntimeVersionConfig.RuntimeVersionArn,
// arn:<partition>:lambda:<region>::runtime:<id>; update-function-code-response
// of test_lambda_image_crud has none for an Image function.
func TestRuntimeVersionConfig(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	created := createFunction(t, c, "fn", smallZip(t, "a"))
	out, err := c.UpdateFunctionCode(context.Background(), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("fn"), ZipFile: smallZip(t, "b")})
	if err != nil {
		t.Fatal(err)
	}
	for what, cfg := range map[string]*lambdatypes.RuntimeVersionConfig{"create": created.RuntimeVersionConfig, "update": out.RuntimeVersionConfig, "get": getConfig(t, c, "fn").RuntimeVersionConfig} {
		if cfg == nil || !strings.HasPrefix(aws.ToString(cfg.RuntimeVersionArn), "arn:aws:lambda:us-east-1::runtime:") ||
			len(aws.ToString(cfg.RuntimeVersionArn)) <= len("arn:aws:lambda:us-east-1::runtime:") {
			t.Errorf("%s: RuntimeVersionConfig %+v, want RuntimeVersionArn arn:aws:lambda:us-east-1::runtime:<id>", what, cfg)
		}
	}
	img, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: aws.String("img"), Role: aws.String(testRole), PackageType: lambdatypes.PackageTypeImage,
		Code: &lambdatypes.FunctionCode{ImageUri: aws.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if img.RuntimeVersionConfig != nil {
		t.Errorf("Image function: RuntimeVersionConfig %+v, want none", img.RuntimeVersionConfig)
	}
}

// test_lambda_image_crud: get-function-code-response shows ImageUri
// "<repo_uri>:latest" and ResolvedImageUri "<repo_uri>@sha256:<code-sha256>",
// the repository without its tag.
func TestResolvedImageURI(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	for name, tc := range map[string]struct{ uri, repo string }{
		"tagged":           {"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"},
		"registry port":    {"localhost:5000/team/app:v2", "localhost:5000/team/app"},
		"untagged":         {"123456789012.dkr.ecr.us-east-1.amazonaws.com/app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"},
		"pinned by digest": {"123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:" + strings.Repeat("ab", 32), "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"},
	} {
		t.Run(name, func(t *testing.T) {
			fn := "img-" + strings.ReplaceAll(name, " ", "-")
			if _, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
				FunctionName: aws.String(fn), Role: aws.String(testRole), PackageType: lambdatypes.PackageTypeImage,
				Code: &lambdatypes.FunctionCode{ImageUri: aws.String(tc.uri)},
			}); err != nil {
				t.Fatal(err)
			}
			got, err := c.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(fn)})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.repo + "@sha256:" + aws.ToString(got.Configuration.CodeSha256)
			if aws.ToString(got.Code.ImageUri) != tc.uri || aws.ToString(got.Code.ResolvedImageUri) != want {
				t.Errorf("Code = ImageUri %q, ResolvedImageUri %q; want %q and %q", aws.ToString(got.Code.ImageUri), aws.ToString(got.Code.ResolvedImageUri), tc.uri, want)
			}
		})
	}
}

// test_create_lambda_exceptions: invalid_runtime_exc and
// uppercase_runtime_exc are InvalidParameterValueException, "Value <v> at
// 'runtime' failed to satisfy constraint: Member must satisfy enum value
// set: [...] or be a valid ARN", without a "validation error detected"
// preamble.
func TestCreateUnknownRuntime(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	for _, rt := range []string{"non-existent-runtime", "PYTHON3.9"} {
		_, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
			FunctionName: aws.String("fn"), Role: aws.String(testRole), Runtime: lambdatypes.Runtime(rt),
			Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: smallZip(t, "a")},
		})
		var ip *lambdatypes.InvalidParameterValueException
		want := "Value " + rt + " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ["
		if !errors.As(err, &ip) || !strings.HasPrefix(ip.ErrorMessage(), want) || !strings.HasSuffix(ip.ErrorMessage(), "] or be a valid ARN") ||
			!strings.Contains(ip.ErrorMessage(), "python3.12") {
			t.Errorf("Runtime %q: %v, want InvalidParameterValueException %q…] or be a valid ARN", rt, err, want)
		}
	}
}

// test_oversized_unzipped_lambda: invalid_param_exc, "Unzipped size must be
// smaller than 262144000 bytes": the limit itself is refused, one byte
// less is accepted.
func TestCreateUnzippedSizeBoundary(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 500 MB of zeros")
	}
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	for _, tc := range []struct {
		size int
		ok   bool
	}{{spec.MaxUnzippedSize, false}, {spec.MaxUnzippedSize - 1, true}} {
		_, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
			FunctionName: aws.String("fn"), Role: aws.String(testRole), Runtime: lambdatypes.RuntimePython312,
			Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: zerosZip(t, tc.size)},
		})
		var ip *lambdatypes.InvalidParameterValueException
		switch {
		case tc.ok && err != nil:
			t.Errorf("unzipped size %d: %v, want success", tc.size, err)
		case !tc.ok && (!errors.As(err, &ip) || ip.ErrorMessage() != "Unzipped size must be smaller than 262144000 bytes"):
			t.Errorf("unzipped size %d: %v, want InvalidParameterValueException Unzipped size must be smaller than 262144000 bytes", tc.size, err)
		}
	}
}

// The model bounds Handler to 128 characters matching [^\s]+; a violation
// is a ValidationException in the grammar of test_create_lambda_exceptions'
// invalid_role_arn_exc (the Handler case itself is not recorded).
func TestCreateHandlerConstraints(t *testing.T) {
	srv := startServer(t, Options{})
	c := lambdaClient(srv)
	for handler, want := range map[string]string{
		strings.Repeat("h", 129): "Member must have length less than or equal to 128",
		"index handler":          "Member must satisfy regular expression pattern: [^\\s]+",
	} {
		_, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
			FunctionName: aws.String("fn"), Role: aws.String(testRole), Runtime: lambdatypes.RuntimePython312,
			Handler: aws.String(handler), Code: &lambdatypes.FunctionCode{ZipFile: smallZip(t, "a")},
		})
		var ve interface {
			ErrorCode() string
			ErrorMessage() string
		}
		if !errors.As(err, &ve) || ve.ErrorCode() != spec.ErrValidation || !strings.Contains(ve.ErrorMessage(), "at 'handler' failed to satisfy constraint: "+want) {
			t.Errorf("Handler %.20q: %v, want ValidationException at 'handler': %s", handler, err, want)
		}
	}
}
