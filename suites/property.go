package suites

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
)

// stateClauses are reported only by specs that compare several calls.
var stateClauses = map[spec.ClauseID]bool{
	spec.Throttled: true, spec.CodeStorage: true, spec.ConflictInProgress: true, spec.ServiceFault: true,
	spec.CodeVisible: true, spec.PublishMonotonic: true, spec.DryRunUnchanged: true, spec.RevisionChanges: true,
	spec.HashReupload: true,
}

// requestClauses labels a property over single requests: every clause one
// request and its answer can show broken.
func requestClauses() Labels {
	var ids []spec.ClauseID
	for _, c := range spec.All() {
		if !stateClauses[c.ID] {
			ids = append(ids, c.ID)
		}
	}
	return labels(ids...)
}

var _ = Describe("Properties", Label("property"), func() {
	var env check.Env
	BeforeEach(func(ctx SpecContext) { env = newEnv(ctx) })

	DescribeTable("every drawn request is answered as the catalogue prescribes",
		func(ctx SpecContext, draw func(generators.Env) *rapid.Generator[generators.Case]) {
			gen := draw(env.Gen)
			property(env, &drawBudget{ctx: ctx, checks: rapidChecks()}, func(t *rapid.T, env check.Env, fail func(*generators.Case, error)) {
				c := gen.Draw(t, "case")
				fail(&c, check.Outcome(ctx, env, c))
			})
		},
		Entry("valid requests", generators.ValidRequests, requestClauses()),
		Entry("invalid requests", generators.InvalidRequests, requestClauses()),
		Entry("any request", generators.Requests, requestClauses()),
	)

	It("keeps the function's state as a model of updates, publishes and reads predicts",
		Label("stateful"), reportable(spec.CodeVisible, spec.PublishMonotonic, spec.RevisionChanges, spec.HashReupload),
		func(ctx SpecContext) {
			// Each check creates a function of its own (see stateful).
			run := fixtures.NewRun(tgt, shared.Prefix)
			DeferCleanup(func(ctx SpecContext) error { return run.Cleanup(ctx) }, NodeTimeout(2*time.Minute))
			fitSteps(ctx, env)
			b := &drawBudget{ctx: ctx, checks: rapidChecks(), deadline: time.Now().Add(statefulBudget)}
			property(env, b, stateful(ctx, run, b, func() string {
				return fmt.Sprintf("%sp%d-sm%d", shared.Prefix, process(), fixtureCount.Add(1))
			}))
		})
})

// statefulBudget is the time the stateful property aims to take against
// an endpoint whose updates are slow, as AWS's are, and the most it takes:
// it stops within the step in flight when the time is spent.
const statefulBudget = 5 * time.Minute

// stateful returns the stateful spec's property. Each draw creates a
// function of its own through run, named by name (on one shared function
// the versions would pile up over the run, and every
// ListVersionsByFunction would cost more than the last), then runs rapid's
// state machine of updates, publishes and reads on it, comparing the
// endpoint with the model after every step. It calls b.act before each
// step, so that the property stops as soon as b is over.
func stateful(ctx context.Context, run *fixtures.Run, b *drawBudget, name func() string) func(t *rapid.T, env check.Env, fail func(*generators.Case, error)) {
	return func(t *rapid.T, env check.Env, fail func(*generators.Case, error)) {
		b.act()
		fnName := name()
		fn, err := run.Function(ctx, fnName, check.Zip("index.py", "# state machine start\n"), fixtures.FunctionOptions{})
		if err != nil {
			b.act()
			t.Fatalf("creating the function %s for this check: %v", fnName, err)
		}
		env.Gen.Function = fn.Name
		b.act()
		m := newModel(ctx, t, env, fail)
		step := func(f func(t *rapid.T)) func(t *rapid.T) {
			return func(t *rapid.T) { b.act(); f(t) }
		}
		t.Repeat(map[string]func(*rapid.T){
			"":            step(func(t *rapid.T) { fail(nil, m.invariant(ctx)) }),
			"update":      step(func(t *rapid.T) { m.update(ctx, t, false) }),
			"update-s3":   step(func(t *rapid.T) { m.update(ctx, t, true) }),
			"publish":     step(func(t *rapid.T) { m.publish(ctx) }),
			"get":         step(func(t *rapid.T) { fail(nil, check.CodeVisible(ctx, env, m.env.Gen.Function, m.code)) }),
			"update-same": step(func(t *rapid.T) { m.updateSame(ctx, t) }),
		})
	}
}

// fitSteps shortens the stateful property's runs of actions (rapid's
// -rapid.steps, 30 by default) when an update of env's function, with the
// wait for it to finish, takes so long that the default would run for far
// longer than statefulBudget: against an endpoint whose updates take 2 s,
// 25 checks of 30 steps each take about 25 minutes. A -rapid.steps flag or
// RAPID_STEPS the user set is kept. The setting is restored when the spec
// ends.
func fitSteps(ctx context.Context, env check.Env) {
	GinkgoHelper()
	if flagSet("rapid.steps") || os.Getenv("RAPID_STEPS") != "" {
		return
	}
	code := check.Zip("index.py", "# timing an update\n")
	quiet := env
	quiet.Evaluated = nil
	start := time.Now()
	if _, err := check.Update(ctx, quiet, spec.HashInline, request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, code); err != nil {
		return // the property reports what is wrong with updates
	}
	perUpdate := time.Since(start)
	checks := 25
	if f := flag.Lookup("rapid.checks"); f != nil {
		if n, err := strconv.Atoi(f.Value.String()); err == nil && n > 0 {
			checks = n
		}
	}
	// About two actions in three change the function, and each check
	// starts with an update of its own.
	steps := int(statefulBudget / (time.Duration(checks) * perUpdate) * 3 / 2)
	if steps >= 30 {
		return
	}
	steps = max(steps, 5)
	old := flag.Lookup("rapid.steps").Value.String()
	Expect(flag.Set("rapid.steps", strconv.Itoa(steps))).To(Succeed())
	DeferCleanup(func() { _ = flag.Set("rapid.steps", old) })
	GinkgoWriter.Printf("an update takes %v with the wait for it to finish: %d steps per check instead of 30, to stay near %v\n", perUpdate.Round(time.Millisecond), steps, statefulBudget)
}

// model is what the endpoint's state must be after the calls so far: the
// code of $LATEST, the published versions with their hashes, and the
// revision the last update produced.
type model struct {
	env      check.Env
	fail     func(*generators.Case, error)
	code     []byte
	versions []int
	hashes   map[int]string
	revision string
	n        int
	// dirty reports an update since the last publish, which makes
	// PublishVersion create a version even when the code is the same
	// (docs/spec/aws.md#publish-and-versions, test_update_function_zip).
	dirty bool
}

func newModel(ctx context.Context, t *rapid.T, env check.Env, fail func(*generators.Case, error)) *model {
	m := &model{env: env, fail: fail, hashes: map[int]string{}}
	fn, err := check.Get(ctx, env, spec.CodeVisible, env.Gen.Function)
	fail(nil, err)
	versions, err := check.Versions(ctx, env, spec.PublishMonotonic, env.Gen.Function)
	fail(nil, err)
	m.versions, m.revision = versions, fn.RevisionID
	// The starting code is unknown as bytes; start from a known upload.
	m.code = check.Zip("index.py", fmt.Sprintf("# model start %d\n", rapid.IntRange(0, 1<<30).Draw(t, "start")))
	m.send(ctx, request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: m.code}, m.code)
	return m
}

// send performs an update the model expects to succeed and updates the
// model from it. Of the clauses the update's checks evaluated it records
// those about state, the ones whose findings it reports.
func (m *model) send(ctx context.Context, r request.UpdateFunctionCode, code []byte) map[string]any {
	c := valid(r, code)
	env := m.env
	env.Evaluated = &check.Evaluated{}
	cfg, err := check.Update(ctx, env, check.Exercised(m.env.Profile, c), r, code)
	for _, id := range env.Evaluated.Clauses() {
		if aboutState(id) {
			m.env.Evaluated.Add(id)
		}
	}
	if cfg == nil {
		m.fail(&c, err)
	}
	m.fail(&c, stateFindings(err))
	m.code = code
	publish := r.Publish != nil && *r.Publish
	if publish {
		next := 1
		if len(m.versions) > 0 {
			next = m.versions[len(m.versions)-1] + 1
		}
		m.env.Evaluated.Add(spec.PublishMonotonic)
		if v, _ := cfg["Version"].(string); v != strconv.Itoa(next) {
			m.fail(&c, &finding.Finding{Clause: spec.PublishMonotonic, Summary: "Publish did not create the next version",
				Expected: "Version " + strconv.Itoa(next), Got: fmt.Sprintf("Version %q", v), Input: r.String()})
		}
		m.versions = append(m.versions, next)
		m.hashes[next] = check.Sha256(code)
	}
	m.dirty = !publish
	if spec.MustLookup(spec.RevisionChanges).In(m.env.Profile) {
		m.env.Evaluated.Add(spec.RevisionChanges)
		rev, _ := cfg["RevisionId"].(string)
		if rev == "" || rev == m.revision {
			m.fail(&c, &finding.Finding{Clause: spec.RevisionChanges, Summary: "the update did not change the RevisionId",
				Expected: "a RevisionId other than " + strconv.Quote(m.revision), Got: strconv.Quote(rev), Input: r.String()})
		}
		m.revision = rev
	}
	return cfg
}

func (m *model) update(ctx context.Context, t *rapid.T, fromS3 bool) {
	publish := rapid.Bool().Draw(t, "publish")
	if fromS3 {
		r := s3(m.env.Gen.Bucket, m.env.Gen.Key)
		r.FunctionName, r.Publish = m.env.Gen.Function, aws.Bool(publish)
		m.send(ctx, r, m.env.Gen.KeyZip)
		return
	}
	m.n++
	code := check.Zip("index.py", fmt.Sprintf("# step %d: %d\n", m.n, rapid.IntRange(0, 3).Draw(t, "variant")))
	m.send(ctx, request.UpdateFunctionCode{FunctionName: m.env.Gen.Function, ZipFile: code, Publish: aws.Bool(publish)}, code)
}

func (m *model) updateSame(ctx context.Context, t *rapid.T) {
	before := check.Sha256(m.code)
	cfg := m.send(ctx, request.UpdateFunctionCode{FunctionName: m.env.Gen.Function, ZipFile: m.code}, m.code)
	m.env.Evaluated.Add(spec.HashReupload)
	if got, _ := cfg["CodeSha256"].(string); got != before {
		m.fail(nil, &finding.Finding{Clause: spec.HashReupload, Summary: "identical code got another CodeSha256",
			Expected: before, Got: got})
	}
}

// publish calls PublishVersion: it creates a version when $LATEST was
// updated since the last publish, and returns the newest version otherwise.
func (m *model) publish(ctx context.Context) {
	out, err := m.env.Target.Lambda.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(m.env.Gen.Function)})
	if err != nil {
		m.fail(nil, &finding.Finding{Clause: spec.PublishMonotonic, Summary: "PublishVersion failed on an existing function",
			Expected: "a version", Got: err.Error()})
	}
	want := 1
	if n := len(m.versions); n > 0 {
		want = m.versions[n-1]
		if m.dirty {
			want++
		}
	}
	m.env.Evaluated.Add(spec.PublishMonotonic)
	got := aws.ToString(out.Version)
	if got != strconv.Itoa(want) {
		m.fail(nil, &finding.Finding{Clause: spec.PublishMonotonic,
			Summary:  "PublishVersion did not answer the version the updates so far imply",
			Expected: "Version " + strconv.Itoa(want), Got: strconv.Quote(got)})
	}
	if len(m.versions) == 0 || m.versions[len(m.versions)-1] != want {
		m.versions = append(m.versions, want)
	}
	m.hashes[want] = check.Sha256(m.code)
	m.dirty = false
	m.revision = aws.ToString(out.RevisionId)
	if fn, err := check.Get(ctx, m.env, spec.RevisionChanges, m.env.Gen.Function); err == nil {
		m.revision = fn.RevisionID
	}
}

// invariant compares the endpoint with the model after every step.
func (m *model) invariant(ctx context.Context) error {
	if err := check.CodeVisible(ctx, m.env, m.env.Gen.Function, m.code); err != nil {
		return err
	}
	got, err := check.Versions(ctx, m.env, spec.PublishMonotonic, m.env.Gen.Function)
	if err != nil {
		return err
	}
	m.env.Evaluated.Add(spec.PublishMonotonic)
	if fmt.Sprint(got) != fmt.Sprint(m.versions) {
		return &finding.Finding{Clause: spec.PublishMonotonic, Summary: "ListVersionsByFunction does not list the versions published so far",
			Expected: fmt.Sprint(m.versions), Got: fmt.Sprint(got)}
	}
	if n := len(m.versions); n > 0 {
		newest := m.versions[n-1]
		want, known := m.hashes[newest]
		if !known {
			return nil
		}
		out, err := m.env.Target.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(m.env.Gen.Function), Qualifier: aws.String(strconv.Itoa(newest))})
		if err != nil {
			return &finding.Finding{Clause: spec.PublishVersion, Summary: "GetFunction on a published version failed",
				Expected: "version " + strconv.Itoa(newest), Got: err.Error()}
		}
		m.env.Evaluated.Add(spec.PublishVersion)
		if got := aws.ToString(out.Configuration.CodeSha256); got != want {
			return &finding.Finding{Clause: spec.PublishVersion, Summary: "a published version does not keep the code it was published with",
				Expected: fmt.Sprintf("version %d with CodeSha256 %s", newest, want), Got: "CodeSha256 " + got}
		}
	}
	return nil
}

// stateFindings keeps the findings of err about state: the schema and the
// wire format of each answer have specs of their own, and a divergence
// there must not hide what the model is for.
func stateFindings(err error) error {
	var keep []*finding.Finding
	for _, f := range check.Findings(err) {
		if aboutState(f.Clause) {
			keep = append(keep, f)
		}
	}
	return joinFindings(keep)
}

// aboutState reports whether the model reports findings of clause id: any
// clause outside the schema and wire-format areas.
func aboutState(id spec.ClauseID) bool {
	c, ok := spec.Lookup(id)
	return !ok || (c.Area != spec.AreaSchema && c.Area != spec.AreaWire)
}
