package reference

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
)

// benchUpdate sends the same UpdateFunctionCode body over loopback HTTP b.N
// times and fails on any answer but 200.
func benchUpdate(b *testing.B, srv *Server, r request.UpdateFunctionCode, bytesPerOp int) {
	body := r.Body()
	url := srv.URL + r.Path()
	client := &http.Client{}
	b.SetBytes(int64(bytesPerOp))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, err := http.NewRequest(http.MethodPut, url, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkUpdateFunctionCodeInline updates a function with a 1 MiB zip
// sent inline.
func BenchmarkUpdateFunctionCodeInline(b *testing.B) {
	srv := startServer(b, Options{})
	code := storedZip(b, 1<<20, 11)
	createFunction(b, lambdaClient(srv), "fn", smallZip(b, "bench"))
	benchUpdate(b, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}, len(code))
}

// BenchmarkUpdateFunctionCodeS3 updates a function from a 1 MiB S3 object.
func BenchmarkUpdateFunctionCodeS3(b *testing.B) {
	srv := startServer(b, Options{})
	code := storedZip(b, 1<<20, 12)
	createFunction(b, lambdaClient(srv), "fn", smallZip(b, "bench"))
	if err := srv.Handler.S3().CreateBucket("bench"); err != nil {
		b.Fatal(err)
	}
	if _, err := srv.Handler.S3().Put("bench", "code.zip", code, ""); err != nil {
		b.Fatal(err)
	}
	benchUpdate(b, srv, request.UpdateFunctionCode{FunctionName: "fn", S3Bucket: request.String("bench"), S3Key: request.String("code.zip")}, len(code))
}

// BenchmarkUpdateFunctionCodeSmall updates a function with a 1 KiB zip sent
// inline: the request rate the capacity script compares with moto's.
func BenchmarkUpdateFunctionCodeSmall(b *testing.B) {
	srv := startServer(b, Options{})
	code := storedZip(b, 1<<10, 13)
	createFunction(b, lambdaClient(srv), "fn", smallZip(b, "bench"))
	benchUpdate(b, srv, request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}, len(code))
}

// BenchmarkHandlerUpdateSmall is BenchmarkUpdateFunctionCodeSmall without
// the network: the handler's own cost per UpdateFunctionCode.
func BenchmarkHandlerUpdateSmall(b *testing.B) {
	srv := startServer(b, Options{})
	code := storedZip(b, 1<<10, 13)
	createFunction(b, lambdaClient(srv), "fn", smallZip(b, "bench"))
	r := request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}
	body := r.Body()
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for b.Loop() {
		handleUpdate(b, srv, r.Path(), body)
	}
}

// handleUpdate sends one UpdateFunctionCode body to srv's handler, without
// the network, and fails b unless it answers 200.
func handleUpdate(b *testing.B, srv *Server, path string, body []byte) {
	rec := httptest.NewRecorder()
	srv.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, path, bytes.NewReader(body)))
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

// BenchmarkHandlerUpdateAfterVersions is BenchmarkHandlerUpdateSmall on a
// function that already has 0 or 4,096 published versions, Active: a
// client that publishes without deleting (the campaign benchmark's minimal
// client does) should not make each later update dearer.
func BenchmarkHandlerUpdateAfterVersions(b *testing.B) {
	for _, n := range []int{0, 4096} {
		b.Run(fmt.Sprintf("versions=%d", n), func(b *testing.B) {
			srv := startServer(b, Options{})
			code := storedZip(b, 1<<10, 13)
			createFunction(b, lambdaClient(srv), "fn", smallZip(b, "bench"))
			for i := range n {
				v := request.UpdateFunctionCode{FunctionName: "fn", ZipFile: smallZip(b, strconv.Itoa(i)), Publish: request.Bool(true)}
				handleUpdate(b, srv, v.Path(), v.Body())
			}
			r := request.UpdateFunctionCode{FunctionName: "fn", ZipFile: code}
			body := r.Body()
			b.ReportAllocs()
			for b.Loop() {
				handleUpdate(b, srv, r.Path(), body)
			}
		})
	}
}
