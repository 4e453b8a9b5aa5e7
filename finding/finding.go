// Package finding describes one divergence of an endpoint from a clause of
// the catalogue, in the form every consumer needs: the check functions return
// it as an error, the Ginkgo suites attach it to their report, and the
// reports package reads it back to build the conformance matrix.
package finding

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
)

// ReportEntryName names the Ginkgo report entry that carries a Finding.
const ReportEntryName = "lambdaconf.finding"

// EvaluatedEntryName names the Ginkgo report entry that lists, as a JSON
// array of clause IDs, the clauses a spec's checks evaluated. Every spec
// that reaches its checks carries one, whether it passed or failed; a
// clause evaluated without a finding naming it held in that spec.
const EvaluatedEntryName = "lambdaconf.evaluated"

// SetupEntryName names the Ginkgo report entry of a spec that could not
// test: its set-up (the fixtures on the endpoint) failed before any check
// ran. Its value is the set-up error, a string. Such a spec's verdict is
// "could not test (set-up)": never a pass, a fail or an expected failure.
const SetupEntryName = "lambdaconf.setup-failed"

// Finding is one divergence, with what is needed to reproduce it.
type Finding struct {
	// Clause is the catalogue clause the endpoint broke.
	Clause spec.ClauseID `json:"clause"`
	// Summary says in one line what went wrong.
	Summary string `json:"summary"`
	// Expected and Got are the expected and the observed behaviour.
	Expected string `json:"expected,omitempty"`
	Got      string `json:"got,omitempty"`
	// Input is the (shrunk) request that shows the divergence.
	Input string `json:"input,omitempty"`
	// Class is the generator class of the input, where one produced it.
	Class string `json:"class,omitempty"`
	// Seed is the rapid seed or fail file that replays the input.
	Seed string `json:"seed,omitempty"`
	// Focus is the Ginkgo --focus value that reruns the spec.
	Focus string `json:"focus,omitempty"`
	// Reproducer is a runnable curl or aws command.
	Reproducer string `json:"reproducer,omitempty"`
	// Transport classifies a failure to get an answer at all (timeout,
	// reset, garbage, oversized body); empty when a response was read.
	Transport string `json:"transport,omitempty"`
}

// Signature is a stable summary of the finding, the key that deduplicates
// findings within a run and compares runs: the clause, the expected and the
// observed behaviour with their variable parts replaced (see Normalize), the
// transport failure class, and the generator class of the input, as
//
//	CLAUSE | expected E | got G [| transport T] [| class C]
//
// It never holds fixture names, hashes, sizes, request IDs, timestamps or
// ports, so two runs of the same endpoint with different seeds give the
// same signatures.
func (f *Finding) Signature() string {
	s := string(f.Clause) + " | expected " + Normalize(f.Expected) + " | got " + Normalize(f.Got)
	if f.Transport != "" {
		s += " | transport " + f.Transport
	}
	if f.Class != "" {
		s += " | class " + f.Class
	}
	return s
}

// Error renders the finding as a multi-line failure message.
func (f *Finding) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s", f.Clause, f.Summary)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "\n  %-10s %s", k+":", v)
		}
	}
	if c, ok := spec.Lookup(f.Clause); ok {
		line("rule", c.Rule)
	}
	line("expected", f.Expected)
	line("got", f.Got)
	line("transport", f.Transport)
	line("class", f.Class)
	line("input", f.Input)
	line("seed", f.Seed)
	line("focus", f.Focus)
	line("reproduce", f.Reproducer)
	return b.String()
}

// As returns the Finding in err's chain, if there is one.
func As(err error) (*Finding, bool) {
	var f *Finding
	if errors.As(err, &f) {
		return f, true
	}
	return nil, false
}
