package reference

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
)

// allocatedBy returns the bytes the whole process allocated while f ran
// (runtime.MemStats.TotalAlloc), so the tests that call it must not run in
// parallel with others.
func allocatedBy(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// inlineUpdateAllocation sends one UpdateFunctionCode with an inline zip of
// about 8 MiB straight to the handler (no network, so that only the
// handler allocates), checks the answer's CodeSha256 and CodeSize, and
// returns the bytes allocated meanwhile, the zip's and the body's sizes.
func inlineUpdateAllocation(t *testing.T, dryRun bool) (alloc uint64, zipSize, bodySize int) {
	t.Helper()
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "before"))
	code := storedZip(t, 8<<20, 21)
	r := request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}
	if dryRun {
		r.DryRun = request.Bool(true)
	}
	body := r.Body()
	rec := httptest.NewRecorder()
	alloc = allocatedBy(func() {
		req := httptest.NewRequest(http.MethodPut, r.Path(), bytes.NewReader(body))
		srv.Handler.ServeHTTP(rec, req)
	})
	var out struct {
		CodeSha256 string
		CodeSize   int64
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
		t.Fatalf("UpdateFunctionCode answered %d %s", rec.Code, rec.Body.Bytes())
	}
	if out.CodeSha256 != sha256Std(code) || out.CodeSize != int64(len(code)) {
		t.Fatalf("UpdateFunctionCode answered CodeSha256 %s, CodeSize %d; want %s, %d", out.CodeSha256, out.CodeSize, sha256Std(code), len(code))
	}
	return alloc, len(code), len(body)
}

// An inline update holds at most one copy of the package: the request's
// base64 text (4/3 of the package), from which the hash, the size and the
// zip checks are streamed. A decoded copy beside it would bring the
// allocation to 7/3 of the package.
func TestInlineUpdateHoldsOneCopy(t *testing.T) {
	alloc, zipSize, _ := inlineUpdateAllocation(t, false)
	if ratio := float64(alloc) / float64(zipSize); ratio >= 1.5 {
		t.Errorf("one inline UpdateFunctionCode of a %d-byte zip allocated %d bytes, %.2f times the package; want under 1.5", zipSize, alloc, ratio)
	}
}

// A DryRun update allocates no copy of the package beyond the body it
// reads: a package-sized allocation past the body fails.
func TestDryRunAllocatesNoPackageCopy(t *testing.T) {
	alloc, zipSize, bodySize := inlineUpdateAllocation(t, true)
	if extra := int64(alloc) - int64(bodySize); extra >= int64(zipSize)/8 {
		t.Errorf("a DryRun UpdateFunctionCode of a %d-byte zip allocated %d bytes beyond its %d-byte body; want under %d (no copy of the package)", zipSize, extra, bodySize, zipSize/8)
	}
}
