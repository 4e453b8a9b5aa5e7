// Command capacity measures the reference endpoint at the machine's limit,
// side by side in one run, and prints two ratios:
//
//   - memory: the peak resident memory of a `lambdaconf serve` process
//     above its idle memory, per byte of a 52,428,800-byte zip sent inline
//     in one UpdateFunctionCode (VmHWM and VmRSS from /proc/PID/status);
//   - rate: the reference's UpdateFunctionCode rate over -conns keep-alive
//     connections with 1 KiB zips, per moto_server's on the same client and
//     machine (SKIPPED when moto_server is not on PATH).
//
// Beside the reference and moto it measures a ceiling: a net/http server,
// this program run with -serve-fixed-answer, that reads each request whole
// and sends the reference's recorded answer without parsing anything. No Go
// net/http endpoint can be faster with this client on this machine. The
// three servers are measured in -turns alternating turns, and each rate is
// the total over its turns.
//
// It exits 1 when a ratio misses its goal (-max-memory, -min-rate), 2 on a
// usage error, 3 when it could not measure. scripts/reference-capacity.sh
// builds lambdaconf and runs it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lambdaconf/lambdaconf/reference/capacity"
	"github.com/lambdaconf/lambdaconf/spec"
)

func main() { os.Exit(run()) }

// run measures and returns the exit status. It returns rather than exits,
// so that the servers it started are stopped on every path.
func run() int {
	lambdaconf := flag.String("lambdaconf", "bin/lambdaconf", "the lambdaconf binary whose serve command is measured")
	moto := flag.String("moto", "moto_server", "the moto_server command to compare with; SKIPPED when not found")
	conns := flag.Int("conns", 4, "keep-alive connections of the rate measurements")
	duration := flag.Duration("duration", 3*time.Second, "length of each rate measurement")
	zipSize := flag.Int("zip", 1<<10, "zip size of the rate measurements, bytes")
	payload := flag.Int("payload", spec.MaxZippedSize, "zip size of the memory measurement, bytes")
	maxMemory := flag.Float64("max-memory", 1.5, "goal: at most this peak RSS above idle per payload byte")
	minRate := flag.Float64("min-rate", 100, "goal: at least this reference/moto rate ratio")
	turns := flag.Int("turns", 3, "turns of the rate measurements: each measures every server once, in turn, so that a drift in the machine's load weighs on all alike")
	fixed := flag.String("serve-fixed-answer", "", "(internal) serve the answer recorded in this file, as the ceiling's server")
	flag.Parse()
	if *fixed != "" {
		return serveFixedAnswer(*fixed)
	}
	if flag.NArg() > 0 || *conns < 1 || *duration <= 0 || *turns < 1 {
		fmt.Fprintln(os.Stderr, "usage: capacity [-lambdaconf bin/lambdaconf] [-moto moto_server] [-conns 4] [-duration 3s] [-turns 3]")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	missed := false
	fail := func(what string, err error) int {
		fmt.Fprintf(os.Stderr, "capacity: %s: %v\n", what, err)
		return 3
	}

	mem, err := memory(ctx, *lambdaconf, *payload)
	if err != nil {
		return fail("memory", err)
	}
	verdict := goal(mem.Ratio() <= *maxMemory, "≤", *maxMemory, &missed)
	fmt.Printf("memory: reference peak RSS above idle = %.2fx the payload (%s) (idle %.1f MiB, peak %.1f MiB, payload %d bytes)\n",
		mem.Ratio(), verdict, mib(mem.Idle), mib(mem.Peak), mem.Payload)

	code, err := capacity.StoredZip(*zipSize, 2)
	if err != nil {
		return fail("rate", err)
	}
	ref, answer, err := startReference(ctx, *lambdaconf, code, *conns)
	if err != nil {
		return fail("reference rate", err)
	}
	defer ref.stop()
	ceiling, err := startCeiling(ctx, answer, code, *conns)
	if err != nil {
		return fail("ceiling rate", err)
	}
	defer ceiling.stop()
	measured := []*endpoint{ref, ceiling}
	motoPath, err := exec.LookPath(*moto)
	if err != nil {
		fmt.Printf("rate: moto SKIPPED: %s is not on PATH (pip install \"moto[server]==5.2.1\" to compare)\n", *moto)
	} else {
		m, err := startMoto(ctx, motoPath, code, *conns)
		if err != nil {
			return fail("moto rate", err)
		}
		defer m.stop()
		measured = append(measured, m)
	}
	for turn := range *turns {
		line := fmt.Sprintf("rate: turn %d:", turn+1)
		for _, e := range measured {
			r, err := e.measure(ctx, *duration, turn == 0)
			if err != nil {
				return fail(e.name+" rate", err)
			}
			line += fmt.Sprintf(" %s %.0f/s;", e.name, r.PerSecond())
		}
		fmt.Println(strings.TrimSuffix(line, ";"))
	}
	for _, e := range measured {
		n := time.Duration(max(e.total.Requests, 1))
		fmt.Printf("rate: %s %.0f UpdateFunctionCode/s (%d connections, %d-byte zips, %d in %s; CPU per request: server %s, this client %s)\n",
			e.name, e.total.PerSecond(), *conns, len(code), e.total.Requests, e.total.Elapsed.Round(time.Millisecond),
			(e.serverCPU / n).Round(100*time.Nanosecond), (e.clientCPU / n).Round(100*time.Nanosecond))
	}
	fmt.Printf("rate: the ceiling is a net/http server that reads each request whole and sends the reference's recorded answer, unparsed: the most any Go net/http endpoint reaches with this client on this machine; the reference reaches %.2f of it\n",
		ref.total.PerSecond()/ceiling.total.PerSecond())
	if len(measured) == 3 {
		m := measured[2]
		ratio := ref.total.PerSecond() / m.total.PerSecond()
		fmt.Printf("rate: reference/moto = %.1fx (%s); ceiling/moto = %.1fx\n", ratio, goal(ratio >= *minRate, "≥", *minRate, &missed), ceiling.total.PerSecond()/m.total.PerSecond())
	}
	if missed {
		return 1
	}
	return 0
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func goal(met bool, op string, target float64, missed *bool) string {
	if met {
		return fmt.Sprintf("goal %s %g: met", op, target)
	}
	*missed = true
	return fmt.Sprintf("goal %s %g: MISSED", op, target)
}

// serve starts lambdaconf serve on a free loopback port; stop ends it.
func serve(ctx context.Context, lambdaconf string) (url string, cmd *exec.Cmd, stop func(), err error) {
	return start(exec.CommandContext(ctx, lambdaconf, "serve", "-addr", "127.0.0.1:0"))
}

// start starts cmd, a server that prints its URL at the end of its first
// line; stop ends it.
func start(cmd *exec.Cmd) (url string, _ *exec.Cmd, stop func(), err error) {
	cmd.Stderr = os.Stderr
	url, err = capacity.StartServe(cmd)
	if err != nil {
		return "", nil, nil, err
	}
	return url, cmd, func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }, nil
}

// memory measures one inline update of a payload-byte zip in a fresh
// lambdaconf serve process.
func memory(ctx context.Context, lambdaconf string, payload int) (capacity.Memory, error) {
	zip, err := capacity.StoredZip(payload, 1)
	if err != nil {
		return capacity.Memory{}, err
	}
	url, cmd, stop, err := serve(ctx, lambdaconf)
	if err != nil {
		return capacity.Memory{}, err
	}
	defer stop()
	return capacity.PeakPerPayload(ctx, url, cmd.Process.Pid, zip)
}

// endpoint is one server whose rate is measured: its requests, one per
// connection, each updating its own function, and the totals of its turns.
type endpoint struct {
	name      string
	url       string
	pid       int
	reqs      [][]byte
	stop      func()
	total     capacity.Rate
	serverCPU time.Duration
	clientCPU time.Duration
}

// ratePrefix begins the names of the functions the rates update.
const ratePrefix = "lambdaconf-capacity-rate-"

// newEndpoint signs the conns requests that update url's functions with
// code. With setup it first creates the functions (and with withIAM their
// role); the ceiling's server answers anything and needs none.
func newEndpoint(ctx context.Context, name, url string, pid int, stop func(), code []byte, conns int, setup, withIAM bool) (*endpoint, error) {
	if setup {
		if err := capacity.Setup(ctx, url, ratePrefix, conns, code, withIAM); err != nil {
			stop()
			return nil, err
		}
	}
	e := &endpoint{name: name, url: url, pid: pid, stop: stop, reqs: make([][]byte, conns)}
	body := capacity.UpdateBody(code)
	for i := range e.reqs {
		var err error
		if e.reqs[i], err = capacity.SignedUpdate(url, ratePrefix+strconv.Itoa(i), body); err != nil {
			stop()
			return nil, err
		}
	}
	return e, nil
}

// measure runs one turn of d on e, after a short warm-up when warm is
// set, adds it to e's totals with the CPU time the server and this client
// spent, and returns the turn's rate.
func (e *endpoint) measure(ctx context.Context, d time.Duration, warm bool) (capacity.Rate, error) {
	if warm {
		if _, err := capacity.UpdateRate(ctx, e.url, e.reqs, min(d/4, 500*time.Millisecond)); err != nil {
			return capacity.Rate{}, err
		}
	}
	server0, err := capacity.ProcessCPU(e.pid)
	if err != nil {
		return capacity.Rate{}, err
	}
	client0, err := capacity.ProcessCPU(os.Getpid())
	if err != nil {
		return capacity.Rate{}, err
	}
	r, err := capacity.UpdateRate(ctx, e.url, e.reqs, d)
	if err != nil {
		return r, err
	}
	server1, err1 := capacity.ProcessCPU(e.pid)
	client1, err2 := capacity.ProcessCPU(os.Getpid())
	if err1 == nil && err2 == nil {
		e.serverCPU += server1 - server0
		e.clientCPU += client1 - client0
	}
	e.total.Requests += r.Requests
	e.total.Elapsed += r.Elapsed
	return r, nil
}

// recorded is one HTTP answer, kept in a file for the ceiling's server.
type recorded struct {
	Header http.Header
	Body   []byte
}

// startReference starts lambdaconf serve, creates its functions, and
// records its answer to one update, for the ceiling's server to send.
func startReference(ctx context.Context, lambdaconf string, code []byte, conns int) (*endpoint, recorded, error) {
	url, cmd, stop, err := serve(ctx, lambdaconf)
	if err != nil {
		return nil, recorded{}, err
	}
	e, err := newEndpoint(ctx, "reference", url, cmd.Process.Pid, stop, code, conns, true, false)
	if err != nil {
		return nil, recorded{}, err
	}
	status, header, body, err := capacity.Answer(ctx, url, e.reqs[0])
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("the reference answered an update with %d: %s", status, body)
	}
	if err != nil {
		stop()
		return nil, recorded{}, err
	}
	// The server sets these itself, as the reference's did.
	for _, k := range []string{"Date", "Content-Length", "Connection"} {
		header.Del(k)
	}
	return e, recorded{Header: header, Body: body}, nil
}

// startCeiling starts this program with -serve-fixed-answer: a server that
// does only what every Go net/http endpoint must, reading each request and
// sending answer.
func startCeiling(ctx context.Context, answer recorded, code []byte, conns int) (*endpoint, error) {
	f, err := os.CreateTemp("", "capacity-answer-*.json")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	err = json.NewEncoder(f).Encode(answer)
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	url, cmd, stop, err := start(exec.CommandContext(ctx, self, "-serve-fixed-answer", f.Name()))
	if err != nil {
		return nil, err
	}
	return newEndpoint(ctx, "ceiling", url, cmd.Process.Pid, stop, code, conns, false, false)
}

// startMoto starts moto_server on a free loopback port, waits until it
// answers, and creates its role and functions.
func startMoto(ctx context.Context, motoServer string, code []byte, conns int) (*endpoint, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.CommandContext(ctx, motoServer, "-H", "127.0.0.1", "-p", port)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", motoServer, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	url := "http://127.0.0.1:" + port
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Post(url+"/moto-api/reset", "", nil)
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-exited:
			exited <- err
			return nil, fmt.Errorf("%s exited at start: %v", motoServer, err)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("%s did not answer on %s within 30s", motoServer, url)
		}
	}
	return newEndpoint(ctx, "moto", url, cmd.Process.Pid, stop, code, conns, true, true)
}

// serveFixedAnswer is the ceiling's server: it listens on a free loopback
// port, prints its URL as lambdaconf serve does, and serves the answer in
// file until it is stopped.
func serveFixedAnswer(file string) int {
	b, err := os.ReadFile(file)
	var answer recorded
	if err == nil {
		err = json.Unmarshal(b, &answer)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "capacity: the recorded answer %s: %v\n", file, err)
		return 3
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "capacity: listening on loopback: %v\n", err)
		return 3
	}
	fmt.Printf("fixed-answer server listening on http://%s\n", ln.Addr())
	err = http.Serve(ln, capacity.FixedAnswer(answer.Header, answer.Body))
	fmt.Fprintf(os.Stderr, "capacity: the fixed-answer server: %v\n", err)
	return 3
}
