package check

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reference/referencetest"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// countingEnv is referenceEnv whose server counts, once the fixtures are
// set up, the GetFunction and UpdateFunctionCode requests it answers.
func countingEnv(t *testing.T, opts reference.Options) (env Env, gets, updates *atomic.Int64) {
	t.Helper()
	gets, updates = &atomic.Int64{}, &atomic.Int64{}
	var on atomic.Bool
	opts.Logf = func(format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		switch {
		case !on.Load():
		case strings.HasPrefix(line, "lambda GET /2015-03-31/functions/"):
			gets.Add(1)
		case strings.HasPrefix(line, "lambda PUT /2015-03-31/functions/") && strings.Contains(line, "/code "):
			updates.Add(1)
		}
	}
	env, _ = referenceEnv(t, opts)
	env.Evaluated = &Evaluated{}
	on.Store(true)
	return env, gets, updates
}

func validCase(env Env, content string) generators.Case {
	code := Zip("index.py", content)
	return generators.Case{Request: request.UpdateFunctionCode{FunctionName: env.Gen.Function, ZipFile: code}, Code: code}
}

// Against an endpoint whose updates finish by the next request, a Sender
// polls GetFunction once, after its first accepted update, where Send
// polls after every one; the verdicts are Send's.
func TestSenderWaitsOnlyWhenTheEndpointSaysSo(t *testing.T) {
	env, gets, updates := countingEnv(t, reference.Options{})
	s := &Sender{Env: env}
	// A DryRun changes nothing: there is no update to wait for.
	dry := validCase(env, "# dry\n")
	dry.Request.DryRun = request.Bool(true)
	if _, _, err := s.Send(ctx(t), dry); err != nil || gets.Load() != 0 {
		t.Fatalf("a DryRun: polled GetFunction %d times, want 0; findings:\n%v", gets.Load(), err)
	}
	updates.Store(0)
	for i := 0; i < 4; i++ {
		_, sent, err := s.Send(ctx(t), validCase(env, fmt.Sprintf("# %d\n", i)))
		if err != nil || sent != 1 {
			t.Fatalf("update %d: sent %d requests, findings:\n%v", i, sent, err)
		}
	}
	if n := gets.Load(); n != 1 {
		t.Errorf("4 accepted updates polled GetFunction %d times, want 1 (the first update's wait)", n)
	}
	if n := updates.Load(); n != 4 {
		t.Errorf("4 updates took %d UpdateFunctionCode requests", n)
	}
	if !env.Evaluated.Has(spec.UpdateSettles) {
		t.Errorf("UPDATE-SETTLES not recorded as evaluated (recorded %v)", env.Evaluated.Clauses())
	}
}

// Against an endpoint whose updates take a while, as AWS's do, the 409 a
// Sender provokes by not waiting is not judged: it waits, sends the case
// again, and judges that answer.
func TestSenderResendsAfterAConflictItCaused(t *testing.T) {
	env, gets, _ := countingEnv(t, reference.Options{UpdateDuration: 100 * time.Millisecond})
	s := &Sender{Env: env}
	start := time.Now()
	want := []int{1, 1, 2}
	for i, w := range want {
		_, sent, err := s.Send(ctx(t), validCase(env, fmt.Sprintf("# slow %d\n", i)))
		if err != nil {
			t.Fatalf("update %d: false alarm against a slow endpoint:\n%v", i, err)
		}
		if sent != w {
			t.Errorf("update %d sent %d requests, want %d", i, sent, w)
		}
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("three updates took %v: the Sender did not wait for the second", d)
	}
	if gets.Load() < 2 {
		t.Errorf("GetFunction polled %d times: the Sender did not wait after the conflict", gets.Load())
	}
}

// An endpoint whose update never finishes is reported on UPDATE-SETTLES
// after the first accepted update, and again, with the same signature,
// when the next case meets the update still in progress; the 409 itself
// is not taken for the endpoint's states disagreeing.
func TestSenderReportsAnUpdateThatNeverSettles(t *testing.T) {
	env, _, _ := countingEnv(t, reference.Options{UpdateDuration: time.Hour})
	env.Target.WaitTimeout = 100 * time.Millisecond
	s := &Sender{Env: env}
	var sigs []string
	for i := 0; i < 2; i++ {
		_, sent, err := s.Send(ctx(t), validCase(env, fmt.Sprintf("# stuck %d\n", i)))
		fs := Findings(err)
		if len(fs) != 1 || fs[0].Clause != spec.UpdateSettles || fs[0].Summary != "the accepted update did not finish" {
			t.Fatalf("update %d: reported %v, want the update that did not finish on UPDATE-SETTLES:\n%v", i, clauses(err), err)
		}
		if sent != 1 {
			t.Errorf("update %d sent %d requests, want 1: a function that did not settle is not sent the case again", i, sent)
		}
		sigs = append(sigs, fs[0].Signature())
	}
	if sigs[0] != sigs[1] {
		t.Errorf("the two reports have different signatures:\n%s\n%s", sigs[0], sigs[1])
	}
}

// A 409 the Sender did not provoke (it had waited for every update it
// sent) is judged as Send judges it: the endpoint's states disagree.
func TestSenderJudgesAConflictItDidNotCause(t *testing.T) {
	env, gets, _ := countingEnv(t, reference.Options{UpdateDuration: time.Hour})
	if r, err := env.Target.Wire.UpdateFunctionCode(ctx(t), validCase(env, "# other client\n").Request); err != nil || r.Status != 200 {
		t.Fatalf("the update of another client: %v, %v", r, err)
	}
	s := &Sender{Env: env}
	_, sent, err := s.Send(ctx(t), validCase(env, "# refused\n"))
	if got := clauses(err); len(got) != 1 || got[0] != spec.UpdateSettles || !strings.Contains(err.Error(), "refused a valid update as conflicting") {
		t.Errorf("a 409 to a valid update was reported as %v, want UPDATE-SETTLES's disagreeing states:\n%v", got, err)
	}
	if sent != 1 || gets.Load() != 0 {
		t.Errorf("sent %d requests and polled GetFunction %d times, want 1 and 0", sent, gets.Load())
	}
}

// Callers of one Sender take turns: the endpoint never sees two of its
// requests at once, and every update is judged as if it were alone.
func TestSenderCallersTakeTurns(t *testing.T) {
	srv := referencetest.NewServer(t, reference.Options{Profile: spec.ProfileAWS, Latency: time.Millisecond})
	tgt, err := target.Open(ctx(t), target.Config{Endpoint: srv.URL, Region: "us-east-1",
		Credentials: target.EmulatorCredentials, Profile: spec.ProfileAWS})
	if err != nil {
		t.Fatal(err)
	}
	prefix := fixtures.NewPrefix()
	g, err := Setup(ctx(t), fixtures.NewRun(tgt, prefix), prefix+"turns", spec.ProfileAWS)
	if err != nil {
		t.Fatal(err)
	}
	env := Env{Target: tgt, Gen: g, Profile: spec.ProfileAWS}
	s := &Sender{Env: env}
	done := make(chan error, 3)
	for c := 0; c < 3; c++ {
		go func(c int) {
			for i := 0; i < 10; i++ {
				if _, _, err := s.Send(ctx(t), validCase(env, fmt.Sprintf("# %d %d\n", c, i))); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}(c)
	}
	for c := 0; c < 3; c++ {
		if err := <-done; err != nil {
			t.Errorf("an update was judged wrongly:\n%v", err)
		}
	}
	if m := srv.MostInFlight(); m != 1 {
		t.Errorf("the endpoint saw %d updates of one Sender at once, want 1", m)
	}
}
