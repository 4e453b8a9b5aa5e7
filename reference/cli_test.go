package reference

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/spec"
)

// awsCLI runs the AWS CLI against srv with throwaway credentials and no
// user configuration, and returns its stdout, stderr and error.
func awsCLI(t *testing.T, srv *Server, args ...string) (string, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "aws", append([]string{"--endpoint-url", srv.URL, "--output", "json"}, args...)...)
	home := t.TempDir()
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_ACCESS_KEY_ID=AKIDCLITEST",
		"AWS_SECRET_ACCESS_KEY=secret",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_PAGER=",
	}
	if pyenv := os.Getenv("PYENV_ROOT"); pyenv != "" {
		cmd.Env = append(cmd.Env, "PYENV_ROOT="+pyenv)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

func TestAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI (aws) is not on PATH; install it to run the CLI interoperability test")
	}
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "cli-fn", smallZip(t, "cli"))
	dir := t.TempDir()
	code := smallZip(t, "from the cli")
	zipPath := filepath.Join(dir, "f.zip")
	if err := os.WriteFile(zipPath, code, 0o644); err != nil {
		t.Fatal(err)
	}

	out, stderr, err := awsCLI(t, srv, "lambda", "update-function-code", "--function-name", "cli-fn", "--zip-file", "fileb://"+zipPath, "--publish")
	if err != nil {
		t.Fatalf("aws lambda update-function-code: %v\n%s", err, stderr)
	}
	var cfg map[string]any
	if err := json.Unmarshal([]byte(out), &cfg); err != nil {
		t.Fatalf("CLI output is not JSON: %v\n%s", err, out)
	}
	if cfg["CodeSha256"] != sha256Std(code) || cfg["CodeSize"] != float64(len(code)) || cfg["Version"] != "1" {
		t.Errorf("CLI update answered %v/%v version %v; want %s/%d version 1", cfg["CodeSha256"], cfg["CodeSize"], cfg["Version"], sha256Std(code), len(code))
	}

	if _, stderr, err := awsCLI(t, srv, "s3api", "create-bucket", "--bucket", "cli-bucket"); err != nil {
		t.Fatalf("aws s3api create-bucket: %v\n%s", err, stderr)
	}
	if _, stderr, err := awsCLI(t, srv, "s3api", "put-object", "--bucket", "cli-bucket", "--key", "code.zip", "--body", zipPath); err != nil {
		t.Fatalf("aws s3api put-object: %v\n%s", err, stderr)
	}
	out, stderr, err = awsCLI(t, srv, "lambda", "update-function-code", "--function-name", "cli-fn", "--s3-bucket", "cli-bucket", "--s3-key", "code.zip")
	if err != nil {
		t.Fatalf("aws lambda update-function-code from S3: %v\n%s", err, stderr)
	}
	if err := json.Unmarshal([]byte(out), &cfg); err != nil || cfg["CodeSha256"] != sha256Std(code) {
		t.Errorf("CLI S3 update answered %v (%v), want %s", cfg["CodeSha256"], err, sha256Std(code))
	}

	_, stderr, err = awsCLI(t, srv, "lambda", "update-function-code", "--function-name", "cli-fn", "--s3-bucket", "cli-bucket", "--s3-key", "missing.zip")
	if err == nil || !strings.Contains(stderr, "InvalidParameterValueException") || !strings.Contains(stderr, spec.MsgNoSuchKey) {
		t.Errorf("missing key: err %v, stderr %q; want InvalidParameterValueException %q", err, stderr, spec.MsgNoSuchKey)
	}
	_, stderr, err = awsCLI(t, srv, "lambda", "update-function-code", "--function-name", "ghost", "--zip-file", "fileb://"+zipPath)
	if err == nil || !strings.Contains(stderr, "ResourceNotFoundException") || !strings.Contains(stderr, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost") {
		t.Errorf("missing function: err %v, stderr %q", err, stderr)
	}
}
