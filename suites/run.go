package suites

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/lambdaconf/lambdaconf/reports"
)

// Description is the suite's description, which Ginkgo prefixes to every
// spec's text when it matches a focus.
const Description = "lambdaconf conformance"

// Shard names part I of N of the spec list (1 ≤ I ≤ N); the zero value and
// 1/1 are the whole list.
type Shard struct{ I, N int }

// ParseShard parses "I/N".
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if s == "" {
		return Shard{1, 1}, nil
	}
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.I, &sh.N); err != nil || sh.N < 1 || sh.I < 1 || sh.I > sh.N || fmt.Sprintf("%d/%d", sh.I, sh.N) != s {
		return Shard{}, fmt.Errorf("shard %q is not I/N with 1 ≤ I ≤ N, such as 2/3", s)
	}
	return sh, nil
}

func (s Shard) String() string {
	if s.N == 0 {
		return "1/1"
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// Whole reports whether s is the whole spec list.
func (s Shard) Whole() bool { return s.N <= 1 }

// RunConfig configures Run.
type RunConfig struct {
	// LabelFilter is a Ginkgo label filter, such as "ZIP-NOT-ZIP" or
	// "!large"; FocusStrings are Ginkgo focus regexps on spec texts.
	LabelFilter  string
	FocusStrings []string
	// Shard restricts the run to its part of the (filtered) spec list.
	Shard Shard
	// Timeout bounds the whole run (Ginkgo's --timeout); 0 means one hour.
	Timeout time.Duration
	// JSONReport is the path of the Ginkgo JSON report to write.
	JSONReport string
	// Checks is the number of rapid checks per property spec; 0 keeps
	// RAPID_CHECKS or the suites' default.
	Checks int
	// Events, when set, receives one JSON line (an Event) per finished
	// spec, as it finishes.
	Events io.Writer
	// Verbose streams Ginkgo's verbose output.
	Verbose bool
}

// Event is what Run writes to RunConfig.Events when a spec finishes.
type Event struct {
	Spec  string `json:"spec"`
	State string `json:"state"`
	// Message is the first line of the failure; Findings the clauses the
	// spec's findings name.
	Message  string   `json:"message,omitempty"`
	Findings []string `json:"findings,omitempty"`
}

// DefaultRunTimeout bounds a run when RunConfig.Timeout is zero: the
// suites take a few minutes against the reference on two loaded cores, and
// far less elsewhere.
const DefaultRunTimeout = time.Hour

var (
	eventsMu sync.Mutex
	events   io.Writer
	// shardIndex is the shard this process runs, 0 when it runs the
	// whole list.
	shardIndex int
)

// process numbers this process among those of the run, for the names of
// the fixtures it creates: its shard, or Ginkgo's parallel process.
func process() int {
	if shardIndex > 0 {
		return shardIndex
	}
	return GinkgoParallelProcess()
}

// Run runs this process's part of the specs once (Ginkgo allows a single
// RunSpecs per process), writes the Ginkgo JSON report, and returns
// whether every spec passed. It reads the endpoint and every other setting from the
// environment, like go test does (see target.FromEnv).
func Run(rc RunConfig) (bool, error) {
	// rapid asks the testing package for -test.short; outside go test
	// its flags must be registered first.
	testing.Init()
	if rc.Checks > 0 {
		setChecks(rc.Checks)
	} else {
		setDefaultChecks()
	}
	sc, rep := GinkgoConfiguration()
	sc.LabelFilter = rc.LabelFilter
	sc.FocusStrings = append([]string{}, rc.FocusStrings...)
	sc.Timeout = rc.Timeout
	if sc.Timeout <= 0 {
		sc.Timeout = DefaultRunTimeout
	}
	sc.ParallelProcess, sc.ParallelTotal = 1, 1
	rep.NoColor = true
	rep.JSONReport = rc.JSONReport
	rep.Succinct = !rc.Verbose
	rep.Verbose = rc.Verbose
	if !rc.Shard.Whole() {
		plan, err := Plan(sc.LabelFilter, sc.FocusStrings, rc.Shard.N)
		if err != nil {
			return false, err
		}
		shardIndex = rc.Shard.I
		mine := plan[rc.Shard.I-1]
		if len(mine) == 0 {
			// Focus on nothing: a regexp no text matches.
			sc.FocusStrings = []string{`^\b$a`}
		} else {
			sc.FocusStrings = []string{FocusOn(mine)}
		}
	}
	eventsMu.Lock()
	events = rc.Events
	eventsMu.Unlock()
	// Registered here, after Plan's PreviewSpecs: Ginkgo's preview keeps
	// only containers and suite nodes of the tree built at init.
	if rc.Events != nil {
		ReportAfterEach(writeEvent)
	}
	if !flag.Parsed() {
		// testing.Short, which rapid calls, wants parsed flags.
		flag.CommandLine.Parse(nil)
	}
	gomega.RegisterFailHandler(Fail)
	passed := RunSpecs(noT{}, Description, sc, rep)
	return passed, nil
}

// noT satisfies GinkgoTestingT outside go test; the result comes back
// from RunSpecs.
type noT struct{}

func (noT) Fail() {}

// Plan splits the specs the filter and focus select into n lists of spec
// texts, balanced by a cost estimate (property specs draw hundreds of
// requests, the large-body and limit specs send tens of megabytes or wait
// on purpose), deterministically: the same binary gives every process the
// same plan. Specs that share a text stay together, so a focus selects
// each exactly once; such a text is listed once per spec.
func Plan(labelFilter string, focus []string, n int) ([][]string, error) {
	sc, rep := GinkgoConfiguration()
	sc.LabelFilter, sc.FocusStrings = labelFilter, focus
	if _, err := types.ParseLabelFilter(labelFilter); err != nil {
		return nil, err
	}
	for _, f := range focus {
		if _, err := regexp.Compile(f); err != nil {
			return nil, fmt.Errorf("focus %q: %w", f, err)
		}
	}
	preview := PreviewSpecs(Description, sc, rep)
	cost, count := map[string]int{}, map[string]int{}
	for _, s := range preview.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt || s.State == types.SpecStateSkipped || s.State == types.SpecStatePending {
			continue
		}
		cost[s.FullText()] += specCost(s.Labels())
		count[s.FullText()]++
	}
	texts := make([]string, 0, len(cost))
	for t := range cost {
		texts = append(texts, t)
	}
	// Longest first, then by text: the greedy longest-processing-time
	// assignment.
	sort.Slice(texts, func(i, j int) bool {
		if cost[texts[i]] != cost[texts[j]] {
			return cost[texts[i]] > cost[texts[j]]
		}
		return texts[i] < texts[j]
	})
	plan := make([][]string, n)
	load := make([]int, n)
	for _, t := range texts {
		k := 0
		for i := range load {
			if load[i] < load[k] {
				k = i
			}
		}
		for range count[t] {
			plan[k] = append(plan[k], t)
		}
		load[k] += cost[t]
	}
	for i := range plan {
		sort.Strings(plan[i])
	}
	return plan, nil
}

// specCost estimates a spec's run time in units of a plain one-request spec.
func specCost(labels []string) int {
	c := 1
	for _, l := range labels {
		switch l {
		case "property":
			c = max(c, 40)
		case "large":
			c = max(c, 8)
		case "limits", "transport":
			c = max(c, 4)
		}
	}
	return c
}

// FocusOn returns a focus regexp that selects exactly the specs with these
// full texts.
func FocusOn(texts []string) string {
	var q []string
	seen := map[string]bool{}
	for _, t := range texts {
		if !seen[t] {
			seen[t] = true
			q = append(q, regexp.QuoteMeta(t))
		}
	}
	return "^" + regexp.QuoteMeta(Description) + " (?:" + strings.Join(q, "|") + ")$"
}

// writeEvent writes the event of a finished spec to the runner's console
// stream, if there is one.
func writeEvent(s SpecReport) {
	eventsMu.Lock()
	defer eventsMu.Unlock()
	if events == nil || s.State == types.SpecStateSkipped && s.Failure.Message == "" {
		// A spec outside this run's filter or shard.
		return
	}
	ev := Event{Spec: s.FullText(), State: s.State.String()}
	if s.LeafNodeType != types.NodeTypeIt {
		ev.Spec = s.LeafNodeType.String()
	}
	if s.Failed() || s.State == types.SpecStateSkipped {
		ev.Message = strings.TrimSpace(s.Failure.Message)
		if i := strings.IndexByte(ev.Message, '\n'); i >= 0 {
			ev.Message = ev.Message[:i]
		}
	}
	fs, _ := reports.Findings(s)
	for _, f := range fs {
		ev.Findings = append(ev.Findings, string(f.Clause))
	}
	b, err := json.Marshal(ev)
	if err == nil {
		events.Write(append(b, '\n'))
	}
}
