package reports

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lambdaconf/lambdaconf/spec"
)

// Expectations lists the clauses an endpoint is known to break, in the
// spirit of the web-platform-tests expectation files. The text format is
// line-oriented:
//
//	# moto 5.2.1 against today's AWS.
//	endpoint: moto 5.2.1
//	profile: aws
//
//	NAME-PATTERN   fail    # moto's route never validates the name
//	ZIP-NOT-ZIP    fail    # no zip validation
//	  signature: ZIP-NOT-ZIP | expected 400 InvalidParameterValueException | got 200
//	THROTTLED      flaky   # rate limiting depends on the machine
//
// A '#' starts a comment everywhere except on a signature line, whose value
// runs to the end of the line. Each clause line names a catalogue clause
// and an outcome, "fail" (the clause is expected to fail) or "flaky" (either
// verdict is accepted), and must give its reason in a trailing comment.
// Indented "signature:" lines pin the failure signatures
// (finding.Finding.Signature) of the clause line above them: a failure with
// any other signature is then a regression.
type Expectations struct {
	// Path is the file the expectations were read from.
	Path string
	// Endpoint and Profile are the header values, empty when absent.
	Endpoint string
	Profile  spec.Profile
	// Entries holds one entry per clause, in file order.
	Entries []Expectation
}

// Expectation is the expected result of one clause.
type Expectation struct {
	Clause spec.ClauseID `json:"clause"`
	// Outcome is OutcomeFail or OutcomeFlaky.
	Outcome string `json:"outcome"`
	// Reason says why the clause fails.
	Reason string `json:"reason"`
	// Signatures pins the accepted failure signatures; empty accepts any.
	Signatures []string `json:"signatures,omitempty"`
	// Line is the line of the file that names the clause.
	Line int `json:"line"`
}

// The outcomes an expectation can name.
const (
	OutcomeFail  = "fail"
	OutcomeFlaky = "flaky"
)

// Lookup returns the expectation for clause id.
func (e *Expectations) Lookup(id spec.ClauseID) (Expectation, bool) {
	if e == nil {
		return Expectation{}, false
	}
	for _, x := range e.Entries {
		if x.Clause == id {
			return x, true
		}
	}
	return Expectation{}, false
}

// Accepts reports whether the expectations accept a failure of clause id
// with signature sig (finding.Finding.Signature): the clause is listed
// and, where its line pins signatures, sig is one of them. A nil
// *Expectations accepts nothing.
func (e *Expectations) Accepts(id spec.ClauseID, sig string) bool {
	x, ok := e.Lookup(id)
	if !ok {
		return false
	}
	if len(x.Signatures) == 0 {
		return true
	}
	for _, s := range x.Signatures {
		if NormalizeSignature(s) == NormalizeSignature(sig) {
			return true
		}
	}
	return false
}

// maxExpectationsSize bounds the expectations file: it is written by hand,
// so anything larger is a mistake.
const maxExpectationsSize = 4 << 20

// LoadExpectations reads and parses the expectations file at path.
func LoadExpectations(path string) (*Expectations, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("expectations: %w", err)
	}
	defer f.Close()
	return ParseExpectations(f, path)
}

// ParseExpectations parses an expectations file read from r; name is used in
// error messages, which have the form "name:line: what is wrong".
func ParseExpectations(r io.Reader, name string) (*Expectations, error) {
	e := &Expectations{Path: name}
	lr := &io.LimitedReader{R: r, N: maxExpectationsSize + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	seen := map[spec.ClauseID]int{}
	lineNo := 0
	errorf := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, lineNo, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		lineNo++
		raw := sc.Text()
		if lineNo == 1 {
			// A byte order mark, as Windows editors write.
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		trimmed := strings.TrimSpace(raw)
		if key, value, ok := strings.Cut(trimmed, ":"); ok && strings.EqualFold(strings.TrimSpace(key), "signature") {
			if len(e.Entries) == 0 {
				return nil, errorf("a signature line must follow the clause line it pins")
			}
			sig := strings.TrimSpace(value)
			if sig == "" {
				return nil, errorf("empty signature: give the signature printed by 'lambdaconf report matrix', or delete the line")
			}
			last := &e.Entries[len(e.Entries)-1]
			if last.Outcome != OutcomeFail {
				return nil, errorf("clause %s is %q: only a fail expectation can pin signatures", last.Clause, last.Outcome)
			}
			last.Signatures = append(last.Signatures, sig)
			continue
		}
		content, comment, _ := strings.Cut(raw, "#")
		content = strings.TrimSpace(content)
		comment = strings.TrimSpace(comment)
		if content == "" {
			continue
		}
		if key, value, ok := strings.Cut(content, ":"); ok && !strings.ContainsAny(key, " \t") {
			switch strings.ToLower(key) {
			case "endpoint":
				if len(e.Entries) > 0 {
					return nil, errorf("the endpoint: header must come before the first clause line")
				}
				e.Endpoint = strings.TrimSpace(value)
				if e.Endpoint == "" {
					return nil, errorf("empty endpoint: header: name the endpoint, e.g. 'endpoint: moto 5.2.1'")
				}
			case "profile":
				if len(e.Entries) > 0 {
					return nil, errorf("the profile: header must come before the first clause line")
				}
				p, err := spec.ParseProfile(strings.TrimSpace(value))
				if err != nil {
					return nil, errorf("%v", err)
				}
				e.Profile = p
			default:
				return nil, errorf("unknown header %q: the headers are endpoint: and profile:", key)
			}
			continue
		}
		fields := strings.Fields(content)
		if len(fields) != 2 {
			return nil, errorf("want 'CLAUSE-ID fail|flaky # reason', got %q", content)
		}
		c, ok := spec.Lookup(spec.ClauseID(fields[0]))
		if !ok {
			return nil, errorf("unknown clause %q: use an ID from the catalogue (spec package), e.g. %s", fields[0], spec.NamePattern)
		}
		// A retired ID (an alias) stands for the clause that carries its
		// rule today.
		id := c.ID
		if e.Profile != "" && !c.In(e.Profile) {
			return nil, errorf("clause %s is not in profile %s: remove the line or change the profile: header", id, e.Profile)
		}
		outcome := strings.ToLower(fields[1])
		if outcome != OutcomeFail && outcome != OutcomeFlaky {
			return nil, errorf("unknown outcome %q for %s: use %q or %q", fields[1], id, OutcomeFail, OutcomeFlaky)
		}
		if comment == "" {
			return nil, errorf("clause %s has no reason: add '# why it %s' after the outcome", id, outcome)
		}
		if first, dup := seen[id]; dup {
			return nil, errorf("clause %s is listed twice (first on line %d): keep one line", id, first)
		}
		seen[id] = lineNo
		e.Entries = append(e.Entries, Expectation{Clause: id, Outcome: outcome, Reason: comment, Line: lineNo})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %v", name, lineNo+1, err)
	}
	if lr.N <= 0 {
		return nil, fmt.Errorf("%s: larger than %d bytes: an expectations file lists clauses by hand; check that the right file was given", name, maxExpectationsSize)
	}
	return e, nil
}
