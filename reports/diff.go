package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/lambdaconf/lambdaconf/spec"
)

// Change is the difference of one clause between two runs.
type Change struct {
	Clause spec.ClauseID `json:"clause"`
	// Base and New are the clause's verdicts; Untested where a matrix does
	// not list the clause.
	Base Verdict `json:"base"`
	New  Verdict `json:"new"`
	// Added and Removed are the failure signatures only NEW or only BASE
	// has.
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
	// Summary is NEW's one-line failure summary, or BASE's for a fix.
	Summary string `json:"summary,omitempty"`
}

// Diff is the comparison of a run with a baseline.
type Diff struct {
	// Regressions are clauses that fail in NEW but did not fail in BASE,
	// or passed in BASE and are expected failures in NEW.
	Regressions []Change `json:"regressions"`
	// Fixes are clauses that failed in BASE and pass in NEW.
	Fixes []Change `json:"fixes"`
	// SignatureChanges are clauses that fail in both runs with different
	// failure signatures.
	SignatureChanges []Change `json:"signature_changes"`
	// StillFailing counts clauses that fail in both runs the same way.
	StillFailing int `json:"still_failing"`
	// Warnings notes mismatches that make the comparison doubtful, such
	// as different profiles.
	Warnings []string `json:"warnings,omitempty"`
	// CouldNotTest counts NEW's specs that could not set up: their
	// clauses showed neither a regression nor its absence.
	CouldNotTest int `json:"could_not_test,omitempty"`
}

// Regressed reports whether NEW fails the comparison: a regression, a
// spec that could not test (never a pass), or, when signatures count, a
// changed failure signature.
func (d Diff) Regressed(failOnSignatureChange bool) bool {
	return len(d.Regressions) > 0 || d.CouldNotTest > 0 || (failOnSignatureChange && len(d.SignatureChanges) > 0)
}

// Compare compares run next with baseline base, clause by clause. A clause
// that fails in next and did not fail in base has regressed; so has one
// that passed in base and is an expected failure in next, since the
// expectations file cannot excuse a clause the endpoint used to pass,
// unless it lists the clause as flaky (either verdict accepted). An
// expected failure that already failed in base is no regression.
func Compare(base, next Matrix) Diff {
	d := Diff{CouldNotTest: len(next.SetupFailures)}
	if base.Profile != next.Profile {
		d.Warnings = append(d.Warnings, fmt.Sprintf("the runs use different profiles (base %s, new %s): their clauses differ", base.Profile, next.Profile))
	}
	if base.Endpoint != "" && next.Endpoint != "" && !SameEndpoint(base.Endpoint, next.Endpoint) {
		d.Warnings = append(d.Warnings, fmt.Sprintf("the runs target different endpoints (base %s, new %s)", base.Endpoint, next.Endpoint))
	}
	baseBy := map[spec.ClauseID]ClauseResult{}
	for _, c := range base.Clauses {
		// A baseline from before a clause was renamed names it by its
		// old ID, an alias of today's.
		baseBy[spec.Canonical(c.ID)] = c
	}
	for _, n := range next.Clauses {
		b, ok := baseBy[n.ID]
		if !ok {
			b = ClauseResult{ID: n.ID, Verdict: Untested}
		}
		ch := Change{Clause: n.ID, Base: b.Verdict, New: n.Verdict}
		switch {
		case n.Verdict == Fail && !b.Verdict.Failing(),
			// A clause that passed and now fails has regressed, even
			// if an expectations file lists it: the file is stale.
			// Unless the file lists it as flaky, which accepts either.
			n.Verdict == ExpectedFail && (b.Verdict == Pass || b.Verdict == UnexpectedPass) && !flaky(n):
			ch.Added = n.Signatures
			ch.Summary = n.Summary()
			d.Regressions = append(d.Regressions, ch)
		case b.Verdict.Failing() && (n.Verdict == Pass || n.Verdict == UnexpectedPass):
			ch.Removed = b.Signatures
			ch.Summary = b.Summary()
			d.Fixes = append(d.Fixes, ch)
		case b.Verdict.Failing() && n.Verdict.Failing():
			ch.Added = minus(n.Signatures, b.Signatures)
			ch.Removed = minus(b.Signatures, n.Signatures)
			if len(ch.Added) == 0 && len(ch.Removed) == 0 {
				d.StillFailing++
				continue
			}
			ch.Summary = n.Summary()
			d.SignatureChanges = append(d.SignatureChanges, ch)
		}
	}
	return d
}

// flaky reports whether the expectations applied to c accept either
// verdict.
func flaky(c ClauseResult) bool {
	return c.Expectation != nil && c.Expectation.Outcome == OutcomeFlaky
}

// EmbeddedEndpoint starts the endpoint a run of the embedded reference
// records: "embedded reference http://127.0.0.1:PORT".
const EmbeddedEndpoint = "embedded reference"

// SameEndpoint reports whether two recorded endpoints name the same
// target. Every run of the embedded reference listens on a fresh loopback
// port, so two of them are the same target whatever their ports; other
// endpoints compare by URL, ignoring a trailing slash.
func SameEndpoint(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	ea, eb := strings.HasPrefix(a, EmbeddedEndpoint), strings.HasPrefix(b, EmbeddedEndpoint)
	if ea || eb {
		return ea && eb
	}
	return strings.TrimRight(a, "/") == strings.TrimRight(b, "/")
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !contains(b, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// WriteText writes the diff for a person: one block per kind of change,
// one line per clause, and a closing verdict line.
func (d Diff) WriteText(w io.Writer, failOnSignatureChange bool) error {
	var b strings.Builder
	for _, warning := range d.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", warning)
	}
	section := func(title string, cs []Change) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s (%d):\n", title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(&b, "  %-26s %s -> %s", oneLine(string(c.Clause)), oneLine(string(c.Base)), oneLine(string(c.New)))
			if c.Summary != "" {
				fmt.Fprintf(&b, "  %s", oneLine(c.Summary))
			}
			b.WriteByte('\n')
			for _, s := range c.Removed {
				fmt.Fprintf(&b, "      - %s\n", oneLine(s))
			}
			for _, s := range c.Added {
				fmt.Fprintf(&b, "      + %s\n", oneLine(s))
			}
		}
	}
	section("Regressions", d.Regressions)
	section("Fixes", d.Fixes)
	section("Changed failure signatures", d.SignatureChanges)
	switch {
	case d.Regressed(failOnSignatureChange):
		fmt.Fprintf(&b, "FAIL: %d regression(s), %d changed signature(s), %d fix(es), %d still failing",
			len(d.Regressions), len(d.SignatureChanges), len(d.Fixes), d.StillFailing)
		if d.CouldNotTest > 0 {
			fmt.Fprintf(&b, ", %d spec(s) could not test (set-up): rerun for a verdict on their clauses", d.CouldNotTest)
		}
		b.WriteByte('\n')
	default:
		fmt.Fprintf(&b, "OK: no regressions; %d changed signature(s), %d fix(es), %d still failing\n",
			len(d.SignatureChanges), len(d.Fixes), d.StillFailing)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine flattens s to one line of printable text: runs of white space
// become one space and other control characters, such as the escape
// sequences a hostile endpoint might send to a terminal, become U+FFFD.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// LoadMatrix reads a conformance.json, or a Ginkgo JSON report from which it
// builds the matrix with opts.
func LoadMatrix(path string, opts Options) (Matrix, error) {
	f, err := os.Open(path)
	if err != nil {
		return Matrix{}, fmt.Errorf("load matrix: %w", err)
	}
	defer f.Close()
	data, err := readBounded(f, maxReportSize)
	if err != nil {
		return Matrix{}, fmt.Errorf("%s: %w", path, err)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		rs, err := Decode(bytes.NewReader(data), path)
		if err != nil {
			return Matrix{}, err
		}
		m, err := Build(rs, opts)
		if err != nil {
			return Matrix{}, fmt.Errorf("%s: %w", path, err)
		}
		return m, nil
	}
	var m Matrix
	if err := json.Unmarshal(data, &m); err != nil {
		return Matrix{}, fmt.Errorf("%s: neither a conformance.json nor a Ginkgo JSON report: %w", path, err)
	}
	if m.Schema != Schema {
		return Matrix{}, fmt.Errorf("%s: schema %q is not %q: regenerate it with this version of 'lambdaconf report matrix'", path, m.Schema, Schema)
	}
	return m, nil
}
