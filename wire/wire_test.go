package wire

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/lambdaconf/lambdaconf/request"
)

var testCreds = aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

// received is what a recording server saw of one request.
type received struct {
	Method, RequestURI, EscapedPath, Path string
	Header                                http.Header
	Body                                  []byte
	SigErr                                error
}

// recorder is an httptest server that records each request, verifies its
// signature and answers with a fixed response.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []received
}

func newRecorder(t *testing.T, status int, header http.Header, body string) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("server reading the body: %v", err)
		}
		got := received{Method: r.Method, RequestURI: r.RequestURI, EscapedPath: r.URL.EscapedPath(), Path: r.URL.Path, Header: r.Header.Clone(), Body: b}
		got.SigErr = verifySigV4(r, b, testCreds.SecretAccessKey, !strings.Contains(r.Header.Get("Authorization"), "/s3/"))
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, got)
		rec.mu.Unlock()
		for k, vs := range header {
			w.Header()[k] = vs
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) last(t *testing.T) received {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("the server received no request")
	}
	return r.reqs[len(r.reqs)-1]
}

func newClient(t *testing.T, endpoint string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{Endpoint: endpoint, Region: "eu-west-1", Credentials: testCreds, Timeout: 5 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestNewRejectsBadEndpoints(t *testing.T) {
	for _, ep := range []string{"", "127.0.0.1:9000", "ftp://127.0.0.1", "http://", "http://127.0.0.1?x=1", "http://127.0.0.1/lambda#frag", "http://u:p@127.0.0.1", "::"} {
		_, err := New(Config{Endpoint: ep, Credentials: testCreds})
		if err == nil {
			t.Errorf("New(%q) succeeded; want an error", ep)
			continue
		}
		if !strings.Contains(err.Error(), "http://127.0.0.1:4566") {
			t.Errorf("New(%q) error %q does not show a valid example", ep, err)
		}
	}
	if _, err := New(Config{Endpoint: "http://127.0.0.1:1"}); err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("New without credentials: error %v, want one naming AWS_ACCESS_KEY_ID", err)
	}
	c, err := New(Config{Endpoint: "http://127.0.0.1:9000/", Credentials: testCreds})
	if err != nil {
		t.Fatalf("New with a trailing slash: %v", err)
	}
	if c.Endpoint() != "http://127.0.0.1:9000" || c.Region() != DefaultRegion {
		t.Errorf("endpoint %q region %q, want http://127.0.0.1:9000 and %s", c.Endpoint(), c.Region(), DefaultRegion)
	}
}

// An endpoint with a path prefix (an emulator serving Lambda under /lambda)
// gets every request under that prefix, signed with it, and the reproducer
// names it too.
func TestPathPrefixIsSentAndSigned(t *testing.T) {
	rec := newRecorder(t, 200, nil, "{}")
	for _, ep := range []string{rec.URL + "/lambda", rec.URL + "/lambda/", rec.URL + "/a%20b/lambda"} {
		c := newClient(t, ep, nil)
		want := strings.TrimSuffix(strings.TrimPrefix(ep, rec.URL), "/")
		if c.Endpoint() != rec.URL+want {
			t.Errorf("Endpoint() = %q, want %q", c.Endpoint(), rec.URL+want)
		}
		for _, name := range []string{"fn", "with space", "fn:$LATEST"} {
			r := request.UpdateFunctionCode{FunctionName: name, ZipFile: []byte("PK")}
			if _, err := c.UpdateFunctionCode(context.Background(), r); err != nil {
				t.Fatalf("%s, name %q: %v", ep, name, err)
			}
			got := rec.last(t)
			if got.RequestURI != want+r.Path() {
				t.Errorf("%s, name %q: request URI %q, want %q", ep, name, got.RequestURI, want+r.Path())
			}
			if got.SigErr != nil {
				t.Errorf("%s, name %q: %v", ep, name, got.SigErr)
			}
			if curl := c.Curl(r); !strings.Contains(curl, rec.URL+want+r.Path()) {
				t.Errorf("%s: the reproducer does not send to the prefixed URL:\n%s", ep, curl)
			}
		}
	}
}

func TestNamesReachTheServerByteExact(t *testing.T) {
	rec := newRecorder(t, 200, nil, "{}")
	c := newClient(t, rec.URL, nil)
	names := []string{
		"plain-name_1", "with space", "100%", "50%25", "a/b", "../../etc", "ünïcødé-名前", "ctl\x01\x1f\x7f",
		"quote'\"`$(x)", "fn:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:f:1", "", "?q=1#frag",
		"semi;colon,comma", "+plus&amp=eq", "\xff\xfe not utf8",
	}
	for _, name := range names {
		r := request.UpdateFunctionCode{FunctionName: name, ZipFile: []byte("PK")}
		resp, err := c.UpdateFunctionCode(context.Background(), r)
		if err != nil {
			t.Fatalf("name %q: %v", name, err)
		}
		if resp.Status != 200 {
			t.Fatalf("name %q: status %d", name, resp.Status)
		}
		got := rec.last(t)
		if got.RequestURI != r.Path() {
			t.Errorf("name %q: request URI %q, want %q", name, got.RequestURI, r.Path())
		}
		seg := strings.TrimSuffix(strings.TrimPrefix(got.EscapedPath, request.PathPrefix), request.PathSuffix)
		if dec, err := url.PathUnescape(seg); err != nil || dec != name {
			t.Errorf("name %q: the server decoded %q (%v)", name, dec, err)
		}
		if got.SigErr != nil {
			t.Errorf("name %q: %v", name, got.SigErr)
		}
		if got.Method != "PUT" {
			t.Errorf("name %q: method %s", name, got.Method)
		}
	}
}

func TestSignatureScopeAndHeaders(t *testing.T) {
	rec := newRecorder(t, 200, nil, "{}")
	creds := testCreds
	creds.SessionToken = "session-token"
	c := newClient(t, rec.URL, func(cfg *Config) { cfg.Credentials = creds })
	fixed := time.Date(2026, 11, 26, 1, 2, 3, 0, time.UTC)
	c.now = func() time.Time { return fixed }
	if _, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "f", S3Bucket: request.String("b"), S3Key: request.String("k")}); err != nil {
		t.Fatal(err)
	}
	got := rec.last(t)
	auth := got.Header.Get("Authorization")
	for _, want := range []string{"Credential=AKIDEXAMPLE/20261126/eu-west-1/lambda/aws4_request", "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token"} {
		if !strings.Contains(auth, want) {
			t.Errorf("authorization %q lacks %q", auth, want)
		}
	}
	if got.Header.Get("X-Amz-Date") != "20261126T010203Z" || got.Header.Get("X-Amz-Security-Token") != "session-token" {
		t.Errorf("date %q token %q", got.Header.Get("X-Amz-Date"), got.Header.Get("X-Amz-Security-Token"))
	}
	if got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("content type %q", got.Header.Get("Content-Type"))
	}
	if got.SigErr != nil {
		t.Error(got.SigErr)
	}
	// A wrong secret must not verify: the check above can fail.
	r, _ := http.NewRequest(got.Method, rec.URL+got.RequestURI, bytes.NewReader(got.Body))
	r.Header = got.Header
	r.RequestURI = got.RequestURI
	r.ContentLength = int64(len(got.Body))
	r.Host = strings.TrimPrefix(rec.URL, "http://")
	if err := verifySigV4(r, got.Body, "not-the-secret", true); err == nil {
		t.Error("the verifier accepted a signature made with another secret")
	}
	if err := verifySigV4(r, got.Body, testCreds.SecretAccessKey, true); err != nil {
		t.Errorf("the verifier rejected the request rebuilt from the recording: %v", err)
	}
}

func TestLargeBodyStreamsIntact(t *testing.T) {
	rec := newRecorder(t, 200, nil, "{}")
	c := newClient(t, rec.URL, nil)
	zip := make([]byte, 3<<20+7)
	rand.Read(zip)
	r := request.UpdateFunctionCode{FunctionName: "big", ZipFile: zip, Publish: request.Bool(true), Architectures: []string{"arm64"}}
	if _, err := c.UpdateFunctionCode(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	got := rec.last(t)
	var body struct {
		ZipFile       string
		Publish       bool
		Architectures []string
	}
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatalf("the server got a body that is not JSON: %v", err)
	}
	dec, err := base64.StdEncoding.DecodeString(body.ZipFile)
	if err != nil || !bytes.Equal(dec, zip) || !body.Publish || len(body.Architectures) != 1 || body.Architectures[0] != "arm64" {
		t.Fatalf("body did not survive: decode err %v, equal %v, publish %v, arch %v", err, bytes.Equal(dec, zip), body.Publish, body.Architectures)
	}
	sum := sha256.Sum256(got.Body)
	if h := got.Header.Get("X-Amz-Content-Sha256"); h != hex.EncodeToString(sum[:]) {
		t.Errorf("X-Amz-Content-Sha256 %s does not hash the body received", h)
	}
	if got.SigErr != nil {
		t.Error(got.SigErr)
	}
}

func TestDoSignsS3WithoutDoubleEscaping(t *testing.T) {
	rec := newRecorder(t, 200, nil, "")
	c := newClient(t, rec.URL, nil)
	path := "/bucket/" + url.PathEscape("a key%")
	resp, err := c.Do(context.Background(), "s3", "PUT", path, url.Values{"versionId": {"v 1"}}, func() io.Reader { return strings.NewReader("data") }, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := rec.last(t)
	if got.EscapedPath != path || string(got.Body) != "data" || resp.Status != 200 {
		t.Errorf("path %q body %q status %d", got.EscapedPath, got.Body, resp.Status)
	}
	if got.SigErr != nil {
		t.Error(got.SigErr)
	}
	if _, err := c.Do(context.Background(), "lambda", "GET", "no-slash", nil, nil, 0, nil); Classify(err) != ClassOther {
		t.Errorf("a path without '/' gave %v", err)
	}
}

func TestErrorResolution(t *testing.T) {
	const rnf = "ResourceNotFoundException"
	tests := []struct {
		name                string
		status              int
		header              string
		body                string
		wantType, wantMsg   string
		wantKey             string
		wantJSON, wantTrunc bool
	}{
		{"moto", 404, rnf, `{"__type": "ResourceNotFoundException", "message": "Function not found: arn"}`, rnf, "Function not found: arn", "message", true, false},
		{"aws capital Message", 404, rnf, `{"Type":"User","Message":"Function not found: arn"}`, rnf, "Function not found: arn", "Message", true, false},
		{"aws lowercase message", 400, "InvalidParameterValueException", `{"Type":"User","message":"Could not unzip"}`, "InvalidParameterValueException", "Could not unzip", "message", true, false},
		{"null Message", 403, "AccessDeniedException", `{"Message":null}`, "AccessDeniedException", "", "Message", true, false},
		{"no message", 500, "ServiceException", `{"Type":"Service"}`, "ServiceException", "", "", true, false},
		{"header with coral suffix", 400, "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/", `{"message":"1 validation error detected"}`, "ValidationException", "1 validation error detected", "message", true, false},
		{"header wins over body", 400, "A", `{"__type":"B","code":"C"}`, "A", "", "", true, false},
		{"body __type with namespace", 400, "", `{"__type":"com.amazonaws.lambda#ValidationException","message":"m"}`, "ValidationException", "m", "message", true, false},
		{"body code before __type", 400, "", `{"__type":"Y","code":"X"}`, "X", "", "", true, false},
		{"body Code", 400, "", `{"Code":"X","Message":"m"}`, "X", "m", "Message", true, false},
		{"body any case", 400, "", `{"CODE":"X:suffix","MESSAGE":"m"}`, "X", "m", "MESSAGE", true, false},
		{"message before Message", 400, "T", `{"Message":"big","message":"small"}`, "T", "small", "message", true, false},
		{"numeric message", 400, "T", `{"message":42}`, "T", "42", "message", true, false},
		{"empty code ignored", 400, "", `{"code":"","__type":"Y"}`, "Y", "", "", true, false},
		{"html 500", 500, "", `<html><body>Internal Server Error</body></html>`, "", "", "", false, false},
		{"json array", 400, "", `[{"code":"X"}]`, "", "", "", false, false},
		{"trailing garbage", 400, "", `{"code":"X"} tail`, "", "", "", false, false},
		{"success is not an error", 200, "", `{"FunctionName":"f","message":"not an error"}`, "", "", "", true, false},
		{"truncated body", 400, "T", `{"message":"` + strings.Repeat("x", 3000) + `"}`, "T", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"X-Amzn-Requestid": {"req-1"}}
			if tt.header != "" {
				h.Set("X-Amzn-ErrorType", tt.header)
			}
			rec := newRecorder(t, tt.status, h, tt.body)
			c := newClient(t, rec.URL, func(cfg *Config) { cfg.MaxBody = 1024 })
			resp, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "f"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != tt.status || resp.ErrorType != tt.wantType || resp.Message != tt.wantMsg || resp.MessageKey != tt.wantKey {
				t.Errorf("got status %d type %q message %q key %q; want %d %q %q %q", resp.Status, resp.ErrorType, resp.Message, resp.MessageKey, tt.status, tt.wantType, tt.wantMsg, tt.wantKey)
			}
			if (resp.JSON != nil) != tt.wantJSON || resp.Truncated != tt.wantTrunc {
				t.Errorf("JSON %v truncated %v; want JSON %v truncated %v", resp.JSON, resp.Truncated, tt.wantJSON, tt.wantTrunc)
			}
			if resp.RequestID != "req-1" {
				t.Errorf("request id %q", resp.RequestID)
			}
			if resp.BodySize != int64(len(tt.body)) {
				t.Errorf("body size %d, want %d", resp.BodySize, len(tt.body))
			}
		})
	}
}

func TestSanitizeErrorCode(t *testing.T) {
	for in, want := range map[string]string{
		"X": "X", "X:y": "X", "a#X": "X", "a#X:y:z": "X", "a:b#c": "a", "": "", "#": "", ":": "",
	} {
		if got := SanitizeErrorCode(in); got != want {
			t.Errorf("SanitizeErrorCode(%q) = %q, want %q", in, got, want)
		}
	}
}
