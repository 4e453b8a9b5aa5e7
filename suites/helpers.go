package suites

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// labels turns clause IDs into Ginkgo labels, with the retired IDs each
// clause keeps as aliases, so that a label filter that names an old ID
// still selects its specs.
func labels(ids ...spec.ClauseID) Labels {
	out := make(Labels, 0, len(ids))
	for _, id := range ids {
		out = append(out, string(id))
		for _, alias := range spec.Aliases(id) {
			out = append(out, string(alias))
		}
	}
	return out
}

// wireClauses are the clauses any spec that sends UpdateFunctionCode can
// report about the answer's format.
var wireClauses = []spec.ClauseID{spec.WireErrorType, spec.WireErrorMessage, spec.WireTypeUser,
	spec.WireMessageCase, spec.WireContentType, spec.WireRequestID}

// schemaClauses are the clauses check.Schema can report.
var schemaClauses = []spec.ClauseID{spec.SchemaFunctionArn, spec.SchemaFunctionName, spec.SchemaLastModified,
	spec.SchemaVersion, spec.SchemaCodeSha256, spec.SchemaMemorySize, spec.SchemaTimeout, spec.SchemaRuntime,
	spec.SchemaHandler, spec.SchemaRole, spec.SchemaDescription, spec.SchemaEnums, spec.SchemaRevisionID}

// successClauses are the clauses check.Success can report, and
// UPDATE-SETTLES, which the wait after every accepted update can.
var successClauses = append(append([]spec.ClauseID{spec.HashInline, spec.HashS3, spec.SizeInline, spec.SizeS3,
	spec.VersionSelects, spec.PublishLatest, spec.PublishVersion, spec.ArchApplies, spec.WireStatus, spec.UpdateSettles}, schemaClauses...), wireClauses...)

// reportable returns labels for ids plus the clauses a success check can
// report, since every check that updates the function verifies the answer.
func reportable(ids ...spec.ClauseID) Labels {
	return labels(append(append([]spec.ClauseID{}, ids...), successClauses...)...)
}

// requireProfile skips the spec when none of ids belongs to the profile
// under test, saying why.
func requireProfile(ids ...spec.ClauseID) {
	for _, id := range ids {
		if spec.MustLookup(id).In(profile) {
			return
		}
	}
	Skip(fmt.Sprintf("%v belongs to no clause of the %q profile under test (set LAMBDACONF_PROFILE to test it)", ids, profile))
}

var fixtureCount atomic.Int64

// newEnv creates the fixtures of one spec on the endpoint under test (see
// check.Setup). They are deleted when the spec ends, whether it passes,
// fails or is interrupted; with LAMBDACONF_KEEP_FAILED=1 a failed spec's
// fixtures stay, so that its curl reproducers can be run by hand.
func newEnv(ctx context.Context) check.Env {
	return newEnvOn(ctx, tgt, true)
}

// newEnvOn is newEnv for another target, such as a dedicated reference,
// whose fixtures need no cleanup when it is thrown away whole. The Env
// records the clauses the spec's checks evaluate, which the spec's report
// carries when it ends (see attachEvaluated).
func newEnvOn(ctx context.Context, t *target.Target, cleanup bool) check.Env {
	GinkgoHelper()
	ev := &check.Evaluated{}
	DeferCleanup(func() { attachEvaluated(ev) })
	r := fixtures.NewRun(t, shared.Prefix)
	if cleanup {
		DeferCleanup(func(ctx SpecContext) {
			if os.Getenv("LAMBDACONF_KEEP_FAILED") == "1" && CurrentSpecReport().Failed() {
				GinkgoWriter.Printf("LAMBDACONF_KEEP_FAILED=1: keeping the fixtures under %s so that the reproducers work; 'lambdaconf sweep' deletes them\n", r.Prefix)
				return
			}
			Expect(r.Cleanup(ctx)).To(Succeed(), "deleting the spec's fixtures")
		}, NodeTimeout(2*time.Minute))
	}
	id := fmt.Sprintf("%sp%d-%d", shared.Prefix, process(), fixtureCount.Add(1))
	g, err := check.Setup(ctx, r, id, profile)
	if err != nil {
		specSetupFailed(err)
	}
	return check.Env{Target: t, Gen: g, Profile: profile, Evaluated: ev}
}

// specSetupFailed stops the spec because its set-up failed before any check:
// the entry finding.SetupEntryName gives it the verdict "could not test
// (set-up)", which never passes, fails or meets an expectation.
func specSetupFailed(err error) {
	GinkgoHelper()
	AddReportEntry(finding.SetupEntryName, err.Error(), ReportEntryVisibilityNever)
	Fail("could not test (set-up): " + err.Error())
}

// attachEvaluated attaches the clauses in ev to the current spec's report,
// as the entry finding.EvaluatedEntryName: a JSON array of clause IDs,
// empty when the spec stopped before any check. It runs when the spec
// ends, passed or failed, so that the matrix can tell a clause that was
// checked and held from one that no check reached.
func attachEvaluated(ev *check.Evaluated) {
	ids := ev.Clauses()
	if ids == nil {
		ids = []spec.ClauseID{}
	}
	AddReportEntry(finding.EvaluatedEntryName, ids, ReportEntryVisibilityNever)
}

// requireVersions skips the spec when the endpoint offers no versioned
// bucket.
func requireVersions(env check.Env) {
	if len(env.Gen.Versions) < 2 {
		Skip("the endpoint did not create a versioned S3 object, so S3ObjectVersion cannot be exercised")
	}
}

// report fails the spec with every finding in err, after attaching each to
// the report and writing the case file that replays it.
func report(env check.Env, c *generators.Case, seed string, err error) {
	GinkgoHelper()
	if err == nil {
		return
	}
	var errs []error
	for _, f := range check.Findings(err) {
		errs = append(errs, recordFinding(env, c, seed, f))
	}
	failWith(errs)
}

// recordFinding completes f with the focus that reruns the spec, the seed
// and the case file it writes for c (when not nil), attaches it to the
// report and returns it.
func recordFinding(env check.Env, c *generators.Case, seed string, f *finding.Finding) error {
	f.Focus = regexp.QuoteMeta(CurrentSpecReport().FullText())
	if seed != "" {
		f.Seed = seed
	}
	if c != nil {
		if path, werr := writeCase(env, *c, f); werr == nil {
			f.Seed = strings.TrimSpace(f.Seed + " case file " + path)
		} else {
			GinkgoWriter.Printf("could not write the case file: %v\n", werr)
		}
	}
	AddReportEntry(finding.ReportEntryName, f)
	return f
}

// failWith fails the spec once with every finding's message and the focus
// that reruns it.
func failWith(fs []error) {
	GinkgoHelper()
	msgs := make([]string, len(fs))
	for i, f := range fs {
		msgs[i] = f.Error()
	}
	focus := regexp.QuoteMeta(CurrentSpecReport().FullText())
	Fail(strings.Join(msgs, "\n\n") + fmt.Sprintf("\n\nrerun: lambdaconf run -focus %q", focus))
}

// expectations returns the expectations file the run was given
// (LAMBDACONF_EXPECTATIONS), read once per process; nil without one.
var expectations = sync.OnceValue(func() *reports.Expectations {
	path := os.Getenv("LAMBDACONF_EXPECTATIONS")
	if path == "" {
		return nil
	}
	x, err := reports.LoadExpectations(path)
	if err != nil {
		// The runner read the same file before the specs started; a
		// file that went bad since then expects nothing.
		GinkgoWriter.Printf("LAMBDACONF_EXPECTATIONS: %v\n", err)
		return nil
	}
	return x
})

// writeCase writes the case behind f under REPORT_DIR/cases, for
// lambdaconf replay, and returns its path.
func writeCase(env check.Env, c generators.Case, f *finding.Finding) (string, error) {
	dir := os.Getenv("REPORT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "lambdaconf-reports")
	}
	rec := check.Record{Profile: env.Profile, Gen: env.Gen, Case: c, Finding: f}
	rec.Compact(uint64(len(c.Request.ZipFile)))
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	path := filepath.Join(dir, "cases", fmt.Sprintf("%s-%s.json", f.Clause, hex.EncodeToString(sum[:6])))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return path, os.WriteFile(path, b, 0o644)
}

var seedPattern = regexp.MustCompile(`-rapid\.(failfile="[^"]*"|seed=\d+)`)

// stopDraw ends one draw of a property at its first divergence.
type stopDraw struct{}

// cutShort ends a draw that its property's budget ran out in, before the
// draw finished: see drawBudget.act.
type cutShort struct{}

// drawBudget is what a property spec may spend: checks draws (rapid's
// -rapid.checks) and, when deadline is set, the time until deadline on the
// clock now (time.Now when nil). The spec's context ends it as well: an
// interrupt or the run's timeout.
type drawBudget struct {
	ctx      context.Context
	checks   int
	deadline time.Time
	now      func() time.Time
}

// over reports whether the budget's time is spent or its context done.
func (b *drawBudget) over() bool {
	if b.ctx != nil && b.ctx.Err() != nil {
		return true
	}
	if b.deadline.IsZero() {
		return false
	}
	now := time.Now
	if b.now != nil {
		now = b.now
	}
	return !now().Before(b.deadline)
}

// act is called by a property before each request or step it takes in a
// draw: when the budget is over it ends the draw unfinished (it panics
// cutShort, which explore recovers), so that a spec stops within a draw
// as soon as its time is spent, not at the draw's end.
func (b *drawBudget) act() {
	if b.over() {
		panic(cutShort{})
	}
}

// explored is what explore found.
type explored struct {
	// found holds one discovery per distinct signature: the new ones,
	// each shrunk, then the expected ones, by signature.
	found []*campaign.Discovery[*generators.Case]
	// draws counts the draws that finished (with or without findings);
	// unfinished those the budget cut short, which are neither passes
	// nor failures.
	draws, unfinished int
	// evaluated holds the clauses the finished draws evaluated, except
	// those a finding named.
	evaluated *check.Evaluated
}

// explore runs the rounds of rapid checks of a property spec named name
// (campaign.Explore) until b's draws are spent or b is over, and returns
// what they found. prop draws and judges one case with env, whose
// Evaluated is the draw's own, and reports a divergence by calling fail,
// which records the findings and ends the draw. A finding whose clause and
// signature exp accepts is kept aside as expected, and the drawing goes
// on.
//
// A draw that b cut short (drawBudget.act) or whose context ended counts
// neither as a pass nor as a failure: rapid counts it as an invalid test
// case, its findings and the clauses it evaluated are dropped, and no
// draw follows. It never takes explore past its budget by more than the
// step in flight.
func explore(name string, b *drawBudget, exp *reports.Expectations, env check.Env,
	prop func(t *rapid.T, env check.Env, fail func(*generators.Case, error))) (explored, error) {
	res := explored{evaluated: &check.Evaluated{}}
	all := &check.Evaluated{}
	diverged := map[spec.ClauseID]bool{}
	defer func() {
		for _, id := range all.Clauses() {
			if !diverged[id] {
				res.evaluated.Add(id)
			}
		}
	}()
	var (
		seen     campaign.Seen
		expected = map[string]*campaign.Discovery[*generators.Case]{}
		started  int
	)
	spent := func() bool { return started >= b.checks || b.over() }
	for !spent() {
		before := started
		d, err := campaign.Explore(name, &seen, spent, func(t *rapid.T) campaign.Draw[*generators.Case] {
			started++
			var out campaign.Draw[*generators.Case]
			drawn := env
			drawn.Evaluated = &check.Evaluated{}
			finished := true
			func() {
				defer func() {
					if r := recover(); r != nil {
						switch r.(type) {
						case stopDraw:
						case cutShort:
							finished = false
						default:
							panic(r)
						}
					}
				}()
				prop(t, drawn, func(c *generators.Case, err error) {
					if err == nil {
						return
					}
					if b.ctx != nil && b.ctx.Err() != nil {
						// The interrupt or timeout cut the
						// request short: no divergence.
						panic(cutShort{})
					}
					out.Value = c
					for _, f := range check.Findings(err) {
						diverged[f.Clause] = true
						if !exp.Accepts(f.Clause, f.Signature()) {
							out.Findings = append(out.Findings, f)
							continue
						}
						if sig := f.Signature(); expected[sig] == nil {
							expected[sig] = &campaign.Discovery[*generators.Case]{Signature: sig, Finding: f, Value: c}
						}
					}
					panic(stopDraw{})
				})
			}()
			if !finished {
				res.unfinished++
				t.SkipNow()
			}
			res.draws++
			for _, id := range drawn.Evaluated.Clauses() {
				all.Add(id)
			}
			return out
		})
		if err != nil {
			return res, err
		}
		if d != nil {
			res.found = append(res.found, d)
		}
		if d == nil && started == before {
			break // rapid drew nothing more: every draw was rejected
		}
	}
	var sigs []string
	for sig := range expected {
		sigs = append(sigs, sig)
	}
	sort.Strings(sigs)
	for _, sig := range sigs {
		res.found = append(res.found, expected[sig])
	}
	return res, nil
}

// property runs prop with rapid inside the current spec, within budget b
// (see explore), and reports what it found. Every clause a finished draw
// evaluated counts as evaluated by the spec, except those a finding named.
//
// The property keeps exploring past what it has found (campaign.Explore):
// a draw whose findings all have a signature seen before in this spec, or
// that the expectations (LAMBDACONF_EXPECTATIONS) list, is counted and the
// drawing goes on; only a new, unexpected signature fails a rapid check,
// which shrinks the draw while it keeps showing that signature. Every draw
// of the budget is spent unless its time runs out, and each distinct
// signature is reported once, with its own minimal case, case file and
// seed; an expected one with the first case that showed it.
func property(env check.Env, b *drawBudget, prop func(t *rapid.T, env check.Env, fail func(*generators.Case, error))) {
	GinkgoHelper()
	noFailFiles()
	// The run's prefix in the name keeps rapid from replaying fail files
	// an earlier run left in the working directory: a replay happens only
	// when asked, with -rapid.failfile (RAPID_FAILFILE).
	name := CurrentSpecReport().FullText() + " " + shared.Prefix
	res, err := explore(name, b, expectations(), env, prop)
	for _, id := range res.evaluated.Clauses() {
		env.Evaluated.Add(id)
	}
	if res.unfinished > 0 {
		GinkgoWriter.Printf("the spec's budget ran out after %d finished draws (of %d checks); the draw it cut short counts as neither a pass nor a failure\n", res.draws, b.checks)
	}
	if err != nil {
		AddReportEntry("rapid output", err.Error())
		Fail(err.Error())
	}
	if len(res.found) == 0 {
		return
	}
	var errs []error
	for _, d := range res.found {
		log := strings.Join(d.Log, "\n")
		if log != "" {
			AddReportEntry("rapid output", log, ReportEntryVisibilityNever)
		}
		seed := strings.Join(seedPattern.FindAllString(log, -1), " or ")
		errs = append(errs, recordFinding(env, d.Value, seed, d.Finding))
	}
	failWith(errs)
}

// noFailFiles turns rapid's fail files off for the run, unless the user
// asked for them (-rapid.nofailfile, RAPID_NOFAILFILE): the case files
// under REPORT_DIR/cases replay every finding, and fail files left in the
// working directory would be replayed by every later run, against any
// endpoint.
var noFailFiles = sync.OnceFunc(func() {
	if os.Getenv("RAPID_NOFAILFILE") == "" && !flagSet("rapid.nofailfile") && flag.Lookup("rapid.nofailfile") != nil {
		_ = flag.Set("rapid.nofailfile", "true")
	}
})

// rapidChecks is the number of draws each property spec makes: rapid's
// -rapid.checks (or RAPID_CHECKS).
func rapidChecks() int {
	if f := flag.Lookup("rapid.checks"); f != nil {
		if n, err := strconv.Atoi(f.Value.String()); err == nil && n > 0 {
			return n
		}
	}
	return 100
}

func joinFindings(fs []*finding.Finding) error {
	errs := make([]error, len(fs))
	for i, f := range fs {
		errs[i] = f
	}
	return errors.Join(errs...)
}
