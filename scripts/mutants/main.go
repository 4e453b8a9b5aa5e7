// Command mutants runs the project's own mutation testing: gremlins, pinned
// in go.mod as a Go tool, mutates the oracle's code (spec, check, the
// classification of generators, reports) one package at a time and runs that
// package's unit tests against each mutant. It prints each package's
// efficacy (killed / (killed + lived)) and its surviving mutants, and exits
// non-zero when a package is below its floor.
//
// Then it applies the hand-made mutants of the catalogue's data (data.go),
// which gremlins does not make, and requires the spec tests to catch each.
//
// Survivors that are equivalent to the original, or not worth a test, are
// listed with a reason in mutation-survivors.txt at the repository root.
// An entry names the file, the mutator, the column of the mutated token in
// the trimmed source line, and that line, so that it survives edits
// elsewhere in the file:
//
//	check/verdict.go CONDITIONALS_BOUNDARY 9 `if len(s) <= n {`
//		clip: at len(s) == n both branches return s unchanged.
//
// Usage (make mutation-unit):
//
//	go run ./scripts/mutants [-workers 2] [-timeout-coefficient 10] [-only check] [-out out/mutation]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"
)

// target is one unit of mutation testing: a package, or some files of one.
type target struct {
	name  string  // as printed
	dir   string  // package directory, relative to the repository root
	only  string  // when set, the one file of dir that is mutated
	floor float64 // minimal efficacy, in percent
}

var targets = []target{
	{name: "spec", dir: "spec", floor: 95},
	{name: "check", dir: "check", floor: 95},
	{name: "generators/classify.go", dir: "generators", only: "classify.go", floor: 90},
	{name: "reports", dir: "reports", floor: 90},
}

// The mutators: gremlins' defaults plus && <-> ||, as a careful reviewer
// would mutate a checker.
var mutatorFlags = []string{"--invert-logical"}

// output is the part of gremlins' JSON report (-o) that we read.
type output struct {
	Files   []fileReport `json:"files"`
	Elapsed float64      `json:"elapsed_time"`
}

type fileReport struct {
	Name      string     `json:"file_name"`
	Mutations []mutation `json:"mutations"`
}

type mutation struct {
	Type   string `json:"type"`
	Status string `json:"status"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// survivor is a mutant that lived.
type survivor struct {
	file, mutator, text string
	line, col           int // col is 1-based within text
}

func (s survivor) key() string { return fmt.Sprintf("%s %s %d `%s`", s.file, s.mutator, s.col, s.text) }

func main() {
	workers := flag.Int("workers", 2, "gremlins workers (mutants tested at once)")
	coefficient := flag.Int("timeout-coefficient", 10, "a mutant's tests time out after this many times the package's unmutated test time")
	only := flag.String("only", "", "run only the targets of these names, comma-separated (data, spec, check, generators/classify.go, reports)")
	outDir := flag.String("out", "out/mutation", "directory for gremlins' JSON reports")
	engine := flag.String("engine", "schemata", "how mutants are tested: schemata (one build per package, see schemata.go) or gremlins (one build per mutant)")
	listFile := flag.String("survivors", "mutation-survivors.txt", "the accepted survivors, each with a reason")
	flag.Parse()

	accepted, err := readAccepted(*listFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		os.Exit(2)
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		os.Exit(2)
	}
	failed := false
	used := map[string]bool{}
	var summary []string
	start := time.Now()
	selected := func(names ...string) bool {
		if *only == "" {
			return true
		}
		for _, o := range strings.Split(*only, ",") {
			for _, n := range names {
				if strings.TrimSpace(o) == n {
					return true
				}
			}
		}
		return false
	}
	if selected("data") {
		began := time.Now()
		killed, problems := runDataMutants(*workers)
		total := len(dataMutants)
		verdict := "ok"
		if len(problems) > 0 {
			verdict = "FAILED: every hand-made data mutant must be caught"
			failed = true
		}
		line := fmt.Sprintf("%-24s killed %d of %d hand-made catalogue-data mutants in %s: %s",
			"spec data", killed, total, time.Since(began).Round(time.Second), verdict)
		fmt.Println(line)
		for _, p := range problems {
			fmt.Println("  " + p)
		}
		summary = append(summary, line)
	}
	for _, t := range targets {
		if !selected(t.name, t.dir) {
			continue
		}
		began := time.Now()
		res, err := run(t, *engine, *workers, *coefficient, *outDir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mutants: %s: %v\n", t.name, err)
			failed = true
			summary = append(summary, fmt.Sprintf("%-24s could not run: %v", t.name, err))
			continue
		}
		killed, lived, timedOut, notViable, notCovered := 0, 0, 0, 0, 0
		var survivors []survivor
		for _, f := range res.Files {
			file := filepath.ToSlash(filepath.Join(t.dir, f.Name))
			for _, m := range f.Mutations {
				switch m.Status {
				case "KILLED":
					killed++
				case "LIVED":
					lived++
					survivors = append(survivors, locate(file, m.Type, m.Line, m.Column))
				case "TIMED OUT":
					timedOut++
				case "NOT VIABLE":
					notViable++
				case "NOT COVERED":
					notCovered++
				}
			}
		}
		sort.Slice(survivors, func(i, j int) bool {
			if survivors[i].file != survivors[j].file {
				return survivors[i].file < survivors[j].file
			}
			return survivors[i].line < survivors[j].line
		})
		efficacy := 100.0
		if killed+lived > 0 {
			efficacy = 100 * float64(killed) / float64(killed+lived)
		}
		verdict := "ok"
		if efficacy < t.floor {
			verdict = fmt.Sprintf("BELOW THE FLOOR of %.0f%%", t.floor)
			failed = true
		}
		line := fmt.Sprintf("%-24s efficacy %6.2f%% (killed %d, lived %d; timed out %d, not viable %d, not covered %d) in %s: %s",
			t.name, efficacy, killed, lived, timedOut, notViable, notCovered, time.Since(began).Round(time.Second), verdict)
		fmt.Println(line)
		summary = append(summary, line)
		for _, s := range survivors {
			reason, ok := accepted[s.key()]
			used[s.key()] = true
			if ok {
				fmt.Printf("  lived   %s:%d %s (listed: %s)\n", s.file, s.line, s.mutator, reason)
			} else {
				fmt.Printf("  LIVED   %s:%d %s, not listed in %s: write a test that kills it, or list it with a reason as\n    %s\n",
					s.file, s.line, s.mutator, *listFile, s.key())
			}
		}
	}
	// The stale entries of the list are known only when every target ran.
	all := selected("data")
	for _, t := range targets {
		all = all && selected(t.name, t.dir)
	}
	if all {
		for k := range accepted {
			if !used[k] {
				fmt.Printf("  note: %s lists a mutant that no longer survives (or moved): %s\n", *listFile, k)
			}
		}
	}
	fmt.Println()
	fmt.Println("mutation-unit summary (" + time.Since(start).Round(time.Second).String() + "):")
	for _, l := range summary {
		fmt.Println("  " + l)
	}
	if failed {
		os.Exit(1)
	}
}

// run mutates target t and returns gremlins' report of it. With engine
// gremlins, gremlins tests each mutant (one build each); with schemata,
// gremlins' dry run lists the mutants and which the tests cover, and
// runSchemata tests them.
func run(t target, engine string, workers, coefficient int, outDir string) (*output, error) {
	if engine != "gremlins" && engine != "schemata" {
		return nil, fmt.Errorf("-engine %q: want schemata or gremlins", engine)
	}
	report, err := filepath.Abs(filepath.Join(outDir, strings.NewReplacer("/", "-", ".", "-").Replace(t.name)+".json"))
	if err != nil {
		return nil, err
	}
	_ = os.Remove(report)
	args := []string{"tool", "gremlins", "unleash", "--output-statuses", "lt",
		"--workers", fmt.Sprint(workers), "--timeout-coefficient", fmt.Sprint(coefficient), "-o", report}
	if engine == "schemata" {
		args = []string{"tool", "gremlins", "unleash", "--dry-run", "-o", report}
	}
	args = append(args, mutatorFlags...)
	if t.only != "" {
		others, err := otherFiles(t.dir, t.only)
		if err != nil {
			return nil, err
		}
		if len(others) > 0 {
			args = append(args, "-E", "^("+strings.Join(others, "|")+")$")
		}
	}
	args = append(args, "./"+t.dir)
	cmd := exec.Command("go", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if engine == "schemata" {
		cmd.Stdout = nil // the dry run lists every mutant: too much to read
	}
	// Each mutant rebuilds the package's test binary: vet and debug
	// information are left out of those builds, which only run tests, and
	// the tests run in -short mode, which skips rendering the HTML report
	// in a browser (make unit does that) and little else.
	cmd.Env = append(os.Environ(), "GOFLAGS=-vet=off -ldflags=-w -short")
	began := time.Now()
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	b, err := os.ReadFile(report)
	if err != nil {
		return nil, err
	}
	var out output
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("reading %s: %w", report, err)
	}
	if engine == "gremlins" {
		return &out, nil
	}
	var ms []mutant
	for _, f := range out.Files {
		for _, m := range f.Mutations {
			ms = append(ms, mutant{File: f.Name, Line: m.Line, Col: m.Column, Type: m.Type, Status: m.Status})
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tested, err := runSchemata(ctx, t.dir, ms, workers, coefficient)
	if err != nil {
		return nil, err
	}
	byFile := map[string]int{}
	out.Files = out.Files[:0]
	for _, m := range tested {
		i, ok := byFile[m.File]
		if !ok {
			i = len(out.Files)
			byFile[m.File] = i
			out.Files = append(out.Files, fileReport{Name: m.File})
		}
		out.Files[i].Mutations = append(out.Files[i].Mutations, mutation{Type: m.Type, Status: m.Status, Line: m.Line, Column: m.Col})
	}
	out.Elapsed = time.Since(began).Seconds()
	if b, err := json.MarshalIndent(out, "", "  "); err == nil {
		_ = os.WriteFile(report, b, 0o644)
	}
	return &out, nil
}

// otherFiles returns, as regular expressions, the non-test Go files of dir
// other than keep.
func otherFiles(dir, keep string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		b := filepath.Base(n)
		if b == keep || strings.HasSuffix(b, "_test.go") {
			continue
		}
		out = append(out, regexp.QuoteMeta(b))
	}
	return out, nil
}

// locate reads the mutated line of file.
func locate(file, mutator string, line, col int) survivor {
	s := survivor{file: file, mutator: mutator, line: line, col: col}
	b, err := os.ReadFile(file)
	if err != nil {
		return s
	}
	lines := strings.Split(string(b), "\n")
	if line < 1 || line > len(lines) {
		return s
	}
	raw := lines[line-1]
	trimmed := strings.TrimLeft(raw, " \t")
	s.text = strings.TrimSpace(trimmed)
	s.col = col - (len(raw) - len(trimmed))
	return s
}

// readAccepted reads the list of accepted survivors: an entry line
// "FILE MUTATOR COL `LINE`", then one or more indented lines of reason.
// Blank lines and lines starting with # are ignored.
func readAccepted(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	entry := regexp.MustCompile("^(\\S+) ([A-Z_]+) (-?\\d+) `(.*)`$")
	var key string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		switch {
		case strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#"):
			continue
		case l[0] == ' ' || l[0] == '\t':
			if key == "" {
				return nil, fmt.Errorf("%s:%d: a reason without an entry", name, n)
			}
			out[key] = strings.TrimSpace(strings.TrimSpace(out[key]) + " " + strings.TrimSpace(l))
		default:
			m := entry.FindStringSubmatch(l)
			if m == nil {
				return nil, fmt.Errorf("%s:%d: want FILE MUTATOR COLUMN `SOURCE LINE`, got %q", name, n, l)
			}
			key = l
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("%s:%d: listed twice", name, n)
			}
			out[key] = ""
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for k, why := range out {
		if why == "" {
			return nil, fmt.Errorf("%s: %s has no reason", name, k)
		}
	}
	return out, nil
}
