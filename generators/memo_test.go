package generators

import (
	"slices"
	"testing"

	"github.com/lambdaconf/lambdaconf/spec"
)

// A memo computes each key once, and what it hands out is the caller's to
// append to or change.
func TestClauseMemoComputesOnceAndHandsOutCopies(t *testing.T) {
	var m clauseMemo[string]
	calls := 0
	f := func() []spec.ClauseID { calls++; return []spec.ClauseID{spec.NameEmpty} }
	first := m.get("k", f)
	first[0] = spec.NameTooLong
	_ = append(first[:1], spec.NamePattern)
	if second := m.get("k", f); !slices.Equal(second, []spec.ClauseID{spec.NameEmpty}) || calls != 1 {
		t.Fatalf("after a caller changed its copy: %v, computed %d times; want [%s] computed once", second, calls, spec.NameEmpty)
	}
	for i := range memoSize {
		m.get(string(rune('a'+i%26))+string(rune(i)), func() []spec.ClauseID { return nil })
	}
	if len(m.m) > memoSize {
		t.Fatalf("the memo holds %d keys, over its bound %d", len(m.m), memoSize)
	}
}
