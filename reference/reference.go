// Package reference is an in-memory emulator of the parts of AWS Lambda and
// Amazon S3 that UpdateFunctionCode touches, faithful to the recorded AWS
// behaviour the spec package catalogues. It is the harness's default
// target and the ground it proves itself on: Options.Faults turns on
// deliberate bugs the conformance suites must catch.
//
// One port serves both services, routed like LocalStack and moto by the
// service named in the SigV4 credential scope; signatures are not verified.
// Use NewServer in tests, as with httptest.NewServer, and Listen for a
// standalone endpoint.
package reference

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaconf/lambdaconf/reference/s3store"
	"github.com/lambdaconf/lambdaconf/spec"
)

// Options configures an endpoint. The zero value is a faithful endpoint for
// us-east-1, account 123456789012, under profile aws.
type Options struct {
	// Region, Account and Partition name the endpoint's home; defaults
	// "us-east-1", "123456789012" and "aws".
	Region    string
	Account   string
	Partition string
	// Profile selects the API version to emulate; default spec.ProfileAWS.
	// Under spec.ProfileSeed the FunctionName pattern is the seed's, the
	// request limit is 69905067 bytes, and Architectures, RevisionId,
	// DryRun, ImageUri, S3ObjectStorageMode, PublishTo and SourceKMSKeyArn
	// are unknown members.
	Profile spec.Profile
	// Faults lists deliberate bugs to inject; none by default.
	Faults []Fault
	// RateLimit caps Lambda requests per second across the server; past
	// it the answer is 429 TooManyRequestsException with Retry-After.
	// 0 means unlimited.
	RateLimit float64
	// CodeStorageQuota caps the bytes of code the account stores across
	// every function version; 0 means unlimited.
	CodeStorageQuota int64
	// UpdateDuration is how long a function's LastUpdateStatus stays
	// "InProgress" after an update, and a version published by the update
	// stays "Pending"; another update meanwhile is answered 409
	// ResourceConflictException. The update's answer shows InProgress
	// even at 0, as AWS's does; the update then finishes by the next
	// request.
	UpdateDuration time.Duration
	// CreateDuration is how long a new function stays State "Pending"
	// (with no LastUpdateStatus); an update meanwhile is answered 409
	// ResourceConflictException. CreateFunction's answer shows Pending
	// even at 0, as AWS's does.
	CreateDuration time.Duration
	// Latency, when positive, delays every answer by that long, like an
	// endpoint across a network.
	Latency time.Duration
	// ServiceFaultEvery, when positive, answers every Nth Lambda request
	// with 500 ServiceException.
	ServiceFaultEvery int
	// MaxObjectSize bounds S3 objects; default s3store.DefaultMaxObjectSize.
	MaxObjectSize int64
	// Logf, when set, receives one line per request.
	Logf func(format string, args ...any)
}

func (o Options) withDefaults() Options {
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	if o.Account == "" {
		o.Account = "123456789012"
	}
	if o.Partition == "" {
		o.Partition = "aws"
	}
	if o.Profile == "" {
		o.Profile = spec.ProfileAWS
	}
	return o
}

// Handler is the endpoint as an http.Handler: Lambda and S3 state and the
// routing between them. It is safe for concurrent use.
type Handler struct {
	opts   Options
	faults map[Fault]bool
	s3     *s3store.Store
	s3h    *s3store.Handler
	lambda *lambdaState

	limiter     *rateLimiter
	lambdaCalls atomic.Int64
	largeBodies chan struct{}
	verdicts    archiveVerdicts
	names       functionNames
}

// NewHandler returns an endpoint with empty state.
func NewHandler(opts Options) *Handler {
	opts = opts.withDefaults()
	h := &Handler{
		opts:   opts,
		faults: map[Fault]bool{},
		s3:     s3store.New(opts.MaxObjectSize),
		lambda: newLambdaState(),

		largeBodies: make(chan struct{}, maxLargeBodies),
	}
	for _, f := range opts.Faults {
		h.faults[f] = true
	}
	h.s3h = s3store.NewHandler(h.s3)
	// The S3 path shares the Lambda path's bound on large bodies.
	h.s3h.LargeBodies, h.s3h.LargeBody = h.largeBodies, largeBody
	if opts.RateLimit > 0 {
		h.limiter = newRateLimiter(opts.RateLimit)
	}
	return h
}

// S3 returns the endpoint's object store, for tests that stage objects
// without going through HTTP.
func (h *Handler) S3() *s3store.Store { return h.s3 }

// Options returns the endpoint's options with defaults filled in.
func (h *Handler) Options() Options { return h.opts }

func (h *Handler) fault(f Fault) bool { return h.faults[f] }

// ServeHTTP routes a request to Lambda or S3 by the service of its SigV4
// credential scope, or by its path when it is not signed.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if d := h.opts.Latency; d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	rec := &statusRecorder{ResponseWriter: w}
	service := serviceOf(r)
	if service == "lambda" {
		h.serveLambda(rec, r)
	} else {
		h.s3h.ServeHTTP(rec, r)
	}
	if h.opts.Logf != nil {
		h.opts.Logf("%s %s %s -> %d (%d bytes in, %s)", service, r.Method, r.URL.RequestURI(), rec.status(), r.ContentLength, time.Since(start).Round(time.Microsecond))
	}
}

// serviceOf returns "lambda" or "s3".
func serviceOf(r *http.Request) string {
	if auth := r.Header.Get("Authorization"); auth != "" {
		if _, cred, ok := strings.Cut(auth, "Credential="); ok {
			cred, _, _ = strings.Cut(cred, ",")
			// The scope is key/date/region/service/aws4_request: the
			// service is the next-to-last of five or more parts.
			if cred = strings.TrimSpace(cred); strings.Count(cred, "/") >= 4 {
				last := strings.LastIndexByte(cred, '/')
				switch cred[strings.LastIndexByte(cred[:last], '/')+1 : last] {
				case "lambda":
					return "lambda"
				case "s3":
					return "s3"
				}
			}
		}
	}
	if strings.HasPrefix(r.URL.Path, "/2015-03-31/") {
		return "lambda"
	}
	return "s3"
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) status() int {
	if s.code == 0 {
		return http.StatusOK
	}
	return s.code
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// rateLimiter is a token bucket holding at most max(1, rate) tokens.
type rateLimiter struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newRateLimiter(rate float64) *rateLimiter {
	burst := rate
	if burst < 1 {
		burst = 1
	}
	return &rateLimiter{rate: rate, burst: burst, tokens: burst, last: time.Now()}
}

// allow takes a token, or reports how long until one is available.
func (l *rateLimiter) allow() (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.tokens += now.Sub(l.last).Seconds() * l.rate
	if l.tokens > l.burst {
		l.tokens = l.burst
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return true, 0
	}
	return false, time.Duration((1 - l.tokens) / l.rate * float64(time.Second))
}

// newUUID returns a random (version 4) UUID. Its bits come from
// math/rand/v2's global generator (ChaCha8, seeded by the runtime from the
// operating system): request and revision IDs must be unique, not secret,
// and three are drawn per update, so a system call each would be waste.
func newUUID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// Server is an endpoint listening on a local address, like
// httptest.Server.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT, with no trailing slash.
	URL string
	// Listener is the socket the server accepts on.
	Listener net.Listener
	// Handler is the endpoint, for access to its state and options.
	Handler *Handler

	srv  *http.Server
	done chan struct{}
}

// NewServer starts an endpoint on 127.0.0.1 at a free port. It panics if it
// cannot listen, as httptest.NewServer does.
func NewServer(opts Options) *Server {
	s, err := Listen("127.0.0.1:0", opts)
	if err != nil {
		panic(fmt.Sprintf("reference: %v", err))
	}
	return s
}

// Listen starts an endpoint on addr (host:port; port 0 picks a free one).
func Listen(addr string, opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w (choose another -addr or free the port)", addr, err)
	}
	h := NewHandler(opts)
	s := &Server{
		URL:      "http://" + ln.Addr().String(),
		Listener: ln,
		Handler:  h,
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 10 * time.Second,
			// A 70 MB upload takes well under a second on loopback; the
			// bound stops a stalled client from holding a body slot.
			ReadTimeout:    5 * time.Minute,
			IdleTimeout:    2 * time.Minute,
			MaxHeaderBytes: 1 << 20,
		},
		done: make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Close stops the server at once, closing every connection.
func (s *Server) Close() {
	_ = s.srv.Close()
	<-s.done
}

// Shutdown stops accepting connections and waits for requests in flight
// to finish, or for ctx to end.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if err != nil {
		_ = s.srv.Close()
	}
	<-s.done
	return err
}
