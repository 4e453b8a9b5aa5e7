package reports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// writeShardRun lays out what 'lambdaconf run -shard I/N -report-dir DIR'
// leaves: DIR/shards/I holding shard.json and report.json, whose one
// passed spec has the text "Suite " + spec and records profile and
// endpoint as the suites do.
func writeShardRun(t *testing.T, dir string, i, n int, spec, profile, endpoint string) {
	t.Helper()
	d := filepath.Join(dir, "shards", string(rune('0'+i)))
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteShard(d, Shard{I: i, N: n, Specs: []string{"Suite " + spec}}); err != nil {
		t.Fatal(err)
	}
	r := types.Report{SuiteDescription: "lambdaconf conformance", SuiteSucceeded: true, SpecReports: types.SpecReports{{
		LeafNodeType: types.NodeTypeIt, ContainerHierarchyTexts: []string{"Suite"}, LeafNodeText: spec, State: types.SpecStatePassed,
		ReportEntries: []types.ReportEntry{
			{Name: ProfileEntryName, Value: types.WrapEntryValue(profile)},
			{Name: EndpointEntryName, Value: types.WrapEntryValue(endpoint)},
		},
	}}}
	b, err := json.Marshal([]types.Report{r})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, ReportFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The README and the CI examples merge the -report-dir of each shard's
// run, which holds the shard under shards/I; merge finds it there.
func TestMergeShardsTakesEachShardRunsReportDir(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "shard-1"), filepath.Join(dir, "shard-2")
	writeShardRun(t, a, 1, 2, "one", "aws", "embedded reference http://127.0.0.1:1")
	writeShardRun(t, b, 2, 2, "two", "aws", "embedded reference http://127.0.0.1:2")
	rs, shards, err := MergeShards([]string{a, b})
	if err != nil {
		t.Fatalf("merge of the shards' report directories: %v", err)
	}
	if len(shards) != 2 || len(rs) != 1 || len(rs[0].SpecReports) != 2 {
		t.Fatalf("merged %d shards into %d reports of %v specs; want 2 into 1 of 2", len(shards), len(rs), rs)
	}

	// A directory that holds neither says what to give instead.
	_, _, err = MergeShards([]string{a, dir})
	if err == nil || !strings.Contains(err.Error(), dir+" holds no shard") || !strings.Contains(err.Error(), "-report-dir") {
		t.Errorf("merge of a directory with no shard: %v; want it named, with what to give", err)
	}
}

// Shards that ran against another profile or endpoint are not one run:
// their merge would call clauses passed that the run never checked.
func TestMergeShardsRefusesShardsOfDifferentRuns(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one")
	writeShardRun(t, one, 1, 2, "one", "aws", "http://127.0.0.1:5000")
	for _, tc := range []struct{ name, profile, endpoint, want string }{
		{"seed", "seed", "http://127.0.0.1:5000/", "profile seed"},
		{"other", "aws", "http://127.0.0.1:4566", "http://127.0.0.1:4566"},
	} {
		two := filepath.Join(dir, tc.name)
		writeShardRun(t, two, 2, 2, "two", tc.profile, tc.endpoint)
		_, _, err := MergeShards([]string{one, two})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "shard 2/2") || !strings.Contains(err.Error(), "rerun") {
			t.Errorf("merge with a shard of %s: %v; want a refusal naming shard 2/2, %q and what to do", tc.name, err, tc.want)
		}
	}
}

// A shard whose run could not test leaves only its conformance.json,
// with the cause: merge says that shard could not test, and why.
func TestMergeShardsNamesAShardThatCouldNotTest(t *testing.T) {
	dir := t.TempDir()
	one, two := filepath.Join(dir, "shard-1"), filepath.Join(dir, "shard-2")
	writeShardRun(t, one, 1, 2, "one", "aws", "http://127.0.0.1:5000")
	if err := os.MkdirAll(two, 0o755); err != nil {
		t.Fatal(err)
	}
	m := Matrix{Schema: Schema, Profile: "aws", CouldNotTest: "target: nothing is listening at http://127.0.0.1:5000"}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(two, JSONFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = MergeShards([]string{one, two})
	if err == nil || !strings.Contains(err.Error(), two+" holds a run that could not test") || !strings.Contains(err.Error(), "nothing is listening") {
		t.Errorf("merge with a shard that could not test: %v; want it named, with its cause", err)
	}
}

// Shards that ran different lambdaconf builds are not one run, even when
// their spec lists agree: the checks behind the specs may differ.
func TestMergeShardsRefusesShardsOfDifferentBinaries(t *testing.T) {
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	writeShardRun(t, one, 1, 2, "one", "aws", "http://127.0.0.1:5000")
	writeShardRun(t, two, 2, 2, "two", "aws", "http://127.0.0.1:5000")
	for d, v := range map[string]string{one: "v1.2.0", two: "v1.3.0"} {
		s, err := ReadShard(filepath.Join(d, "shards", filepath.Base(mustGlob(t, filepath.Join(d, "shards", "*")))))
		if err != nil {
			t.Fatal(err)
		}
		s.Binary = v
		if err := WriteShard(filepath.Join(d, "shards", strconv.Itoa(s.I)), s); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := MergeShards([]string{one, two})
	if err == nil || !strings.Contains(err.Error(), "v1.2.0") || !strings.Contains(err.Error(), "v1.3.0") || !strings.Contains(err.Error(), "one binary") {
		t.Errorf("merge of shards of two builds: %v; want a refusal naming both and what to do", err)
	}
}

func mustGlob(t *testing.T, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) != 1 {
		t.Fatalf("glob %s: %v %v", pattern, m, err)
	}
	return m[0]
}

// What merge accepts: a shard whose build is unknown beside one whose is
// known, and a shard that ran no spec (so recorded no endpoint) beside
// one that did. A directory with the conformance.json of a run that
// tested, but no shard, is no shard.
func TestMergeShardsAcceptsUnknowns(t *testing.T) {
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	writeShardRun(t, one, 1, 2, "one", "aws", "http://127.0.0.1:5000")
	writeShardRun(t, two, 2, 2, "two", "", "")
	s, err := ReadShard(filepath.Join(one, "shards", "1"))
	if err != nil {
		t.Fatal(err)
	}
	s.Binary = "v1.2.0"
	if err := WriteShard(filepath.Join(one, "shards", "1"), s); err != nil {
		t.Fatal(err)
	}
	if _, _, err := MergeShards([]string{one, two}); err != nil {
		t.Errorf("merge of a known and an unknown build, and of a shard that recorded no endpoint: %v", err)
	}

	tested := filepath.Join(dir, "tested")
	if err := os.MkdirAll(tested, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tested, JSONFile), []byte(`{"schema":"`+Schema+`","profile":"aws"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := MergeShards([]string{one, tested}); err == nil || !strings.Contains(err.Error(), "holds no shard") {
		t.Errorf("merge of a run's directory without shards: %v; want 'holds no shard'", err)
	}
}

// Merge refuses a missing last shard, and a shard.json whose numbers
// cannot be a shard (0/N, I > N, another schema).
func TestMergeShardsRefusesMissingAndBadShards(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one")
	writeShardRun(t, one, 1, 2, "one", "aws", "http://127.0.0.1:5000")
	if _, _, err := MergeShards([]string{one}); err == nil || !strings.Contains(err.Error(), "shard 2/2 missing") {
		t.Errorf("merge without shard 2/2: %v", err)
	}
	for _, bad := range []Shard{{Schema: ShardSchema, I: 0, N: 2}, {Schema: ShardSchema, I: 3, N: 2}, {Schema: ShardSchema, I: 1, N: 0}, {Schema: "lambdaconf.shard/v0", I: 1, N: 1}} {
		d := filepath.Join(dir, "bad")
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(bad)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, ShardFile), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadShard(d); err == nil {
			t.Errorf("shard.json %+v was read as a shard", bad)
		}
	}
}
