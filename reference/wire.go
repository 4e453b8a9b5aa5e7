package reference

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lambdaconf/lambdaconf/spec"
)

// apiError is a Lambda error response.
type apiError struct {
	status int
	code   string
	// message is the text; null marks AccessDeniedException's JSON null.
	message    string
	null       bool
	retryAfter time.Duration
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func newError(status int, code, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

func invalidParameter(message string) *apiError {
	return newError(http.StatusBadRequest, spec.ErrInvalidParameter, message)
}

func malformed(detail string) *apiError {
	return newError(http.StatusBadRequest, spec.ErrInvalidContent, spec.MsgMalformed+detail)
}

// capitalMessage lists the errors whose model member is Message, not
// message (docs/spec/aws.md#error-message-key).
var capitalMessage = map[string]bool{
	spec.ErrResourceNotFound:             true,
	spec.ErrService:                      true,
	spec.ErrAccessDenied:                 true,
	"InvalidCodeSignatureException":      true,
	"CodeVerificationFailedException":    true,
	"CodeSigningConfigNotFoundException": true,
}

// errorStyle carries the faults that change how an error is written; they
// apply to UpdateFunctionCode responses only.
type errorStyle struct {
	noErrorType      bool
	lowercaseMessage bool
}

func (h *Handler) updateErrorStyle() errorStyle {
	return errorStyle{noErrorType: h.fault(FaultMissingErrorType), lowercaseMessage: h.fault(FaultLowercaseMessageKey)}
}

// writeError writes e in Lambda's rest-json error format: the code in the
// X-Amzn-ErrorType header, the body {"Type":"User","message":…}.
func writeError(w http.ResponseWriter, e *apiError, style errorStyle) {
	hd := w.Header()
	if !style.noErrorType {
		hd.Set("X-Amzn-ErrorType", e.code)
	}
	kind := "User"
	if e.status >= 500 {
		kind = "Service"
	}
	key := "message"
	if capitalMessage[e.code] && !style.lowercaseMessage {
		key = "Message"
	}
	var b bytes.Buffer
	b.WriteByte('{')
	if e.code == spec.ErrTooManyRequests {
		b.WriteString(`"Reason":"CallerRateLimitExceeded",`)
		secs := int(math.Ceil(e.retryAfter.Seconds()))
		if secs < 1 {
			secs = 1
		}
		hd.Set("Retry-After", strconv.Itoa(secs))
	}
	fmt.Fprintf(&b, `"Type":%q,%q:`, kind, key)
	if e.null {
		b.WriteString("null")
	} else {
		b.Write(jsonString(e.message))
	}
	b.WriteByte('}')
	if e.status == http.StatusRequestEntityTooLarge {
		hd.Set("Connection", "close")
	}
	writeBody(w, e.status, b.Bytes())
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// jsonBuffers holds writeJSON's buffers between answers.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b := jsonBuffers.Get().(*bytes.Buffer)
	b.Reset()
	defer jsonBuffers.Put(b)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		writeError(w, newError(http.StatusInternalServerError, spec.ErrService, "encoding the response: "+err.Error()), errorStyle{})
		return
	}
	writeBody(w, status, bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// violation is one broken model constraint, in the grammar of
// docs/spec/aws.md#validation-messages.
type violation struct {
	value      string
	member     string
	constraint string
}

func (v violation) String() string {
	return fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", v.value, v.member, v.constraint)
}

// validationMessage joins violations as "N validation errors detected: a; b".
func validationMessage(vs []violation) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.String()
	}
	return spec.ValidationPrefix(len(vs)) + strings.Join(parts, "; ")
}

// The model patterns as the service prints them (unanchored, Java style).
const (
	functionNamePatternAWS  = `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`
	functionNamePatternSeed = `(arn:aws:lambda:)?([a-z]{2}-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`
	bucketPatternAWS        = `[0-9A-Za-z\.\-_]*(?<!\.)`
	bucketPatternSeed       = `^[0-9A-Za-z\.\-_]*(?<!\.)$`
	objectPattern           = `.*`
	kmsKeyArnPattern        = `(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`
	archEnumConstraint      = "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
)

func maxLen(n int) string { return fmt.Sprintf("Member must have length less than or equal to %d", n) }
func minLen(n int) string {
	return fmt.Sprintf("Member must have length greater than or equal to %d", n)
}
func pattern(p string) string {
	return "Member must satisfy regular expression pattern: " + p
}

// listValue prints a list as the service does: [a, b].
func listValue(list []string) string { return "[" + strings.Join(list, ", ") + "]" }
