package wire

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
)

// BenchmarkUpdateFunctionCodeLargeBody sends a 50 MiB zip (a body of about
// 70 MB) to a server that discards it. Allocated bytes per operation show
// whether the body is streamed (well under the body size) or held.
func BenchmarkUpdateFunctionCodeLargeBody(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL, Credentials: testCreds})
	if err != nil {
		b.Fatal(err)
	}
	r := request.UpdateFunctionCode{FunctionName: "bench", ZipFile: make([]byte, 50<<20)}
	br, size := r.BodyReader()
	io.Copy(io.Discard, br)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := c.UpdateFunctionCode(context.Background(), r)
		if err != nil || resp.Status != 200 {
			b.Fatalf("%v %v", resp, err)
		}
	}
}
