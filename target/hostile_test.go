package target

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// TestSDKClientsReadBoundedAnswers sends GetFunction through the SDK client
// to an endpoint that answers the probe like Lambda and then streams a
// JSON body that never ends. The client must give up after a bounded
// number of bytes, well before the request timeout: the SDK decodes a
// whole answer into memory, so an unbounded read is unbounded memory.
func TestSDKClientsReadBoundedAnswers(t *testing.T) {
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet && strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "/functions") {
			w.Write([]byte(`{"Functions":[]}`))
			return
		}
		w.Write([]byte(`{"Configuration":{"Description":"`))
		chunk := []byte(strings.Repeat("x", 64<<10))
		for {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil || written.Load() > 2<<30 {
				return
			}
		}
	}))
	defer srv.Close()
	tgt, err := Open(context.Background(), Config{Endpoint: srv.URL, RequestTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = tgt.Lambda.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String("f")})
	elapsed := time.Since(start)
	if err == nil {
		t.Fatal("GetFunction decoded an answer that never ends")
	}
	if !strings.Contains(err.Error(), "larger than") {
		t.Errorf("the error does not say the answer was too large: %v", err)
	}
	// The server counts what it handed to the socket; the kernel buffers
	// a few MiB beyond what the client read.
	if n := written.Load(); n > MaxSDKResponseBody+64<<20 {
		t.Errorf("the client read %d bytes of one answer; want at most about %d", n, MaxSDKResponseBody)
	}
	if elapsed > 15*time.Second {
		t.Errorf("took %v to give up; it must not wait for the request timeout", elapsed)
	}
}
