package reports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// writeShardRun lays out what 'lambdaconf run -shard I/N -report-dir DIR'
// leaves: DIR/shards/I holding shard.json and report.json, whose one
// passed spec has the text "Suite " + spec.
func writeShardRun(t *testing.T, dir string, i, n int, spec string) {
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
	writeShardRun(t, a, 1, 2, "one")
	writeShardRun(t, b, 2, 2, "two")
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
