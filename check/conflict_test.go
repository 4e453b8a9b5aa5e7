package check

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/finding"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// conflictFinding returns the UPDATE-SETTLES finding of err that reports
// a refused valid update, failing t when there is none.
func conflictFinding(t *testing.T, err error) *finding.Finding {
	t.Helper()
	for _, f := range Findings(err) {
		if f.Clause == spec.UpdateSettles && strings.Contains(f.Summary, "refused a valid update as conflicting") {
			return f
		}
	}
	t.Fatalf("no UPDATE-SETTLES finding of a refused update in:\n%v", err)
	return nil
}

// A 409 to a valid update is reported on UPDATE-SETTLES with what the
// harness saw before it, and nothing it did not see: GetFunction showing
// no update in progress only when the last wait saw that, the wait's
// error when it failed or timed out, and neither when there was no wait.
func TestSendConflictSaysWhatTheLastWaitSaw(t *testing.T) {
	const noUpdate = "GetFunction showed no update in progress"

	t.Run("wait timed out", func(t *testing.T) {
		env, _, _ := countingEnv(t, reference.Options{UpdateDuration: time.Hour})
		env.Target.WaitTimeout = 100 * time.Millisecond
		if _, err := Send(ctx(t), env, validCase(env, "# stuck\n")); len(Findings(err)) != 1 || Findings(err)[0].Summary != "the accepted update did not finish" {
			t.Fatalf("the first update: want only the update that did not finish, got:\n%v", err)
		}
		_, err := Send(ctx(t), env, validCase(env, "# next\n"))
		f := conflictFinding(t, err)
		if strings.Contains(f.Summary, noUpdate) || !strings.Contains(f.Summary, "wait for the last update of the function failed: ") ||
			!strings.Contains(f.Summary, target.ErrWaitTimeout.Error()) {
			t.Errorf("a 409 after a wait that timed out says %q; want the wait's failure and its error, not %q", f.Summary, noUpdate)
		}
	})

	t.Run("wait failed", func(t *testing.T) {
		// The wait stops at once on an answer it cannot poll through.
		env, _, _ := countingEnv(t, reference.Options{UpdateDuration: time.Hour})
		if _, err := env.Target.Wire.UpdateFunctionCode(ctx(t), validCase(env, "# other client\n").Request); err != nil {
			t.Fatal(err)
		}
		cancelled, cancel := context.WithCancel(ctx(t))
		cancel()
		if err := Settle(cancelled, env); err == nil {
			t.Fatal("a wait with a cancelled context succeeded")
		}
		_, err := Send(ctx(t), env, validCase(env, "# next\n"))
		f := conflictFinding(t, err)
		if strings.Contains(f.Summary, noUpdate) || !strings.Contains(f.Summary, "failed: ") || !strings.Contains(f.Summary, context.Canceled.Error()) {
			t.Errorf("a 409 after a failed wait says %q; want the wait's failure and its error, not %q", f.Summary, noUpdate)
		}
	})

	t.Run("no wait", func(t *testing.T) {
		env, _, _ := countingEnv(t, reference.Options{UpdateDuration: time.Hour})
		if _, err := env.Target.Wire.UpdateFunctionCode(ctx(t), validCase(env, "# other client\n").Request); err != nil {
			t.Fatal(err)
		}
		_, err := Send(ctx(t), env, validCase(env, "# refused\n"))
		f := conflictFinding(t, err)
		if strings.Contains(f.Summary, noUpdate) || !strings.Contains(f.Summary, "had not waited") {
			t.Errorf("a 409 with no wait before it says %q; want that the harness had not waited, not %q", f.Summary, noUpdate)
		}
	})

	t.Run("wait saw it finish", func(t *testing.T) {
		// An endpoint whose states disagree: GetFunction shows the
		// update finished, UpdateFunctionCode refuses the next one.
		var refuse atomic.Bool
		h := reference.NewHandler(reference.Options{Profile: spec.ProfileAWS})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if refuse.Load() && r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/code") {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Amzn-ErrorType", spec.ErrResourceConflict)
				w.WriteHeader(http.StatusConflict)
				fmt.Fprint(w, `{"Type":"User","message":"An update is in progress for resource: x"}`)
				return
			}
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		tgt, err := target.Open(ctx(t), target.Config{Endpoint: srv.URL, Region: "us-east-1",
			Credentials: target.EmulatorCredentials, Profile: spec.ProfileAWS})
		if err != nil {
			t.Fatal(err)
		}
		prefix := fixtures.NewPrefix()
		g, err := Setup(ctx(t), fixtures.NewRun(tgt, prefix), prefix+"conflict", spec.ProfileAWS)
		if err != nil {
			t.Fatal(err)
		}
		env := Env{Target: tgt, Gen: g, Profile: spec.ProfileAWS, Evaluated: &Evaluated{}}
		if _, err := Send(ctx(t), env, validCase(env, "# first\n")); err != nil {
			t.Fatalf("the first update: %v", err)
		}
		refuse.Store(true)
		_, err = Send(ctx(t), env, validCase(env, "# refused\n"))
		if f := conflictFinding(t, err); !strings.Contains(f.Summary, noUpdate) || strings.Contains(f.Summary, "failed") {
			t.Errorf("a 409 after a wait that saw the update finish says %q; want %q", f.Summary, noUpdate)
		}
	})
}
