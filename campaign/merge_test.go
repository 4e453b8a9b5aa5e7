package campaign_test

import (
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/reports"
)

// shardResult is a shard's result holding the signatures sigs (clause
// "CLAUSE-<sig>"), each seen twice.
func shardResult(shard string, seed uint64, sigs ...string) *campaign.Result {
	r := &campaign.Result{Endpoint: "http://127.0.0.1:1", Profile: "aws", Shard: shard, Seed: seed,
		Requests: 100, Draws: 90, Seconds: 2, Workers: 2, Classes: []string{"class-" + shard}}
	for _, s := range sigs {
		r.Signatures = append(r.Signatures, campaign.Entry{Signature: s, Clause: "PUBLISH-VERSION", Case: shard + "/" + s + ".json", Count: 2})
	}
	return r
}

// The shards of a campaign merge into one result, each signature once
// with its counts added and the case of the lowest shard.
func TestMergeDeduplicatesBySignature(t *testing.T) {
	merged, err := campaign.Merge([]*campaign.Result{
		shardResult("2/2", 5, "b", "c"),
		shardResult("1/2", 5, "a", "b"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range merged.Signatures {
		got = append(got, e.Signature)
		if e.Signature == "b" && (e.Count != 4 || e.Case != "1/2/b.json") {
			t.Errorf("merged b: count %d, case %s; want 4 and shard 1's case", e.Count, e.Case)
		}
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("merged signatures %v, want a,b,c once each", got)
	}
	if merged.Requests != 200 || merged.Draws != 180 || merged.Workers != 4 || len(merged.Classes) != 2 || merged.Shard != "" || merged.Seed != 5 {
		t.Errorf("merged totals: %+v", merged)
	}
	exp, err := reports.ParseExpectations(strings.NewReader("PUBLISH-VERSION fail # ignores Publish\n"), "test")
	if err != nil {
		t.Fatal(err)
	}
	merged, err = campaign.Merge([]*campaign.Result{shardResult("1/2", 5, "a"), shardResult("2/2", 5, "b")}, exp)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.Unexpected()) != 0 {
		t.Errorf("the expectations did not mark the merged signatures expected: %+v", merged.Signatures)
	}
}

// Merge gives no result without every shard of one campaign.
func TestMergeRefusesIncompleteCampaigns(t *testing.T) {
	for name, shards := range map[string][]*campaign.Result{
		"missing 2/3":    {shardResult("1/3", 0, "a"), shardResult("3/3", 0)},
		"1/2 twice":      {shardResult("1/2", 0, "a"), shardResult("1/2", 0)},
		"other seed":     {shardResult("1/2", 0, "a"), shardResult("2/2", 1)},
		"other size":     {shardResult("1/2", 0, "a"), shardResult("2/3", 0)},
		"not a shard":    {shardResult("", 0, "a")},
		"nothing at all": nil,
	} {
		if r, err := campaign.Merge(shards, nil); err == nil {
			t.Errorf("%s: merged into %+v", name, r)
		}
	}
}

// A shard that could not test (interrupted, say) makes the merged
// campaign no verdict, as a missing shard does, while its signatures
// still stand; so does a campaign no shard drew a case of.
func TestMergeOfAShardThatCouldNotTestIsNoVerdict(t *testing.T) {
	interrupted := shardResult("2/2", 5, "b")
	interrupted.CouldNotTest = "interrupted after 3s of 1m0s"
	merged, err := campaign.Merge([]*campaign.Result{shardResult("1/2", 5, "a"), interrupted}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if merged.CouldNotTest != "shard 2/2: interrupted after 3s of 1m0s" {
		t.Errorf("merged could_not_test %q, want shard 2/2's cause", merged.CouldNotTest)
	}
	if len(merged.Signatures) != 2 {
		t.Errorf("merged signatures %+v, want a and b", merged.Signatures)
	}
	empty1, empty2 := shardResult("1/2", 5), shardResult("2/2", 5)
	empty1.Draws, empty2.Draws = 0, 0
	if merged, err = campaign.Merge([]*campaign.Result{empty1, empty2}, nil); err != nil || merged.CouldNotTest == "" {
		t.Errorf("a merge of shards that drew nothing: could_not_test %q (%v), want why it is no verdict", merged.CouldNotTest, err)
	}
	if merged, err = campaign.Merge([]*campaign.Result{shardResult("1/2", 5, "a"), shardResult("2/2", 5)}, nil); err != nil || merged.CouldNotTest != "" {
		t.Errorf("a merge of complete shards: could_not_test %q (%v), want none", merged.CouldNotTest, err)
	}
}
