package wire

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/request"
)

// earlyAnswerServer answers each request at once, before reading its
// body, then reads the body after a pause and sends what it read on
// bodies: a client that reused the body's buffer as soon as it had the
// answer would have the server read the next body's bytes. (The client
// may also cut the body short, closing a connection whose request it has
// not finished writing.)
func earlyAnswerServer(t *testing.T, bodies chan<- []byte) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"))
					// The client, its send buffer small, is still
					// writing the body when it reads the answer.
					time.Sleep(20 * time.Millisecond)
					b, _ := io.ReadAll(req.Body)
					bodies <- b
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// A released Update's buffer is reused only once the transport has let go
// of the body, even when the endpoint answered before reading it: every
// body the server reads is the one that was sent.
func TestReleasedBodyIsNotReusedWhileTheTransportSendsIt(t *testing.T) {
	bodies := make(chan []byte, 16)
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			conn.(*net.TCPConn).SetWriteBuffer(16 << 10)
		}
		return conn, err
	}
	hc := &http.Client{Transport: &http.Transport{DialContext: dial}}
	c, err := New(Config{Endpoint: earlyAnswerServer(t, bodies), Credentials: testCreds, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for i := range 6 {
		zip := bytes.Repeat([]byte{byte('a' + i)}, 2<<20)
		r := request.UpdateFunctionCode{FunctionName: "fn" + strconv.Itoa(i), ZipFile: zip}
		want := r.Body()
		u := PrepareUpdate(r)
		if _, err := c.SendUpdate(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		u.Release()
		// The next body is built at once, in the released buffer if the
		// pool hands it out.
		next := PrepareUpdate(request.UpdateFunctionCode{FunctionName: "x", ZipFile: bytes.Repeat([]byte{'z'}, 2<<20)})
		got := <-bodies
		if !bytes.HasPrefix(want, got) {
			t.Fatalf("body %d: the server read bytes other than those sent (its buffer was reused while being sent)", i)
		}
		read += len(got)
		next.Release()
	}
	if read == 0 {
		t.Fatal("the server read no byte of any body")
	}
}

// A write the transport has begun keeps the body's buffer from being
// handed out again after Release, until the write has ended.
func TestPooledBodyIsHeldByItsWrites(t *testing.T) {
	p := newPooledBody(4)
	p.b = append(p.b[:0], "body"...)
	p.trace.GotConn(httptrace.GotConnInfo{})
	p.drop() // Release
	for range 3 {
		if q := newPooledBody(4); q == p {
			t.Fatal("the buffer was handed out again while a write of it was under way")
		}
	}
	p.trace.WroteRequest(httptrace.WroteRequestInfo{})
	if n := p.refs.Load(); n != 0 {
		t.Fatalf("after Release and the write's end the buffer holds %d references, want 0", n)
	}
	// A write's end with no write begun is a transport this code does
	// not know: the buffer is not reused.
	q := newPooledBody(4)
	q.trace.WroteRequest(httptrace.WroteRequestInfo{})
	if !q.failed.Load() {
		t.Fatal("a write that ended without beginning left the buffer reusable")
	}
}

// A buffer is big enough for the body it is taken for, so that building
// the body never grows it.
func TestPooledBodyFitsItsSize(t *testing.T) {
	for _, n := range []int{0, 1, 4095, 4096, 4097, 1 << 20, 1<<20 + 1, 4 << 20} {
		p := newPooledBody(n)
		if cap(p.b) < n || len(p.b) != 0 {
			t.Errorf("newPooledBody(%d): len %d cap %d, want len 0 and cap at least %d", n, len(p.b), cap(p.b), n)
		}
		p.drop()
	}
}
