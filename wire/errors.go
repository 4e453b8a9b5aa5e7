package wire

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
)

// TransportClass names the way an endpoint failed to give a well-formed
// answer.
type TransportClass string

// The transport classes.
const (
	ClassTimeout  TransportClass = "timeout"
	ClassRefused  TransportClass = "refused"
	ClassReset    TransportClass = "reset"
	ClassGarbage  TransportClass = "garbage"
	ClassTooLarge TransportClass = "too-large"
	ClassTLS      TransportClass = "tls"
	ClassOther    TransportClass = "other"
)

// TransportError classifies a failure to get a well-formed answer.
type TransportError struct {
	Class    TransportClass
	Op       string
	Endpoint string
	Err      error
}

// Error says what failed, where, and what to do about it.
func (e *TransportError) Error() string {
	return fmt.Sprintf("%s to %s failed (%s: %v): %s", e.Op, e.Endpoint, e.Class, e.Err, advice[e.Class])
}

// Unwrap returns the underlying error.
func (e *TransportError) Unwrap() error { return e.Err }

var advice = map[TransportClass]string{
	ClassTimeout:  "the endpoint did not answer in time; check that it is running and not overloaded, or raise the per-request timeout (lambdaconf run -request-timeout, LAMBDACONF_REQUEST_TIMEOUT)",
	ClassRefused:  "nothing listens there; is the emulator running? Start it or set ENDPOINT",
	ClassReset:    "the endpoint closed the connection before a complete answer; check its log for a crash",
	ClassGarbage:  "the endpoint did not answer with well-formed HTTP; check that ENDPOINT points at a Lambda API and not at another service",
	ClassTooLarge: "the endpoint sent more than the harness reads; check that ENDPOINT points at a Lambda API",
	ClassTLS:      "the TLS handshake failed; use http:// for a local emulator or fix its certificate",
	ClassOther:    "see the error above",
}

// Classify returns the class of a transport failure.
func Classify(err error) TransportClass {
	if err == nil {
		return ""
	}
	var te *TransportError
	if errors.As(err, &te) {
		return te.Class
	}
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return ClassRefused
	case errors.As(err, &ne) && ne.Timeout():
		return ClassTimeout
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return ClassReset
	}
	var (
		recErr  tls.RecordHeaderError
		certErr *tls.CertificateVerificationError
		unkAuth x509.UnknownAuthorityError
		hostErr x509.HostnameError
	)
	if errors.As(err, &recErr) || errors.As(err, &certErr) || errors.As(err, &unkAuth) || errors.As(err, &hostErr) {
		return ClassTLS
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "HTTP response to HTTPS client"), strings.Contains(msg, "tls:"):
		return ClassTLS
	case strings.Contains(msg, "headers exceeded"), strings.Contains(msg, "too large"):
		return ClassTooLarge
	case strings.Contains(msg, "malformed"), strings.Contains(msg, "invalid"), strings.Contains(msg, "bad "),
		strings.Contains(msg, "unsupported transfer encoding"), strings.Contains(msg, "chunk"):
		return ClassGarbage
	case strings.Contains(msg, "connection reset"), strings.Contains(msg, "broken pipe"),
		strings.Contains(msg, "server closed idle connection"), strings.Contains(msg, "EOF"):
		return ClassReset
	case strings.Contains(msg, "connection refused"):
		return ClassRefused
	case strings.Contains(msg, "deadline exceeded"), strings.Contains(msg, "timeout"):
		return ClassTimeout
	}
	return ClassOther
}
