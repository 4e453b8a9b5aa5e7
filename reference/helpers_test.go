package reference

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/lambdaconf/lambdaconf/request"
)

const testRole = "arn:aws:iam::123456789012:role/lambdaconf-test"

// startServer starts an endpoint for one test.
func startServer(t testing.TB, opts Options) *Server {
	t.Helper()
	srv := NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

func lambdaClient(srv *Server) *lambda.Client {
	return lambda.New(lambda.Options{
		BaseEndpoint: aws.String(srv.URL),
		Region:       srv.Handler.Options().Region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		Retryer:      aws.NopRetryer{},
	})
}

func s3Client(srv *Server, mutate ...func(*s3.Options)) *s3.Client {
	return s3.New(s3.Options{
		BaseEndpoint: aws.String(srv.URL),
		Region:       srv.Handler.Options().Region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		Retryer:      aws.NopRetryer{},
		UsePathStyle: true,
	}, mutate...)
}

// makeZip builds a zip archive of the given files, deflated.
func makeZip(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatalf("zip create %s: %v", name, err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatalf("zip write %s: %v", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("zip close: %v", err)
	}
	return buf.Bytes()
}

// storedZip builds a zip of one incompressible file of n random bytes,
// stored uncompressed, so that its size is about n.
func storedZip(t testing.TB, n int, seed uint64) []byte {
	t.Helper()
	data := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "blob.bin", Method: zip.Store})
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

func smallZip(t testing.TB, content string) []byte {
	return makeZip(t, map[string][]byte{"app.py": []byte("def handler(event, context):\n    return " + content + "\n")})
}

// sha256Std is CodeSha256 as AWS computes it.
func sha256Std(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// createFunction creates a Zip function through the SDK.
func createFunction(t testing.TB, c *lambda.Client, name string, code []byte) *lambda.CreateFunctionOutput {
	t.Helper()
	out, err := c.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Role:         aws.String(testRole),
		Runtime:      lambdatypes.RuntimePython312,
		Handler:      aws.String("app.handler"),
		Code:         &lambdatypes.FunctionCode{ZipFile: code},
	})
	if err != nil {
		t.Fatalf("CreateFunction %s: %v", name, err)
	}
	return out
}

// response is a raw HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body as an object, failing the test if it is not one.
func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// message returns the error message under message or Message.
func (r response) message(t testing.TB) string {
	t.Helper()
	m := r.json(t)
	for _, k := range []string{"message", "Message"} {
		if s, ok := m[k].(string); ok {
			return s
		}
	}
	return ""
}

// do sends an unsigned request and reads at most 1 MiB of the answer.
func do(t testing.TB, method, url string, body io.Reader, size int64) response {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = size
	if size == 0 {
		req.Body = http.NoBody
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatalf("reading the response of %s %s: %v", method, url, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// update sends an UpdateFunctionCode request as raw HTTP.
func update(t testing.TB, srv *Server, r request.UpdateFunctionCode) response {
	t.Helper()
	body, n := r.BodyReader()
	return do(t, http.MethodPut, srv.URL+r.Path(), body, n)
}

func updateRaw(t testing.TB, srv *Server, name, body string) response {
	t.Helper()
	return update(t, srv, request.UpdateFunctionCode{FunctionName: name, RawBody: []byte(body)})
}

// wantError checks an error response's status, X-Amzn-ErrorType, message
// prefix and wire format.
func wantError(t testing.TB, r response, status int, code, prefix string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status = %d, want %d (body %s)", r.status, status, r.body)
	}
	if got := r.header.Get("X-Amzn-ErrorType"); got != code {
		t.Errorf("X-Amzn-ErrorType = %q, want %q (body %s)", got, code, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if r.header.Get("X-Amzn-RequestId") == "" {
		t.Errorf("no X-Amzn-RequestId header")
	}
	m := r.json(t)
	wantType := "User"
	if status >= 500 {
		wantType = "Service"
	}
	if m["Type"] != wantType {
		t.Errorf("body Type = %v, want %q", m["Type"], wantType)
	}
	if msg := r.message(t); !strings.HasPrefix(msg, prefix) {
		t.Errorf("message = %q, want prefix %q", msg, prefix)
	}
}

func wantOK(t testing.TB, r response) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status = %d, want 200: %s", r.status, r.body)
	}
	return r.json(t)
}

// createImageFunction creates an Image function name in srv.
func createImageFunction(t testing.TB, srv *Server, name string) {
	t.Helper()
	body := `{"FunctionName":"` + name + `","Role":"` + testRole + `","PackageType":"Image","Code":{"ImageUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"}}`
	r := do(t, http.MethodPost, srv.URL+"/2015-03-31/functions", strings.NewReader(body), int64(len(body)))
	if r.status != http.StatusCreated {
		t.Fatalf("CreateFunction %s (Image): %d %s", name, r.status, r.body)
	}
}
