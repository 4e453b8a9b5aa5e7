package campaign_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/lambdaconf/lambdaconf/campaign"
	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// minimalClient replays pre-built, pre-hashed UpdateFunctionCode bodies
// over keep-alive connections, one goroutine per connection, signing each
// request with the SDK's SigV4 signer and reading each answer whole: the
// least a client can do to drive the endpoint with the same requests. It
// returns the requests sent per second.
func minimalClient(tgt *target.Target, reqs []generators.Case, conns int, d time.Duration) float64 {
	type prepared struct {
		url, hash string
		body      []byte
	}
	ps := make([]prepared, len(reqs))
	for i, c := range reqs {
		body := c.Request.Body()
		sum := sha256.Sum256(body)
		ps[i] = prepared{url: tgt.Endpoint + c.Request.Path(), hash: hex.EncodeToString(sum[:]), body: body}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns}}
	signer := v4.NewSigner()
	creds := aws.Credentials{AccessKeyID: tgt.Credentials.AccessKeyID, SecretAccessKey: tgt.Credentials.SecretAccessKey}
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; time.Now().Before(deadline); i++ {
				p := ps[i%len(ps)]
				req, _ := http.NewRequest(http.MethodPut, p.url, bytes.NewReader(p.body))
				req.Header.Set("Content-Type", "application/json")
				if err := signer.SignHTTP(context.Background(), creds, req, p.hash, "lambda", tgt.Region, time.Now()); err != nil {
					panic(err)
				}
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				n.Add(1)
			}
		}(w)
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
}

// BenchmarkCampaignRate compares, side by side in one run against one
// faithful reference, the UpdateFunctionCode rate of a campaign (drawing,
// sending, judging and deduplicating) with that of the minimal client above
// replaying a sample of the same generators' requests, both with one
// connection (worker) per CPU. It reports both rates and their ratio,
// campaign/minimal; the goal is at least 0.7 (issue 12: a campaign at the
// endpoint's limit). make bench ends with this ratio.
//
// The reference runs in a process of its own, as an endpoint under test
// does (standaloneReference): it shares the machine with the client, but
// not the client's process and garbage collector.
func BenchmarkCampaignRate(b *testing.B) {
	tgt := openB(b)
	conns := runtime.NumCPU()
	run := fixtures.NewRun(tgt, fixtures.NewPrefix())
	defer run.Cleanup(context.Background())
	g, err := check.Setup(context.Background(), run, run.Prefix+"bench", spec.ProfileAWS)
	if err != nil {
		b.Fatal(err)
	}
	gen := generators.Requests(g)
	reqs := make([]generators.Case, 512)
	for i := range reqs {
		reqs[i] = gen.Example(i)
	}
	// Three turns each, alternating, so that a drift in what else the
	// machine runs weighs on both clients alike.
	const turns = 3
	d := 2 * time.Second
	var minimal, fuzz float64
	var minimalCPU, fuzzCPU time.Duration
	var minimalN, fuzzN int64
	var minimalRef, fuzzRef time.Duration
	var minimalReads, fuzzReads int64
	for i := 0; i < b.N; i++ {
		for range turns {
			start, ref, reads := cpuTime(), processCPU(referencePID), processReads(referencePID)
			rate := minimalClient(tgt, reqs, conns, d)
			minimalCPU += cpuTime() - start
			minimalRef += processCPU(referencePID) - ref
			minimalReads += processReads(referencePID) - reads
			minimalN += int64(rate * d.Seconds())
			minimal += rate / turns
			start, ref, reads = cpuTime(), processCPU(referencePID), processReads(referencePID)
			res, err := campaign.Run(context.Background(), campaign.Config{Target: tgt, Duration: d, Workers: conns})
			fuzzCPU += cpuTime() - start
			fuzzRef += processCPU(referencePID) - ref
			fuzzReads += processReads(referencePID) - reads
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Signatures) > 0 {
				b.Fatalf("the faithful reference showed signatures: %v", res.Signatures[0].Signature)
			}
			fuzzN += res.Requests
			fuzz += float64(res.Requests) / res.Seconds / turns
		}
	}
	b.ReportMetric(minimal/float64(b.N), "minimal-req/s")
	b.ReportMetric(fuzz/float64(b.N), "campaign-req/s")
	b.ReportMetric(fuzz/minimal, "campaign/minimal")
	// The client's own CPU per request, this process's alone: the
	// reference runs in another. The campaign's includes setting up and
	// removing its fixtures.
	b.ReportMetric(float64(minimalCPU.Microseconds())/float64(max(minimalN, 1)), "minimal-cpu-µs/req")
	b.ReportMetric(float64(fuzzCPU.Microseconds())/float64(max(fuzzN, 1)), "campaign-cpu-µs/req")
	// The reference's CPU per request of each client (Linux only): it
	// costs the endpoint more when requests arrive in more pieces.
	b.ReportMetric(float64(minimalRef.Microseconds())/float64(max(minimalN, 1)), "reference-cpu-µs/minimal-req")
	b.ReportMetric(float64(fuzzRef.Microseconds())/float64(max(fuzzN, 1)), "reference-cpu-µs/campaign-req")
	// The reference's read system calls per request of each client
	// (Linux only), which, unlike CPU time, the machine's load does not
	// move: a request whose headers and body arrive in separate packets
	// costs the endpoint a read and a wake-up more. The campaign's count
	// also holds its fixtures' requests and the deletion of old versions.
	b.ReportMetric(float64(minimalReads)/float64(max(minimalN, 1)), "reference-reads/minimal-req")
	b.ReportMetric(float64(fuzzReads)/float64(max(fuzzN, 1)), "reference-reads/campaign-req")
	b.ReportMetric(0, "ns/op")
}

func openB(b *testing.B) *target.Target {
	b.Helper()
	tgt, err := target.Open(context.Background(), target.Config{Endpoint: standaloneReference(b), Profile: spec.ProfileAWS})
	if err != nil {
		b.Fatal(err)
	}
	return tgt
}

// standaloneEnv, set in the environment of this test binary, makes it
// serve the reference instead of running tests (see TestMain).
const standaloneEnv = "LAMBDACONF_BENCH_STANDALONE_REFERENCE"

func TestMain(m *testing.M) {
	if os.Getenv(standaloneEnv) != "" {
		serveStandalone()
		return
	}
	os.Exit(m.Run())
}

// serveStandalone serves the reference, prints its URL on a line of its
// own, and stops when standard input is closed (by the parent, or by its
// exit).
func serveStandalone() {
	srv := referenceServer()
	fmt.Println(srv.URL)
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
	os.Exit(0)
}

// referencePID is the standalone reference's process, for its CPU time.
var referencePID int

// standaloneReference starts the reference in a child process, this test
// binary run again, with Go's default collector settings, and returns its
// URL. The child stops when the benchmark ends.
func standaloneReference(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), standaloneEnv+"=1", "GOGC=")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatalf("starting the standalone reference: %v", err)
	}
	referencePID = cmd.Process.Pid
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("the standalone reference printed no URL: %v", err)
	}
	return strings.TrimSpace(line)
}
