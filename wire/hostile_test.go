package wire

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/request"
)

// hostile serves each connection with handle on a loopback listener.
func hostile(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	conns := make(chan net.Conn, 16)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns <- c
			go handle(c)
		}
	}()
	t.Cleanup(func() {
		close(done)
		l.Close()
		for {
			select {
			case c := <-conns:
				c.Close()
			default:
				return
			}
		}
	})
	return "http://" + l.Addr().String()
}

// readRequestHead consumes one whole request, so that what the handler
// does next is all the client sees.
func readRequestHead(c net.Conn) {
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err == nil {
		io.Copy(io.Discard, req.Body)
	}
}

func TestHostileEndpoints(t *testing.T) {
	const timeout = 200 * time.Millisecond
	refused := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}
	tests := []struct {
		name     string
		endpoint func(t *testing.T) string
		want     TransportClass
	}{
		{"never answers", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) { io.Copy(io.Discard, c) })
		}, ClassTimeout},
		{"refused", func(t *testing.T) string { return refused() }, ClassRefused},
		{"reset", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) {
				readRequestHead(c)
				c.(*net.TCPConn).SetLinger(0)
				c.Close()
			})
		}, ClassReset},
		{"closed without answer", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) { readRequestHead(c); c.Close() })
		}, ClassReset},
		{"not HTTP", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) {
				readRequestHead(c)
				io.WriteString(c, "SSH-2.0-OpenSSH_9.6\r\n\r\n")
				c.Close()
			})
		}, ClassGarbage},
		{"bad chunking", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) {
				readRequestHead(c)
				io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n")
				c.Close()
			})
		}, ClassGarbage},
		{"body shorter than its length", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) {
				readRequestHead(c)
				io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 100\r\n\r\n{\"mess")
				c.Close()
			})
		}, ClassReset},
		{"huge headers", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) {
				readRequestHead(c)
				io.WriteString(c, "HTTP/1.1 200 OK\r\nX-Big: "+strings.Repeat("a", 200<<10)+"\r\n\r\n")
				c.Close()
			})
		}, ClassTooLarge},
		{"endless body", func(t *testing.T) string {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				chunk := []byte(strings.Repeat("x", 32<<10))
				for {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			}))
			t.Cleanup(srv.Close)
			return srv.URL
		}, ClassTooLarge},
		{"slow drip", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) {
				readRequestHead(c)
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
				for i := 0; i < 1000; i++ {
					if _, err := c.Write([]byte("x")); err != nil {
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			})
		}, ClassTimeout},
		{"slow headers", func(t *testing.T) string {
			return hostile(t, func(c net.Conn) {
				readRequestHead(c)
				for i := 0; i < 1000; i++ {
					if _, err := io.WriteString(c, "H"); err != nil {
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			})
		}, ClassTimeout},
		{"plain HTTP to an https client", func(t *testing.T) string {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
			t.Cleanup(srv.Close)
			return strings.Replace(srv.URL, "http://", "https://", 1)
		}, ClassTLS},
		{"untrusted certificate", func(t *testing.T) string {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
			srv.Config.ErrorLog = log.New(io.Discard, "", 0)
			srv.StartTLS()
			t.Cleanup(srv.Close)
			return srv.URL
		}, ClassTLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := tt.endpoint(t)
			// Only the timeout cases get the short limit: the others must
			// fail for their own reason, even on a loaded machine.
			limit := 10 * time.Second
			if tt.want == ClassTimeout {
				limit = timeout
			}
			c := newClient(t, ep, func(cfg *Config) { cfg.Timeout = limit; cfg.MaxBody = 1 << 10 })
			start := time.Now()
			resp, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "f", ZipFile: make([]byte, 256<<10)})
			elapsed := time.Since(start)
			if err == nil {
				t.Fatalf("got a response (%v); want a %s transport error", resp, tt.want)
			}
			var te *TransportError
			if !errors.As(err, &te) {
				t.Fatalf("error %T %v is not a *TransportError", err, err)
			}
			if te.Class != tt.want || Classify(err) != tt.want {
				t.Errorf("class %q (Classify %q), want %q; error: %v", te.Class, Classify(err), tt.want, err)
			}
			if te.Op != "UpdateFunctionCode" || te.Endpoint != c.Endpoint() || !strings.Contains(err.Error(), ep) {
				t.Errorf("error does not say where: %v", err)
			}
			if !strings.Contains(err.Error(), advice[tt.want]) {
				t.Errorf("error does not say what to do: %v", err)
			}
			if elapsed > limit+5*time.Second {
				t.Errorf("took %v to fail; it must fail promptly", elapsed)
			}
		})
	}
}

func TestTruncatedBodyIsCountedAndKept(t *testing.T) {
	body := strings.Repeat("y", 10<<10)
	rec := newRecorder(t, 200, nil, body)
	c := newClient(t, rec.URL, func(cfg *Config) { cfg.MaxBody = 1 << 10 })
	resp, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "f"})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Truncated || len(resp.Body) != 1<<10 || resp.BodySize != int64(len(body)) || resp.JSON != nil {
		t.Errorf("truncated %v kept %d counted %d JSON %v", resp.Truncated, len(resp.Body), resp.BodySize, resp.JSON)
	}
	exact := newRecorder(t, 200, nil, strings.Repeat("z", 1<<10))
	c = newClient(t, exact.URL, func(cfg *Config) { cfg.MaxBody = 1 << 10 })
	resp, err = c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "f"})
	if err != nil || resp.Truncated || len(resp.Body) != 1<<10 {
		t.Errorf("a body of exactly MaxBody: err %v truncated %v len %d", err, resp.Truncated, len(resp.Body))
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		want TransportClass
	}{
		{nil, ""},
		{&TransportError{Class: ClassGarbage}, ClassGarbage},
		{io.EOF, ClassReset},
		{context.DeadlineExceeded, ClassTimeout},
		{errors.New("net/http: HTTP/1.x transport connection broken: malformed HTTP status code \"x\""), ClassGarbage},
		{errors.New("something else"), ClassOther},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestContextCancelStopsARequest(t *testing.T) {
	ep := hostile(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	c := newClient(t, ep, func(cfg *Config) { cfg.Timeout = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.UpdateFunctionCode(ctx, request.UpdateFunctionCode{FunctionName: "f"})
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %v; want a prompt failure", err, time.Since(start))
	}
}
