package campaign

import (
	"fmt"
	"sync"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/finding"
)

// Seen is the set of signatures already shown, shared by every round of
// one run (every worker of a campaign, every round of a property spec). It
// is safe for concurrent use.
type Seen struct {
	mu     sync.Mutex
	counts map[string]int64
}

// Claim counts each of sigs and returns the first one not seen before,
// which the caller then owns (it shrinks it and keeps its case). The other
// new ones stay unseen, so that a later draw that shows them fails on its
// own.
func (s *Seen) Claim(sigs []string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.counts == nil {
		s.counts = map[string]int64{}
	}
	fresh, found := "", false
	for _, sig := range sigs {
		if _, ok := s.counts[sig]; ok {
			s.counts[sig]++
			continue
		}
		if !found {
			fresh, found = sig, true
			s.counts[sig] = 1
		}
	}
	return fresh, found
}

// Known reports whether every finding of fs has a signature seen before
// (true for none).
func (s *Seen) Known(fs []*finding.Finding) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range fs {
		if _, ok := s.counts[f.Signature()]; !ok {
			return false
		}
	}
	return true
}

// Mark records sig as seen, as a corpus replay does.
func (s *Seen) Mark(sig string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.counts == nil {
		s.counts = map[string]int64{}
	}
	s.counts[sig]++
}

// Count returns how many draws showed sig.
func (s *Seen) Count(sig string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[sig]
}

// Len returns the number of distinct signatures seen.
func (s *Seen) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.counts)
}

// Draw is what one draw of a property showed: its findings, and the value
// drawn (the case), which Explore keeps for the minimal draw.
type Draw[V any] struct {
	Findings []*finding.Finding
	Value    V
}

// Discovery is a signature no draw had shown before, with the minimal draw
// rapid shrank it to.
type Discovery[V any] struct {
	Signature string
	// Finding and Value are those of the minimal draw that shows the
	// signature; Shrunk is false when rapid could not reproduce it and
	// they are those of the first draw.
	Finding *finding.Finding
	Value   V
	Shrunk  bool
	// Log is what rapid reported (the seed that replays the draw among
	// it).
	Log []string
}

// Explore runs one rapid check named name, of as many draws as rapid's
// -rapid.checks says, in which the property fails only on a signature seen
// has not seen: rapid then shrinks the draw while it keeps showing that
// signature. It returns the discovery, or nil when every draw showed only
// known signatures (or stop said to stop drawing). A draw whose findings
// are all known is counted in seen and the check goes on. A property that
// fails without a finding (a panic in the harness) returns an error with
// rapid's report.
//
// stop, checked before each draw but not while shrinking, ends the check
// early (a deadline); draw draws and judges one case.
func Explore[V any](name string, seen *Seen, stop func() bool, draw func(t *rapid.T) Draw[V]) (*Discovery[V], error) {
	var (
		target  string
		first   *Discovery[V]
		minimal *Discovery[V]
	)
	prop := func(t *rapid.T) {
		if target == "" && stop != nil && stop() {
			t.SkipNow()
		}
		d := draw(t)
		byMine := map[string]*finding.Finding{}
		sigs := make([]string, 0, len(d.Findings))
		for _, f := range d.Findings {
			s := f.Signature()
			if _, dup := byMine[s]; !dup {
				sigs = append(sigs, s)
				byMine[s] = f
			}
		}
		if target == "" {
			sig, ok := seen.Claim(sigs)
			if !ok {
				return
			}
			target = sig
			first = &Discovery[V]{Signature: sig, Finding: byMine[sig], Value: d.Value}
			t.Fatalf("new signature %s", sig)
		}
		if f, ok := byMine[target]; ok {
			minimal = &Discovery[V]{Signature: target, Finding: f, Value: d.Value, Shrunk: true}
			t.Fatalf("signature %s", target)
		}
	}
	tb := &tb{name: name}
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(errStop); !ok {
					panic(r)
				}
			}
		}()
		rapid.Check(tb, prop)
	}()
	if first == nil {
		if tb.Failed() && !(stop != nil && stop()) {
			return nil, fmt.Errorf("the property failed without a finding:\n%s", lastLines(tb.log, 20))
		}
		return nil, nil
	}
	d := first
	if minimal != nil {
		d = minimal
	}
	d.Log = tb.log
	return d, nil
}
