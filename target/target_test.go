package target

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/lambdaconf/lambdaconf/spec"
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
		{"wait timeout", map[string]string{"LAMBDACONF_WAIT_TIMEOUT": "90s"},
			Config{Region: "us-east-1", Credentials: EmulatorCredentials, Profile: spec.ProfileAWS, WaitTimeout: 90 * time.Second}, ""},
		{"bad wait timeout", map[string]string{"LAMBDACONF_WAIT_TIMEOUT": "soon"}, Config{}, "LAMBDACONF_WAIT_TIMEOUT"},
		{"zero wait timeout", map[string]string{"LAMBDACONF_WAIT_TIMEOUT": "0s"}, Config{}, "positive"},
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
	if err == nil || !strings.Contains(err.Error(), "cannot reach "+addr+" (refused") || !strings.Contains(err.Error(), "is the emulator running?") {
		t.Errorf("Open of a closed port: %v", err)
	}
	notLambda := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		w.Write([]byte("<html>nginx</html>"))
	}))
	defer notLambda.Close()
	if _, err := Open(context.Background(), Config{Endpoint: notLambda.URL}); err == nil || !strings.Contains(err.Error(), "is ENDPOINT a Lambda API?") {
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
