package campaign_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/reports"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// open starts an embedded reference with the named faults and opens it.
func open(t *testing.T, faults string) *target.Target {
	t.Helper()
	fl, err := reference.ParseFaults(faults)
	if err != nil {
		t.Fatal(err)
	}
	srv := reference.NewServer(reference.Options{Profile: spec.ProfileAWS, Faults: fl})
	t.Cleanup(srv.Close)
	tgt, err := target.Open(context.Background(), target.Config{Endpoint: srv.URL, Profile: spec.ProfileAWS})
	if err != nil {
		t.Fatal(err)
	}
	return tgt
}

func run(t *testing.T, cfg campaign.Config) *campaign.Result {
	t.Helper()
	if cfg.Duration == 0 {
		cfg.Duration = 2 * time.Second
	}
	if cfg.Workers == 0 {
		cfg.Workers = 1
	}
	cfg.Checks = 20
	cfg.ShrinkTime = 2 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := campaign.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("campaign: %v", err)
	}
	return res
}

func signatures(res *campaign.Result) []string {
	var out []string
	for _, e := range res.Signatures {
		out = append(out, e.Signature)
	}
	sort.Strings(out)
	return out
}

func clauses(res *campaign.Result) map[spec.ClauseID]bool {
	out := map[spec.ClauseID]bool{}
	for _, e := range res.Signatures {
		out[e.Clause] = true
	}
	return out
}

// A faithful endpoint gives no signature, and the campaign draws for its
// whole duration.
func TestConformingEndpointHasNoSignatures(t *testing.T) {
	res := run(t, campaign.Config{Target: open(t, "")})
	if len(res.Signatures) != 0 {
		t.Errorf("signatures against the faithful reference: %v", signatures(res))
	}
	if res.Draws == 0 || res.Requests < res.Draws {
		t.Errorf("draws %d, requests %d: the campaign sent nothing", res.Draws, res.Requests)
	}
	if len(res.Clauses) == 0 || len(res.Classes) == 0 {
		t.Errorf("no clause evaluated (%d) or class drawn (%d)", len(res.Clauses), len(res.Classes))
	}
	// The classes a campaign can reach: the fixtures have object
	// versions, so those of generators.RequestClasses with versions, not
	// every class (some are only ever part of a request).
	versioned := generators.Env{Versions: make([]generators.ObjectVersion, 2)}
	if want := len(generators.RequestClasses(versioned)); res.ClassesTotal != want || want >= len(generators.Classes()) {
		t.Errorf("classes %d/%d, want a total of %d: the classes a campaign can draw", len(res.Classes), res.ClassesTotal, want)
	}
}

// Four independent faults at once: every fault's clause is named, each
// signature once, with a case file; the campaign goes on past the first
// signature for its whole duration (many more draws than signatures, most
// of them showing only known signatures).
func TestEveryFaultIsFoundOnceAndExplorationGoesOn(t *testing.T) {
	dir := t.TempDir()
	res := run(t, campaign.Config{Target: open(t, "hex-hash,accept-long-name,ignore-publish,lastmodified-format"),
		Corpus: dir, Duration: 5 * time.Second, Workers: 2})
	got := clauses(res)
	for _, want := range []spec.ClauseID{"HASH-SHA256-INLINE", "NAME-BARE-TOO-LONG", "PUBLISH-VERSION", "SCHEMA-LAST-MODIFIED"} {
		if !got[want] {
			t.Errorf("no signature names %s; found %v", want, signatures(res))
		}
	}
	seen := map[string]bool{}
	for _, e := range res.Signatures {
		if seen[e.Signature] {
			t.Errorf("signature listed twice: %s", e.Signature)
		}
		seen[e.Signature] = true
		if e.Case == "" {
			t.Errorf("no case file for %s", e.Signature)
		} else if filepath.Dir(e.Case) != dir {
			t.Errorf("case file %s is outside the corpus %s", e.Case, dir)
		}
		if e.Expected {
			t.Errorf("%s is expected without expectations", e.Signature)
		}
	}
	if res.Known < 3*int64(len(res.Signatures)) {
		t.Errorf("%d draws showed only known signatures, for %d signatures in %d draws: the campaign stopped exploring",
			res.Known, len(res.Signatures), res.Draws)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != len(res.Signatures) {
		t.Errorf("%d case files for %d signatures", len(files), len(res.Signatures))
	}
}

// The corpus of one campaign, replayed by the next against the same
// endpoint, reproduces the same signatures, each from its own file.
func TestCorpusReplayFindsTheSameSet(t *testing.T) {
	dir := t.TempDir()
	tgt := open(t, "hex-hash,ignore-publish")
	first := run(t, campaign.Config{Target: tgt, Corpus: dir})
	if len(first.Signatures) == 0 {
		t.Fatal("the first campaign found nothing to replay")
	}
	second := run(t, campaign.Config{Target: tgt, Corpus: dir, Duration: time.Millisecond})
	if len(second.Replayed) != len(first.Signatures) {
		t.Fatalf("replayed %d cases, want %d", len(second.Replayed), len(first.Signatures))
	}
	for _, r := range second.Replayed {
		if !r.Reproduced {
			t.Errorf("%s no longer reproduces %s (%s)", r.Case, r.Signature, r.Error)
		}
	}
	if a, b := strings.Join(signatures(first), "\n"), strings.Join(signatures(second), "\n"); a != b {
		t.Errorf("the replay found another set:\nfirst:\n%s\nreplay:\n%s", a, b)
	}
	for _, e := range second.Signatures {
		if !e.FromCorpus {
			t.Errorf("%s was not found by the replay", e.Signature)
		}
	}
}

// Expectations make the signatures of the clauses they list expected, and
// leave the others unexpected.
func TestExpectationsMarkSignatures(t *testing.T) {
	exp, err := reports.ParseExpectations(strings.NewReader("PUBLISH-VERSION fail # ignores Publish\n"), "test")
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, campaign.Config{Target: open(t, "ignore-publish,lastmodified-format"), Expectations: exp})
	var expected, unexpected int
	for _, e := range res.Signatures {
		switch {
		case e.Clause == "PUBLISH-VERSION" && e.Expected:
			expected++
		case e.Clause != "PUBLISH-VERSION" && !e.Expected:
			unexpected++
		default:
			t.Errorf("%s: expected=%v", e.Signature, e.Expected)
		}
	}
	if expected == 0 || unexpected == 0 || len(res.Unexpected()) != unexpected {
		t.Errorf("expected %d, unexpected %d (Unexpected() %d): want both", expected, unexpected, len(res.Unexpected()))
	}
}

// Differential mode names where two endpoints answer differently, and
// nothing where they agree.
func TestDifferentialMode(t *testing.T) {
	same := run(t, campaign.Config{Target: open(t, ""), Against: open(t, "")})
	if len(same.Signatures) != 0 {
		t.Errorf("two faithful references differ: %v", signatures(same))
	}
	// Each half draws only from the requests that can show its fault, so
	// that a slow (race-detector) run still draws them.
	faulty, faithful := open(t, "accept-long-name,hex-hash"), open(t, "")
	names := run(t, campaign.Config{Target: faulty, Against: faithful, Generator: generators.InvalidRequests, Duration: 4 * time.Second})
	if !clauses(names)["NAME-BARE-TOO-LONG"] {
		t.Errorf("no difference names NAME-BARE-TOO-LONG: %v", signatures(names))
	}
	hashes := run(t, campaign.Config{Target: faulty, Against: faithful, Generator: generators.ValidRequests})
	found := false
	for _, e := range hashes.Signatures {
		if !strings.Contains(e.Signature, "wrong CodeSha256") {
			continue
		}
		found = true
		// Both answers accept the request: the difference is the hash,
		// whatever else (an architecture, a name form) the request holds.
		if c := e.Clause; c != "HASH-SHA256-INLINE" && c != "HASH-SHA256-S3" && c != "VERSION-SELECTS" {
			t.Errorf("a wrong CodeSha256 is blamed on %s: %s", c, e.Signature)
		}
	}
	if !found {
		t.Errorf("no difference names the wrong CodeSha256: %v", signatures(hashes))
	}
	// A version published under DryRun (moto 5.2.1 does this) breaks
	// DRYRUN-UNCHANGED, not the Publish rule the request also exercises.
	dry := run(t, campaign.Config{Target: open(t, "dryrun-applies"), Against: faithful, Generator: generators.ValidRequests})
	if !clauses(dry)["DRYRUN-UNCHANGED"] || clauses(dry)["PUBLISH-VERSION"] {
		t.Errorf("a version published under DryRun is not blamed on DRYRUN-UNCHANGED alone: %v", signatures(dry))
	}
}

// An endpoint that cannot be set up is "could not test", never a result.
func TestCouldNotTest(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tgt := open(t, "")
	tgt.Endpoint = "http://" + l.Addr().String()
	l.Close()
	broken, err := target.Open(context.Background(), target.Config{Endpoint: tgt.Endpoint})
	if err == nil {
		_, err = campaign.Run(context.Background(), campaign.Config{Target: broken, Duration: time.Second})
		if !errors.Is(err, campaign.ErrCouldNotTest) {
			t.Errorf("campaign against nothing: %v, want ErrCouldNotTest", err)
		}
	}
	if _, err := campaign.Run(context.Background(), campaign.Config{Duration: time.Second}); !errors.Is(err, campaign.ErrCouldNotTest) {
		t.Errorf("campaign without a target: %v, want ErrCouldNotTest", err)
	}
}

func referenceServer() *reference.Server {
	return reference.NewServer(reference.Options{Profile: spec.ProfileAWS})
}
