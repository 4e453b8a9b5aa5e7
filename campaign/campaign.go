// Package campaign runs fuzz campaigns: for a fixed duration, workers draw
// classified requests from the generators, send them to an endpoint, judge
// each answer with the checks of package check, and deduplicate what they
// find by failure signature (finding.Finding.Signature). A signature seen
// for the first time fails a rapid property, which shrinks the draw to a
// minimal case that shows the same signature; the case is written to the
// corpus, one file per signature, and the campaign goes on. A draw whose
// findings all have known signatures is only counted, so one divergence
// never stops the exploration of the others.
//
// A campaign replays its corpus first and reports which signatures still
// reproduce. In differential mode (Config.Against) every drawn request goes
// to two endpoints, each with fixtures of its own, and the signatures are
// the differences between their answers, with no catalogue needed.
//
// Campaigns are a thin wrapper around the checks, in the way the Ginkgo
// suites are: Run is what `lambdaconf fuzz` and `make fuzz` call.
package campaign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// Config configures a campaign.
type Config struct {
	// Target is the endpoint under test, opened.
	Target *target.Target
	// Against, when set, turns on differential mode: every drawn request
	// is also sent to this endpoint, and the signatures are the
	// differences between the two answers.
	Against *target.Target
	// Profile is the profile the endpoint is held to (and the generators
	// draw for).
	Profile spec.Profile
	// Duration is how long the workers draw; the corpus replay comes
	// before it and the shrinking of a draw in flight may end up to
	// ShrinkTime after it.
	Duration time.Duration
	// Workers is the number of concurrent workers, each with fixtures of
	// its own and one request in flight at a time; 0 means
	// runtime.NumCPU().
	Workers int
	// Lanes is the number of rapid checks (rounds) each worker runs at
	// once. They take turns at the worker's fixtures and connection, so
	// the endpoint still sees one request per worker at a time; but while
	// one lane's request is with the endpoint another draws or judges,
	// and the harness's work overlaps the endpoint's instead of adding to
	// it. 0 means DefaultLanes; 1 draws one round after another, each
	// worker's cases in the order its seeds give.
	Lanes int
	// Prefix is the fixture name prefix of the run (fixtures.NewPrefix).
	Prefix string
	// Corpus is the corpus directory: one case file per signature, read
	// and replayed at the start and written as signatures are found. ""
	// keeps no corpus.
	Corpus string
	// Expectations marks the signatures of the clauses it lists as
	// expected; nil expects none.
	Expectations *reports.Expectations
	// Progress receives a progress line every Interval (default 10 s) and
	// the notices of new signatures; nil discards them.
	Progress io.Writer
	Interval time.Duration
	// Checks is the number of draws in one rapid round; 0 means 100.
	Checks int
	// ShrinkTime bounds the shrinking of one signature; 0 means 10 s.
	ShrinkTime time.Duration
	// Generator draws the cases; nil means generators.Requests.
	Generator func(generators.Env) *rapid.Generator[generators.Case]
	// Shard makes the campaign shard I of N of one campaign run as N
	// processes (on as many machines): its rounds draw from seeds that no
	// other shard of the same Seed draws, and its fixture names carry
	// "s<I>of<N>-". The zero value is the whole campaign.
	Shard Shard
	// Seed is the base of the rounds' seeds (see Shard); 0 means a random
	// one for a whole campaign, and 0 itself for a shard, so that the
	// shards of a campaign agree without being told. Give every shard the
	// same other Seed to explore other cases.
	Seed uint64
}

// Result is what a campaign found; fuzz.json is its JSON form.
type Result struct {
	Endpoint string `json:"endpoint"`
	Against  string `json:"against,omitempty"`
	Profile  string `json:"profile"`
	// Shard is "I/N" for shard I of N, absent for a whole campaign; Seed
	// is the base of the rounds' seeds, which repeats the draws (though
	// not their order among workers and lanes) when given again.
	Shard string `json:"shard,omitempty"`
	Seed  uint64 `json:"seed"`
	// Requests counts the UpdateFunctionCode requests sent, to every
	// endpoint, corpus replay and shrinking included.
	Requests int64 `json:"requests"`
	// Seconds is the campaign's wall time from the end of the fixtures'
	// set-up, corpus replay included.
	Seconds float64 `json:"seconds"`
	Workers int     `json:"workers"`
	// Draws counts the cases drawn, and Known those whose findings all
	// had a signature already seen.
	Draws int64 `json:"draws"`
	Known int64 `json:"known"`
	// Signatures lists the distinct signatures found, sorted.
	Signatures []Entry `json:"signatures"`
	// Replayed lists the corpus cases replayed at the start.
	Replayed []Replay `json:"replayed,omitempty"`
	// Classes lists the generator classes drawn, of ClassesTotal.
	Classes      []string `json:"classes"`
	ClassesTotal int      `json:"classesTotal"`
	// Clauses lists the clauses the checks evaluated, of ClausesTotal.
	Clauses      []spec.ClauseID `json:"clauses"`
	ClausesTotal int             `json:"clausesTotal"`
	// Errors lists what kept workers from testing (fixture set-up that
	// failed, a harness panic), once each.
	Errors []string `json:"errors,omitempty"`
	// CouldNotTest, when set, says why the campaign is no verdict on the
	// endpoint, neither conforming nor diverging: it was interrupted
	// (it starts "interrupted"), no worker could set up its fixtures, or
	// no case was drawn. Signatures found before still stand as
	// findings. conformance.json's could_not_test says the same of a run.
	CouldNotTest string `json:"could_not_test,omitempty"`
}

// Entry is one distinct signature.
type Entry struct {
	Signature string        `json:"signature"`
	Clause    spec.ClauseID `json:"clause"`
	// Expected reports that the expectations list the clause (and, where
	// they pin signatures, this one).
	Expected bool `json:"expected"`
	// Case is the case file that reproduces the signature.
	Case string `json:"case,omitempty"`
	// Shrunk reports that the case is rapid's minimal one; false for a
	// case that did not reproduce while shrinking, or came from the
	// corpus.
	Shrunk bool `json:"shrunk"`
	// FromCorpus reports that the signature was first seen replaying the
	// corpus.
	FromCorpus bool `json:"fromCorpus,omitempty"`
	// Count is how many draws showed it.
	Count int64 `json:"count"`
	// Finding is the finding of the stored case.
	Finding *finding.Finding `json:"finding,omitempty"`
}

// Replay is the result of replaying one corpus case.
type Replay struct {
	Case       string `json:"case"`
	Signature  string `json:"signature"`
	Reproduced bool   `json:"reproduced"`
	Error      string `json:"error,omitempty"`
	// Got lists, when the case no longer reproduces, the signatures its
	// replay showed instead (empty: the endpoint now answers as the
	// spec says).
	Got []string `json:"got,omitempty"`
}

// Unexpected returns the signatures that are not expected.
func (r *Result) Unexpected() []Entry {
	var out []Entry
	for _, e := range r.Signatures {
		if !e.Expected {
			out = append(out, e)
		}
	}
	return out
}

// ErrCouldNotTest wraps the error of a campaign that tested nothing: the
// endpoint could not be set up for any worker.
var ErrCouldNotTest = errors.New("could not test")

// campaign is the state the workers share.
type campaign struct {
	cfg      Config
	start    time.Time
	deadline time.Time
	corpus   *corpus
	seeds    *seedStream

	requests atomic.Int64
	draws    atomic.Int64
	known    atomic.Int64

	seen Seen

	mu      sync.Mutex
	sigs    map[string]*Entry
	classes map[string]bool
	// reachable holds the classes the workers' generators can draw, when
	// they are generators.Requests; nil for another generator.
	reachable map[string]bool
	errs      map[string]bool
	ev        check.Evaluated
}

// Run runs a campaign and returns what it found. It returns an error
// wrapping ErrCouldNotTest when no worker could set up its fixtures, and
// the partial result with ctx's error when ctx ends first. Either way, or
// when no case was drawn, the result's CouldNotTest says why it is no
// verdict.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Target == nil {
		return nil, fmt.Errorf("campaign: no target: %w", ErrCouldNotTest)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Lanes <= 0 {
		cfg.Lanes = DefaultLanes
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 10 * time.Second
	}
	if cfg.Checks <= 0 {
		cfg.Checks = 100
	}
	if cfg.ShrinkTime <= 0 {
		cfg.ShrinkTime = 10 * time.Second
	}
	requests := cfg.Generator == nil
	if requests {
		cfg.Generator = generators.Requests
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
	if cfg.Profile == "" {
		cfg.Profile = spec.ProfileAWS
	}
	if cfg.Prefix == "" {
		cfg.Prefix = fixtures.NewPrefix()
	}
	if err := configureRapid(cfg); err != nil {
		return nil, err
	}
	c := &campaign{cfg: cfg, start: time.Now(), seeds: newSeedStream(cfg.Seed, cfg.Shard),
		sigs: map[string]*Entry{}, classes: map[string]bool{}, errs: map[string]bool{}}
	if requests {
		c.reachable = map[string]bool{}
	}
	if cfg.Corpus != "" {
		var err error
		if c.corpus, err = openCorpus(cfg.Corpus); err != nil {
			return nil, err
		}
	}

	workers := make([]*worker, cfg.Workers)
	var setup sync.WaitGroup
	for i := range workers {
		setup.Add(1)
		go func(i int) {
			defer setup.Done()
			w, err := c.newWorker(ctx, i+1)
			if err != nil {
				c.noteError(err.Error())
			}
			workers[i] = w
		}(i)
	}
	setup.Wait()
	defer func() {
		for _, w := range workers {
			if w != nil {
				w.cleanup(c.cfg.Progress)
			}
		}
	}()
	var ready []*worker
	for _, w := range workers {
		if w != nil {
			ready = append(ready, w)
		}
	}
	if len(ready) == 0 {
		err := fmt.Errorf("campaign: no worker could set up its fixtures on %s (%v): %w", cfg.Target.Endpoint, c.errorList(), ErrCouldNotTest)
		res := c.result()
		res.CouldNotTest = fmt.Sprintf("no worker could set up its fixtures on %s (%s)", cfg.Target.Endpoint, strings.Join(c.errorList(), "; "))
		if ctx.Err() != nil {
			res.CouldNotTest = "interrupted while the workers set up their fixtures: no case was drawn"
		}
		return res, err
	}

	// The clock starts when the fixtures are set up: Seconds and the
	// rates are those of testing.
	c.start = time.Now()
	if c.corpus != nil {
		c.replayCorpus(ctx, ready[0])
	}
	c.deadline = time.Now().Add(cfg.Duration)

	stop := make(chan struct{})
	var progress sync.WaitGroup
	progress.Add(1)
	go func() {
		defer progress.Done()
		tick := time.NewTicker(cfg.Interval)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				fmt.Fprintln(cfg.Progress, c.progressLine())
			}
		}
	}()
	var wg sync.WaitGroup
	for _, w := range ready {
		for lane := 1; lane <= cfg.Lanes; lane++ {
			wg.Add(1)
			go func(w *worker, lane int) {
				defer wg.Done()
				for ctx.Err() == nil && time.Now().Before(c.deadline) {
					c.round(ctx, w, lane)
				}
			}(w, lane)
		}
	}
	wg.Wait()
	close(stop)
	progress.Wait()
	fmt.Fprintln(cfg.Progress, c.progressLine())
	res := c.result()
	switch {
	case ctx.Err() != nil:
		res.CouldNotTest = fmt.Sprintf("interrupted after %v of %v: the signatures found so far are findings, but the campaign is no verdict; run it again for one",
			time.Since(c.start).Round(time.Second), cfg.Duration)
	case res.Draws == 0:
		res.CouldNotTest = "no case was drawn"
		if len(res.Errors) > 0 {
			res.CouldNotTest += " (" + strings.Join(res.Errors, "; ") + ")"
		}
	}
	return res, ctx.Err()
}

// over reports that the drawing time is up.
func (c *campaign) over(ctx context.Context) bool {
	return ctx.Err() != nil || !time.Now().Before(c.deadline)
}

func (c *campaign) noteError(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs[msg] = true
}

func (c *campaign) errorList() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.errs))
	for e := range c.errs {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

// expected reports whether the expectations accept signature sig of
// clause id.
func (c *campaign) expected(id spec.ClauseID, sig string) bool {
	return c.cfg.Expectations.Accepts(id, sig)
}

// discovered records a new signature and its minimal case, writes the
// case file and says so.
func (c *campaign) discovered(w *worker, d *Discovery[generators.Case]) {
	path := c.save(w, d.Signature, d.Value, d.Finding)
	e := &Entry{Signature: d.Signature, Clause: d.Finding.Clause, Expected: c.expected(d.Finding.Clause, d.Signature),
		Case: path, Shrunk: d.Shrunk, Finding: d.Finding}
	c.mu.Lock()
	c.sigs[d.Signature] = e
	c.mu.Unlock()
	if !e.Expected {
		// Expected ones only count in the progress lines: against an
		// emulator they run to hundreds.
		fmt.Fprintf(c.cfg.Progress, "new signature: %s\n  case: %s\n", d.Signature, path)
	}
}

func (c *campaign) sawClass(class string) {
	if class == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.classes[class] = true
}

// progressLine says, in one line: elapsed time, requests sent and their
// rate, distinct signatures (new, expected), classes drawn and clauses
// evaluated.
func (c *campaign) progressLine() string {
	elapsed := time.Since(c.start)
	n := c.requests.Load()
	c.mu.Lock()
	sigs, expected := len(c.sigs), 0
	for _, e := range c.sigs {
		if e.Expected {
			expected++
		}
	}
	classes := len(c.classes)
	c.mu.Unlock()
	clauses := len(c.ev.Clauses())
	return fmt.Sprintf("fuzz %s: %d requests, %.0f req/s, %d signatures (%d new, %d expected), classes %d/%d, clauses %d/%d",
		elapsed.Round(time.Second), n, float64(n)/elapsed.Seconds(), sigs, sigs-expected, expected,
		classes, c.classesTotal(), clauses, len(spec.ForProfile(c.cfg.Profile)))
}

// classesTotal is the number of classes the campaign can draw: those of
// generators.RequestClasses for the workers' fixtures, or every class for
// another generator.
func (c *campaign) classesTotal() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reachable == nil {
		return len(generators.Classes())
	}
	return len(c.reachable)
}

// result builds the Result.
func (c *campaign) result() *Result {
	r := &Result{
		Endpoint: c.cfg.Target.Endpoint, Profile: string(c.cfg.Profile), Shard: c.cfg.Shard.String(), Seed: c.seeds.base,
		Requests: c.requests.Load(), Seconds: time.Since(c.start).Seconds(), Workers: c.cfg.Workers,
		Draws: c.draws.Load(), Known: c.known.Load(),
		ClassesTotal: c.classesTotal(), Clauses: c.ev.Clauses(), ClausesTotal: len(spec.ForProfile(c.cfg.Profile)),
		Errors: c.errorList(),
	}
	if c.cfg.Against != nil {
		r.Against = c.cfg.Against.Endpoint
	}
	if c.corpus != nil {
		r.Replayed = c.corpus.replayed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.sigs {
		x := *e
		x.Count = c.seen.Count(e.Signature)
		r.Signatures = append(r.Signatures, x)
	}
	sort.Slice(r.Signatures, func(i, j int) bool { return r.Signatures[i].Signature < r.Signatures[j].Signature })
	for cl := range c.classes {
		r.Classes = append(r.Classes, cl)
	}
	sort.Strings(r.Classes)
	return r
}
