package generators

import (
	"slices"
	"sync"

	"github.com/lambdaconf/lambdaconf/spec"
)

// memoSize bounds a clauseMemo; past it the memory starts afresh.
const memoSize = 4096

// clauseMemo remembers the clauses a pure classifier found for a key, for
// the values a generator draws again and again (the valid names of the
// fixture function, the few SourceKMSKeyArn values): classifying them
// costs regular-expression matches, over 10,000 characters for the
// too-long KMS key, at every draw. Safe for concurrent use.
type clauseMemo[K comparable] struct {
	mu sync.Mutex
	m  map[K][]spec.ClauseID
}

// get returns a copy of the clauses of k, computing them with f once.
func (c *clauseMemo[K]) get(k K, f func() []spec.ClauseID) []spec.ClauseID {
	c.mu.Lock()
	out, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		out = f()
		c.mu.Lock()
		if c.m == nil || len(c.m) >= memoSize {
			c.m = make(map[K][]spec.ClauseID)
		}
		c.m[k] = out
		c.mu.Unlock()
	}
	// Callers append to what they get.
	return slices.Clone(out)
}
