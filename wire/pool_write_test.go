package wire

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
)

// countingConn counts the Write calls made on a connection.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(b []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(b)
}

// A small pooled body goes out with its headers in one write: net/http
// flushes the headers on their own, a system call and a packet more for
// the harness and a wake-up more for the endpoint, unless it knows the
// body is in memory.
func TestPooledBodyIsWrittenWithItsHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	var writes atomic.Int64
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		return countingConn{conn, &writes}, err
	}
	c, err := New(Config{Endpoint: srv.URL, Credentials: testCreds, HTTPClient: &http.Client{Transport: &http.Transport{DialContext: dial}}})
	if err != nil {
		t.Fatal(err)
	}
	const requests = 4
	for range requests {
		u := PrepareUpdate(request.UpdateFunctionCode{FunctionName: "fn", ZipFile: bytes.Repeat([]byte{'a'}, 1<<10)})
		if u.buf == nil {
			t.Fatal("a 1 KiB ZipFile was not built into a pooled buffer")
		}
		if _, err := c.SendUpdate(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		u.Release()
	}
	if n := writes.Load(); n != requests {
		t.Fatalf("%d requests took %d writes, want one each", requests, n)
	}
}
