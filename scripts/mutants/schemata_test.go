package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestSchemataActsAsEachMutantAlone checks the schemata against gremlins'
// way on testdata/sample, which holds one of each construct the schemata
// rewrites: for every mutant, the schemata's binary with that mutant active
// computes what the package computes with the mutant applied alone (same
// output, same exit), and a mutant that does not compile alone is not
// viable. It also checks that the sample exercises each way of testing.
func TestSchemataActsAsEachMutantAlone(t *testing.T) {
	dir, err := filepath.Abs("testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := loadPackage(dir)
	if err != nil {
		t.Fatal(err)
	}
	ms := enumerate(pkg)
	p, err := makePlan(pkg, ms)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	r := &runner{ctx: t.Context(), plan: p, tmp: tmp, goflags: "-vet=off"}
	files := map[string][]byte{filepath.Join(dir, "zz_lambdaconf_schemata.go"): helperSource(p.pkgName)}
	for path, src := range p.files {
		files[path] = src
	}
	schemata := filepath.Join(tmp, "schemata.test")
	if out, err := r.build("schemata", files, schemata); err != nil {
		t.Fatalf("the schemata does not compile: %v\n%s", err, out)
	}
	runOut := func(bin string, env ...string) string {
		f := filepath.Join(t.TempDir(), "out")
		// A mutant may loop for ever (i-- in a for statement's post).
		cmd := exec.Command(bin, "-test.run", "TestOutputs", "-test.timeout", "3s")
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), "SAMPLE_OUT="+f), env...)
		err := cmd.Run()
		b, _ := os.ReadFile(f)
		status := "ok"
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			status = fmt.Sprint("exit ", exit.ExitCode())
			b = nil // what it wrote before a panic or a time-out is not compared
		} else if err != nil {
			t.Fatal(err)
		}
		return status + ": " + string(b)
	}
	original := runOut(schemata)
	ways := map[way]int{}
	changed := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, m := range p.mutants {
		ways[m.way]++
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			where := fmt.Sprintf("%s:%d:%d %s (%s -> %s)", m.File, m.Line, m.Col, m.Type, m.from, m.to)
			src, err := os.ReadFile(filepath.Join(dir, m.File))
			if err != nil {
				t.Error(err)
				return
			}
			if !strings.HasPrefix(string(src[m.off:]), m.from.String()) {
				t.Errorf("%s: no %s at byte %d", where, m.from, m.off)
				return
			}
			mutated := string(src[:m.off]) + m.to.String() + string(src[m.off+len(m.from.String()):])
			bin := filepath.Join(tmp, fmt.Sprintf("alone%d.test", i))
			_, buildErr := r.build(fmt.Sprintf("alone%d", i), map[string][]byte{filepath.Join(dir, m.File): []byte(mutated)}, bin)
			if m.way == notViable {
				if buildErr == nil {
					t.Errorf("%s: planned as not viable (%s), but it compiles alone", where, m.why)
				}
				return
			}
			if buildErr != nil {
				t.Errorf("%s: does not compile alone, but was planned as %v", where, m.way)
				return
			}
			want := runOut(bin)
			if m.way != bySchemata {
				return
			}
			if want != original {
				mu.Lock()
				changed++
				mu.Unlock()
			} else {
				t.Logf("%s: the sample's output does not show it", where)
			}
			if got := runOut(schemata, fmt.Sprintf("%s=%d", mutantEnv, m.id)); got != want {
				t.Errorf("%s: the schemata computes\n\t%s\nbut the mutant alone computes\n\t%s", where, got, want)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d mutants: %d by schemata, %d alone, %d not viable; %d of those by schemata change the output", len(p.mutants), ways[bySchemata], ways[alone], ways[notViable], changed)
	for _, w := range []way{bySchemata, alone, notViable} {
		if ways[w] == 0 {
			t.Errorf("the sample has no mutant tested by way %d: it no longer exercises the planner", w)
		}
	}
	// A few mutants are equivalent (x >= y where x == y never holds); most
	// must show in the output, or the comparison shows little.
	if changed*10 < ways[bySchemata]*9 {
		t.Errorf("only %d of the %d mutants by schemata change the sample's output: the comparison shows little", changed, ways[bySchemata])
	}
}

// TestPlanRefusesUnknownMutants: a mutant gremlins lists where the package
// has no operator, or with a mutator this tool does not know, stops the
// run rather than being skipped (a skipped mutant would raise efficacy).
func TestPlanRefusesUnknownMutants(t *testing.T) {
	pkg, err := loadPackage("testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	ms := enumerate(pkg)
	for _, bad := range []mutant{
		{File: "sample.go", Line: 1, Col: 1, Type: "CONDITIONALS_NEGATION", Status: "RUNNABLE"},
		{File: ms[0].File, Line: ms[0].Line, Col: ms[0].Col, Type: "INVERT_BITWISE", Status: "RUNNABLE"},
	} {
		if _, err := makePlan(pkg, append(ms[:1:1], bad)); err == nil {
			t.Errorf("makePlan accepted %+v", bad)
		}
	}
	// Not covered mutants are kept as they are, untested.
	p, err := makePlan(pkg, []mutant{{File: "sample.go", Line: 1, Col: 1, Type: "X", Status: "NOT COVERED"}})
	if err != nil || len(p.mutants) != 1 || len(p.files) != 0 {
		t.Errorf("a mutant not covered: plan %+v, %v", p, err)
	}
}
