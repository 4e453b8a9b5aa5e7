package reference

import (
	"sync"

	"github.com/lambdaconf/lambdaconf/spec"
)

// maxNames bounds functionNames; past it the memory starts afresh.
const maxNames = 4096

// functionNames remembers what the spec's patterns say of each
// FunctionName, rather than match the patterns at every request,
// for the few names a client updates again and again.
type functionNames struct {
	mu sync.Mutex
	m  map[string]nameFacts
}

// nameFacts is what spec.ExamineFunctionName returns for one name. clauses is shared: read it, never append to it.
type nameFacts struct {
	clauses []spec.ClauseID
	ref     spec.FunctionRef
	ok      bool
}

func (n *functionNames) facts(name string) nameFacts {
	n.mu.Lock()
	f, ok := n.m[name]
	n.mu.Unlock()
	if ok {
		return f
	}
	f.clauses, f.ref, f.ok = spec.ExamineFunctionName(name)
	n.mu.Lock()
	if n.m == nil || len(n.m) >= maxNames {
		n.m = make(map[string]nameFacts)
	}
	n.m[name] = f
	n.mu.Unlock()
	return f
}
