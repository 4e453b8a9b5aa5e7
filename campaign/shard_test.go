package campaign_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/generators"
)

// recorder is a campaign generator that notes, in draw order, a value
// drawn before each case, and the fixture function its worker drew for.
type recorder struct {
	mu        sync.Mutex
	values    []uint64
	functions []string
}

func (r *recorder) generator(env generators.Env) *rapid.Generator[generators.Case] {
	r.mu.Lock()
	r.functions = append(r.functions, env.Function)
	r.mu.Unlock()
	cases := generators.ValidRequests(env)
	return rapid.Custom(func(t *rapid.T) generators.Case {
		v := rapid.Uint64().Draw(t, "marker")
		r.mu.Lock()
		r.values = append(r.values, v)
		r.mu.Unlock()
		return cases.Draw(t, "case")
	})
}

// runShard runs one worker of shard s, in one lane, for a short while and
// returns what it recorded, in the order of its seeds.
func runShard(t *testing.T, s campaign.Shard, seed uint64) (*campaign.Result, *recorder) {
	t.Helper()
	rec := &recorder{}
	res := run(t, campaign.Config{Target: open(t, ""), Shard: s, Seed: seed, Lanes: 1, Generator: rec.generator, Duration: 1500 * time.Millisecond})
	if len(rec.values) < 20 {
		t.Fatalf("shard %s drew only %d cases", s, len(rec.values))
	}
	return res, rec
}

// prefixEqual reports whether a and b agree on their common length.
func prefixEqual(a, b []uint64) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A shard draws its own seed stream: the same shard of the same seed draws
// the same cases again, another shard or another seed draws others. Its
// fixture names and fuzz.json name the shard.
func TestShardsDrawTheirOwnSeeds(t *testing.T) {
	one := campaign.Shard{I: 1, N: 3}
	two := campaign.Shard{I: 2, N: 3}
	resA, a := runShard(t, one, 0)
	_, again := runShard(t, one, 0)
	_, b := runShard(t, two, 0)
	_, c := runShard(t, one, 7)
	if !prefixEqual(a.values, again.values) {
		t.Errorf("shard 1/3 drew other cases the second time:\n%v\n%v", a.values[:20], again.values[:20])
	}
	if prefixEqual(a.values, b.values) {
		t.Errorf("shards 1/3 and 2/3 drew the same cases: %v", a.values[:20])
	}
	if prefixEqual(a.values, c.values) {
		t.Errorf("seeds 0 and 7 of shard 1/3 drew the same cases: %v", a.values[:20])
	}

	for _, f := range append(append([]string{}, a.functions...), b.functions...) {
		if !strings.Contains(f, "s1of3-") && !strings.Contains(f, "s2of3-") {
			t.Errorf("fixture function %q does not name its shard", f)
		}
	}
	if !strings.Contains(b.functions[0], "s2of3-") {
		t.Errorf("shard 2/3's fixture function %q does not name it", b.functions[0])
	}
	out, err := json.Marshal(resA)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"shard":"1/3"`) {
		t.Errorf("fuzz.json does not say the shard: %s", out)
	}
}

// Two unsharded campaigns draw different cases (a random seed each), as
// rapid's own seeds did.
func TestWholeCampaignsDrawRandomSeeds(t *testing.T) {
	resA, a := runShard(t, campaign.Shard{}, 0)
	resB, b := runShard(t, campaign.Shard{}, 0)
	if prefixEqual(a.values, b.values) || resA.Seed == resB.Seed {
		t.Errorf("two unsharded campaigns drew the same cases (seeds %d, %d)", resA.Seed, resB.Seed)
	}
	if resA.Shard != "" {
		t.Errorf("an unsharded campaign says shard %q", resA.Shard)
	}
}

func TestParseShard(t *testing.T) {
	for _, ok := range []string{"1/1", "2/3", "3/3"} {
		s, err := campaign.ParseShard(ok)
		if err != nil || (ok == "1/1") != s.Whole() || (!s.Whole() && s.String() != ok) {
			t.Errorf("ParseShard(%q) = %v, %v", ok, s, err)
		}
	}
	for _, bad := range []string{"0/3", "4/3", "1/0", "a/b", "1/3x", "01/3"} {
		if _, err := campaign.ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) succeeded", bad)
		}
	}
}
