package campaign

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/target"
	"github.com/lambdaconf/lambdaconf/wire"
)

// CleanupTimeout bounds the deletion of one worker's fixtures, on a context
// of its own so that an interrupted campaign still cleans up.
const CleanupTimeout = 2 * time.Minute

// side is one endpoint as a worker sees it: its fixtures, the checks' Env
// over them, and the Sender that sends its cases.
type side struct {
	run       *fixtures.Run
	env       check.Env
	sender    *check.Sender
	published published
}

// DefaultLanes is the number of lanes a worker runs when Config.Lanes is
// 0: two, so that one lane draws or judges while the other's request is
// with the endpoint.
const DefaultLanes = 2

// worker draws and judges cases against fixtures of its own.
type worker struct {
	id   int
	a, b *side // b is nil outside differential mode
	gen  *rapid.Generator[generators.Case]
	// send is held, in differential mode, while a case is sent to both
	// endpoints and the functions it updated settle: the worker's lanes
	// (Config.Lanes) take turns at the endpoints, one request in flight
	// at each, as over one connection, and each finds the functions as
	// the last answers left them. Outside differential mode a.sender
	// takes the turns.
	send sync.Mutex
}

func (c *campaign) newSide(ctx context.Context, t *target.Target, id int, tag string) (*side, error) {
	run := fixtures.NewRun(t, c.cfg.Prefix)
	g, err := check.Setup(ctx, run, fmt.Sprintf("%s%sf%s%d", c.cfg.Prefix, c.cfg.Shard.tag(), tag, id), c.cfg.Profile)
	if err != nil {
		cleanup(run, io.Discard)
		return nil, fmt.Errorf("setting up worker %d's fixtures on %s: %v", id, t.Endpoint, err)
	}
	env := check.Env{Target: t, Gen: g, Profile: c.cfg.Profile, Evaluated: &c.ev}
	return &side{run: run, env: env, sender: &check.Sender{Env: env}}, nil
}

func (c *campaign) newWorker(ctx context.Context, id int) (*worker, error) {
	a, err := c.newSide(ctx, c.cfg.Target, id, "a")
	if err != nil {
		return nil, err
	}
	w := &worker{id: id, a: a, gen: c.cfg.Generator(a.env.Gen)}
	if c.reachable != nil {
		c.mu.Lock()
		for _, cl := range generators.RequestClasses(a.env.Gen) {
			c.reachable[cl] = true
		}
		c.mu.Unlock()
	}
	if c.cfg.Against != nil {
		if w.b, err = c.newSide(ctx, c.cfg.Against, id, "b"); err != nil {
			cleanup(a.run, io.Discard)
			return nil, err
		}
		w.b.env.Evaluated = nil
	}
	return w, nil
}

func (w *worker) cleanup(log io.Writer) {
	for _, s := range []*side{w.a, w.b} {
		if s != nil {
			cleanup(s.run, log)
		}
	}
}

func cleanup(run *fixtures.Run, log io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), CleanupTimeout)
	defer cancel()
	if err := run.Cleanup(ctx); err != nil {
		fmt.Fprintf(log, "campaign: cleaning up the fixtures under %s: %v (lambdaconf sweep removes leftovers)\n", run.Prefix, err)
	}
}

// judge sends c (to both endpoints in differential mode) and returns what
// it showed, each finding with the draw's generator class.
func (cm *campaign) judge(ctx context.Context, w *worker, c generators.Case) []*finding.Finding {
	if w.b != nil {
		return cm.differ(ctx, w, c)
	}
	// The Sender takes the lanes' turns at the endpoint, and waits for an
	// accepted update to finish when the next case needs it, as AWS's
	// clients must.
	resp, sent, err := w.a.sender.Send(ctx, c)
	cm.requests.Add(int64(sent))
	w.a.published.note(ctx, w.a, resp, cm.cfg.Progress)
	if ctx.Err() != nil {
		// Interrupted: the answer, or the wait for the update, was cut
		// short by the user, not by the endpoint. Nothing was judged.
		return nil
	}
	fs := check.Findings(err)
	for _, f := range fs {
		if f.Class == "" {
			f.Class = c.Class
		}
	}
	return fs
}

// settle waits, after an answer of differential mode that reports the
// function busy, until it is ready for the next update: on AWS an update
// leaves the function InProgress for a while (and a new one Pending), and
// an update sent meanwhile is refused with 409.
func (cm *campaign) settle(ctx context.Context, s *side, resp *wire.Response) {
	if resp == nil || resp.JSON == nil {
		return
	}
	update, _ := resp.JSON["LastUpdateStatus"].(string)
	state, _ := resp.JSON["State"].(string)
	if update != "InProgress" && state != "Pending" {
		return
	}
	if err := check.Settle(ctx, s.env); err != nil && ctx.Err() == nil {
		cm.noteError(err.Error())
	}
}

// errStop is the panic the rapid adapter raises on FailNow.
type errStop struct{}

// tb adapts rapid.Check to a campaign, outside any test: it records the
// report rapid gives and stops the check when rapid fails it.
type tb struct {
	name   string
	mu     sync.Mutex
	failed bool
	log    []string
}

func (t *tb) Helper()      {}
func (t *tb) Name() string { return t.name }
func (t *tb) Logf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.log = append(t.log, fmt.Sprintf(format, args...))
}
func (t *tb) Log(args ...any)                   { t.Logf("%s", fmt.Sprint(args...)) }
func (t *tb) Skipf(format string, args ...any)  { t.Logf(format, args...); t.SkipNow() }
func (t *tb) Skip(args ...any)                  { t.Log(args...); t.SkipNow() }
func (t *tb) SkipNow()                          { panic(errStop{}) }
func (t *tb) Errorf(format string, args ...any) { t.Logf(format, args...); t.Fail() }
func (t *tb) Error(args ...any)                 { t.Log(args...); t.Fail() }
func (t *tb) Fatalf(format string, args ...any) { t.Errorf(format, args...); t.FailNow() }
func (t *tb) Fatal(args ...any)                 { t.Error(args...); t.FailNow() }
func (t *tb) FailNow()                          { t.Fail(); panic(errStop{}) }
func (t *tb) Fail() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failed = true
}
func (t *tb) Failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.failed
}

var rapidOnce sync.Once

// configureRapid sets rapid's flags for campaigns: no fail files (the
// corpus holds the cases), a bounded shrink, and the round size. rapid
// reads its flags from the process's command line, so a campaign in a
// binary sets them there; testing.Init registers the testing flags rapid
// consults (testing.Short) when the process is no test binary.
func configureRapid(cfg Config) error {
	var err error
	rapidOnce.Do(func() {
		if flag.Lookup("test.short") == nil {
			testing.Init()
		}
	})
	if !flag.Parsed() {
		// testing.Short panics before the command line is parsed; a
		// binary's subcommands parse flag sets of their own.
		if err := flag.CommandLine.Parse(nil); err != nil {
			return fmt.Errorf("campaign: %w", err)
		}
	}
	for name, value := range map[string]string{
		"rapid.nofailfile": "true",
		"rapid.checks":     strconv.Itoa(cfg.Checks),
		"rapid.shrinktime": cfg.ShrinkTime.String(),
	} {
		if flag.Lookup(name) == nil {
			return fmt.Errorf("campaign: rapid's -%s flag is not registered", name)
		}
		if e := flag.Set(name, value); e != nil && err == nil {
			err = fmt.Errorf("campaign: setting rapid's -%s: %w", name, e)
		}
	}
	return err
}

// round runs one rapid check of cfg.Checks draws through Explore: only a
// signature no draw has shown before fails it, and its minimal case goes
// to the corpus.
func (cm *campaign) round(ctx context.Context, w *worker, lane int) {
	var (
		d   *Discovery[generators.Case]
		err error
	)
	serr := withRapidSeed(cm.seeds.round(), func(started func()) {
		d, err = cm.explore(ctx, w, lane, started)
	})
	if serr != nil {
		err = serr
	}
	if err != nil {
		// Not a signature: the harness itself failed (a panic in a check
		// or a generator). Say it once and go on.
		cm.noteError(fmt.Sprintf("worker %d: %v", w.id, err))
		return
	}
	if d == nil {
		return
	}
	cm.discovered(w, d)
}

// explore runs one round's rapid check; started is called at its first
// draw.
func (cm *campaign) explore(ctx context.Context, w *worker, lane int, started func()) (*Discovery[generators.Case], error) {
	return Explore(fmt.Sprintf("lambdaconf-campaign-w%dl%d", w.id, lane), &cm.seen, func() bool { return cm.over(ctx) },
		func(t *rapid.T) Draw[generators.Case] {
			started()
			c := w.gen.Draw(t, "case")
			cm.draws.Add(1)
			cm.sawClass(c.Class)
			fs := cm.judge(ctx, w, c)
			if cm.seen.Known(fs) {
				cm.known.Add(1)
			}
			return Draw[generators.Case]{Findings: fs, Value: c}
		})
}

func lastLines(log []string, n int) string {
	if len(log) > n {
		log = log[len(log)-n:]
	}
	s := ""
	for _, l := range log {
		s += l + "\n"
	}
	return s
}
