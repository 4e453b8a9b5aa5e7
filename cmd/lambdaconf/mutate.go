package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
)

func init() {
	register("mutate", "prove the suites catch every fault the reference can inject", runMutate)
}

// mutation is one run of the suite binary and what it showed.
type mutation struct {
	// Fault is empty for the run without faults.
	Fault reference.FaultInfo
	// Failed reports that the suite failed.
	Failed bool
	// Blamed lists the clauses the run's findings name, sorted.
	Blamed []spec.ClauseID
	// Specs lists the failed specs' texts, for the fault-free run.
	Specs []string
	// Err is a failure to run the suite or read its report at all.
	Err error
	// Log is the tail of the suite's output.
	Log string
}

// verdict renders the line mutate prints for m and whether the fault was
// caught with a declared clause.
func (m mutation) verdict() (string, bool) {
	name := m.Fault.Name
	switch {
	case m.Err != nil:
		return fmt.Sprintf("ERROR  %s: %v", name, m.Err), false
	case !m.Failed:
		return fmt.Sprintf("MISSED %s: the suite passed with the fault on (declared %s)", name, joinIDs(m.Fault.Clauses)), false
	}
	var hit []spec.ClauseID
	for _, id := range m.Blamed {
		for _, want := range m.Fault.Clauses {
			if id == want {
				hit = append(hit, id)
			}
		}
	}
	if len(hit) > 0 {
		return fmt.Sprintf("caught %s by %s", name, joinIDs(hit)), true
	}
	if len(m.Blamed) == 0 {
		return fmt.Sprintf("caught %s but no finding named a clause (declared %s); failed specs: %s", name, joinIDs(m.Fault.Clauses), strings.Join(m.Specs, "; ")), false
	}
	return fmt.Sprintf("caught %s but blamed %s instead of %s", name, joinIDs(m.Blamed), joinIDs(m.Fault.Clauses)), false
}

func joinIDs(ids []spec.ClauseID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}

func runMutate(args []string) int {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	binary := fs.String("suite-binary", "", "the compiled suites (go test -c -o bin/suites.test ./suites); built into a temporary directory when empty")
	faultList := fs.String("faults", "all", `the faults to inject: "all" or a comma-separated list of names`)
	checks := fs.Int("checks", 10, "rapid checks per property in each run (RAPID_CHECKS)")
	parallel := fs.Int("parallel", 2, "faulted runs at a time")
	timeout := fs.Duration("timeout", 5*time.Minute, "bound on each run of the suite")
	verbose := fs.Bool("v", false, "print each run's output tail")
	only := fs.String("label-filter", "", "a Ginkgo label filter every run is restricted to, such as '!large'")
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	faults, err := selectFaults(*faultList)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf mutate: -faults: %v\n", err)
		return 2
	}
	if *parallel < 1 || *checks < 1 {
		fmt.Fprintln(os.Stderr, "lambdaconf mutate: -parallel and -checks must be at least 1")
		return 2
	}
	work, err := os.MkdirTemp("", "lambdaconf-mutate-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf mutate: creating a work directory: %v\n", err)
		return 1
	}
	defer os.RemoveAll(work)
	ctx := context.Background()
	if *binary == "" {
		*binary = filepath.Join(work, "suites.test")
		fmt.Fprintln(os.Stderr, "building the suites: go test -c -o", *binary, "./suites")
		cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", *binary, "./suites")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "lambdaconf mutate: building the suites failed (%v): run it from the repository root, or pass -suite-binary\n", err)
			return 1
		}
	} else if abs, err := filepath.Abs(*binary); err == nil {
		*binary = abs
	}
	if _, err := os.Stat(*binary); err != nil {
		fmt.Fprintf(os.Stderr, "lambdaconf mutate: -suite-binary: %v (build it with go test -c -o bin/suites.test ./suites)\n", err)
		return 2
	}

	run := func(f reference.FaultInfo, labelFilter string) mutation {
		return runSuite(ctx, *binary, work, f, labelFilter, *checks, *timeout)
	}
	base := run(reference.FaultInfo{Name: "none"}, *only)
	if base.Err != nil || base.Failed {
		fmt.Printf("FALSE ALARM: the suite fails against the reference with no fault on\n")
		if base.Err != nil {
			fmt.Printf("  %v\n", base.Err)
		}
		for _, s := range base.Specs {
			fmt.Printf("  failed: %s\n", s)
		}
		fmt.Printf("  blamed: %s\n%s\n", joinIDs(base.Blamed), base.Log)
		return 1
	}
	fmt.Println("no fault: the suite passes against the reference")

	results := make([]mutation, len(faults))
	sem := make(chan struct{}, *parallel)
	var wg sync.WaitGroup
	for i, f := range faults {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			filter := labelFilterFor(f.Clauses)
			if *only != "" {
				filter = "(" + filter + ") && (" + *only + ")"
			}
			results[i] = run(f, filter)
		}()
	}
	wg.Wait()
	caught := 0
	for _, m := range results {
		line, ok := m.verdict()
		if ok {
			caught++
		}
		fmt.Println(line)
		if *verbose || !ok {
			if m.Log != "" && (*verbose || m.Err != nil) {
				fmt.Println(indent(m.Log))
			}
		}
	}
	pct := 100.0
	if len(faults) > 0 {
		pct = 100 * float64(caught) / float64(len(faults))
	}
	fmt.Printf("mutation score: %d/%d faults caught (%.0f%%)\n", caught, len(faults), pct)
	if caught < len(faults) {
		return 1
	}
	return 0
}

func selectFaults(list string) ([]reference.FaultInfo, error) {
	all := reference.Faults()
	if strings.TrimSpace(list) == "all" {
		return all, nil
	}
	names, err := reference.ParseFaults(list)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New(`name at least one fault, or "all"`)
	}
	byName := map[reference.Fault]reference.FaultInfo{}
	for _, f := range all {
		byName[f.Name] = f
	}
	out := make([]reference.FaultInfo, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out, nil
}

// labelFilterFor selects the specs labelled with any of ids: a spec carries
// the label of every clause it can report, so no other spec can catch a
// fault declared with ids.
func labelFilterFor(ids []spec.ClauseID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = string(id)
	}
	return strings.Join(parts, " || ")
}

// runSuite runs the suite binary against an embedded reference with fault f
// (none when f.Name is "none") and reads its JSON report.
func runSuite(ctx context.Context, binary, work string, f reference.FaultInfo, labelFilter string, checks int, timeout time.Duration) mutation {
	m := mutation{Fault: f}
	dir, err := os.MkdirTemp(work, string(f.Name)+"-")
	if err != nil {
		m.Err = err
		return m
	}
	reportPath := filepath.Join(dir, "report.json")
	args := []string{"-test.timeout=" + timeout.String(), "-ginkgo.no-color", "-ginkgo.json-report=" + reportPath,
		fmt.Sprintf("-rapid.checks=%d", checks)}
	if labelFilter != "" {
		args = append(args, "-ginkgo.label-filter="+labelFilter)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	// The run works in its own directory, so rapid's fail files and the
	// case files stay out of the repository.
	cmd.Dir = dir
	cmd.Env = mutationEnv(f, dir)
	var out tail
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	m.Log = out.String()
	rs, err := reports.Load(reportPath)
	if err != nil {
		m.Err = fmt.Errorf("the suite wrote no readable report (exit: %v): %w", runErr, err)
		return m
	}
	blamed := map[spec.ClauseID]bool{}
	for _, r := range rs {
		for _, s := range r.SpecReports {
			if !s.State.Is(types.SpecStateFailureStates) {
				continue
			}
			m.Failed = true
			name := s.FullText()
			if s.LeafNodeType != types.NodeTypeIt {
				name = s.LeafNodeType.String() + " " + name
			}
			m.Specs = append(m.Specs, fmt.Sprintf("%s: %s", name, firstLine(s.Failure.Message)))
			findings, _ := reports.Findings(s)
			for _, fd := range findings {
				blamed[fd.Clause] = true
			}
		}
	}
	if runErr != nil && !m.Failed {
		m.Err = fmt.Errorf("the suite exited with %v but its report shows no failed spec", runErr)
	}
	for id := range blamed {
		m.Blamed = append(m.Blamed, id)
	}
	sort.Slice(m.Blamed, func(i, j int) bool { return m.Blamed[i] < m.Blamed[j] })
	return m
}

// mutationEnv is the environment of a faulted run: the embedded reference
// (no endpoint), the fault, and reports under dir.
func mutationEnv(f reference.FaultInfo, dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "LAMBDACONF_ENDPOINT", "ENDPOINT", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA",
			"LAMBDACONF_REFERENCE_FAULTS", "RAPID_CHECKS", "REPORT_DIR":
			continue
		}
		env = append(env, kv)
	}
	if f.Name != "none" {
		env = append(env, "LAMBDACONF_REFERENCE_FAULTS="+string(f.Name))
	}
	return append(env, "REPORT_DIR="+dir)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// tail keeps the last 8 KiB written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 8 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

var _ io.Writer = (*tail)(nil)
