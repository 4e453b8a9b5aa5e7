// Package referencetest starts reference endpoints instrumented for the
// harness's own tests, as net/http/httptest starts servers: a reference
// that counts the UpdateFunctionCode requests it answers at once, to show
// that callers take turns at a function.
package referencetest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lambdaconf/lambdaconf/reference"
)

// Server is a reference endpoint (reference.NewHandler) on a loopback
// port that counts the UpdateFunctionCode requests (PUT …/code) it is
// answering at once. Other requests are answered uncounted.
type Server struct {
	*httptest.Server
	inFlight, most atomic.Int64
}

// NewServer starts a Server answering as reference.NewHandler(opts) does;
// it is closed when the test ends.
func NewServer(tb testing.TB, opts reference.Options) *Server {
	tb.Helper()
	s := &Server{}
	h := reference.NewHandler(opts)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/code") {
			n := s.inFlight.Add(1)
			defer s.inFlight.Add(-1)
			for m := s.most.Load(); n > m && !s.most.CompareAndSwap(m, n); m = s.most.Load() {
			}
		}
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(s.Close)
	return s
}

// InFlight returns the number of UpdateFunctionCode requests the server
// is answering now.
func (s *Server) InFlight() int64 { return s.inFlight.Load() }

// MostInFlight returns the most UpdateFunctionCode requests the server
// answered at once since it started or since the last ResetMostInFlight.
func (s *Server) MostInFlight() int64 { return s.most.Load() }

// ResetMostInFlight starts MostInFlight's count again.
func (s *Server) ResetMostInFlight() { s.most.Store(0) }
