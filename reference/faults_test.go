package reference

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

func TestParseFaults(t *testing.T) {
	got, err := ParseFaults(" hex-hash, accept-qualifier ,,")
	if err != nil || !slices.Equal(got, []Fault{FaultHexHash, FaultAcceptQualifier}) {
		t.Errorf("ParseFaults = %v, %v", got, err)
	}
	if got, err := ParseFaults(""); err != nil || len(got) != 0 {
		t.Errorf("ParseFaults(\"\") = %v, %v; want none", got, err)
	}
	_, err = ParseFaults("hex-hash,bogus")
	if err == nil || !strings.Contains(err.Error(), `"bogus"`) || !strings.Contains(err.Error(), "urlsafe-hash") {
		t.Errorf("ParseFaults with an unknown name: %v; want an error naming it and listing the valid ones", err)
	}
}

func TestFaultCatalogue(t *testing.T) {
	seen := map[Fault]bool{}
	for _, f := range Faults() {
		if seen[f.Name] {
			t.Errorf("fault %s listed twice", f.Name)
		}
		seen[f.Name] = true
		if f.Description == "" || len(f.Clauses) == 0 {
			t.Errorf("fault %s needs a description and at least one clause", f.Name)
		}
		for _, c := range f.Clauses {
			if _, ok := spec.Lookup(c); !ok {
				t.Errorf("fault %s names unknown clause %s", f.Name, c)
			}
		}
	}
	for _, want := range []Fault{"hex-hash", "urlsafe-hash", "hash-of-base64", "size-off-large", "not-found-400", "missing-error-type",
		"wrong-error-type", "accept-long-name", "accept-qualifier", "accept-bad-bucket", "accept-non-zip", "accept-both-sources",
		"ignore-publish", "versions-not-increasing", "stale-code", "lastmodified-format", "wrong-region-arn"} {
		if !seen[want] {
			t.Errorf("fault %s is missing", want)
		}
	}
}

// faultEnv is an endpoint with one fault, a function "fn" and a bucket
// "bkt" holding a valid zip at "code.zip".
type faultEnv struct {
	srv  *Server
	code []byte
}

func newFaultEnv(t *testing.T, f Fault) faultEnv {
	t.Helper()
	srv := startServer(t, Options{Faults: []Fault{f}})
	code := smallZip(t, "initial")
	createFunction(t, lambdaClient(srv), "fn", code)
	if err := srv.Handler.S3().CreateBucket("bkt"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Handler.S3().Put("bkt", "code.zip", code, ""); err != nil {
		t.Fatal(err)
	}
	return faultEnv{srv: srv, code: code}
}

func (e faultEnv) update(t *testing.T, r request.UpdateFunctionCode) response {
	t.Helper()
	if r.FunctionName == "" {
		r.FunctionName = "fn"
	}
	return update(t, e.srv, r)
}

func (e faultEnv) get(t *testing.T) map[string]any {
	t.Helper()
	m := do(t, http.MethodGet, e.srv.URL+"/2015-03-31/functions/fn", nil, 0).json(t)
	cfg, _ := m["Configuration"].(map[string]any)
	return cfg
}

// TestEachFaultChangesItsBehaviour runs, for every fault, a request whose
// answer a faithful endpoint gets right, and checks the fault makes it
// wrong in the way it claims.
func TestEachFaultChangesItsBehaviour(t *testing.T) {
	s := request.String
	checks := map[Fault]func(t *testing.T, e faultEnv){
		FaultHexHash: func(t *testing.T, e faultEnv) {
			z := smallZip(t, "hex")
			sum := sha256.Sum256(z)
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: z}))
			if m["CodeSha256"] != hex.EncodeToString(sum[:]) {
				t.Errorf("CodeSha256 = %v, want the hex digest", m["CodeSha256"])
			}
		},
		FaultURLSafeHash: func(t *testing.T, e faultEnv) {
			z := smallZip(t, "url")
			sum := sha256.Sum256(z)
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: z}))
			if m["CodeSha256"] != base64.RawURLEncoding.EncodeToString(sum[:]) || m["CodeSha256"] == sha256Std(z) {
				t.Errorf("CodeSha256 = %v, want unpadded URL-safe base64", m["CodeSha256"])
			}
		},
		FaultHashOfBase64: func(t *testing.T, e faultEnv) {
			z := smallZip(t, "b64")
			sum := sha256.Sum256([]byte(base64.StdEncoding.EncodeToString(z)))
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: z}))
			if m["CodeSha256"] != base64.StdEncoding.EncodeToString(sum[:]) {
				t.Errorf("CodeSha256 = %v, want the hash of the base64 text", m["CodeSha256"])
			}
		},
		FaultSizeOffLarge: func(t *testing.T, e faultEnv) {
			small, large := smallZip(t, "s"), storedZip(t, 80<<10, 3)
			if m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: small})); m["CodeSize"] != float64(len(small)) {
				t.Errorf("small package: CodeSize %v, want %d", m["CodeSize"], len(small))
			}
			if m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: large})); m["CodeSize"] != float64(len(large)+1) {
				t.Errorf("large package: CodeSize %v, want %d", m["CodeSize"], len(large)+1)
			}
		},
		FaultNotFound400: func(t *testing.T, e faultEnv) {
			wantError(t, e.update(t, request.UpdateFunctionCode{FunctionName: "ghost", ZipFile: e.code}), 400, spec.ErrResourceNotFound, spec.MsgNotFound)
		},
		FaultMissingErrorType: func(t *testing.T, e faultEnv) {
			r := e.update(t, request.UpdateFunctionCode{FunctionName: "fn:1", ZipFile: e.code})
			if r.status != 400 || r.header.Get("X-Amzn-ErrorType") != "" {
				t.Errorf("status %d, X-Amzn-ErrorType %q; want 400 and no header", r.status, r.header.Get("X-Amzn-ErrorType"))
			}
			m := r.json(t)
			for _, k := range []string{"code", "Code", "__type"} {
				if _, ok := m[k]; ok {
					t.Errorf("body %s names the error type under %s", r.body, k)
				}
			}
		},
		FaultWrongErrorType: func(t *testing.T, e faultEnv) {
			wantError(t, e.update(t, request.UpdateFunctionCode{ZipFile: []byte("not a zip")}), 400, spec.ErrValidation, spec.MsgNotZip)
		},
		FaultAcceptLongName: func(t *testing.T, e faultEnv) {
			name := strings.Repeat("l", 65)
			wantError(t, e.update(t, request.UpdateFunctionCode{FunctionName: name, ZipFile: e.code}), 404, spec.ErrResourceNotFound, spec.MsgNotFound)
		},
		FaultAcceptQualifier: func(t *testing.T, e faultEnv) {
			wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, Publish: request.Bool(true)}))
			z := smallZip(t, "v1")
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{FunctionName: "fn:1", ZipFile: z}))
			if m["Version"] != "1" || m["CodeSha256"] != sha256Std(z) {
				t.Errorf("qualified update answered version %v with %v; want version 1 changed", m["Version"], m["CodeSha256"])
			}
		},
		FaultAcceptBadBucket: func(t *testing.T, e faultEnv) {
			wantError(t, e.update(t, request.UpdateFunctionCode{S3Bucket: s("ab"), S3Key: s("code.zip")}), 400, spec.ErrInvalidParameter, spec.MsgNoSuchBucket)
		},
		FaultAcceptNonZip: func(t *testing.T, e faultEnv) {
			junk := []byte("this is not a zipfile")
			if m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: junk})); m["CodeSha256"] != sha256Std(junk) {
				t.Errorf("CodeSha256 %v, want the junk's hash", m["CodeSha256"])
			}
			wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: makeZip(t, nil)}))
		},
		FaultAcceptBothSources: func(t *testing.T, e faultEnv) {
			z := smallZip(t, "both")
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: z, S3Bucket: s("bkt"), S3Key: s("code.zip")}))
			if m["CodeSha256"] != sha256Std(z) {
				t.Errorf("CodeSha256 %v, want ZipFile's %s", m["CodeSha256"], sha256Std(z))
			}
		},
		FaultIgnorePublish: func(t *testing.T, e faultEnv) {
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, Publish: request.Bool(true)}))
			if m["Version"] != "$LATEST" {
				t.Errorf("Version %v, want $LATEST", m["Version"])
			}
		},
		FaultVersionsNotIncreasing: func(t *testing.T, e faultEnv) {
			for i := 0; i < 3; i++ {
				if m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, Publish: request.Bool(true)})); m["Version"] != "1" {
					t.Errorf("publish %d answered version %v, want 1", i+1, m["Version"])
				}
			}
		},
		FaultStaleCode: func(t *testing.T, e faultEnv) {
			z := smallZip(t, "stale")
			if m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: z})); m["CodeSha256"] != sha256Std(z) {
				t.Errorf("update answered %v, want the new hash", m["CodeSha256"])
			}
			if got := e.get(t)["CodeSha256"]; got != sha256Std(e.code) {
				t.Errorf("GetFunction shows %v, want the old code's %s", got, sha256Std(e.code))
			}
		},
		FaultLastModifiedFormat: func(t *testing.T, e faultEnv) {
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code}))
			lm, _ := m["LastModified"].(string)
			if spec.ValidLastModified(lm) || !strings.HasSuffix(lm, "000Z") || len(lm) != len("2006-01-02T15:04:05.000000000Z") {
				t.Errorf("LastModified %q, want moto's format", lm)
			}
		},
		FaultWrongRegionArn: func(t *testing.T, e faultEnv) {
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code}))
			if arn, _ := m["FunctionArn"].(string); strings.Contains(arn, ":us-east-1:") || !strings.HasSuffix(arn, ":function:fn") {
				t.Errorf("FunctionArn %q, want another region", arn)
			}
		},
		FaultDryRunApplies: func(t *testing.T, e faultEnv) {
			z := smallZip(t, "dry")
			wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: z, DryRun: request.Bool(true)}))
			if got := e.get(t)["CodeSha256"]; got != sha256Std(z) {
				t.Errorf("GetFunction after DryRun shows %v, want the dry-run code applied", got)
			}
		},
		FaultIgnoreRevision: func(t *testing.T, e faultEnv) {
			wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, RevisionId: s("stale")}))
		},
		FaultIgnoreS3Version: func(t *testing.T, e faultEnv) {
			if err := e.srv.Handler.S3().SetVersioning("bkt", "Enabled"); err != nil {
				t.Fatal(err)
			}
			first, _ := e.srv.Handler.S3().Put("bkt", "v.zip", smallZip(t, "first"), "")
			newer := smallZip(t, "second")
			_, _ = e.srv.Handler.S3().Put("bkt", "v.zip", newer, "")
			m := wantOK(t, e.update(t, request.UpdateFunctionCode{S3Bucket: s("bkt"), S3Key: s("v.zip"), S3ObjectVersion: s(first.VersionID)}))
			if m["CodeSha256"] != sha256Std(newer) {
				t.Errorf("CodeSha256 %v, want the newest object's", m["CodeSha256"])
			}
		},
		FaultLowercaseMessageKey: func(t *testing.T, e faultEnv) {
			m := e.update(t, request.UpdateFunctionCode{FunctionName: "ghost", ZipFile: e.code}).json(t)
			if _, ok := m["message"]; !ok {
				t.Errorf("ResourceNotFoundException body %v, want a lowercase message key", m)
			}
		},
		FaultIgnoreInProgress: func(t *testing.T, e faultEnv) {
			slow := startServer(t, Options{Faults: []Fault{FaultIgnoreInProgress}, UpdateDuration: time.Minute, CreateDuration: time.Minute})
			createFunction(t, lambdaClient(slow), "fn", e.code)
			wantOK(t, update(t, slow, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: smallZip(t, "while pending")}))
			wantOK(t, update(t, slow, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: smallZip(t, "while updating")}))
		},
		FaultRevisionUnchanged: func(t *testing.T, e faultEnv) {
			before := e.get(t)["RevisionId"]
			if m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code})); m["RevisionId"] != before {
				t.Errorf("RevisionId changed from %v to %v", before, m["RevisionId"])
			}
		},
		FaultRejectMatchingRev: func(t *testing.T, e faultEnv) {
			current, _ := e.get(t)["RevisionId"].(string)
			wantError(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, RevisionId: s(current)}), 412, spec.ErrPreconditionFailed, spec.MsgRevision)
		},
		FaultNotFoundBareName: func(t *testing.T, e faultEnv) {
			r := e.update(t, request.UpdateFunctionCode{FunctionName: "ghost", ZipFile: e.code})
			wantError(t, r, 404, spec.ErrResourceNotFound, spec.MsgNotFound)
			if msg := r.message(t); msg != spec.MsgNotFound+"ghost" {
				t.Errorf("message %q, want the name as given instead of the ARN", msg)
			}
		},
		FaultZipOnImage: func(t *testing.T, e faultEnv) {
			createImageFunction(t, e.srv, "img")
			wantOK(t, e.update(t, request.UpdateFunctionCode{FunctionName: "img", ZipFile: e.code}))
		},
		FaultIgnoreStorageMode: func(t *testing.T, e faultEnv) {
			wantOK(t, e.update(t, request.UpdateFunctionCode{S3Bucket: s("bkt"), S3Key: s("code.zip"), S3ObjectStorageMode: s("MOVE")}))
		},
		FaultIgnorePublishTo: func(t *testing.T, e faultEnv) {
			wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, PublishTo: s("LATEST")}))
		},
		FaultIgnoreKMSKeyArn: func(t *testing.T, e faultEnv) {
			wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, SourceKMSKeyArn: s("not an arn")}))
		},
		FaultRejectNewMembers: func(t *testing.T, e faultEnv) {
			wantError(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, PublishTo: s("LATEST_PUBLISHED")}), 400, spec.ErrValidation, spec.ValidationPrefix(1))
		},
		FaultCapBody20MiBJSON: func(t *testing.T, e faultEnv) {
			r := e.update(t, request.UpdateFunctionCode{ZipFile: e.code, Pad: 20<<20 + 1})
			wantError(t, r, 413, spec.ErrEntityTooLarge, spec.MsgRequestSize)
			wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: e.code, Pad: 1 << 20}))
		},
		FaultCapBody20MiBHTML: func(t *testing.T, e faultEnv) {
			r := e.update(t, request.UpdateFunctionCode{ZipFile: e.code, Pad: 20<<20 + 1})
			if r.status != 413 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				t.Errorf("status %d, Content-Type %q; want 413 text/html", r.status, r.header.Get("Content-Type"))
			}
		},
	}
	for _, info := range Faults() {
		t.Run(string(info.Name), func(t *testing.T) {
			check, ok := checks[info.Name]
			if !ok {
				t.Fatalf("no test for fault %s", info.Name)
			}
			check(t, newFaultEnv(t, info.Name))
		})
	}
}

// TestFaultsAreIsolated checks that a fault leaves a plain update and the
// other operations correct, where its description does not say otherwise.
func TestFaultsAreIsolated(t *testing.T) {
	touchesPlainUpdate := map[Fault]bool{
		FaultHexHash: true, FaultURLSafeHash: true, FaultHashOfBase64: true, FaultStaleCode: true,
		FaultLastModifiedFormat: true, FaultWrongRegionArn: true, FaultRevisionUnchanged: true,
	}
	for _, info := range Faults() {
		t.Run(string(info.Name), func(t *testing.T) {
			e := newFaultEnv(t, info.Name)
			z := smallZip(t, "isolated")
			if !touchesPlainUpdate[info.Name] {
				m := wantOK(t, e.update(t, request.UpdateFunctionCode{ZipFile: z}))
				if m["CodeSha256"] != sha256Std(z) || m["FunctionArn"] != "arn:aws:lambda:us-east-1:123456789012:function:fn" || !spec.ValidLastModified(m["LastModified"].(string)) {
					t.Errorf("a plain update is wrong under %s: %v", info.Name, m)
				}
			}
			r := do(t, http.MethodGet, e.srv.URL+"/2015-03-31/functions/ghost", nil, 0)
			wantError(t, r, 404, spec.ErrResourceNotFound, spec.MsgNotFound)
		})
	}
}
