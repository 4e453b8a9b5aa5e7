package check

import (
	"sort"
	"sync"

	"github.com/lambdaconf/lambdaconf/spec"
)

// Evaluated records the catalogue clauses the checks evaluated. A check
// records a clause when it compared an answer with the clause's rule, so
// that a divergence would have produced a finding naming that clause; it
// does not record a clause it could not reach, such as the wire format of
// an answer whose status was already wrong, an optional schema field the
// answer left out, or a clause outside the profile.
//
// The suites give each spec an Evaluated and attach what it holds to the
// spec's report, where it tells a clause that was checked and held from one
// that no check reached. An Evaluated is safe for concurrent use; the
// methods of a nil *Evaluated record nothing, for callers that need no
// record.
type Evaluated struct {
	mu  sync.Mutex
	ids map[spec.ClauseID]bool
}

// Add records ids as evaluated.
func (e *Evaluated) Add(ids ...spec.ClauseID) {
	if e == nil || len(ids) == 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ids == nil {
		e.ids = map[spec.ClauseID]bool{}
	}
	for _, id := range ids {
		e.ids[id] = true
	}
}

// Has reports whether id was recorded.
func (e *Evaluated) Has(id spec.ClauseID) bool {
	if e == nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ids[id]
}

// Clauses returns the recorded clauses, sorted.
func (e *Evaluated) Clauses() []spec.ClauseID {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]spec.ClauseID, 0, len(e.ids))
	for id := range e.ids {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// addIn records those of ids that belong to profile p: a check that runs
// under every profile evaluates a profile's own clauses only.
func (e *Evaluated) addIn(p spec.Profile, ids ...spec.ClauseID) {
	for _, id := range ids {
		if c, ok := spec.Lookup(id); ok && c.In(p) {
			e.Add(id)
		}
	}
}
