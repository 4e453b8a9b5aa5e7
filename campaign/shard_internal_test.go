package campaign

import (
	"sort"
	"testing"
)

// The rounds of the shards of one base own disjoint seed ranges, each
// wide enough for a round of rapid's seeds.
func TestSeedStreamsAreDisjoint(t *testing.T) {
	type owned struct {
		seed  uint64
		shard int
	}
	var all []owned
	for i := 1; i <= 3; i++ {
		s := newSeedStream(12345, Shard{I: i, N: 3})
		for range 1000 {
			all = append(all, owned{s.round(), i})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seed < all[j].seed })
	for k := 1; k < len(all); k++ {
		if all[k].seed-all[k-1].seed < roundSpan {
			t.Fatalf("rounds of shards %d and %d start %d apart (seeds %d, %d): their draws overlap",
				all[k-1].shard, all[k].shard, all[k].seed-all[k-1].seed, all[k-1].seed, all[k].seed)
		}
	}
	if s := newSeedStream(0, Shard{I: 1, N: 2}); s.round() == 0 {
		t.Error("a round drew seed 0, which rapid takes for a random one")
	}
}
