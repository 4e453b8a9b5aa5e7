package reference

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
)

// FuzzUpdateFunctionCode sends arbitrary names and bodies to
// UpdateFunctionCode and checks that every answer is well formed: a 200
// with a FunctionConfiguration, or an error with its type in
// X-Amzn-ErrorType and a JSON body carrying Type and a message.
func FuzzUpdateFunctionCode(f *testing.F) {
	h := NewHandler(Options{})
	zipBytes := makeZip(f, map[string][]byte{"app.py": []byte("def handler(e, c): pass\n")})
	create := `{"FunctionName":"fn","Role":"` + testRole + `","Runtime":"python3.12","Handler":"app.handler","Code":{"ZipFile":"` + base64.StdEncoding.EncodeToString(zipBytes) + `"}}`
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/2015-03-31/functions", bytes.NewReader([]byte(create))))
	if rec.Code != http.StatusCreated {
		f.Fatalf("creating the fuzz function: %d %s", rec.Code, rec.Body)
	}
	if err := h.S3().CreateBucket("bkt"); err != nil {
		f.Fatal(err)
	}
	if _, err := h.S3().Put("bkt", "code.zip", zipBytes, ""); err != nil {
		f.Fatal(err)
	}
	seeds := []request.UpdateFunctionCode{
		{FunctionName: "fn", ZipFile: zipBytes},
		{FunctionName: "fn", ZipFile: zipBytes, Publish: request.Bool(true), Architectures: []string{"arm64"}},
		{FunctionName: "fn", S3Bucket: request.String("bkt"), S3Key: request.String("code.zip")},
		{FunctionName: "fn:1", ZipFile: []byte("junk")},
		{FunctionName: "arn:aws:lambda:eu-west-1:123456789012:function:fn", DryRun: request.Bool(true)},
		{FunctionName: "", RawBody: []byte(`{"ZipFile":`)},
		{FunctionName: "a.b", S3Bucket: request.String("x."), S3Key: request.String("")},
	}
	for _, s := range seeds {
		f.Add(s.FunctionName, s.Body())
	}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		req := httptest.NewRequest(http.MethodPut, "/2015-03-31/functions/"+url.PathEscape(name)+"/code", bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type %q, want application/json", ct)
		}
		if rec.Header().Get("X-Amzn-RequestId") == "" {
			t.Fatalf("no X-Amzn-RequestId")
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("status %d with a body that is not a JSON object: %v\n%q", rec.Code, err, rec.Body.Bytes())
		}
		if rec.Code == http.StatusOK {
			if m["FunctionName"] != "fn" || m["CodeSha256"] == "" {
				t.Fatalf("200 without a configuration of fn: %v", m)
			}
			return
		}
		if rec.Code < 400 || rec.Code > 599 {
			t.Fatalf("status %d is neither success nor an error", rec.Code)
		}
		if rec.Header().Get("X-Amzn-ErrorType") == "" {
			t.Fatalf("status %d without X-Amzn-ErrorType: %s", rec.Code, rec.Body.Bytes())
		}
		if _, ok := m["Type"].(string); !ok {
			t.Fatalf("error body without Type: %s", rec.Body.Bytes())
		}
		_, lower := m["message"]
		_, upper := m["Message"]
		if !lower && !upper {
			t.Fatalf("error body without a message: %s", rec.Body.Bytes())
		}
	})
}
