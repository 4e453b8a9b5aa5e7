// Package target says which endpoint the harness tests and with which
// credentials, refuses real AWS unless the user opts in, and opens the
// clients every suite uses: the raw wire client and SDK clients for Lambda,
// S3 and IAM with retries off.
package target

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// DefaultRegion is the region used when the environment names none.
const DefaultRegion = "us-east-1"

// DefaultRoleName names the execution role the fixtures use when Config.Role
// is empty and the endpoint serves no IAM API.
const DefaultRoleName = "lambdaconf-exec"

// EmulatorCredentials are used when the environment holds no credentials;
// emulators accept any.
var EmulatorCredentials = aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test", Source: "lambdaconf default for emulators"}

// Config says which endpoint to test and how.
type Config struct {
	// Endpoint is the base URL of the endpoint; "" means the embedded
	// reference, which the suites start and then put here.
	Endpoint    string
	Region      string
	Credentials aws.Credentials
	Profile     spec.Profile
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

// FromEnv reads the configuration from the process environment; see
// FromLookup.
func FromEnv() (Config, error) { return FromLookup(os.LookupEnv) }

// FromLookup reads the configuration through lookup:
// LAMBDACONF_ENDPOINT (or ENDPOINT), else AWS_ENDPOINT_URL_LAMBDA, else
// AWS_ENDPOINT_URL; AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1;
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (test/test
// when both keys are unset); LAMBDACONF_PROFILE; LAMBDACONF_ROLE;
// LAMBDACONF_ALLOW_REAL_AWS=1; and LAMBDACONF_WAIT_TIMEOUT, a Go duration
// such as 5m.
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

// realAWSDomains are the DNS suffixes of AWS service endpoints.
var realAWSDomains = []string{"amazonaws.com", "amazonaws.com.cn", "api.aws", "amazonaws-us-gov.com", "c2s.ic.gov", "sc2s.sgov.gov"}

// Check refuses a configuration that would send traffic to real AWS unless
// AllowRealAWS is set: an endpoint under an AWS domain, or credentials
// shaped like real AWS keys (AKIA…/ASIA…) sent to an endpoint that is not
// on this machine, which may be AWS behind a proxy or a custom domain. An
// empty Endpoint passes: it stands for the embedded reference, and Open
// refuses to run without an endpoint rather than fall back to AWS.
func (c Config) Check() error {
	if c.AllowRealAWS || c.Endpoint == "" {
		if c.Endpoint != "" {
			if _, err := wire.ParseEndpoint(c.Endpoint); err != nil {
				return err
			}
		}
		return nil
	}
	u, err := wire.ParseEndpoint(c.Endpoint)
	if err != nil {
		return err
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	for _, d := range realAWSDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return fmt.Errorf("target: refusing %s: it is a real AWS endpoint. The harness creates and deletes functions, buckets and roles and sends requests of up to 70 MB, which costs money and can hit account quotas. To run against AWS on purpose, use a throwaway account and set LAMBDACONF_ALLOW_REAL_AWS=1 (and LAMBDACONF_ROLE to an existing execution role); otherwise point ENDPOINT at an emulator such as http://127.0.0.1:4566", c.Endpoint)
		}
	}
	if looksReal(c.Credentials) && !isLoopback(host) {
		return fmt.Errorf("target: refusing to send credentials that look like real AWS keys (%s…) to %s, which is not on this machine and may be AWS behind a proxy or custom domain. Use test/test with an emulator (unset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or set LAMBDACONF_ALLOW_REAL_AWS=1 if you mean to reach AWS, knowing that the run creates resources and costs money", c.Credentials.AccessKeyID[:4], c.Endpoint)
	}
	return nil
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

// ProbeTimeout bounds the reachability check Open makes.
const ProbeTimeout = 10 * time.Second

// Open checks c, builds the clients and makes one ListFunctions call to
// learn that the endpoint answers like a Lambda API.
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
	w, err := wire.New(wire.Config{Endpoint: c.Endpoint, Region: c.Region, Credentials: c.Credentials})
	if err != nil {
		return nil, err
	}
	endpoint := w.Endpoint()
	creds := credentials.NewStaticCredentialsProvider(c.Credentials.AccessKeyID, c.Credentials.SecretAccessKey, c.Credentials.SessionToken)
	httpClient := &http.Client{Transport: &http.Transport{
		Proxy:                  nil,
		MaxIdleConnsPerHost:    8,
		IdleConnTimeout:        30 * time.Second,
		ResponseHeaderTimeout:  2 * time.Minute,
		MaxResponseHeaderBytes: 64 << 10,
	}}
	t := &Target{
		Config: c,
		Wire:   w,
		Lambda: lambda.New(lambda.Options{
			Region: c.Region, Credentials: creds, BaseEndpoint: aws.String(endpoint),
			Retryer: aws.NopRetryer{}, HTTPClient: httpClient,
		}),
		S3: s3.New(s3.Options{
			Region: c.Region, Credentials: creds, BaseEndpoint: aws.String(endpoint),
			Retryer: aws.NopRetryer{}, HTTPClient: httpClient, UsePathStyle: true,
			RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
			ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		}),
		IAM: iam.New(iam.Options{
			Region: c.Region, Credentials: creds, BaseEndpoint: aws.String(endpoint),
			Retryer: aws.NopRetryer{}, HTTPClient: httpClient,
		}),
	}
	if err := t.probe(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

// probe lists one function through the wire client.
func (t *Target) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	resp, err := t.Wire.Do(ctx, "lambda", "GET", "/2015-03-31/functions/", url.Values{"MaxItems": {"1"}}, nil, 0, nil)
	if err != nil {
		var te *wire.TransportError
		if errors.As(err, &te) {
			return fmt.Errorf("target: cannot reach %s (%s: %v): is the emulator running? Start it or set ENDPOINT", t.Endpoint, te.Class, te.Err)
		}
		return fmt.Errorf("target: cannot reach %s: %w", t.Endpoint, err)
	}
	if resp.JSON == nil && resp.ErrorType == "" {
		return fmt.Errorf("target: %s answered ListFunctions with status %d and a body that is neither a JSON object nor an AWS error (%.120q): is ENDPOINT a Lambda API?", t.Endpoint, resp.Status, resp.Body)
	}
	return nil
}
