package reference

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// TestValidationAgreesWithSpec draws requests that break any mix of the
// syntactic clauses and checks that, whenever spec.Expect says validation
// decides, the endpoint answers exactly that outcome with one violation per
// broken clause, and that otherwise it does not answer ValidationException.
func TestValidationAgreesWithSpec(t *testing.T) {
	for _, profile := range spec.Profiles {
		t.Run(string(profile), func(t *testing.T) {
			h := NewHandler(Options{Profile: profile})
			rapid.Check(t, func(t *rapid.T) {
				name := rapid.OneOf(
					rapid.SampledFrom([]string{"fn", "", "fn:$LATEST", "fn:7", "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn",
						"arn:aws:lambda:us-gov-west-1:123456789012:function:fn", "123456789012:fn", strings.Repeat("n", 65), strings.Repeat("x", 141)}),
					rapid.StringMatching(`[a-zA-Z0-9:.$_-]{0,150}`),
				).Draw(t, "name")
				r := request.UpdateFunctionCode{FunctionName: name, ZipFile: []byte("PK")}
				var broken []spec.ClauseID
				broken = append(broken, spec.CheckFunctionName(name)...)
				if rapid.Bool().Draw(t, "s3") {
					r.ZipFile = nil
					b := rapid.StringMatching(`[a-z0-9._ !-]{0,70}`).Draw(t, "bucket")
					k := rapid.StringMatching(`[a-z\n/]{0,3}`).Draw(t, "key")
					r.S3Bucket, r.S3Key = &b, &k
					broken = append(broken, spec.CheckBucket(b)...)
					broken = append(broken, spec.CheckKey(k)...)
				}
				if rapid.Bool().Draw(t, "arch") {
					r.Architectures = rapid.SliceOfN(rapid.SampledFrom([]string{"x86_64", "arm64", "X86_64"}), 0, 3).Draw(t, "architectures")
					broken = append(broken, spec.CheckArchitectures(r.Architectures)...)
				}
				want, decider := spec.Expect(profile, broken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, r.Path(), bytes.NewReader(r.Body())))
				var body map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
					t.Fatalf("body is not JSON: %s", rec.Body.Bytes())
				}
				msg, _ := body["message"].(string)
				code := rec.Header().Get("X-Amzn-ErrorType")
				if decider == "" || spec.MustLookup(decider).Stage != spec.StageValidation {
					if code == spec.ErrValidation {
						t.Fatalf("ValidationException %q for a request spec does not reject at validation (clauses %v)", msg, broken)
					}
					return
				}
				if rec.Code != want.Status || code != spec.ErrValidation || !strings.HasPrefix(msg, want.MessagePrefix) {
					t.Fatalf("got %d %s %q, want %s (clauses %v)", rec.Code, code, msg, want, broken)
				}
				nWant := 0
				for _, c := range broken {
					if cl := spec.MustLookup(c); cl.In(profile) && cl.Stage == spec.StageValidation {
						nWant++
					}
				}
				if n := strings.Count(msg, "' failed to satisfy constraint: "); n != nWant {
					t.Fatalf("%d violations listed, want %d: %q", n, nWant, msg)
				}
			})
		})
	}
}
