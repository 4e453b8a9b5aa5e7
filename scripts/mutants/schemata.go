package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
)

// This file tests gremlins' mutants by mutant schemata: instead of one
// build of the test binary per mutant (gremlins' way, about 2.6 s of CPU
// each for check, whose tests link the reference and the SDK), every mutant
// of a package is compiled into one test binary, inactive, and each run of
// that binary activates one of them through the environment variable
// mutantEnv. Gremlins still decides which mutants there are and which the
// tests cover (its dry run); this file only decides how they are run.
//
// A mutant the schemata cannot express (an operator inside a constant
// expression, an increment in a for statement's post statement, a type the
// file cannot name) is applied alone, as gremlins does, with go test
// -overlay: the same change, one build.

// mutantEnv names the mutant a schemata test binary activates: its id, or
// nothing for none.
const mutantEnv = "LAMBDACONF_MUTANT"

// mutantVar is the package-level variable of the schemata that holds the
// active mutant's id; mutantLogic is its helper for && and ||.
const (
	mutantVar   = "lambdaconfMutant"
	mutantLogic = "lambdaconfMutantLogic"
)

// swaps is what each of gremlins' mutators (those mutants uses) makes of a
// token, as gremlins v0.6.0 does (internal/engine/mappings.go).
var swaps = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":       {token.ADD: token.SUB, token.SUB: token.ADD, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL},
	"CONDITIONALS_BOUNDARY": {token.GTR: token.GEQ, token.GEQ: token.GTR, token.LSS: token.LEQ, token.LEQ: token.LSS},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.LEQ: token.GTR, token.GTR: token.LEQ, token.GEQ: token.LSS},
	"INCREMENT_DECREMENT":   {token.INC: token.DEC, token.DEC: token.INC},
	"INVERT_LOGICAL":        {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_NEGATIVES":      {token.SUB: token.ADD},
}

// mutant is one mutant: where its token is (the file's base name, 1-based
// line and byte column, as gremlins reports them), its mutator, and its
// status.
type mutant struct {
	File      string
	Line, Col int
	Type      string
	Status    string
}

// way is how a mutant is tested.
type way int

const (
	bySchemata way = iota // activated in the one schemata binary
	alone                 // applied alone, one build
	notViable             // the mutated code does not compile
)

// planned is a mutant with what the plan made of it.
type planned struct {
	mutant
	id   int         // its id in the schemata (bySchemata), from 1
	way  way         // how it is tested
	to   token.Token // the token it puts in place
	off  int         // byte offset of its token in the file
	from token.Token // the token it replaces
	why  string      // why it is tested alone, or not viable
}

// site is one mutated node of the schemata and its mutants.
type site struct {
	node       ast.Node
	start, end int // byte offsets of the node
	muts       []*planned
}

// plan is the schemata of one package: the mutated text of each file that
// has a mutant, and every mutant with its way.
type plan struct {
	dir     string            // the package's directory, absolute
	pkgName string            // the package's name
	files   map[string][]byte // absolute path -> schemata source
	mutants []*planned
}

// loadPackage type-checks the package in dir (not its tests).
func loadPackage(dir string) (*packages.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  dir,
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, err
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("%s: %d packages, want one", dir, len(pkgs))
	}
	var errs []error
	for _, e := range pkgs[0].Errors {
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("loading %s: %w", dir, errors.Join(errs...))
	}
	return pkgs[0], nil
}

// enumerate lists every mutant the mutators of swaps make in the package,
// with status RUNNABLE: what gremlins' dry run lists, before coverage.
func enumerate(pkg *packages.Package) []mutant {
	var ms []mutant
	for _, f := range pkg.Syntax {
		ast.Inspect(f, func(n ast.Node) bool {
			tok, pos, ok := tokenOf(n)
			if !ok {
				return true
			}
			p := pkg.Fset.Position(pos)
			for _, typ := range sortedTypes() {
				if _, ok := swaps[typ][tok]; ok {
					ms = append(ms, mutant{File: filepath.Base(p.Filename), Line: p.Line, Col: p.Column, Type: typ, Status: "RUNNABLE"})
				}
			}
			return true
		})
	}
	return ms
}

func sortedTypes() []string {
	ts := make([]string, 0, len(swaps))
	for t := range swaps {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// tokenOf returns the token a mutator may change in n, as gremlins finds it.
func tokenOf(n ast.Node) (token.Token, token.Pos, bool) {
	switch n := n.(type) {
	case *ast.BinaryExpr:
		return n.Op, n.OpPos, true
	case *ast.UnaryExpr:
		return n.Op, n.OpPos, true
	case *ast.IncDecStmt:
		return n.Tok, n.TokPos, true
	}
	return 0, 0, false
}

// makePlan builds the schemata of pkg for the mutants ms (those not
// RUNNABLE are kept as they are).
func makePlan(pkg *packages.Package, ms []mutant) (*plan, error) {
	if len(pkg.GoFiles) == 0 {
		return nil, fmt.Errorf("%s has no Go files", pkg.PkgPath)
	}
	p := &plan{dir: filepath.Dir(pkg.GoFiles[0]), pkgName: pkg.Name, files: map[string][]byte{}}
	type key struct {
		file      string
		line, col int
	}
	type found struct {
		node ast.Node
		file *ast.File
		path string
		off  int
	}
	nodes := map[key]found{}
	simple := map[ast.Node]bool{} // statements that must stay simple statements
	for _, f := range pkg.Syntax {
		path := pkg.Fset.Position(f.Pos()).Filename
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ForStmt:
				simple[n.Init], simple[n.Post] = true, true
			case *ast.IfStmt:
				simple[n.Init] = true
			case *ast.SwitchStmt:
				simple[n.Init] = true
			case *ast.TypeSwitchStmt:
				simple[n.Init] = true
			}
			if _, pos, ok := tokenOf(n); ok {
				pp := pkg.Fset.Position(pos)
				nodes[key{filepath.Base(path), pp.Line, pp.Column}] = found{n, f, path, pp.Offset}
			}
			return true
		})
	}
	sites := map[string]map[ast.Node]*site{} // path -> node -> site
	id := 0
	for _, m := range ms {
		pm := &planned{mutant: m}
		p.mutants = append(p.mutants, pm)
		if m.Status != "RUNNABLE" {
			continue
		}
		fd, ok := nodes[key{m.File, m.Line, m.Col}]
		if !ok {
			return nil, fmt.Errorf("gremlins lists a %s mutant at %s:%d:%d, where %s has no operator", m.Type, m.File, m.Line, m.Col, pkg.PkgPath)
		}
		from, _, _ := tokenOf(fd.node)
		to, ok := swaps[m.Type][from]
		if !ok {
			return nil, fmt.Errorf("%s:%d:%d: mutator %s does not apply to %s (this tool knows %s)", m.File, m.Line, m.Col, m.Type, from, strings.Join(sortedTypes(), ", "))
		}
		pm.from, pm.to, pm.off = from, to, fd.off
		pm.way, pm.why = wayOf(pkg.TypesInfo, fd.node, from, simple[fd.node])
		if pm.way == bySchemata && callsAfter(pkg.TypesInfo, fd.file, fd.node) {
			pm.way, pm.why = alone, "an operand read after the statement's later calls: the schemata's closure, a call, would read it before them"
		}
		if e, ok := fd.node.(ast.Expr); ok && pm.way == bySchemata {
			// The switch's closure returns the expression's type: a
			// type the file cannot name is left to a build of its own.
			r := &renderer{info: pkg.TypesInfo, pkg: pkg.Types, file: fd.file}
			if _, err := r.typeOf(e); err != nil {
				pm.way, pm.why = alone, err.Error()
			}
		}
		if pm.way != bySchemata {
			continue
		}
		id++
		pm.id = id
		if sites[fd.path] == nil {
			sites[fd.path] = map[ast.Node]*site{}
		}
		s := sites[fd.path][fd.node]
		if s == nil {
			s = &site{node: fd.node, start: pkg.Fset.Position(fd.node.Pos()).Offset, end: pkg.Fset.Position(fd.node.End()).Offset}
			sites[fd.path][fd.node] = s
		}
		s.muts = append(s.muts, pm)
	}
	for path, byNode := range sites {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var f *ast.File
		for _, sf := range pkg.Syntax {
			if pkg.Fset.Position(sf.Pos()).Filename == path {
				f = sf
			}
		}
		r := &renderer{src: src, info: pkg.TypesInfo, pkg: pkg.Types, file: f}
		for _, s := range byNode {
			r.sites = append(r.sites, s)
		}
		sort.Slice(r.sites, func(i, j int) bool {
			if r.sites[i].start != r.sites[j].start {
				return r.sites[i].start < r.sites[j].start
			}
			return r.sites[i].end > r.sites[j].end
		})
		out, err := r.render(0, len(src))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		p.files[path] = []byte(out)
	}
	return p, nil
}

// wayOf decides how the mutant from -> to of node n is tested.
func wayOf(info *types.Info, n ast.Node, from token.Token, simple bool) (way, string) {
	if callsRecover(n) {
		return alone, "recover must stay called by the deferred function itself, not by a schemata's closure"
	}
	switch n := n.(type) {
	case *ast.IncDecStmt:
		if simple {
			return alone, "a simple statement (for, if or switch header) cannot hold the schemata's switch"
		}
		return bySchemata, ""
	case *ast.BinaryExpr, *ast.UnaryExpr:
		e := n.(ast.Expr)
		tv := info.Types[e]
		if tv.Value != nil {
			return alone, "a constant expression, which may be in a constant's context"
		}
		if b, ok := n.(*ast.BinaryExpr); ok && from == token.ADD {
			if bt, ok := info.Types[b.X].Type.Underlying().(*types.Basic); ok && bt.Info()&types.IsString != 0 {
				return notViable, "- on strings does not compile"
			}
		}
		return bySchemata, ""
	}
	return alone, "not an expression or statement the schemata knows"
}

// callsRecover reports whether n calls the built-in recover.
func callsRecover(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "recover" {
				found = true
			}
		}
		return !found
	})
	return found
}

// renderer writes one file of the schemata.
type renderer struct {
	src   []byte
	info  *types.Info
	pkg   *types.Package
	file  *ast.File
	sites []*site // by start, outer before inner
}

// render returns src[from:to] with each site in it replaced by its schemata.
func (r *renderer) render(from, to int) (string, error) {
	var b strings.Builder
	pos := from
	for _, s := range r.sites {
		if s.start < pos || s.end > to {
			continue // before the range, inside a site already rendered, or after
		}
		b.Write(r.src[pos:s.start])
		text, err := r.site(s)
		if err != nil {
			return "", err
		}
		b.WriteString(text)
		pos = s.end
	}
	b.Write(r.src[pos:to])
	return b.String(), nil
}

func (r *renderer) text(n ast.Node) (string, error) {
	return r.render(r.off(n.Pos()), r.off(n.End()))
}

func (r *renderer) off(p token.Pos) int { return int(p - r.file.FileStart) }

// site renders one mutated node: the original and each mutant as a case
// of a switch on the active mutant, each evaluating the operands once.
func (r *renderer) site(s *site) (string, error) {
	switch n := s.node.(type) {
	case *ast.IncDecStmt:
		x, err := r.text(n.X)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		b.WriteString("switch " + mutantVar + " {")
		for _, m := range s.muts {
			fmt.Fprintf(&b, " case %d: %s%s;", m.id, x, m.to)
		}
		fmt.Fprintf(&b, " default: %s%s }", x, n.Tok)
		return b.String(), nil
	case *ast.BinaryExpr:
		x, err := r.text(n.X)
		if err != nil {
			return "", err
		}
		y, err := r.text(n.Y)
		if err != nil {
			return "", err
		}
		if (n.Op == token.LAND || n.Op == token.LOR) && len(s.muts) == 1 && r.isBool(n.X) && r.isBool(n.Y) && r.isBool(n) {
			// Lazy operands: no copy of either, and short-circuit kept.
			return fmt.Sprintf("%s(%d, %t, func() bool { return %s }, func() bool { return %s })",
				mutantLogic, s.muts[0].id, n.Op == token.LAND, x, y), nil
		}
		return r.choose(n, s.muts, n.Op, func(op token.Token) string { return fmt.Sprintf("(%s) %s (%s)", x, op, y) })
	case *ast.UnaryExpr:
		x, err := r.text(n.X)
		if err != nil {
			return "", err
		}
		return r.choose(n, s.muts, n.Op, func(op token.Token) string { return fmt.Sprintf("%s(%s)", op, x) })
	}
	return "", fmt.Errorf("no schemata for %T", s.node)
}

// choose renders e as a closure of e's type that returns form(m.to) when
// mutant m is active, and form(orig) when none of muts is.
func (r *renderer) choose(e ast.Expr, muts []*planned, orig token.Token, form func(token.Token) string) (string, error) {
	typ, err := r.typeOf(e)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "func() %s { switch %s {", typ, mutantVar)
	for _, m := range muts {
		fmt.Fprintf(&b, " case %d: return %s;", m.id, form(m.to))
	}
	fmt.Fprintf(&b, " }; return %s }()", form(orig))
	return b.String(), nil
}

func (r *renderer) isBool(e ast.Expr) bool {
	t := r.info.Types[e].Type
	b, ok := t.(*types.Basic)
	return ok && (b.Kind() == types.Bool || b.Kind() == types.UntypedBool)
}

// typeOf names the type of e as the file can write it.
func (r *renderer) typeOf(e ast.Expr) (string, error) {
	t := r.info.Types[e].Type
	if t == nil {
		return "", fmt.Errorf("no type for the expression at offset %d", r.off(e.Pos()))
	}
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		switch b.Kind() {
		case types.UntypedBool:
			return "bool", nil
		}
		return "", fmt.Errorf("the expression at offset %d is untyped (%s)", r.off(e.Pos()), b)
	}
	names := map[string]string{} // package path -> name in this file
	for _, im := range r.file.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		name := ""
		if im.Name != nil {
			name = im.Name.Name
		} else if pn, ok := r.info.Implicits[im].(*types.PkgName); ok {
			name = pn.Name()
		}
		names[path] = name
	}
	var missing error
	s := types.TypeString(t, func(p *types.Package) string {
		if p == r.pkg {
			return ""
		}
		n, ok := names[p.Path()]
		if !ok || n == "" || n == "_" || n == "." {
			missing = fmt.Errorf("type %s: the file does not import %s by name", t, p.Path())
		}
		return n
	})
	return s, missing
}

// helperSource is the file the schemata adds to the package.
func helperSource(pkgName string) []byte {
	return []byte(fmt.Sprintf(`package %s

import (
	"os"
	"strconv"
)

// %[2]s is the id of the active mutant (environment variable %[3]s), 0 for none.
var %[2]s = func() int { n, _ := strconv.Atoi(os.Getenv(%[3]q)); return n }()

// %[4]s is x && y (and) or x || y, with && and || swapped when mutant id is active.
func %[4]s(id int, and bool, x, y func() bool) bool {
	if %[2]s == id {
		and = !and
	}
	if and {
		return x() && y()
	}
	return x() || y()
}
`, pkgName, mutantVar, mutantEnv, mutantLogic))
}

// runner builds and runs a plan's test binaries.
type runner struct {
	ctx     context.Context // its end kills every run
	plan    *plan
	tmp     string
	timeout time.Duration // per run of the tests
	goflags string
}

// build compiles the package's test binary with the overlay files (absolute
// path -> content) to out. It returns the compiler's output on failure.
func (r *runner) build(name string, files map[string][]byte, out string) (string, error) {
	replace := map[string]string{}
	for path, content := range files {
		f := filepath.Join(r.tmp, fmt.Sprintf("%s-%d.go", name, len(replace)))
		if err := os.WriteFile(f, content, 0o644); err != nil {
			return "", err
		}
		replace[path] = f
	}
	ov, _ := json.Marshal(map[string]any{"Replace": replace})
	ovFile := filepath.Join(r.tmp, name+"-overlay.json")
	if err := os.WriteFile(ovFile, ov, 0o644); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(r.ctx, "go", "test", "-c", "-o", out, "-overlay", ovFile, ".")
	cmd.Dir = r.plan.dir
	cmd.Env = append(os.Environ(), "GOFLAGS="+r.goflags)
	b, err := cmd.CombinedOutput()
	return string(b), err
}

// outcome is what one run of a test binary showed.
type outcome string

const (
	killed   outcome = "KILLED"
	lived    outcome = "LIVED"
	timedOut outcome = "TIMED OUT"
)

// run runs the test binary bin in the package's directory with the extra
// environment, within the runner's timeout.
func (r *runner) run(bin string, env ...string) (outcome, time.Duration, error) {
	ctx, cancel := context.WithTimeout(r.ctx, r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.short", "-test.failfast", "-test.timeout", (r.timeout + 5*time.Second).String())
	cmd.Dir = r.plan.dir
	cmd.Env = append(os.Environ(), env...)
	// The tests may start processes of their own: the whole group goes.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	began := time.Now()
	err := cmd.Run()
	took := time.Since(began)
	switch {
	case r.ctx.Err() != nil:
		return "", took, r.ctx.Err()
	case ctx.Err() != nil:
		return timedOut, took, nil
	case err == nil:
		return lived, took, nil
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return killed, took, nil
	}
	return "", took, err
}

// runSchemata tests the mutants ms of the package in dir by schemata, with
// workers runs at once; each run's timeout is coefficient times the
// unmutated run's time (at least 10 s). It returns the mutants with their
// statuses (gremlins' names).
func runSchemata(ctx context.Context, dir string, ms []mutant, workers, coefficient int) ([]mutant, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	pkg, err := loadPackage(abs)
	if err != nil {
		return nil, err
	}
	p, err := makePlan(pkg, ms)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "lambdaconf-schemata-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	r := &runner{ctx: ctx, plan: p, tmp: tmp, timeout: time.Hour, goflags: "-vet=off -ldflags=-w"}
	files := map[string][]byte{filepath.Join(p.dir, "zz_lambdaconf_schemata.go"): helperSource(p.pkgName)}
	for path, src := range p.files {
		files[path] = src
	}
	bin := filepath.Join(tmp, "schemata.test")
	if out, err := r.build("schemata", files, bin); err != nil {
		return nil, fmt.Errorf("the schemata of %s does not compile (a mutant this tool should have tested alone): %v\n%s", dir, err, out)
	}
	status, took, err := r.run(bin)
	if err != nil || status != lived {
		return nil, fmt.Errorf("the tests of %s fail with no mutant active (%s, %v): fix them first", dir, status, err)
	}
	r.timeout = max(time.Duration(coefficient)*took, 10*time.Second)

	out := make([]mutant, len(p.mutants))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	sem := make(chan struct{}, max(workers, 1))
	for i, m := range p.mutants {
		out[i] = m.mutant
		if m.Status != "RUNNABLE" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			st, err := r.test(bin, i, m)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("%s:%d:%d %s: %w", m.File, m.Line, m.Col, m.Type, err))
				return
			}
			out[i].Status = st
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// test tests one mutant and returns its status.
func (r *runner) test(schemata string, i int, m *planned) (string, error) {
	switch m.way {
	case notViable:
		return "NOT VIABLE", nil
	case bySchemata:
		st, _, err := r.run(schemata, fmt.Sprintf("%s=%d", mutantEnv, m.id))
		return string(st), err
	}
	path := filepath.Join(r.plan.dir, m.File)
	src, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	old := m.from.String()
	if !bytes.HasPrefix(src[m.off:], []byte(old)) {
		return "", fmt.Errorf("no %s at byte %d", old, m.off)
	}
	mutated := append(append(append([]byte{}, src[:m.off]...), m.to.String()...), src[m.off+len(old):]...)
	bin := filepath.Join(r.tmp, fmt.Sprintf("alone%d.test", i))
	defer os.Remove(bin)
	if _, err := r.build(fmt.Sprintf("alone%d", i), map[string][]byte{path: mutated}, bin); err != nil {
		return "NOT VIABLE", nil
	}
	st, _, err := r.run(bin)
	return string(st), err
}

// callsAfter reports whether the schemata would move the evaluation of n,
// an expression with no call of its own, before a call (or a receive) that
// follows it in its statement. Go evaluates a statement's calls in order
// but leaves its other operands unordered, and gc reads them after every
// call: in counter*2 + bump(), counter is read once bump has run. The
// schemata's closure is a call, so it would read counter first. Calls in
// the right operand of an && or || whose left operand holds n run after n
// in either form, and are not counted; nor are conversions, calls of the
// side-effect-free built-ins, and calls inside function literals.
func callsAfter(info *types.Info, f *ast.File, n ast.Node) bool {
	if _, ok := n.(ast.Expr); !ok || hasEffect(info, n, nil, token.NoPos) {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(f, n.Pos(), n.End())
	var scope ast.Node
	for _, p := range path {
		switch p.(type) {
		case ast.Expr, *ast.AssignStmt, *ast.ReturnStmt, *ast.ExprStmt, *ast.SendStmt,
			*ast.DeferStmt, *ast.GoStmt, *ast.ValueSpec, *ast.GenDecl, *ast.DeclStmt:
			scope = p
			continue
		}
		break
	}
	if scope == nil || private(info, path, n) {
		return false
	}
	// Right operands of && and || that n's side of them precedes.
	after := map[ast.Node]bool{}
	for _, p := range path {
		if b, ok := p.(*ast.BinaryExpr); ok && (b.Op == token.LAND || b.Op == token.LOR) && b.X.Pos() <= n.Pos() && n.End() <= b.X.End() {
			after[b.Y] = true
		}
	}
	return hasEffect(info, scope, func(c ast.Node) bool { return after[c] }, n.End())
}

// hasEffect reports whether n holds a call or receive at or after pos (a
// conversion, a call of a side-effect-free built-in, and anything inside a
// function literal or a subtree skip accepts do not count).
func hasEffect(info *types.Info, n ast.Node, skip func(ast.Node) bool, pos token.Pos) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if found || c == nil || (skip != nil && skip(c)) {
			return false
		}
		switch c := c.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = c.Op == token.ARROW && c.Pos() >= pos
		case *ast.CallExpr:
			if c.Pos() < pos {
				return true
			}
			if tv, ok := info.Types[c.Fun]; ok && tv.IsType() {
				return true
			}
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					switch b.Name() {
					case "len", "cap", "min", "max", "real", "imag", "complex", "make", "new", "append":
						return true
					}
				}
			}
			found = true
		}
		return !found
	})
	return found
}

// private reports whether n reads only what no call can change: constants,
// and local variables of its function (path leads from n to the file)
// whose address is never taken and that no function literal captures.
// Package variables, fields through pointers, elements of slices and maps,
// and dereferences may be changed by any call.
func private(info *types.Info, path []ast.Node, n ast.Node) bool {
	var fn ast.Node
	for _, p := range path {
		if d, ok := p.(*ast.FuncDecl); ok {
			fn = d
		}
	}
	if fn == nil {
		return false
	}
	ok := true
	ast.Inspect(n, func(c ast.Node) bool {
		if !ok || c == nil {
			return false
		}
		switch c := c.(type) {
		case *ast.StarExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr:
			ok = false
		case *ast.SelectorExpr:
			sel := info.Selections[c]
			if sel == nil { // a qualified identifier: a package's variable or constant
				_, isConst := info.Uses[c.Sel].(*types.Const)
				ok = isConst
				return false
			}
			if sel.Kind() != types.FieldVal || sel.Indirect() {
				ok = false
			}
			if _, ptr := info.Types[c.X].Type.Underlying().(*types.Pointer); ptr {
				ok = false
			}
		case *ast.Ident:
			v, isVar := info.Uses[c].(*types.Var)
			if isVar && !v.IsField() && (v.Parent() == nil || v.Parent() == v.Pkg().Scope() || shared(info, fn, v)) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// shared reports whether fn takes v's address (also by calling a method
// with a pointer receiver on it) or captures v in a function literal.
func shared(info *types.Info, fn ast.Node, v *types.Var) bool {
	found := false
	var inLit func(n ast.Node) bool
	inLit = func(n ast.Node) bool {
		ast.Inspect(n, func(c ast.Node) bool {
			if id, ok := c.(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
			return !found
		})
		return found
	}
	ast.Inspect(fn, func(c ast.Node) bool {
		if found || c == nil {
			return false
		}
		switch c := c.(type) {
		case *ast.FuncLit:
			inLit(c)
			return false
		case *ast.UnaryExpr:
			if c.Op == token.AND && inLit(c.X) {
				return false
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[c]; sel != nil && sel.Kind() != types.FieldVal {
				if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
					if _, ptr := sig.Recv().Type().Underlying().(*types.Pointer); ptr && inLit(c.X) {
						return false
					}
				}
			}
		}
		return true
	})
	return found
}
