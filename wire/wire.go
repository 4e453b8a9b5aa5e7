// Package wire sends SigV4-signed HTTP requests to a Lambda endpoint exactly
// as they are modelled, including requests no SDK would send, and reads the
// answer defensively: every body is bounded, every request has a deadline,
// and every failure to get a well-formed answer is classified.
package wire

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/lambdaconf/lambdaconf/request"
)

// Defaults applied by New to a zero Config field.
const (
	DefaultTimeout = 30 * time.Second
	DefaultMaxBody = 1 << 20
	DefaultRegion  = "us-east-1"
)

// MaxDrain bounds the response bytes read and discarded after the first
// MaxBody bytes. A body longer than MaxBody+MaxDrain fails with a
// "too-large" TransportError and its connection is dropped.
const MaxDrain = 8 << 20

// maxHeaderBytes bounds the response header a server may send.
const maxHeaderBytes = 64 << 10

// Config says where and how requests are sent.
type Config struct {
	// Endpoint is the base URL, such as "http://127.0.0.1:9000".
	Endpoint string
	// Region is the SigV4 signing region; DefaultRegion when empty.
	Region string
	// Credentials sign every request.
	Credentials aws.Credentials
	// Timeout bounds one request from dial to the last body byte;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// MaxBody is the number of response body bytes kept; DefaultMaxBody
	// when zero.
	MaxBody int64
	// HTTPClient sends the requests; when nil, New builds one that never
	// uses a proxy and bounds response headers.
	HTTPClient *http.Client
}

// Client sends signed requests to one endpoint. It is safe for concurrent
// use.
type Client struct {
	cfg  Config
	base *url.URL
	hc   *http.Client
	// lambdaSigner escapes the canonical URI a second time, as the SDK's
	// Lambda client does; s3Signer uses the path as sent, as S3 requires.
	lambdaSigner *v4.Signer
	s3Signer     *v4.Signer
	now          func() time.Time
}

// New validates cfg and returns a client for its endpoint.
func New(cfg Config) (*Client, error) {
	base, err := ParseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.Credentials.AccessKeyID == "" || cfg.Credentials.SecretAccessKey == "" {
		return nil, fmt.Errorf("wire: no credentials to sign requests to %s: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (emulators accept test/test)", base)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: &http.Transport{
			Proxy:                  nil,
			DialContext:            (&net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConnsPerHost:    8,
			IdleConnTimeout:        30 * time.Second,
			TLSHandshakeTimeout:    cfg.Timeout,
			MaxResponseHeaderBytes: maxHeaderBytes,
			DisableCompression:     true,
		}}
	}
	// Redirects would re-send a signed request to another place; the
	// harness wants to see the redirect itself.
	noRedirect := *hc
	noRedirect.CheckRedirect = func(next *http.Request, _ []*http.Request) error {
		// The Client has opened next's body (GetBody) before asking;
		// it is never sent, and the Client does not close it.
		if next.Body != nil {
			next.Body.Close()
		}
		return http.ErrUseLastResponse
	}
	return &Client{
		cfg:          cfg,
		base:         base,
		hc:           &noRedirect,
		lambdaSigner: v4.NewSigner(),
		s3Signer:     v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }),
		now:          time.Now,
	}, nil
}

// ParseEndpoint checks that s is an absolute http or https URL with a host
// and, optionally, a path prefix under which the API is served (such as
// http://127.0.0.1:4566/lambda), and returns it parsed, without a trailing
// slash. A query, fragment or user is refused.
func ParseEndpoint(s string) (*url.URL, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("wire: no endpoint: set ENDPOINT (or LAMBDACONF_ENDPOINT) to a URL such as http://127.0.0.1:4566")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("wire: endpoint %q is not a URL (%v): use a URL such as http://127.0.0.1:4566", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("wire: endpoint %q has scheme %q: use http:// or https://, such as http://127.0.0.1:4566", s, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("wire: endpoint %q has no host: use a URL such as http://127.0.0.1:4566", s)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("wire: endpoint %q carries a query, fragment or user: give scheme, host, port and at most a path prefix, such as http://127.0.0.1:4566/lambda", s)
	}
	prefix := strings.TrimRight(u.EscapedPath(), "/")
	out := &url.URL{Scheme: u.Scheme, Host: u.Host}
	if prefix != "" {
		p, err := url.PathUnescape(prefix)
		if err != nil {
			return nil, fmt.Errorf("wire: endpoint %q has a badly escaped path: %v", s, err)
		}
		out.Path, out.RawPath = p, prefix
	}
	return out, nil
}

// Endpoint returns the endpoint URL without a trailing slash.
func (c *Client) Endpoint() string { return c.base.String() }

// Region returns the signing region.
func (c *Client) Region() string { return c.cfg.Region }

// bufferedBodyMax is the largest UpdateFunctionCode body that is encoded
// once into memory, hashed as it is encoded, and sent from there. Larger
// bodies (the size-limit cases, up to about 70 MB) are streamed twice
// instead, once to hash them and once to send them, so that the sender
// never holds their base64 text.
const bufferedBodyMax = 4 << 20

// UpdateFunctionCode sends r as it is modelled. A body of at most 4 MiB is
// built once in memory (request.Body, which encodes ZipFile straight into
// it), hashed there, and sent from there; a larger one is streamed, once
// to sign it and once to send it.
func (c *Client) UpdateFunctionCode(ctx context.Context, r request.UpdateFunctionCode) (*Response, error) {
	u := PrepareUpdate(r)
	defer u.Release()
	return c.SendUpdate(ctx, u)
}

// Update is an UpdateFunctionCode request made ready to send: its body
// and the body's SHA-256 when the body is at most 4 MiB. It may be sent
// any number of times, by any Client, concurrently, until Release.
type Update struct {
	r    request.UpdateFunctionCode
	body memBody
	hash string
	// buf, when not nil, holds body in a buffer of bodyPools.
	buf *pooledBody
}

// PrepareUpdate builds and hashes r's body when it is at most 4 MiB, so
// that the work is done before, not while, the request holds a
// connection. A larger body is left to be streamed when sent. A body
// built from ZipFile goes in a buffer that Release returns for reuse.
func PrepareUpdate(r request.UpdateFunctionCode) *Update {
	u := &Update{r: r}
	switch {
	case r.RawBody != nil || r.ZipFileText != nil:
		// In memory already.
		if body := r.Body(); len(body) <= bufferedBodyMax {
			u.body, u.hash = body, hashHex(body)
		}
	case base64.StdEncoding.EncodedLen(len(r.ZipFile))+r.Pad <= bufferedBodyMax:
		// Encoded once, with no reader in between, into a buffer that
		// is reused: a fresh one of this size costs more to clear
		// than to fill.
		u.buf = newPooledBody(256 + base64.StdEncoding.EncodedLen(len(r.ZipFile)) + r.Pad)
		u.buf.b = r.AppendBody(u.buf.b[:0])
		if len(u.buf.b) > bufferedBodyMax {
			// The other members made it too large: streamed.
			u.Release()
			break
		}
		u.body, u.hash = u.buf.b, hashHex(u.buf.b)
	}
	return u
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Release says that u will not be sent again, so that its body's buffer
// may be reused once every request that sent it has let go of it.
// Calling it is optional, and it may be called more than once.
func (u *Update) Release() {
	if u.buf != nil {
		u.buf.drop()
		u.buf, u.body = nil, nil
	}
}

// bodyPools hold the buffers of released bodies, by size class: pool k
// holds buffers of 1<<k bytes, so that a buffer taken for a body is big
// enough for it.
var bodyPools [bits.UintSize]sync.Pool

// minPooledClass is the smallest size class, 4 KiB.
const minPooledClass = 12

// pooledBody is a body buffer shared by its Update and the transport's
// writes of it, each holding a reference: the Update's until Release, a
// write's from the moment the transport has a connection for it
// (httptrace's GotConn) until it has written the request (WroteRequest).
// The transport reads a request's body only within such a write, and
// fires WroteRequest once each write has ended, written or failed. A
// request that failed may leave a write running, so a buffer that served
// one is never reused; nor is one whose writes did not pair up.
//
// The transport is given plain *bytes.Reader bodies (in io.NopCloser),
// which net/http knows hold their bytes in memory: it writes the headers
// and a small body in one system call. A body of any other type makes it
// flush the headers first, in a write and a packet of their own, which
// costs both the harness and the endpoint a system call and a wake-up per
// request.
type pooledBody struct {
	b      []byte
	class  int
	refs   atomic.Int64
	writes atomic.Int64
	failed atomic.Bool
	// trace counts the writes; made once per buffer, it is reused with it.
	trace *httptrace.ClientTrace
}

// newPooledBody returns a buffer of at least size bytes, one released
// before if there is one.
func newPooledBody(size int) *pooledBody {
	class := max(minPooledClass, bits.Len(uint(max(size, 1)-1)))
	p, _ := bodyPools[class].Get().(*pooledBody)
	if p == nil {
		p = &pooledBody{b: make([]byte, 0, 1<<class), class: class}
		p.trace = &httptrace.ClientTrace{GotConn: p.gotConn, WroteRequest: p.wroteRequest}
	}
	p.b = p.b[:0]
	p.refs.Store(1)
	p.writes.Store(0)
	p.failed.Store(false)
	return p
}

func (p *pooledBody) drop() {
	if p.refs.Add(-1) == 0 && !p.failed.Load() && cap(p.b) >= 1<<p.class {
		bodyPools[p.class].Put(p)
	}
}

// gotConn is called before each attempt to write the request.
func (p *pooledBody) gotConn(httptrace.GotConnInfo) {
	p.refs.Add(1)
	p.writes.Add(1)
}

// wroteRequest is called when an attempt's write has ended.
func (p *pooledBody) wroteRequest(httptrace.WroteRequestInfo) {
	if p.writes.Add(-1) < 0 {
		// A write that began without a connection: a transport that
		// does not trace as net/http's does. Never reuse the buffer.
		p.failed.Store(true)
	}
	p.drop()
}

// SendUpdate sends u as UpdateFunctionCode does.
func (c *Client) SendUpdate(ctx context.Context, u *Update) (*Response, error) {
	h := http.Header{"Content-Type": {"application/json"}}
	r := u.r
	if u.hash != "" {
		var body any = u.body
		if u.buf != nil {
			body = u.buf
		}
		return c.do(ctx, "lambda", request.Method, r.Path(), nil, body, int64(len(u.body)), u.hash, h, "UpdateFunctionCode")
	}
	first, size := r.BodyReader()
	// The first reader both gives the size and is read for the hash, so
	// that no streaming reader is left unread.
	var mu sync.Mutex
	body := func() io.Reader {
		mu.Lock()
		defer mu.Unlock()
		if first != nil {
			f := first
			first = nil
			return f
		}
		br, _ := r.BodyReader()
		return br
	}
	return c.do(ctx, "lambda", request.Method, r.Path(), nil, body, size, "", h, "UpdateFunctionCode")
}

// memBody is a request body held in memory: its readers never block, so
// the transport may drop them unread.
type memBody []byte

func (b memBody) reader() io.Reader { return bytes.NewReader(b) }

// Do sends one signed request. path must already be escaped; it is sent and
// signed byte for byte. body, when not nil, must return a fresh reader of
// size bytes at each call: it is read once to hash the payload and once to
// send it.
func (c *Client) Do(ctx context.Context, service, method, path string, query url.Values, body func() io.Reader, size int64, header http.Header) (*Response, error) {
	return c.do(ctx, service, method, path, query, body, size, "", header, method+" "+path)
}

// do sends one signed request. body is a memBody, a *pooledBody (whose
// writes hold it), or a func() io.Reader
// of streaming readers (see Do); hash, when not "", is the body's hex
// SHA-256, already computed.
func (c *Client) do(ctx context.Context, service, method, path string, query url.Values, body any, size int64, hash string, header http.Header, op string) (*Response, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, &TransportError{Class: ClassOther, Op: op, Endpoint: c.Endpoint(), Err: fmt.Errorf("path %q does not start with '/'", path)}
	}
	decoded, err := url.PathUnescape(path)
	if err != nil {
		return nil, &TransportError{Class: ClassOther, Op: op, Endpoint: c.Endpoint(), Err: fmt.Errorf("path %q is not validly escaped: %v", path, err)}
	}
	// bound is the request's real deadline, which the caller's context
	// may make shorter than the configured timeout.
	bound := c.cfg.Timeout
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < bound {
		bound = time.Until(dl).Round(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	ctx = context.WithValue(ctx, boundKey{}, bound)

	var stream func() io.Reader
	var mem memBody
	var pooled *pooledBody
	switch b := body.(type) {
	case memBody:
		mem = b
	case *pooledBody:
		mem, pooled = b.b, b
	case func() io.Reader:
		stream = b
	}
	if size <= 0 {
		stream, mem, hash = nil, nil, ""
	}
	if hash == "" {
		if hash, err = payloadHash(stream); err != nil {
			return nil, &TransportError{Class: ClassOther, Op: op, Endpoint: c.Endpoint(), Err: fmt.Errorf("reading the request body to sign it: %w", err)}
		}
	}
	// The endpoint's path prefix, if any, comes before the API's path,
	// and is signed with it.
	prefix := c.base.EscapedPath()
	if prefix != "" {
		decoded, path = c.base.Path+decoded, prefix+path
	}
	u := url.URL{Scheme: c.base.Scheme, Host: c.base.Host}
	u.Path = decoded
	u.RawPath = path
	if u.EscapedPath() != path {
		// The path holds bytes Go would escape differently; send it
		// verbatim in the request line instead.
		u.Path, u.RawPath = "", ""
		u.Opaque = "//" + c.base.Host + path
	}
	u.RawQuery = query.Encode()
	if pooled != nil {
		ctx = httptrace.WithClientTrace(ctx, pooled.trace)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, &TransportError{Class: ClassOther, Op: op, Endpoint: c.Endpoint(), Err: err}
	}
	req.URL = &u
	for k, vs := range header {
		req.Header[k] = append([]string(nil), vs...)
	}
	switch {
	case mem != nil:
		req.Body = io.NopCloser(mem.reader())
		req.ContentLength = size
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(mem.reader()), nil }
	case stream != nil:
		req.Body = newGuardedBody(stream())
		req.ContentLength = size
		req.GetBody = func() (io.ReadCloser, error) { return newGuardedBody(stream()), nil }
	default:
		req.ContentLength = 0
		req.Body = http.NoBody
	}
	req.Header.Set("X-Amz-Content-Sha256", hash)
	signer := c.lambdaSigner
	if service == "s3" {
		signer = c.s3Signer
	}
	if err := signer.SignHTTP(ctx, c.cfg.Credentials, req, hash, service, c.cfg.Region, c.now().UTC()); err != nil {
		return nil, &TransportError{Class: ClassOther, Op: op, Endpoint: c.Endpoint(), Err: fmt.Errorf("signing: %w", err)}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if pooled != nil {
			// The transport may still be writing the body.
			pooled.failed.Store(true)
		}
		return nil, c.transportError(ctx, op, err)
	}
	defer resp.Body.Close()
	out, err := readResponse(resp, c.cfg.MaxBody)
	if err != nil {
		return nil, c.transportError(ctx, op, err)
	}
	return out, nil
}

func (c *Client) transportError(ctx context.Context, op string, err error) *TransportError {
	var te *TransportError
	if errors.As(err, &te) {
		te.Op, te.Endpoint = op, c.Endpoint()
		return te
	}
	class := Classify(err)
	if ctx.Err() == context.DeadlineExceeded {
		class = ClassTimeout
		bound, _ := ctx.Value(boundKey{}).(time.Duration)
		if bound <= 0 {
			bound = c.cfg.Timeout
		}
		err = fmt.Errorf("no complete answer within %v: %w", bound, err)
	}
	return &TransportError{Class: class, Op: op, Endpoint: c.Endpoint(), Err: err}
}

// boundKey carries a request's real deadline in its context, for the
// timeout message.
type boundKey struct{}

// payloadHash returns the hex SHA-256 of a fresh reader from body.
func payloadHash(body func() io.Reader) (string, error) {
	h := sha256.New()
	if body != nil {
		if _, err := io.Copy(h, body()); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// guardedBody is a request body that, once closed, reads the rest of its
// source in the background, so that a streaming source (such as the pipe
// behind request.BodyReader) is never left blocked on a write when the
// transport gives up early. The mutex keeps the transport's reads and the
// drain apart.
type guardedBody struct {
	mu     sync.Mutex
	r      io.Reader
	closed bool
}

func newGuardedBody(r io.Reader) *guardedBody { return &guardedBody{r: r} }

func (g *guardedBody) Read(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return 0, io.ErrClosedPipe
	}
	return g.r.Read(p)
}

func (g *guardedBody) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	r := g.r
	go func() { _, _ = io.Copy(io.Discard, r) }()
	return nil
}
