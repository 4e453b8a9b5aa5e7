package reference

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// The reference's limits are tested here with literal sizes from the
// project's record of AWS (docs/spec/aws.md#limits) and from the model, not
// with the spec constants it reads, so that a wrong constant cannot move
// the reference and its tests together.

func TestZippedSizeBoundary(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads two 50 MiB zips")
	}
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
	// aws.md#limits: direct upload, 50 MB zipped (52428800 bytes).
	ok := wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: generators.LargeZip(52428800, 1)}))
	if ok["CodeSize"] != float64(52428800) {
		t.Errorf("CodeSize = %v, want 52428800", ok["CodeSize"])
	}
	r := update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: generators.LargeZip(52428801, 1)})
	wantError(t, r, 413, "RequestEntityTooLargeException", "Zipped size must be smaller than 52428800 bytes")
}

func TestRequestSizeBoundary(t *testing.T) {
	if testing.Short() {
		t.Skip("sends four bodies of about 70 MB")
	}
	for _, tc := range []struct {
		profile spec.Profile
		limit   int64
		message string
	}{
		// aws.md#limits: 70167211 bytes today, 69905067 in the seed's era.
		{spec.ProfileAWS, 70167211, "Request must be smaller than 70167211 bytes for the UpdateFunctionCode operation"},
		{spec.ProfileSeed, 69905067, "Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation"},
	} {
		srv := startServer(t, Options{Profile: tc.profile})
		createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
		url := srv.URL + request.UpdateFunctionCode{FunctionName: "fn"}.Path()
		at := do(t, http.MethodPut, url, &patternReader{size: tc.limit}, tc.limit)
		if at.status == 413 {
			t.Errorf("%s: a body of exactly %d bytes was refused as too large: %s", tc.profile, tc.limit, at.body)
		}
		over := do(t, http.MethodPut, url, &patternReader{size: tc.limit + 1}, tc.limit+1)
		wantError(t, over, 413, "RequestEntityTooLargeException", tc.message)
	}
}

// zerosZip returns a zip of deflated entries of zeros, of sizes bytes each.
func zerosZip(t *testing.T, sizes ...int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	chunk := make([]byte, 1<<20)
	for i, n := range sizes {
		f, err := w.CreateHeader(&zip.FileHeader{Name: string(rune('a'+i)) + ".bin", Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		for left := n; left > 0; left -= len(chunk) {
			if _, err := f.Write(chunk[:min(left, len(chunk))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUnzippedSizeBoundary(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 500 MB")
	}
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
	// aws.md#create-errors-recorded, aws.md#limits: "Unzipped size must be
	// smaller than 262144000 bytes", counted across entries: 262143999 is
	// accepted and exactly 262144000 refused.
	wantOK(t, update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: zerosZip(t, 262144000-1000, 999)}))
	r := update(t, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: zerosZip(t, 262144000-1000, 1000)})
	wantError(t, r, 400, "InvalidParameterValueException", "Unzipped size must be smaller than 262144000 bytes")
}

func TestNameAndBucketLengthBoundaries(t *testing.T) {
	srv := startServer(t, Options{})
	createFunction(t, lambdaClient(srv), "fn", smallZip(t, "x"))
	code := smallZip(t, "y")
	a := func(n int) string { return strings.Repeat("a", n) }
	arn := "arn:aws:lambda:us-east-1:123456789012:function:" // 47 characters
	tests := []struct {
		name   string
		req    request.UpdateFunctionCode
		status int
		code   string
		prefix string
	}{
		// seed: a bare name is limited to 64 characters; aws.md#create-errors-recorded
		// long_function_name_exc answers InvalidParameterValueException.
		{"bare name of 64", request.UpdateFunctionCode{FunctionName: a(64), ZipFile: code}, 404, "ResourceNotFoundException", "Function not found: "},
		{"bare name of 65", request.UpdateFunctionCode{FunctionName: a(65), ZipFile: code}, 400, "InvalidParameterValueException", "1 validation error detected: "},
		// model: FunctionName at most 140 characters.
		{"ARN of 140", request.UpdateFunctionCode{FunctionName: arn + a(93), ZipFile: code}, 404, "ResourceNotFoundException", "Function not found: "},
		{"ARN of 141", request.UpdateFunctionCode{FunctionName: arn + a(94), ZipFile: code}, 400, "ValidationException", "1 validation error detected: "},
		// model: S3Bucket 3..63 characters; a well-formed bucket that does
		// not exist is answered NoSuchBucket (aws.md#update-errors-recorded).
		{"bucket of 63", request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: request.String(a(63)), S3Key: request.String("k")}, 400, "InvalidParameterValueException", "Error occurred while GetObject. S3 Error Code: NoSuchBucket."},
		{"bucket of 64", request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: request.String(a(64)), S3Key: request.String("k")}, 400, "ValidationException", "1 validation error detected: "},
		{"bucket of 3", request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: request.String(a(3)), S3Key: request.String("k")}, 400, "InvalidParameterValueException", "Error occurred while GetObject. S3 Error Code: NoSuchBucket."},
		{"bucket of 2", request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: request.String(a(2)), S3Key: request.String("k")}, 400, "ValidationException", "1 validation error detected: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, update(t, srv, tt.req), tt.status, tt.code, tt.prefix)
		})
	}
}
