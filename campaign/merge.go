package campaign

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
)

// Merge merges the results (fuzz.json) of every shard 1..N of one sharded
// campaign into the result of the whole campaign: requests, draws and
// counts add up, seconds are the longest shard's, classes, clauses and
// errors are the union, and the signatures are deduplicated, each kept with
// the case of the lowest shard that found it (Count summed over shards).
// exp, when not nil, decides Expected again; otherwise a signature is
// expected when a shard said so.
//
// The merged result could not test (CouldNotTest) when a shard could not,
// or no shard drew a case.
//
// It refuses, with an error naming what is wrong, unless every shard of
// the same N, seed and profile is there exactly once: a merged result
// without a shard would call clean what no draw explored. Endpoints are
// not compared, as each shard may test its own instance (an embedded
// reference on a port of its own, an emulator on each CI runner); the
// merged result names the first shard's.
func Merge(shards []*Result, exp *reports.Expectations) (*Result, error) {
	if len(shards) == 0 {
		return nil, errors.New("merge: no campaign results given")
	}
	byIndex := map[int]*Result{}
	n := 0
	for _, r := range shards {
		s, err := ParseShard(r.Shard)
		if err != nil || s.Whole() {
			return nil, fmt.Errorf("merge: a campaign result of %s is no shard (shard %q): merge only the fuzz.json of lambdaconf fuzz -shard I/N", r.Endpoint, r.Shard)
		}
		if n == 0 {
			n = s.N
		}
		first := shards[0]
		switch {
		case s.N != n:
			return nil, fmt.Errorf("merge: shards %s and %s come from campaigns of different sizes", first.Shard, r.Shard)
		case r.Seed != first.Seed:
			return nil, fmt.Errorf("merge: shard %s has seed %d but shard %s seed %d: they come from different campaigns, whose draws may overlap", r.Shard, r.Seed, first.Shard, first.Seed)
		case r.Profile != first.Profile:
			return nil, fmt.Errorf("merge: shard %s held the endpoint to profile %s but shard %s to %s", first.Shard, first.Profile, r.Shard, r.Profile)
		}
		if _, dup := byIndex[s.I]; dup {
			return nil, fmt.Errorf("merge: shard %s given twice", r.Shard)
		}
		byIndex[s.I] = r
	}
	var missing []string
	for i := 1; i <= n; i++ {
		if byIndex[i] == nil {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("merge: shard %s missing: no verdict without every shard's results", strings.Join(missing, ", "))
	}

	first := byIndex[1]
	out := &Result{Endpoint: first.Endpoint, Against: first.Against, Profile: first.Profile, Seed: first.Seed,
		ClassesTotal: first.ClassesTotal, ClausesTotal: first.ClausesTotal}
	sigs := map[string]*Entry{}
	classes, clauses, errs := map[string]bool{}, map[spec.ClauseID]bool{}, map[string]bool{}
	for i := 1; i <= n; i++ {
		r := byIndex[i]
		out.Requests += r.Requests
		out.Draws += r.Draws
		out.Known += r.Known
		out.Workers += r.Workers
		out.Seconds = max(out.Seconds, r.Seconds)
		out.Replayed = append(out.Replayed, r.Replayed...)
		for _, c := range r.Classes {
			classes[c] = true
		}
		for _, c := range r.Clauses {
			clauses[c] = true
		}
		for _, e := range r.Errors {
			errs[fmt.Sprintf("shard %s: %s", r.Shard, e)] = true
		}
		for _, e := range r.Signatures {
			if have, ok := sigs[e.Signature]; ok {
				have.Count += e.Count
				have.Expected = have.Expected || e.Expected
				continue
			}
			x := e
			sigs[e.Signature] = &x
		}
	}
	for _, e := range sigs {
		if exp != nil {
			e.Expected = exp.Accepts(e.Clause, e.Signature)
		}
		out.Signatures = append(out.Signatures, *e)
	}
	sort.Slice(out.Signatures, func(i, j int) bool { return out.Signatures[i].Signature < out.Signatures[j].Signature })
	for c := range classes {
		out.Classes = append(out.Classes, c)
	}
	sort.Strings(out.Classes)
	for c := range clauses {
		out.Clauses = append(out.Clauses, c)
	}
	sort.Slice(out.Clauses, func(i, j int) bool { return out.Clauses[i] < out.Clauses[j] })
	for e := range errs {
		out.Errors = append(out.Errors, e)
	}
	sort.Strings(out.Errors)
	// A shard that is no verdict (interrupted, say) makes the whole
	// campaign none, as a missing shard does: its part of the seeds was
	// not explored. Its signatures still stand as findings.
	var notTested []string
	for i := 1; i <= n; i++ {
		if r := byIndex[i]; r.CouldNotTest != "" {
			notTested = append(notTested, fmt.Sprintf("shard %s: %s", r.Shard, r.CouldNotTest))
		}
	}
	switch {
	case len(notTested) > 0:
		out.CouldNotTest = strings.Join(notTested, "; ")
	case out.Draws == 0:
		out.CouldNotTest = "no shard drew a case"
	}
	return out, nil
}
