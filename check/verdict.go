// Package check holds the conformance checks of the harness as plain
// functions, in the manner of testing/fstest.TestFS: each sends what it needs
// to an endpoint, compares the answer with the clause catalogue and returns
// nil or an error made of *finding.Finding values, one per clause broken.
// Each also records, in the Evaluated of its Env or the one passed to it,
// the clauses it compared the answer with, broken or not.
//
// The Ginkgo suites, the rapid properties, the fuzz target and the replay
// command are thin wrappers around these functions.
package check

import (
	"errors"
	"fmt"
	"maps"
	"mime"
	"slices"
	"strings"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/wire"
)

// Findings returns every finding in err, which may be a single finding or
// several joined with errors.Join. Errors that are not findings are returned
// as findings of no clause, so that nothing is lost.
func Findings(err error) []*finding.Finding {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*finding.Finding
		for _, e := range j.Unwrap() {
			out = append(out, Findings(e)...)
		}
		return out
	}
	if f, ok := finding.As(err); ok {
		return []*finding.Finding{f}
	}
	return []*finding.Finding{{Summary: err.Error()}}
}

// join combines findings into one error, or nil when there are none.
func join(fs []*finding.Finding) error {
	var errs []error
	for _, f := range fs {
		if f != nil {
			errs = append(errs, f)
		}
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// Describe renders a response in one line for the Got field of a finding.
func Describe(r *wire.Response) string {
	if r == nil {
		return "no response"
	}
	s := fmt.Sprint(r.Status)
	if r.ErrorType != "" {
		s += " " + r.ErrorType
	}
	if r.MessageKey != "" {
		s += fmt.Sprintf(" %s=%q", r.MessageKey, clip(r.Message, 300))
	} else if r.Status >= 300 {
		s += fmt.Sprintf(" body %q", clip(string(r.Body), 300))
	}
	return s
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// messageKeys gives the modeled body key of the message per error type
// (docs/spec/model.md#model-errors). Types that are not modeled have no entry.
var messageKeys = map[string]string{
	spec.ErrInvalidParameter:             "message",
	spec.ErrResourceConflict:             "message",
	spec.ErrPreconditionFailed:           "message",
	spec.ErrCodeStorageExceeded:          "message",
	spec.ErrTooManyRequests:              "message",
	spec.ErrResourceNotFound:             "Message",
	spec.ErrService:                      "Message",
	"InvalidCodeSignatureException":      "Message",
	"CodeVerificationFailedException":    "Message",
	"CodeSigningConfigNotFoundException": "Message",
}

// userTyped lists the error types whose recorded bodies carry "Type": "User".
var userTyped = map[string]bool{
	spec.ErrInvalidParameter:    true,
	spec.ErrResourceConflict:    true,
	spec.ErrPreconditionFailed:  true,
	spec.ErrCodeStorageExceeded: true,
	spec.ErrTooManyRequests:     true,
	spec.ErrResourceNotFound:    true,
}

// ErrorResponse judges an error response against the outcome want, which
// the clause decider prescribes under profile p. The status, the error type
// and the message prefix are blamed on decider; a missing type or message
// on the wire-format clauses; the wire-format checks run only once the
// status is right. ev, which may be nil, records the clauses it evaluated.
func ErrorResponse(ev *Evaluated, p spec.Profile, want spec.Outcome, decider spec.ClauseID, r *wire.Response) error {
	blame := func(id spec.ClauseID, summary string) *finding.Finding {
		return &finding.Finding{Clause: id, Summary: summary, Expected: want.String(), Got: Describe(r)}
	}
	ev.addIn(p, decider)
	if r.Status != want.Status {
		if r.Status == 200 {
			return blame(decider, "the endpoint accepted a request the clause rejects")
		}
		return blame(decider, fmt.Sprintf("the endpoint answered status %d where the clause prescribes %d", r.Status, want.Status))
	}
	var fs []*finding.Finding
	ev.addIn(p, spec.WireErrorType)
	switch {
	case r.ErrorType == "":
		fs = append(fs, blame(spec.WireErrorType, "the error response names no error type, neither in X-Amzn-ErrorType nor in the body"))
	case !contains(want.ErrorTypes, r.ErrorType):
		return blame(decider, fmt.Sprintf("the endpoint answered error type %s where the clause prescribes %s", r.ErrorType, strings.Join(want.ErrorTypes, " or ")))
	}
	hasMessage := r.MessageKey != ""
	ev.addIn(p, spec.WireErrorMessage)
	switch {
	case !hasMessage && r.ErrorType != spec.ErrAccessDenied:
		fs = append(fs, blame(spec.WireErrorMessage, "the error response has no message under message or Message"))
	case hasMessage && want.MessagePrefix != "" && !strings.HasPrefix(r.Message, want.MessagePrefix):
		fs = append(fs, blame(decider, "the error message does not start as the clause prescribes"))
	}
	fs = append(fs, wireFormat(ev, p, r)...)
	if p == spec.ProfileAWS && hasMessage {
		key, modeled := messageKeys[r.ErrorType]
		if modeled {
			ev.addIn(p, spec.WireMessageCase)
		}
		if modeled && key != r.MessageKey {
			fs = append(fs, blame(spec.WireMessageCase, fmt.Sprintf("%s carries its message under %q; the model names the member %q", r.ErrorType, r.MessageKey, key)))
		}
	}
	if p == spec.ProfileAWS && userTyped[r.ErrorType] {
		ev.addIn(p, spec.WireTypeUser)
		if t, _ := r.JSON["Type"].(string); t != "User" {
			fs = append(fs, blame(spec.WireTypeUser, fmt.Sprintf("the %s body lacks \"Type\": \"User\" (got %v)", r.ErrorType, jsonValue(r.JSON, "Type"))))
		}
	}
	return join(fs)
}

// wireFormat checks what every response must carry: a JSON Content-Type
// and, under the aws profile, a request ID.
func wireFormat(ev *Evaluated, p spec.Profile, r *wire.Response) []*finding.Finding {
	var fs []*finding.Finding
	ev.addIn(p, spec.WireContentType, spec.WireRequestID)
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		fs = append(fs, &finding.Finding{Clause: spec.WireContentType,
			Summary: "the response is not labelled application/json", Expected: "Content-Type: application/json",
			Got: fmt.Sprintf("%d with Content-Type %q", r.Status, ct)})
	}
	if spec.MustLookup(spec.WireRequestID).In(p) && strings.TrimSpace(r.Header.Get("X-Amzn-RequestId")) == "" {
		fs = append(fs, &finding.Finding{Clause: spec.WireRequestID,
			Summary: "the response carries no X-Amzn-RequestId header", Expected: "a non-empty X-Amzn-RequestId header",
			Got: fmt.Sprintf("%d with headers %v", r.Status, headerNames(r))})
	}
	return fs
}

func headerNames(r *wire.Response) []string {
	return slices.Sorted(maps.Keys(r.Header)) // map order is random; a signature must not be
}

func jsonValue(m map[string]any, k string) string {
	v, ok := m[k]
	if !ok {
		return "absent"
	}
	return fmt.Sprintf("%#v", v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Misapplied returns the clause whose error outcome a response matches by
// its message prefix, for a request that breaks no clause: the endpoint
// applied that clause where it does not hold. It returns "" when no clause
// with a known message matches.
func Misapplied(p spec.Profile, r *wire.Response) spec.ClauseID {
	for _, c := range spec.ForProfile(p) {
		if c.Stage == spec.StageSuccess {
			continue
		}
		o := c.Outcome(p)
		if o.Status == r.Status && o.MessagePrefix != "" && strings.HasPrefix(r.Message, o.MessagePrefix) {
			return c.ID
		}
	}
	return ""
}

// Classify returns the clauses whose outcome under profile p an error
// response matches by status and error type, and an error when it matches
// none: an answer no clause explains. A success is classified by its
// schema.
func Classify(p spec.Profile, r *wire.Response) ([]spec.ClauseID, error) {
	if r.Status == 200 {
		if r.JSON == nil {
			return nil, &finding.Finding{Clause: spec.WireContentType, Summary: "a 200 answer without a JSON object body",
				Expected: "a FunctionConfiguration", Got: Describe(r)}
		}
		return nil, Schema(nil, p, r.JSON)
	}
	var out []spec.ClauseID
	for _, c := range spec.ForProfile(p) {
		o := c.Outcome(p)
		if c.Stage != spec.StageSuccess && o.Status == r.Status && contains(o.ErrorTypes, r.ErrorType) {
			out = append(out, c.ID)
		}
	}
	if len(out) == 0 {
		return nil, &finding.Finding{Clause: spec.WireStatus, Summary: "the answer matches the outcome of no clause",
			Expected: "a status and error type some clause prescribes", Got: Describe(r)}
	}
	o := spec.MustLookup(out[0]).Outcome(p)
	o.MessagePrefix = ""
	return out, ErrorResponse(nil, p, o, out[0], r)
}
