package target

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target/internal/partitions"
	"github.com/lambdaconf/lambdaconf/target/targettest"
)

func lookupFrom(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestFromLookup(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr string
	}{
		{"empty", nil, Config{Region: "us-east-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS}, ""},
		{"ours first", map[string]string{"LAMBDACONF_ENDPOINT": "http://127.0.0.1:1", "ENDPOINT": "http://127.0.0.1:2", "AWS_ENDPOINT_URL": "http://127.0.0.1:3"},
			Config{Endpoint: "http://127.0.0.1:1", Region: "us-east-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS}, ""},
		{"ENDPOINT", map[string]string{"ENDPOINT": "http://127.0.0.1:2", "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:4"},
			Config{Endpoint: "http://127.0.0.1:2", Region: "us-east-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS}, ""},
		{"lambda endpoint before the general one", map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:3", "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:4"},
			Config{Endpoint: "http://127.0.0.1:4", Region: "us-east-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS}, ""},
		{"general endpoint", map[string]string{"AWS_ENDPOINT_URL": " http://127.0.0.1:3 "},
			Config{Endpoint: "http://127.0.0.1:3", Region: "us-east-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS}, ""},
		{"regions", map[string]string{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "ap-south-1"},
			Config{Region: "eu-west-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS}, ""},
		{"default region", map[string]string{"AWS_DEFAULT_REGION": "ap-south-1"},
			Config{Region: "ap-south-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS}, ""},
		{"credentials, profile, role, opt-in", map[string]string{
			"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok",
			"LAMBDACONF_PROFILE": "seed", "LAMBDACONF_ROLE": "arn:aws:iam::123456789012:role/x", "LAMBDACONF_ALLOW_REAL_AWS": "1"},
			Config{Region: "us-east-1", Credentials: aws.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "s", SessionToken: "tok", Source: "environment"},
				Profile: spec.ProfileSeed, Role: "arn:aws:iam::123456789012:role/x", AllowRealAWS: true}, ""},
		{"half credentials", map[string]string{"AWS_ACCESS_KEY_ID": "a"}, Config{}, "set both"},
		{"bad profile", map[string]string{"LAMBDACONF_PROFILE": "azure"}, Config{}, "LAMBDACONF_PROFILE"},
		{"bad role", map[string]string{"LAMBDACONF_ROLE": "lambda-role"}, Config{}, "arn:aws:iam::"},
		{"bad opt-in", map[string]string{"LAMBDACONF_ALLOW_REAL_AWS": "maybe"}, Config{}, "use 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromLookup(lookupFrom(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	t.Setenv("LAMBDACONF_ENDPOINT", "http://127.0.0.1:9")
	t.Setenv("AWS_REGION", "sa-east-1")
	c, err := FromEnv()
	if err != nil || c.Endpoint != "http://127.0.0.1:9" || c.Region != "sa-east-1" {
		t.Errorf("FromEnv = %+v, %v", c, err)
	}
}

func TestCheck(t *testing.T) {
	realKey := aws.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "x"}
	tests := []struct {
		name    string
		c       Config
		wantErr string
	}{
		{"embedded reference", Config{}, ""},
		{"embedded reference with real keys", Config{Credentials: realKey}, ""},
		{"loopback emulator", Config{Endpoint: "http://127.0.0.1:4566", Credentials: EmulatorCredentials}, ""},
		{"loopback emulator with real keys", Config{Endpoint: "http://localhost:4566", Credentials: realKey}, ""},
		{"ipv6 loopback", Config{Endpoint: "http://[::1]:4566", Credentials: realKey}, ""},
		{"remote emulator, test keys", Config{Endpoint: "http://emulator.internal:4566", Credentials: EmulatorCredentials}, ""},
		{"real lambda", Config{Endpoint: "https://lambda.us-east-1.amazonaws.com", Credentials: EmulatorCredentials}, "LAMBDACONF_ALLOW_REAL_AWS=1"},
		{"real lambda, upper case and dot", Config{Endpoint: "https://LAMBDA.us-east-1.AMAZONAWS.COM.", Credentials: EmulatorCredentials}, "real AWS endpoint"},
		{"china", Config{Endpoint: "https://lambda.cn-north-1.amazonaws.com.cn"}, "real AWS endpoint"},
		{"dual stack", Config{Endpoint: "https://lambda.us-east-1.api.aws"}, "real AWS endpoint"},
		{"vpc endpoint", Config{Endpoint: "https://vpce-1.lambda.us-east-1.vpce.amazonaws.com"}, "real AWS endpoint"},
		{"look-alike is fine", Config{Endpoint: "http://notamazonaws.com:80", Credentials: EmulatorCredentials}, ""},
		{"real keys to a remote host", Config{Endpoint: "https://lambda.example.com", Credentials: realKey}, "look like real AWS keys"},
		{"session keys to a remote host", Config{Endpoint: "https://10.0.0.5", Credentials: aws.Credentials{AccessKeyID: "ASIAIOSFODNN7EXAMPLE"}}, "look like real AWS keys"},
		{"real lambda allowed", Config{Endpoint: "https://lambda.us-east-1.amazonaws.com", AllowRealAWS: true}, ""},
		{"bad URL even when allowed", Config{Endpoint: "lambda.us-east-1.amazonaws.com", AllowRealAWS: true}, "scheme"},
		{"bad URL", Config{Endpoint: "127.0.0.1:4566"}, "http://127.0.0.1:4566"},
		// Hosts that passed a hand-kept suffix list, or a comparison of
		// the host as written rather than as the HTTP client maps it.
		{"full-width dots", Config{Endpoint: "https://lambda\uff0eus-east-1\uff0eamazonaws\uff0ecom"}, "lambda.us-east-1.amazonaws.com"},
		{"ideographic full stops", Config{Endpoint: "https://lambda\u3002us-east-1\u3002amazonaws\u3002com"}, "not ASCII"},
		{"full-width letters", Config{Endpoint: "https://lambda.us-east-1.\uff41mazonaws.com"}, "not ASCII"},
		{"non-ASCII even when allowed", Config{Endpoint: "https://lambda\uff0eus-east-1\uff0eamazonaws\uff0ecom", AllowRealAWS: true}, "not ASCII"},
		{"punycode emulator is fine", Config{Endpoint: "http://xn--bcher-kva.example:4566", Credentials: EmulatorCredentials}, ""},
		{"china dual stack", Config{Endpoint: "https://api.amazonwebservices.com.cn"}, "real AWS endpoint"},
		{"european sovereign cloud", Config{Endpoint: "https://lambda.eusc-de-east-1.amazonaws.eu"}, "real AWS endpoint"},
		{"iso-e", Config{Endpoint: "https://lambda.eu-isoe-west-1.cloud.adc-e.uk"}, "real AWS endpoint"},
		{"iso-f", Config{Endpoint: "https://lambda.us-isof-south-1.csp.hci.ic.gov"}, "real AWS endpoint"},
		{"real S3 beside an emulator", Config{Endpoint: "http://127.0.0.1:4566", S3Endpoint: "https://s3\uff0eamazonaws\uff0ecom", Credentials: EmulatorCredentials}, "not ASCII"},
		{"real IAM beside an emulator", Config{Endpoint: "http://127.0.0.1:4566", IAMEndpoint: "https://iam.amazonaws.com", Credentials: EmulatorCredentials}, "real AWS endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Check()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Check error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestCheckRefusesEveryPartition feeds Check every DNS suffix of the SDK's
// own partition data (read from the pinned module, not from partitions.go),
// as it is written and with its dots full-width, so that a new partition or
// a stale partitions.go fails here.
func TestCheckRefusesEveryPartition(t *testing.T) {
	path, version, err := partitions.SDKFile()
	if err != nil {
		t.Skipf("cannot locate the SDK's partition data (needs the go command and the module cache): %v", err)
	}
	sdk, err := partitions.ReadSuffixes(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sdk, awsSuffixes) {
		t.Errorf("partitions.go lists %q, the SDK %s lists %q: run go generate ./target", awsSuffixes, version, sdk)
	}
	for _, d := range sdk {
		for _, host := range []string{d, "lambda.us-east-1." + d, "LAMBDA." + strings.ToUpper(d) + "."} {
			c := Config{Endpoint: "https://" + host, Credentials: EmulatorCredentials}
			if err := c.Check(); err == nil || !strings.Contains(err.Error(), "real AWS endpoint") {
				t.Errorf("Check(%q) = %v, want a refusal", host, err)
			}
			wide := strings.ReplaceAll(host, ".", "\uff0e")
			c.Endpoint = "https://" + wide
			if err := c.Check(); err == nil || !strings.Contains(err.Error(), "refusing") {
				t.Errorf("Check(%q) = %v, want a refusal", wide, err)
			}
		}
		if err := (Config{Endpoint: "https://not" + d, Credentials: EmulatorCredentials}).Check(); err != nil {
			t.Errorf("Check(not%s) = %v: a look-alike outside the suffix is no AWS endpoint", d, err)
		}
	}
}

// TestFullWidthHostReachesASCIIName shows why Check maps the host: Go's
// HTTP client dials the ASCII name of a host written with full-width dots.
func TestFullWidthHostReachesASCIIName(t *testing.T) {
	dialed := make(chan string, 1)
	tr := &http.Transport{DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
		dialed <- addr
		return nil, errors.New("not dialing in a test")
	}}
	defer tr.CloseIdleConnections()
	_, err := (&http.Client{Transport: tr}).Get("http://lambda\uff0eus-east-1\uff0eamazonaws\uff0ecom/")
	if err == nil {
		t.Fatal("the request succeeded without a connection")
	}
	select {
	case addr := <-dialed:
		if addr != "lambda.us-east-1.amazonaws.com:80" {
			t.Errorf("dialed %q", addr)
		}
	default:
		t.Fatalf("nothing dialed: %v", err)
	}
}

func TestOpenErrorsSayWhatToDo(t *testing.T) {
	if _, err := Open(context.Background(), Config{}); err == nil || !strings.Contains(err.Error(), "set ENDPOINT") {
		t.Errorf("Open without endpoint: %v", err)
	}
	if _, err := Open(context.Background(), Config{Endpoint: "https://lambda.us-east-1.amazonaws.com"}); err == nil || !strings.Contains(err.Error(), "LAMBDACONF_ALLOW_REAL_AWS") {
		t.Errorf("Open of real AWS: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := "http://" + l.Addr().String()
	l.Close()
	_, err = Open(context.Background(), Config{Endpoint: addr})
	if err == nil || !strings.Contains(err.Error(), "nothing is listening at "+addr+" (connection refused)") || !strings.Contains(err.Error(), "start the emulator") {
		t.Errorf("Open of a closed port: %v", err)
	}
	notLambda := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		w.Write([]byte("<html>nginx</html>"))
	}))
	defer notLambda.Close()
	if _, err := Open(context.Background(), Config{Endpoint: notLambda.URL}); err == nil || !strings.Contains(err.Error(), "is the endpoint a Lambda API?") {
		t.Errorf("Open of a web server: %v", err)
	}
}

func TestOpenAgainstMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("starts moto_server")
	}
	ep := targettest.Moto(t)
	tg, err := Open(context.Background(), Config{Endpoint: ep, Region: "eu-central-1"})
	if err != nil {
		t.Fatal(err)
	}
	if tg.Credentials != EmulatorCredentials || tg.Profile != spec.ProfileAWS || tg.Wire.Region() != "eu-central-1" {
		t.Errorf("defaults not applied: %+v", tg.Config)
	}
	ctx := context.Background()
	if _, err := tg.Lambda.ListFunctions(ctx, &lambda.ListFunctionsInput{}); err != nil {
		t.Errorf("Lambda client: %v", err)
	}
	if _, err := tg.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("lcf-target-test"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(tg.Region)}}); err != nil {
		t.Errorf("S3 client (path style): %v", err)
	}
	if _, err := tg.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("lcf-target-test"), Key: aws.String("k"), Body: strings.NewReader("x")}); err != nil {
		t.Errorf("S3 PutObject: %v", err)
	}
	if _, err := tg.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("lcf-target-test"), Key: aws.String("k")}); err != nil {
		t.Errorf("S3 DeleteObject: %v", err)
	}
	if _, err := tg.S3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("lcf-target-test")}); err != nil {
		t.Errorf("S3 DeleteBucket: %v", err)
	}
}

// unsetenv unsets the named variables for the rest of the test.
func unsetenv(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		t.Setenv(n, "")
		os.Unsetenv(n)
	}
}

// endpointVars are every variable that names an endpoint, a region or
// credentials, which a test of the shared configuration must clear.
var endpointVars = []string{"LAMBDACONF_ENDPOINT", "ENDPOINT", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA",
	"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_IAM", "LAMBDACONF_S3_ENDPOINT", "LAMBDACONF_IAM_ENDPOINT",
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"}

// sharedConfig writes config and credentials files into a temporary
// directory and points the SDK's variables at them.
func sharedConfig(t *testing.T, config, creds string) {
	t.Helper()
	unsetenv(t, endpointVars...)
	dir := t.TempDir()
	cfgPath, credPath := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(credPath, []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgPath)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credPath)
}

func TestFromEnvReadsTheProfile(t *testing.T) {
	sharedConfig(t, `[profile emu]
region = eu-west-2
endpoint_url = http://127.0.0.1:4599/lambda
services = emu-services

[services emu-services]
s3 =
  endpoint_url = http://127.0.0.1:4600

[default]
region = ap-south-1
`, `[emu]
aws_access_key_id = AKIDPROFILEEXAMPLE
aws_secret_access_key = profile-secret
`)
	t.Setenv("AWS_PROFILE", "emu")
	c, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint != "http://127.0.0.1:4599/lambda" || c.S3Endpoint != "http://127.0.0.1:4600" || c.IAMEndpoint != "" {
		t.Errorf("endpoints %q, S3 %q, IAM %q: want the profile's endpoint_url and its services section's S3 endpoint", c.Endpoint, c.S3Endpoint, c.IAMEndpoint)
	}
	if c.Region != "eu-west-2" || c.Credentials.AccessKeyID != "AKIDPROFILEEXAMPLE" || c.Credentials.SecretAccessKey != "profile-secret" {
		t.Errorf("region %q, credentials %+v: want the profile's", c.Region, c.Credentials)
	}

	// The environment wins over the profile, as in the SDKs.
	t.Setenv("AWS_REGION", "us-west-2")
	t.Setenv("LAMBDACONF_ENDPOINT", "http://127.0.0.1:4700")
	t.Setenv("AWS_ACCESS_KEY_ID", "envkey")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
	c, err = FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint != "http://127.0.0.1:4700" || c.Region != "us-west-2" || c.Credentials.AccessKeyID != "envkey" {
		t.Errorf("with the environment set: %+v", c)
	}

	// Without AWS_PROFILE the default profile applies, which has no
	// endpoint: the embedded reference, with emulator credentials.
	unsetenv(t, endpointVars...)
	c, err = FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint != "" || c.Region != "ap-south-1" || c.Credentials != EmulatorCredentials {
		t.Errorf("default profile: %+v", c)
	}

	t.Setenv("AWS_PROFILE", "nosuch")
	if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), `AWS_PROFILE="nosuch"`) {
		t.Errorf("a missing profile: %v, want an error naming it", err)
	}
}

// A profile whose endpoint_url names the endpoint under test is honoured
// end to end: Open reaches it.
func TestOpenThroughAProfile(t *testing.T) {
	srv := httptest.NewServer(reference.NewHandler(reference.Options{}))
	defer srv.Close()
	sharedConfig(t, "[profile emu]\nregion = eu-central-1\nendpoint_url = "+srv.URL+"\n", "")
	t.Setenv("AWS_PROFILE", "emu")
	c, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Open(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Wire.Endpoint() != srv.URL || tg.Region != "eu-central-1" {
		t.Errorf("opened %s in %s, want %s in eu-central-1", tg.Wire.Endpoint(), tg.Region, srv.URL)
	}
}

// An emulator shaped like kumo (Lambda only under /lambda, S3 at the root,
// ListFunctions with the model's trailing slash answered 404) is opened
// with the prefix in the endpoint, and every client reaches it.
func TestOpenLambdaUnderAPathPrefix(t *testing.T) {
	srv := httptest.NewServer(targettest.LambdaUnderPrefix(reference.NewHandler(reference.Options{}), "/lambda"))
	defer srv.Close()
	ctx := context.Background()

	if _, err := Open(ctx, Config{Endpoint: srv.URL}); err == nil || !strings.Contains(err.Error(), "path prefix") {
		t.Errorf("Open without the prefix: %v, want advice to include the path prefix", err)
	}
	tg, err := Open(ctx, Config{Endpoint: srv.URL + "/lambda/"})
	if err != nil {
		t.Fatalf("Open with the prefix: %v", err)
	}
	if tg.Wire.Endpoint() != srv.URL+"/lambda" {
		t.Errorf("wire endpoint %q", tg.Wire.Endpoint())
	}
	resp, err := tg.Wire.Do(ctx, "lambda", "GET", "/2015-03-31/functions/lcf-missing", nil, nil, 0, nil)
	if err != nil || resp.Status != 404 || resp.ErrorType != "ResourceNotFoundException" {
		t.Errorf("wire GetFunction under the prefix: %v, %+v", err, resp)
	}
	_, err = tg.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("lcf-missing")})
	var nf *lambdatypes.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("SDK GetFunction under the prefix: %v, want ResourceNotFoundException", err)
	}
	if _, err := tg.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("lcf-prefix-test")}); err != nil {
		t.Errorf("S3 at the root: %v", err)
	}
	if _, err := tg.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("lcf-prefix-test"), Key: aws.String("k"), Body: strings.NewReader("x")}); err != nil {
		t.Errorf("S3 PutObject at the root: %v", err)
	}
}

// A separate S3 endpoint receives the S3 requests, and the Lambda
// endpoint none of them.
func TestOpenSeparateS3Endpoint(t *testing.T) {
	ref := reference.NewHandler(reference.Options{})
	var lambdaS3, s3Hits atomic.Int64
	lambdaSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/2015-03-31/") {
			lambdaS3.Add(1)
		}
		ref.ServeHTTP(w, r)
	}))
	defer lambdaSrv.Close()
	s3Srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s3Hits.Add(1)
		ref.ServeHTTP(w, r)
	}))
	defer s3Srv.Close()
	t.Setenv("LAMBDACONF_S3_ENDPOINT", "")
	unsetenv(t, "LAMBDACONF_S3_ENDPOINT")
	t.Setenv("AWS_ENDPOINT_URL_S3", s3Srv.URL)
	c, err := FromLookup(os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	c.Endpoint = lambdaSrv.URL
	tg, err := Open(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tg.S3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("lcf-s3-apart")}); err != nil {
		t.Fatal(err)
	}
	if s3Hits.Load() == 0 || lambdaS3.Load() != 0 {
		t.Errorf("S3 endpoint got %d requests, the Lambda endpoint %d S3 requests; want some and none", s3Hits.Load(), lambdaS3.Load())
	}
}
