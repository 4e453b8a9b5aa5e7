package campaign

import (
	"crypto/rand"
	"encoding/binary"
	"flag"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
)

// Shard is part I of N of a campaign spread over N processes or machines
// (lambdaconf fuzz -shard I/N). The zero value, like 1/1, is the whole
// campaign.
type Shard struct{ I, N int }

// ParseShard parses "I/N" with 1 ≤ I ≤ N; "" is the whole campaign.
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{}, nil
	}
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.I, &sh.N); err != nil || sh.N < 1 || sh.I < 1 || sh.I > sh.N || fmt.Sprintf("%d/%d", sh.I, sh.N) != s {
		return Shard{}, fmt.Errorf("shard %q is not I/N with 1 ≤ I ≤ N, such as 2/3", s)
	}
	return sh, nil
}

// Whole reports whether s is the whole campaign (1/1 or zero).
func (s Shard) Whole() bool { return s.N <= 1 }

// String returns "I/N", or "" for the whole campaign.
func (s Shard) String() string {
	if s.Whole() {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// tag returns the part of fixture names that names the shard, such as
// "s2of3-", or "" for the whole campaign: the shards of one campaign may
// share an endpoint, and whoever finds a leftover sees which shard left it.
func (s Shard) tag() string {
	if s.Whole() {
		return ""
	}
	return fmt.Sprintf("s%dof%d-", s.I, s.N)
}

// roundSpan is the width of the seed range one round owns. rapid draws the
// k-th case of a round (k from 0) from seed+k(k+1)/2, so a round of up to
// about 90,000 draws stays inside its span.
const roundSpan = 1 << 32

// seedStream hands out the seeds of a campaign's rounds, in every worker:
// round k of shard I of N starts at base + (k·N + I−1)·2³² + 1, so that no
// two rounds of any shards of one base draw from the same seeds.
type seedStream struct {
	base  uint64
	shard Shard
	next  atomic.Uint64
}

// newSeedStream returns the stream of base for shard; base 0 of a whole
// campaign is replaced by a random one, so that two unsharded campaigns
// explore different cases, as rapid's own seeds would. A sharded campaign
// keeps base 0: the shards of a campaign must share their base to draw
// disjoint seeds.
func newSeedStream(base uint64, shard Shard) *seedStream {
	if shard.Whole() {
		shard = Shard{I: 1, N: 1}
		if base == 0 {
			var b [8]byte
			if _, err := rand.Read(b[:]); err != nil {
				panic("campaign: the system random source failed: " + err.Error())
			}
			base = binary.LittleEndian.Uint64(b[:])
		}
	}
	return &seedStream{base: base, shard: shard}
}

// round returns the seed of the next round.
func (s *seedStream) round() uint64 {
	k := s.next.Add(1) - 1
	// rapid takes seed 0 for "draw a random one": the first seed of a
	// span is skipped.
	seed := s.base + (k*uint64(s.shard.N)+uint64(s.shard.I-1))*roundSpan + 1
	if seed == 0 {
		seed = 1
	}
	return seed
}

// rapidSeedMu serialises the setting of rapid's -rapid.seed flag, which
// rapid reads once at the start of each check (rapid v1.3.0 has no other
// way to give a check its seed).
var rapidSeedMu sync.Mutex

// withRapidSeed calls check, which must start one rapid check, with
// rapid's seed set to seed. check calls started() once rapid has begun
// drawing (and so has read its seed); other workers' checks then start.
// The flag is restored before they do.
func withRapidSeed(seed uint64, check func(started func())) error {
	rapidSeedMu.Lock()
	f := flag.Lookup("rapid.seed")
	if f == nil {
		rapidSeedMu.Unlock()
		return fmt.Errorf("campaign: rapid's -rapid.seed flag is not registered")
	}
	old := f.Value.String()
	if err := f.Value.Set(strconv.FormatUint(seed, 10)); err != nil {
		rapidSeedMu.Unlock()
		return fmt.Errorf("campaign: setting rapid's -rapid.seed: %w", err)
	}
	var once sync.Once
	release := func() {
		once.Do(func() {
			_ = f.Value.Set(old)
			rapidSeedMu.Unlock()
		})
	}
	defer release()
	check(release)
	return nil
}
