package suites

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// labels turns clause IDs into Ginkgo labels.
func labels(ids ...spec.ClauseID) Labels {
	out := make(Labels, len(ids))
	for i, id := range ids {
		out[i] = string(id)
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

// successClauses are the clauses check.Success can report.
var successClauses = append(append([]spec.ClauseID{spec.HashInline, spec.HashS3, spec.SizeInline, spec.SizeS3,
	spec.VersionSelects, spec.PublishLatest, spec.PublishVersion, spec.ArchApplies, spec.WireStatus}, schemaClauses...), wireClauses...)

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
	Expect(err).NotTo(HaveOccurred())
	return check.Env{Target: t, Gen: g, Profile: profile, Evaluated: ev}
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
	fs := check.Findings(err)
	focus := regexp.QuoteMeta(CurrentSpecReport().FullText())
	msgs := make([]string, 0, len(fs))
	for _, f := range fs {
		f.Focus = focus
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
		msgs = append(msgs, f.Error())
	}
	Fail(strings.Join(msgs, "\n\n") + fmt.Sprintf("\n\nrerun: lambdaconf run -focus %q", focus))
}

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

// rapidTB adapts a Ginkgo spec to rapid.TB: it records errors instead of
// failing at once, so that rapid can shrink and replay the counterexample;
// the spec fails once, after rapid.Check returns, with everything recorded.
type rapidTB struct {
	name   string
	out    []string
	failed bool
}

type stopProperty struct{}

func (r *rapidTB) Helper()      {}
func (r *rapidTB) Name() string { return r.name }
func (r *rapidTB) Logf(format string, args ...any) {
	r.out = append(r.out, fmt.Sprintf(format, args...))
}
func (r *rapidTB) Log(args ...any)                  { r.out = append(r.out, fmt.Sprint(args...)) }
func (r *rapidTB) Skipf(format string, args ...any) { Skip(fmt.Sprintf(format, args...)) }
func (r *rapidTB) Skip(args ...any)                 { Skip(fmt.Sprint(args...)) }
func (r *rapidTB) SkipNow()                         { Skip("skipped by the property") }
func (r *rapidTB) Errorf(format string, args ...any) {
	r.failed = true
	r.Logf(format, args...)
}
func (r *rapidTB) Error(args ...any) { r.failed = true; r.Log(args...) }
func (r *rapidTB) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.FailNow()
}
func (r *rapidTB) Fatal(args ...any) { r.Error(args...); r.FailNow() }
func (r *rapidTB) FailNow()          { r.failed = true; panic(stopProperty{}) }
func (r *rapidTB) Fail()             { r.failed = true }
func (r *rapidTB) Failed() bool      { return r.failed }

var seedPattern = regexp.MustCompile(`-rapid\.(failfile="[^"]*"|seed=\d+)`)

// property runs prop with rapid inside the current spec, with an Env like
// env that records what the checks evaluate on every case rapid draws.
// prop reports a divergence by calling fail, which records the findings
// and stops the check; the findings of the last call, the shrunk
// counterexample that rapid replays last, are reported with the seed or
// fail file.
//
// The clauses evaluated on any case count as evaluated by the spec, except
// those a finding named on some case: rapid reports only the last
// counterexample, and a clause that diverged on a case it does not report
// has not held.
func property(env check.Env, prop func(t *rapid.T, env check.Env, fail func(*generators.Case, error))) {
	GinkgoHelper()
	tb := &rapidTB{name: CurrentSpecReport().FullText()}
	var last error
	var lastCase *generators.Case
	drawn := env
	drawn.Evaluated = &check.Evaluated{}
	diverged := map[spec.ClauseID]bool{}
	defer func() {
		for _, id := range drawn.Evaluated.Clauses() {
			if !diverged[id] {
				env.Evaluated.Add(id)
			}
		}
	}()
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(stopProperty); !ok {
					panic(r)
				}
			}
		}()
		deadline := time.Now().Add(fuzzBudget())
		for {
			rapid.Check(tb, func(t *rapid.T) {
				prop(t, drawn, func(c *generators.Case, err error) {
					if err != nil {
						for _, f := range check.Findings(err) {
							diverged[f.Clause] = true
						}
						last, lastCase = err, c
						t.Fatalf("%v", err)
					}
				})
			})
			if tb.failed || !time.Now().Before(deadline) {
				return
			}
		}
	}()
	if !tb.failed {
		return
	}
	log := strings.Join(tb.out, "\n")
	seed := strings.Join(seedPattern.FindAllString(log, -1), " or ")
	AddReportEntry("rapid output", log)
	if last == nil {
		Fail("the property failed without a finding:\n" + log)
	}
	var fs []*finding.Finding
	for _, f := range check.Findings(last) {
		fs = append(fs, f)
	}
	report(env, lastCase, seed, joinFindings(fs))
}

func joinFindings(fs []*finding.Finding) error {
	errs := make([]error, len(fs))
	for i, f := range fs {
		errs[i] = f
	}
	return errors.Join(errs...)
}

// propertySpecs is the number of property specs, which share the fuzzing
// budget.
const propertySpecs = 4

// fuzzBudget is how long each property spec keeps drawing new rounds of
// checks: LAMBDACONF_FUZZ_DURATION (a Go duration, the budget of a whole
// fuzz run) divided among the property specs, or zero for one round.
func fuzzBudget() time.Duration {
	s := os.Getenv("LAMBDACONF_FUZZ_DURATION")
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		Fail(fmt.Sprintf("LAMBDACONF_FUZZ_DURATION=%q is not a duration such as 60s or 5m", s))
	}
	return d / propertySpecs
}
