// Package target says which endpoint the harness tests and with which
// credentials, refuses real AWS unless the user opts in, and opens the
// clients every suite uses: the raw wire client and SDK clients for Lambda,
// S3 and IAM with retries off.
package target

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"golang.org/x/net/idna"

	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// DefaultRegion is the region used when the environment names none.
const DefaultRegion = "us-east-1"

// DefaultRequestTimeout bounds one request when Config.RequestTimeout is
// zero. The largest request the suites send is a 70 MB body, which on a
// loaded two-core machine under the race detector took over 30 s; two
// minutes leaves room for that and still ends a hung request.
const DefaultRequestTimeout = 2 * time.Minute

// DefaultRoleName names the execution role the fixtures use when Config.Role
// is empty and the endpoint serves no IAM API.
const DefaultRoleName = "lambdaconf-exec"

// EmulatorCredentials are used when the environment holds no credentials;
// emulators accept any.
var EmulatorCredentials = aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test", Source: "lambdaconf default for emulators"}

// Config says which endpoint to test and how.
type Config struct {
	// Endpoint is the base URL of the Lambda API, with the path prefix it
	// is served under, if any (http://127.0.0.1:4566/lambda); "" means the
	// embedded reference, which the suites start and then put here.
	Endpoint string
	// S3Endpoint and IAMEndpoint are the base URLs of the S3 and IAM APIs
	// when they are served apart from Lambda; "" means Endpoint without
	// its path prefix.
	S3Endpoint  string
	IAMEndpoint string
	// RequestTimeout bounds one request, from dial to the last byte of
	// the answer; DefaultRequestTimeout when zero.
	RequestTimeout time.Duration
	Region         string
	Credentials    aws.Credentials
	Profile        spec.Profile
	// Role is the execution role ARN for the functions the fixtures
	// create. When it is "", each fixtures run creates a role of its own
	// through IAM (an endpoint such as moto requires the role to exist),
	// or, on an endpoint without IAM, uses arn:aws:iam::123456789012:role/
	// lambdaconf-exec.
	Role string
	// AllowRealAWS lets Check accept an endpoint that is, or may be, AWS.
	AllowRealAWS bool
	// WaitTimeout bounds each wait for a function to become Active after a
	// create, or to finish an update (WaitActive, WaitUpdated); 0 means
	// DefaultWaitTimeout.
	WaitTimeout time.Duration
}

// FromEnv reads the configuration from the process environment (see
// FromLookup), then fills what the environment leaves open from the AWS
// SDK's shared configuration, as the SDKs and the AWS CLI do: the profile
// AWS_PROFILE names (else "default") in AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE (else ~/.aws/config and ~/.aws/credentials),
// with its endpoint_url (and services section), region and credentials. A
// profile AWS_PROFILE names that does not exist is an error.
func FromEnv() (Config, error) {
	c, err := FromLookup(os.LookupEnv)
	if err != nil {
		return c, err
	}
	return c.withSharedConfig(context.Background(), os.LookupEnv)
}

// FromLookup reads the configuration through lookup:
// LAMBDACONF_ENDPOINT (or ENDPOINT), else AWS_ENDPOINT_URL_LAMBDA, else
// AWS_ENDPOINT_URL; LAMBDACONF_S3_ENDPOINT, else AWS_ENDPOINT_URL_S3;
// LAMBDACONF_IAM_ENDPOINT, else AWS_ENDPOINT_URL_IAM; AWS_REGION, else
// AWS_DEFAULT_REGION, else us-east-1; AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (test/test when both keys are
// unset); LAMBDACONF_PROFILE; LAMBDACONF_ROLE; LAMBDACONF_REQUEST_TIMEOUT and
// LAMBDACONF_WAIT_TIMEOUT (Go durations); and LAMBDACONF_ALLOW_REAL_AWS=1.
func FromLookup(lookup func(string) (string, bool)) (Config, error) {
	get := func(names ...string) string {
		for _, n := range names {
			if v, ok := lookup(n); ok && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
		return ""
	}
	var c Config
	c.Endpoint = get("LAMBDACONF_ENDPOINT", "ENDPOINT", "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL")
	c.S3Endpoint = get("LAMBDACONF_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3")
	c.IAMEndpoint = get("LAMBDACONF_IAM_ENDPOINT", "AWS_ENDPOINT_URL_IAM")
	if v := get("LAMBDACONF_REQUEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return Config{}, fmt.Errorf("target: LAMBDACONF_REQUEST_TIMEOUT=%q is not a positive duration such as 90s or 5m", v)
		}
		c.RequestTimeout = d
	}
	c.Region = get("AWS_REGION", "AWS_DEFAULT_REGION")
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	id, secret := get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")
	switch {
	case id == "" && secret == "":
		c.Credentials = EmulatorCredentials
	case id == "" || secret == "":
		return Config{}, errors.New("target: only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set: set both, or neither to use test/test with an emulator")
	default:
		c.Credentials = aws.Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: get("AWS_SESSION_TOKEN"), Source: "environment"}
	}
	p, err := spec.ParseProfile(get("LAMBDACONF_PROFILE"))
	if err != nil {
		return Config{}, fmt.Errorf("target: LAMBDACONF_PROFILE: %w", err)
	}
	c.Profile = p
	c.Role = get("LAMBDACONF_ROLE")
	if c.Role != "" && !spec.RolePattern(spec.ProfileAWS).MatchString(c.Role) {
		return Config{}, fmt.Errorf("target: LAMBDACONF_ROLE %q is not an IAM role ARN: use arn:aws:iam::<12-digit account>:role/<name>, or unset it", c.Role)
	}
	switch v := strings.ToLower(get("LAMBDACONF_ALLOW_REAL_AWS")); v {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		c.AllowRealAWS = true
	default:
		return Config{}, fmt.Errorf("target: LAMBDACONF_ALLOW_REAL_AWS=%q: use 1 to allow real AWS, or unset it", v)
	}
	if v := get("LAMBDACONF_WAIT_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return Config{}, fmt.Errorf("target: LAMBDACONF_WAIT_TIMEOUT=%q: use a positive Go duration such as 30s or 5m, or unset it for %v", v, DefaultWaitTimeout)
		}
		c.WaitTimeout = d
	}
	return c, nil
}

// sharedConfigTimeout bounds loading the shared configuration and
// retrieving a profile's credentials.
const sharedConfigTimeout = 10 * time.Second

// withSharedConfig fills what lookup left open from the SDK's shared
// configuration (config.LoadDefaultConfig, with the EC2 instance metadata
// service off: the harness never leaves the machine to find credentials).
func (c Config) withSharedConfig(ctx context.Context, lookup func(string) (string, bool)) (Config, error) {
	set := func(name string) bool { v, ok := lookup(name); return ok && strings.TrimSpace(v) != "" }
	ctx, cancel := context.WithTimeout(ctx, sharedConfigTimeout)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	if err != nil {
		profile, _ := lookup("AWS_PROFILE")
		return Config{}, fmt.Errorf("target: reading the shared AWS configuration (AWS_PROFILE=%q, AWS_CONFIG_FILE, ~/.aws/config): %v: name an existing profile, or unset AWS_PROFILE", profile, err)
	}
	general := aws.ToString(cfg.BaseEndpoint)
	if c.Endpoint == "" {
		c.Endpoint = aws.ToString(lambda.NewFromConfig(cfg).Options().BaseEndpoint)
	}
	// A service's own endpoint (AWS_ENDPOINT_URL_S3 was read already, a
	// services section here) applies; the general one is the Lambda
	// endpoint's, which Open reuses without its path prefix.
	if e := aws.ToString(s3.NewFromConfig(cfg).Options().BaseEndpoint); c.S3Endpoint == "" && e != general {
		c.S3Endpoint = e
	}
	if e := aws.ToString(iam.NewFromConfig(cfg).Options().BaseEndpoint); c.IAMEndpoint == "" && e != general {
		c.IAMEndpoint = e
	}
	if !set("AWS_REGION") && !set("AWS_DEFAULT_REGION") && cfg.Region != "" {
		c.Region = cfg.Region
	}
	if !set("AWS_ACCESS_KEY_ID") && !set("AWS_SECRET_ACCESS_KEY") && cfg.Credentials != nil {
		if creds, err := cfg.Credentials.Retrieve(ctx); err == nil && creds.AccessKeyID != "" && creds.SecretAccessKey != "" {
			c.Credentials = creds
		}
	}
	return c, nil
}

//go:generate go run ./internal/genpartitions

// Check refuses a configuration that would send traffic to real AWS unless
// AllowRealAWS is set: an endpoint under the DNS suffix of any AWS
// partition (taken from the SDK's partition data, see partitions.go), or
// credentials shaped like real AWS keys (AKIA…/ASIA…) sent to an endpoint
// that is not on this machine, which may be AWS behind a proxy or a custom
// domain. The host is compared in the ASCII form the HTTP client resolves
// (IDNA, as net/http maps it, so "lambda．us-east-1．amazonaws．com" is
// amazonaws.com), and a host that is not ASCII is refused whatever the
// opt-in: write it in its ASCII (punycode) form. An empty Endpoint passes:
// it stands for the embedded reference, and Open refuses to run without an
// endpoint rather than fall back to AWS.
func (c Config) Check() error {
	if c.Endpoint == "" {
		return nil
	}
	u, err := wire.ParseEndpoint(c.Endpoint)
	if err != nil {
		return err
	}
	host, err := asciiHost(u.Hostname())
	if err != nil {
		return fmt.Errorf("target: refusing %s: %v", c.Endpoint, err)
	}
	// The S3 and IAM endpoints, when set apart, are held to the same
	// refusal as the Lambda endpoint.
	for _, e := range []string{c.S3Endpoint, c.IAMEndpoint} {
		if e == "" {
			continue
		}
		eu, err := url.Parse(e)
		if err != nil {
			return fmt.Errorf("target: endpoint %q is not a URL: %v", e, err)
		}
		h, err := asciiHost(eu.Hostname())
		if err != nil {
			return fmt.Errorf("target: refusing %s: %v", e, err)
		}
		if d := awsSuffix(h); d != "" && !c.AllowRealAWS {
			return fmt.Errorf("target: refusing %s: it is a real AWS endpoint (under %s); set LAMBDACONF_ALLOW_REAL_AWS=1 to reach AWS on purpose, or point it at an emulator", e, d)
		}
	}
	if c.AllowRealAWS {
		return nil
	}
	if d := awsSuffix(host); d != "" {
		return fmt.Errorf("target: refusing %s: it is a real AWS endpoint (under %s). The harness creates and deletes functions, buckets and roles and sends requests of up to 70 MB, which costs money and can hit account quotas. To run against AWS on purpose, use a throwaway account and set LAMBDACONF_ALLOW_REAL_AWS=1 (and LAMBDACONF_ROLE to an existing execution role); otherwise point ENDPOINT at an emulator such as http://127.0.0.1:4566", c.Endpoint, d)
	}
	if looksReal(c.Credentials) && !isLoopback(host) {
		return fmt.Errorf("target: refusing to send credentials that look like real AWS keys (%s…) to %s, which is not on this machine and may be AWS behind a proxy or custom domain. Use test/test with an emulator (unset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or set LAMBDACONF_ALLOW_REAL_AWS=1 if you mean to reach AWS, knowing that the run creates resources and costs money", c.Credentials.AccessKeyID[:4], c.Endpoint)
	}
	return nil
}

// asciiHost returns host as the HTTP client will resolve it: mapped by
// IDNA (golang.org/x/net/idna's Lookup profile, which net/http applies),
// lower-cased, without a trailing dot. A host that is not plain ASCII is an
// error, so that no spelling the client maps to an AWS name slips past the
// suffix comparison.
func asciiHost(host string) (string, error) {
	for i := 0; i < len(host); i++ {
		if host[i] >= utf8.RuneSelf {
			mapped, err := idna.Lookup.ToASCII(host)
			if err != nil {
				mapped = "(not a valid IDNA name: " + err.Error() + ")"
			}
			return "", fmt.Errorf("its host %q is not ASCII; the HTTP client would resolve it as %s. Write the host in ASCII (punycode for an internationalised name)", host, mapped)
		}
	}
	a, err := idna.Lookup.ToASCII(host)
	if err != nil {
		// net/http sends an ASCII host it cannot map as it is.
		a = host
	}
	return strings.TrimSuffix(strings.ToLower(a), "."), nil
}

// awsSuffix returns the AWS partition DNS suffix host is, or is under; ""
// when it is none.
func awsSuffix(host string) string {
	for _, d := range awsSuffixes {
		if host == d || strings.HasSuffix(host, "."+d) {
			return d
		}
	}
	return ""
}

// looksReal reports whether creds have the shape of AWS access keys.
func looksReal(creds aws.Credentials) bool {
	id := creds.AccessKeyID
	return len(id) == 20 && (strings.HasPrefix(id, "AKIA") || strings.HasPrefix(id, "ASIA"))
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Target is an opened endpoint: the configuration and the clients.
type Target struct {
	Config
	// Wire sends raw signed requests.
	Wire *wire.Client
	// Lambda, S3 and IAM are SDK clients with retries off, bound to the
	// endpoint with static credentials.
	Lambda *lambda.Client
	S3     *s3.Client
	IAM    *iam.Client
}

// MaxSDKResponseBody bounds, in bytes, the body of one answer the SDK
// clients read (Lambda's, S3's and IAM's answers to the harness's own
// calls are a few KiB). The SDK decodes a whole answer into memory, so an
// endpoint that answered without end would otherwise grow the harness
// until the request timeout. A longer body fails the call with an error
// that says so. Inferred: no answer in the Lambda model comes near it.
const MaxSDKResponseBody = 16 << 20

// ProbeTimeout bounds the reachability check Open makes.
const ProbeTimeout = 10 * time.Second

// Open checks c, builds the clients and makes one ListFunctions call to
// learn that the endpoint answers like a Lambda API. Lambda requests go to
// Endpoint, with its path prefix; S3 and IAM requests to S3Endpoint and
// IAMEndpoint, else to Endpoint's scheme and host.
func Open(ctx context.Context, c Config) (*Target, error) {
	if c.Endpoint == "" {
		return nil, errors.New("target: no endpoint to open: start the embedded reference first (the suites do), or set ENDPOINT to an emulator such as http://127.0.0.1:4566")
	}
	if err := c.Check(); err != nil {
		return nil, err
	}
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	if c.Credentials.AccessKeyID == "" {
		c.Credentials = EmulatorCredentials
	}
	if c.Profile == "" {
		c.Profile = spec.ProfileAWS
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	w, err := wire.New(wire.Config{Endpoint: c.Endpoint, Region: c.Region, Credentials: c.Credentials, Timeout: c.RequestTimeout})
	if err != nil {
		return nil, err
	}
	endpoint := w.Endpoint()
	root, err := wire.ParseEndpoint(c.Endpoint)
	if err != nil {
		return nil, err
	}
	root.Path, root.RawPath = "", ""
	s3Endpoint, iamEndpoint := root.String(), root.String()
	for _, other := range []struct {
		name string
		url  *string
		set  string
	}{{"S3", &s3Endpoint, c.S3Endpoint}, {"IAM", &iamEndpoint, c.IAMEndpoint}} {
		if other.set == "" {
			continue
		}
		u, err := wire.ParseEndpoint(other.set)
		if err != nil {
			return nil, fmt.Errorf("target: %s endpoint: %w", other.name, err)
		}
		oc := c
		oc.Endpoint = other.set
		if err := oc.Check(); err != nil {
			return nil, fmt.Errorf("target: %s endpoint: %w", other.name, err)
		}
		*other.url = u.String()
	}
	creds := credentials.NewStaticCredentialsProvider(c.Credentials.AccessKeyID, c.Credentials.SecretAccessKey, c.Credentials.SessionToken)
	httpClient := &http.Client{Timeout: c.RequestTimeout, Transport: boundedBodies{&http.Transport{
		Proxy:                  nil,
		MaxIdleConnsPerHost:    8,
		IdleConnTimeout:        30 * time.Second,
		ResponseHeaderTimeout:  c.RequestTimeout,
		MaxResponseHeaderBytes: 64 << 10,
	}}}
	t := &Target{
		Config: c,
		Wire:   w,
		Lambda: lambda.New(lambda.Options{
			Region: c.Region, Credentials: creds, BaseEndpoint: aws.String(endpoint),
			Retryer: aws.NopRetryer{}, HTTPClient: httpClient,
		}),
		S3: s3.New(s3.Options{
			Region: c.Region, Credentials: creds, BaseEndpoint: aws.String(s3Endpoint),
			Retryer: aws.NopRetryer{}, HTTPClient: httpClient, UsePathStyle: true,
			RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
			ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		}),
		IAM: iam.New(iam.Options{
			Region: c.Region, Credentials: creds, BaseEndpoint: aws.String(iamEndpoint),
			Retryer: aws.NopRetryer{}, HTTPClient: httpClient,
		}),
	}
	if err := t.probe(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

// probe lists one function through the wire client, at the model's path
// (with a trailing slash) and, when that does not answer like Lambda,
// without it: some emulators route only one of the two.
func (t *Target) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	var notLambda error
	for _, path := range []string{"/2015-03-31/functions/", "/2015-03-31/functions"} {
		resp, err := t.Wire.Do(ctx, "lambda", "GET", path, url.Values{"MaxItems": {"1"}}, nil, 0, nil)
		if err != nil {
			return t.unreachable(err)
		}
		switch {
		case resp.Status >= 300 && resp.Status < 400 && resp.ErrorType == "":
			return fmt.Errorf("target: %s redirected ListFunctions (status %d) to %q: the harness does not follow redirects, since a signed request must reach the endpoint itself; point the endpoint at the final URL", t.Endpoint, resp.Status, resp.Header.Get("Location"))
		case resp.JSON != nil || resp.ErrorType != "":
			return nil
		}
		if notLambda == nil {
			notLambda = fmt.Errorf("target: %s answered ListFunctions (GET %s) with status %d and a body that is neither a JSON object nor an AWS error (%.120q): is the endpoint a Lambda API? If the API sits under a path prefix, include it, such as http://127.0.0.1:4566/lambda", t.Endpoint, path, resp.Status, resp.Body)
		}
	}
	return notLambda
}

// unreachable says in plain words why the probe got no answer.
func (t *Target) unreachable(err error) error {
	var te *wire.TransportError
	if !errors.As(err, &te) {
		return fmt.Errorf("target: cannot reach %s: %v", t.Endpoint, err)
	}
	switch te.Class {
	case wire.ClassRefused:
		return fmt.Errorf("target: nothing is listening at %s (connection refused): start the emulator, or point the endpoint (-endpoint, ENDPOINT) at it", t.Endpoint)
	case wire.ClassTimeout:
		return fmt.Errorf("target: %s did not answer ListFunctions in time (%v): check that it is running, reachable and not overloaded", t.Endpoint, te.Err)
	case wire.ClassTLS:
		return fmt.Errorf("target: the TLS handshake with %s failed (%v): use http:// for a local emulator, or give it a certificate this machine trusts", t.Endpoint, te.Err)
	}
	return fmt.Errorf("target: cannot reach %s (%s: %v): %s", t.Endpoint, te.Class, te.Err, "is the emulator running, and is this its Lambda API?")
}

// boundedBodies fails the read of any answer body longer than
// MaxSDKResponseBody, so that the SDK clients hold at most that much of
// one answer.
type boundedBodies struct{ http.RoundTripper }

func (b boundedBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := b.RoundTripper.RoundTrip(req)
	if err == nil && resp.Body != nil {
		op := req.Method + " " + req.URL.Redacted()
		resp.Body = CapBody(resp.Body, MaxSDKResponseBody, func() error {
			return fmt.Errorf("the answer to %s is larger than %d bytes, more than any Lambda, S3 or IAM answer the harness asks for: the endpoint is not answering as AWS does", op, MaxSDKResponseBody)
		})
	}
	return resp, err
}

// CapBody returns rc cut off after max bytes: a read past them fails with
// the error tooLong returns (called once), unless rc ends exactly there.
// Closing it closes rc.
func CapBody(rc io.ReadCloser, max int64, tooLong func() error) io.ReadCloser {
	return &cappedBody{rc: rc, left: max, tooLong: tooLong}
}

type cappedBody struct {
	rc      io.ReadCloser
	left    int64
	tooLong func() error
	err     error
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 {
			return 0, err
		}
		b.err = b.tooLong()
		return 0, b.err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
