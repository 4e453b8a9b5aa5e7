package wire

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/request"
)

// runShell runs script with bash in a temporary directory, with the test
// credentials in the environment.
func runShell(t *testing.T, script string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-s")
	cmd.Stdin = strings.NewReader(script)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "AWS_ACCESS_KEY_ID="+testCreds.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+testCreds.SecretAccessKey,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_MAX_ATTEMPTS=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("running the reproducer failed: %v\n%s\nscript:\n%s", err, out, script)
	}
	return string(out)
}

func TestCurlReproducerSendsTheSameRequest(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not on PATH; the reproducer cannot be run")
	}
	rec := newRecorder(t, 200, nil, "{}")
	c := newClient(t, rec.URL, nil)
	binaryZip := []byte("PK\x03\x04\x00\xff'\"\n$(rm -rf /)`")
	cases := []request.UpdateFunctionCode{
		{FunctionName: "simple", ZipFile: []byte("PK\x05\x06")},
		{FunctionName: "it's a \"name\" with spaces/ü\x01", S3Bucket: request.String("b'$HOME"), S3Key: request.String("k\n`id`")},
		{FunctionName: "raw", RawBody: []byte("{\"ZipFile\": \x00\xff not json")},
		{FunctionName: "text", ZipFileText: request.String("%%% not base64 '\\n")},
		{FunctionName: "medium", ZipFile: bytes.Repeat(binaryZip, 100<<10/len(binaryZip))},
	}
	for _, r := range cases {
		script := c.Curl(r)
		runShell(t, script)
		got := rec.last(t)
		if got.RequestURI != r.Path() {
			t.Errorf("%q: curl sent %q, want %q", r.FunctionName, got.RequestURI, r.Path())
		}
		if !bytes.Equal(got.Body, r.Body()) {
			t.Errorf("%q: curl sent a body of %d bytes that differs from the request's %d bytes", r.FunctionName, len(got.Body), len(r.Body()))
		}
		if got.Method != "PUT" || got.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%q: method %s content type %q", r.FunctionName, got.Method, got.Header.Get("Content-Type"))
		}
		// curl signs the path as sent, which agrees with the SDKs'
		// double escaping only when escaping changes nothing.
		if unreservedOnly(r.FunctionName) != (got.SigErr == nil) {
			t.Errorf("%q: curl's signature verified: %v; the reproducer's warning says otherwise", r.FunctionName, got.SigErr)
		}
		if strings.Contains(script, "may answer 403") == unreservedOnly(r.FunctionName) {
			t.Errorf("%q: the warning about curl's signing is misplaced:\n%.300s", r.FunctionName, script)
		}
		if !strings.Contains(got.Header.Get("Authorization"), "/eu-west-1/lambda/aws4_request") {
			t.Errorf("%q: curl's authorization %q has the wrong scope", r.FunctionName, got.Header.Get("Authorization"))
		}
	}
}

func TestCurlDescribesHugeBodies(t *testing.T) {
	c := newClient(t, "http://127.0.0.1:1", nil)
	r := request.UpdateFunctionCode{FunctionName: "huge", ZipFile: make([]byte, Base64BodyLimit+1)}
	s := c.Curl(r)
	br, size := r.BodyReader()
	if len(s) > 4096 || !strings.Contains(s, "lambdaconf replay") || !strings.Contains(s, "@body.json") {
		t.Fatalf("huge body reproducer (%d bytes):\n%s", len(s), s)
	}
	if !strings.Contains(s, itoa64(size)+" bytes") {
		t.Errorf("the reproducer does not state the body size %d:\n%s", size, s)
	}
	// The checksum line must verify the real body.
	if _, err := exec.LookPath("sha256sum"); err == nil {
		dir := t.TempDir()
		f, _ := os.Create(dir + "/body.json")
		if _, err := f.ReadFrom(br); err != nil {
			t.Fatal(err)
		}
		f.Close()
		check := strings.SplitN(s, "\n", 4)[2]
		check = strings.TrimSuffix(check, " &&")
		cmd := exec.Command("bash", "-c", check)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("the checksum line %q does not verify the body: %v %s", check, err, out)
		}
	}
}

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestAWSCLIReproducer(t *testing.T) {
	c := newClient(t, "http://127.0.0.1:1", nil)
	for _, r := range []request.UpdateFunctionCode{
		{FunctionName: "raw", RawBody: []byte("{}")},
		{FunctionName: "text", ZipFileText: request.String("x")},
		{FunctionName: ""},
		{FunctionName: "f", S3Bucket: request.String("ab"), S3Key: request.String("k")},
		{FunctionName: "f", S3Bucket: request.String("abc"), S3Key: request.String("")},
		{FunctionName: "f", Architectures: []string{}},
		{FunctionName: "file://etc/passwd"},
		{FunctionName: "f", ImageUri: request.String("https://example.com/x")},
		{FunctionName: "f", ZipFile: make([]byte, Base64BodyLimit+1)},
		{FunctionName: "f", ZipFile: []byte("PK\x03\x04 not a zip")},
	} {
		if s, ok := c.AWSCLI(r); ok {
			t.Errorf("AWSCLI(%v) = %q; the CLI cannot send it", r, s)
		}
	}
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not on PATH; its reproducer cannot be run")
	}
	rec := newRecorder(t, 200, nil, "{}")
	c = newClient(t, rec.URL, nil)
	r := request.UpdateFunctionCode{
		FunctionName: "-it's ü", ZipFile: smallZip(t), Publish: request.Bool(true), DryRun: request.Bool(false),
		RevisionId: request.String("rev 1"), Architectures: []string{"arm64"},
	}
	s, ok := c.AWSCLI(r)
	if !ok {
		t.Fatal("AWSCLI refused a request the CLI can send")
	}
	runShell(t, s)
	got := rec.last(t)
	if got.Path != "/2015-03-31/functions/"+r.FunctionName+"/code" {
		t.Errorf("the CLI sent path %q (escaped %q)", got.Path, got.EscapedPath)
	}
	var want, sent map[string]any
	if err := json.Unmarshal(r.Body(), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got.Body, &sent); err != nil {
		t.Fatalf("the CLI sent a body that is not JSON: %q", got.Body)
	}
	if !reflect.DeepEqual(want, sent) {
		t.Errorf("the CLI sent %v, want %v", sent, want)
	}
}

// smallZip returns a zip archive holding one file.
func smallZip(t *testing.T) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.Create("index.py")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("def handler(e, c):\n    return 'it''s'\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestShellQuote(t *testing.T) {
	for _, s := range []string{"", "plain", "a b", "it's", `"$x"`, "a\nb", "`id`", "ü", "\x01\x7f", "'''"} {
		out, err := exec.Command("bash", "-c", "printf '%s' "+ShellQuote(s)).Output()
		if err != nil || string(out) != s {
			t.Errorf("ShellQuote(%q) = %s reads back as %q (%v)", s, ShellQuote(s), out, err)
		}
	}
}
