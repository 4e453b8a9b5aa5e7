package suites

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	. "github.com/onsi/ginkgo/v2"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// sdkConfig renders what the SDK decoded as the JSON configuration the
// checks read.
func sdkConfig(out *lambda.UpdateFunctionCodeOutput) map[string]any {
	return map[string]any{
		"CodeSha256": aws.ToString(out.CodeSha256), "CodeSize": float64(out.CodeSize),
		"Version": aws.ToString(out.Version), "FunctionArn": aws.ToString(out.FunctionArn),
	}
}

// sdkUpdate sends an update through the SDK's Lambda client and checks what
// the client decoded: the hash and size of code, and $LATEST or the new
// version. It then waits for the update to finish, as SDK users must.
func sdkUpdate(ctx context.Context, env check.Env, in *lambda.UpdateFunctionCodeInput, code []byte, src check.Source) error {
	clause := spec.HashInline
	if src != check.Inline {
		clause = spec.HashS3
	}
	out, err := env.Target.Lambda.UpdateFunctionCode(ctx, in)
	if err != nil {
		return &finding.Finding{Clause: clause, Summary: "the SDK's UpdateFunctionCode failed on a valid request",
			Expected: "a FunctionConfiguration", Got: err.Error()}
	}
	fs := check.Findings(check.HashAndSize(env.Evaluated, sdkConfig(out), code, src))
	fs = append(fs, check.Findings(check.Settle(ctx, env))...)
	env.Evaluated.Add(spec.PublishLatest)
	if v := aws.ToString(out.Version); v != "$LATEST" {
		fs = append(fs, &finding.Finding{Clause: spec.PublishLatest, Summary: "the SDK decoded another version than $LATEST",
			Expected: "Version $LATEST", Got: fmt.Sprintf("Version %q", v)})
	}
	return joinFindings(fs)
}

var _ = Describe("Real clients", Label("transport"), func() {
	var env check.Env
	BeforeEach(func(ctx SpecContext) { env = newEnv(ctx) })

	It("gives the SDK the hash and size of inline and S3 code", Label(string(spec.HashInline), string(spec.SizeInline),
		string(spec.HashS3), string(spec.SizeS3), string(spec.PublishLatest), string(spec.CodeVisible)), func(ctx SpecContext) {
		code := check.Zip("index.py", "# through the SDK\n")
		report(env, nil, "", errors.Join(
			sdkUpdate(ctx, env, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(env.Gen.Function), ZipFile: code}, code, check.Inline),
			check.CodeVisible(ctx, env, env.Gen.Function, code),
			sdkUpdate(ctx, env, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(env.Gen.Function),
				S3Bucket: aws.String(env.Gen.Bucket), S3Key: aws.String(env.Gen.Key)}, env.Gen.KeyZip, check.FromS3)))
	})

	It("gives the SDK a ResourceNotFoundException for a missing function", Label(string(spec.NameNotFound), string(spec.WireErrorType)), func(ctx SpecContext) {
		name := env.Gen.Missing + "-sdk"
		_, err := env.Target.Lambda.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(name), ZipFile: check.Zip("a.py", "")})
		env.Evaluated.Add(spec.NameNotFound)
		var nf *types.ResourceNotFoundException
		if !errors.As(err, &nf) {
			report(env, nil, "", &finding.Finding{Clause: spec.NameNotFound, Summary: "the SDK did not decode a ResourceNotFoundException",
				Expected: "*types.ResourceNotFoundException", Got: fmt.Sprintf("%T: %v", err, err)})
		}
	})

	It("gives the AWS CLI the hash and size of inline code", Label(string(spec.HashInline), string(spec.SizeInline), string(spec.PublishLatest)), func(ctx SpecContext) {
		aws, err := exec.LookPath("aws")
		if err != nil {
			Skip("the AWS CLI (aws) is not installed; scripts/setup.sh installs it")
		}
		code := check.Zip("index.py", "# through the AWS CLI\n")
		path := filepath.Join(GinkgoT().TempDir(), "code.zip")
		if err := os.WriteFile(path, code, 0o600); err != nil {
			Fail("writing the zip for the AWS CLI: " + err.Error())
		}
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		// The CLI reads an answer whole, whatever its size; it talks to
		// the endpoint through a proxy that cuts an answer off at
		// cliMaxAnswer, so that a hostile endpoint cannot fill memory.
		endpoint, stop, cut, err := boundedProxy(shared.Endpoint, cliMaxAnswer)
		if err != nil {
			Fail("starting the proxy for the AWS CLI: " + err.Error())
		}
		defer stop()
		cmd := exec.CommandContext(cctx, aws, "lambda", "update-function-code", "--function-name", env.Gen.Function,
			"--zip-file", "fileb://"+path, "--endpoint-url", endpoint, "--region", env.Gen.Region, "--output", "json")
		cmd.Env = append(os.Environ(), cliCredentials()...)
		stdout, stderr := &boundedBuffer{max: 1 << 20}, &boundedBuffer{max: 64 << 10}
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			report(env, nil, "", &finding.Finding{Clause: spec.HashInline, Summary: "the AWS CLI's update-function-code failed on a valid request",
				Expected: "exit status 0 and a FunctionConfiguration", Got: fmt.Sprintf("%v: %s%s", err, strings.ReplaceAll(stderr.String(), endpoint, shared.Endpoint), cutNote(cut)), Reproducer: strings.Replace(cmd.String(), endpoint, shared.Endpoint, 1)})
			return
		}
		var cfg map[string]any
		if err := json.Unmarshal(stdout.Bytes(), &cfg); err != nil {
			report(env, nil, "", &finding.Finding{Clause: spec.HashInline, Summary: "the AWS CLI printed no JSON configuration",
				Expected: "a JSON object", Got: stdout.String(), Reproducer: strings.Replace(cmd.String(), endpoint, shared.Endpoint, 1)})
			return
		}
		report(env, nil, "", check.HashAndSize(env.Evaluated, cfg, code, check.Inline))
	})
})

// cliCredentials passes the target's credentials to the AWS CLI and turns
// its retries and pager off.
func cliCredentials() []string {
	c := tgt.Credentials
	env := []string{"AWS_ACCESS_KEY_ID=" + c.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + c.SecretAccessKey, "AWS_MAX_ATTEMPTS=1", "AWS_PAGER="}
	if c.SessionToken != "" {
		env = append(env, "AWS_SESSION_TOKEN="+c.SessionToken)
	}
	return env
}

// boundedBuffer keeps the first max bytes written to it and drops the
// rest, so that a runaway child process cannot fill memory.
type boundedBuffer struct {
	bytes.Buffer
	max int
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}

// cliMaxAnswer bounds, in bytes, the body of an answer the AWS CLI gets:
// an UpdateFunctionCode answer is a FunctionConfiguration of a few KiB.
const cliMaxAnswer = 1 << 20

// boundedProxy starts a loopback reverse proxy to endpoint and returns the
// URL to use instead (with endpoint's path prefix) and a function that
// stops it, and a flag set when it cut an answer off. Requests pass unchanged (the Host header too, so that SigV4
// signatures hold); an answer body longer than max bytes is cut off and
// the connection aborted, so that the client fails instead of reading on.
func boundedProxy(endpoint string, max int64) (string, func(), *atomic.Bool, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", nil, nil, err
	}
	cut := new(atomic.Bool)
	to := &url.URL{Scheme: u.Scheme, Host: u.Host}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(to)
			r.Out.Host = r.In.Host
		},
		Transport: &http.Transport{Proxy: nil, MaxResponseHeaderBytes: 64 << 10},
		ModifyResponse: func(resp *http.Response) error {
			resp.Body = target.CapBody(resp.Body, max, func() error {
				cut.Store(true)
				return fmt.Errorf("the answer is longer than %d bytes", max)
			})
			return nil
		},
		ErrorLog: log.New(io.Discard, "", 0),
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, nil, err
	}
	srv := &http.Server{Handler: rp, ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(l)
	return "http://" + l.Addr().String() + u.EscapedPath(), func() { srv.Close() }, cut, nil
}

// cutNote says, when the proxy cut an answer off, why the CLI failed.
func cutNote(cut *atomic.Bool) string {
	if !cut.Load() {
		return ""
	}
	return fmt.Sprintf(" (the endpoint's answer was longer than %d bytes, more than any FunctionConfiguration: the harness cut it off)", cliMaxAnswer)
}
