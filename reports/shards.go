package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// ShardFile is the file a shard of a run writes next to its Ginkgo JSON
// report (ReportFile), naming the part of the spec list it ran.
const (
	ShardFile  = "shard.json"
	ReportFile = "report.json"
)

// ShardSchema names the version of the shard.json format.
const ShardSchema = "lambdaconf.shard/v1"

// Shard describes one shard of a run: shard I of N ran Specs, the full
// texts of its part of the spec list (lambdaconf run -shard I/N).
type Shard struct {
	Schema string   `json:"schema"`
	I      int      `json:"shard"`
	N      int      `json:"of"`
	Specs  []string `json:"specs"`
	// LabelFilter and Focus are the filters the whole run applied before
	// splitting; every shard of one run has the same.
	LabelFilter string   `json:"label_filter,omitempty"`
	Focus       []string `json:"focus,omitempty"`
	// Binary names the lambdaconf build that ran the shard (its module
	// version and VCS revision, as runtime/debug reports them); empty
	// when unknown.
	Binary string `json:"binary,omitempty"`
}

// WriteShard writes s as dir/shard.json.
func WriteShard(dir string, s Shard) error {
	s.Schema = ShardSchema
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ShardFile), append(b, '\n'), 0o644)
}

// ReadShard reads dir/shard.json.
func ReadShard(dir string) (Shard, error) {
	var s Shard
	b, err := os.ReadFile(filepath.Join(dir, ShardFile))
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", filepath.Join(dir, ShardFile), err)
	}
	if s.Schema != ShardSchema || s.N < 1 || s.I < 1 || s.I > s.N {
		return s, fmt.Errorf("%s: not a %s file with 1 ≤ shard ≤ of", filepath.Join(dir, ShardFile), ShardSchema)
	}
	return s, nil
}

// MergeShards reads the shards of one run from dirs (each holding
// shard.json and report.json, or a run's -report-dir, which holds them
// under shards/I) and merges their Ginkgo reports into one, as
// if one process had run every spec: each shard contributes the specs it
// was given, suite-level nodes are kept from every shard, and specs no
// shard was given (filtered out by label) are kept once.
//
// It refuses to merge, with an error naming what is missing, unless every
// shard 1..N of the same N is there exactly once, with the same filters,
// and every spec a shard was given is in its report (a shard that timed
// out reports its unfinished specs, and the timeout, as it would
// unsharded). A verdict built from part of
// the specs would call clauses passed that no check reached.
func MergeShards(dirs []string) ([]types.Report, []Shard, error) {
	if len(dirs) == 0 {
		return nil, nil, errors.New("merge: no shard directories given")
	}
	dirs, err := shardDirs(dirs)
	if err != nil {
		return nil, nil, err
	}
	type ranAs struct {
		shard                  Shard
		dir, profile, endpoint string
	}
	var ran ranAs
	byIndex := map[int]string{}
	var shards []Shard
	var reports []types.Report
	for _, d := range dirs {
		s, err := ReadShard(d)
		if err != nil {
			return nil, nil, fmt.Errorf("merge: %s is not a shard's report directory: %w", d, err)
		}
		if prev, ok := byIndex[s.I]; ok {
			return nil, nil, fmt.Errorf("merge: shard %d/%d given twice, in %s and %s", s.I, s.N, prev, d)
		}
		byIndex[s.I] = d
		if len(shards) > 0 {
			first := shards[0]
			if s.N != first.N {
				return nil, nil, fmt.Errorf("merge: %s is shard %d/%d but %s is shard %d/%d: they come from different runs", d, s.I, s.N, byIndex[first.I], first.I, first.N)
			}
			if s.Binary != "" && first.Binary != "" && s.Binary != first.Binary {
				return nil, nil, fmt.Errorf("merge: shard %d/%d (%s) ran lambdaconf %s but shard %d/%d (%s) lambdaconf %s: rerun every shard with one binary", s.I, s.N, d, s.Binary, first.I, first.N, byIndex[first.I], first.Binary)
			}
			if s.LabelFilter != first.LabelFilter || strings.Join(s.Focus, "\n") != strings.Join(first.Focus, "\n") {
				return nil, nil, fmt.Errorf("merge: %s and %s were run with different label filters or focus: they come from different runs", d, byIndex[first.I])
			}
		}
		rs, err := Load(filepath.Join(d, ReportFile))
		if err != nil {
			return nil, nil, fmt.Errorf("merge: shard %d/%d in %s has no readable report, so its specs have no verdict: %w", s.I, s.N, d, err)
		}
		if len(rs) != 1 {
			return nil, nil, fmt.Errorf("merge: %s holds %d suite reports, want 1", filepath.Join(d, ReportFile), len(rs))
		}
		// Every shard of one run tested one endpoint under one profile
		// (a shard that ran no spec records neither).
		p, e := recorded(rs)
		if p != "" || e != "" {
			if ran.dir == "" {
				ran = ranAs{s, d, p, e}
			} else if p != ran.profile || !SameEndpoint(e, ran.endpoint) {
				return nil, nil, fmt.Errorf("merge: shard %d/%d (%s) ran against %s under profile %s, but shard %d/%d (%s) against %s under profile %s: they come from different runs: rerun the shard whose -endpoint or -profile is wrong",
					s.I, s.N, d, e, p, ran.shard.I, ran.shard.N, ran.dir, ran.endpoint, ran.profile)
			}
		}
		shards = append(shards, s)
		reports = append(reports, rs[0])
	}
	n := shards[0].N
	var missing []string
	for i := 1; i <= n; i++ {
		if _, ok := byIndex[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("merge: shard %s missing: no verdict without every shard's results (give every shard's report directory)", strings.Join(missing, ", "))
	}
	order := make([]int, len(shards))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return shards[order[a]].I < shards[order[b]].I })

	given := map[string]int{}
	for _, s := range shards {
		for _, t := range s.Specs {
			if prev, ok := given[t]; ok && prev != s.I {
				return nil, nil, fmt.Errorf("merge: spec %q was given to shards %d and %d: the shards come from different binaries or settings; rerun every shard with one binary", t, prev, s.I)
			}
			given[t] = s.I
		}
	}
	merged := reports[order[0]]
	merged.SpecReports = nil
	merged.SuiteSucceeded = true
	merged.SpecialSuiteFailureReasons = nil
	merged.RunTime = 0
	for k, idx := range order {
		s, r := shards[idx], reports[idx]
		if r.StartTime.Before(merged.StartTime) {
			merged.StartTime = r.StartTime
		}
		if r.EndTime.After(merged.EndTime) {
			merged.EndTime = r.EndTime
		}
		merged.RunTime = max(merged.RunTime, r.RunTime)
		merged.SuiteSucceeded = merged.SuiteSucceeded && r.SuiteSucceeded
		for _, reason := range r.SpecialSuiteFailureReasons {
			merged.SpecialSuiteFailureReasons = append(merged.SpecialSuiteFailureReasons, fmt.Sprintf("shard %d/%d: %s", s.I, s.N, reason))
		}
		mine := map[string]bool{}
		for _, t := range s.Specs {
			mine[t] = true
		}
		seen := map[string]bool{}
		for _, sr := range r.SpecReports {
			text := sr.FullText()
			switch {
			case sr.LeafNodeType != types.NodeTypeIt:
				merged.SpecReports = append(merged.SpecReports, sr)
			case mine[text]:
				seen[text] = true
				merged.SpecReports = append(merged.SpecReports, sr)
			case given[text] == 0 && k == 0:
				merged.SpecReports = append(merged.SpecReports, sr)
			}
		}
		for _, t := range s.Specs {
			if !seen[t] {
				return nil, nil, fmt.Errorf("merge: shard %d/%d was given spec %q but its report does not hold it: the shard did not finish or ran another binary; rerun it", s.I, s.N, t)
			}
		}
	}
	return []types.Report{merged}, shards, nil
}

// shardDirs returns the directories that hold each shard's shard.json:
// a directory given is one itself, or the -report-dir of a run, which
// holds its shards under shards/I (one for 'lambdaconf run -shard I/N',
// one per process of a whole run).
func shardDirs(dirs []string) ([]string, error) {
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, ShardFile)); err == nil {
			out = append(out, d)
			continue
		}
		subs, err := filepath.Glob(filepath.Join(d, "shards", "*", ShardFile))
		if err != nil || len(subs) == 0 {
			// A run that could not test writes no shard, only its
			// conformance.json with the cause.
			var m Matrix
			if b, err := os.ReadFile(filepath.Join(d, JSONFile)); err == nil && json.Unmarshal(b, &m) == nil && m.CouldNotTest != "" {
				return nil, fmt.Errorf("merge: %s holds a run that could not test (%s): rerun that shard", d, m.CouldNotTest)
			}
			return nil, fmt.Errorf("merge: %s holds no shard: give the -report-dir of each 'lambdaconf run -shard I/N' (or its shards/I directory)", d)
		}
		sort.Strings(subs)
		for _, s := range subs {
			out = append(out, filepath.Dir(s))
		}
	}
	return out, nil
}
