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
// It exits 1 when a ratio misses its goal (-max-memory, -min-rate), 2 on a
// usage error, 3 when it could not measure. scripts/reference-capacity.sh
// builds lambdaconf and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/lambdaconf/lambdaconf/reference/capacity"
	"github.com/lambdaconf/lambdaconf/spec"
)

func main() {
	lambdaconf := flag.String("lambdaconf", "bin/lambdaconf", "the lambdaconf binary whose serve command is measured")
	moto := flag.String("moto", "moto_server", "the moto_server command to compare with; SKIPPED when not found")
	conns := flag.Int("conns", 4, "keep-alive connections of the rate measurements")
	duration := flag.Duration("duration", 3*time.Second, "length of each rate measurement")
	zipSize := flag.Int("zip", 1<<10, "zip size of the rate measurements, bytes")
	payload := flag.Int("payload", spec.MaxZippedSize, "zip size of the memory measurement, bytes")
	maxMemory := flag.Float64("max-memory", 1.5, "goal: at most this peak RSS above idle per payload byte")
	minRate := flag.Float64("min-rate", 100, "goal: at least this reference/moto rate ratio")
	flag.Parse()
	if flag.NArg() > 0 || *conns < 1 || *duration <= 0 {
		fmt.Fprintln(os.Stderr, "usage: capacity [-lambdaconf bin/lambdaconf] [-moto moto_server] [-conns 4] [-duration 3s]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	missed := false
	fail := func(what string, err error) {
		fmt.Fprintf(os.Stderr, "capacity: %s: %v\n", what, err)
		stop()
		os.Exit(3)
	}

	mem, err := memory(ctx, *lambdaconf, *payload)
	if err != nil {
		fail("memory", err)
	}
	verdict := goal(mem.Ratio() <= *maxMemory, "≤", *maxMemory, &missed)
	fmt.Printf("memory: reference peak RSS above idle = %.2fx the payload (%s) (idle %.1f MiB, peak %.1f MiB, payload %d bytes)\n",
		mem.Ratio(), verdict, mib(mem.Idle), mib(mem.Peak), mem.Payload)

	code, err := capacity.StoredZip(*zipSize, 2)
	if err != nil {
		fail("rate", err)
	}
	ref, err := referenceRate(ctx, *lambdaconf, code, *conns, *duration)
	if err != nil {
		fail("reference rate", err)
	}
	fmt.Printf("rate: reference %.0f UpdateFunctionCode/s (%d connections, %d-byte zips, %d in %s)\n",
		ref.PerSecond(), ref.Conns, len(code), ref.Requests, ref.Elapsed.Round(time.Millisecond))
	motoPath, err := exec.LookPath(*moto)
	if err != nil {
		fmt.Printf("rate: moto SKIPPED: %s is not on PATH (pip install \"moto[server]==5.2.1\" to compare)\n", *moto)
	} else {
		m, err := motoRate(ctx, motoPath, code, *conns, *duration)
		if err != nil {
			fail("moto rate", err)
		}
		ratio := ref.PerSecond() / m.PerSecond()
		fmt.Printf("rate: moto %.0f UpdateFunctionCode/s (%d connections, %d in %s)\n", m.PerSecond(), m.Conns, m.Requests, m.Elapsed.Round(time.Millisecond))
		fmt.Printf("rate: reference/moto = %.1fx (%s)\n", ratio, goal(ratio >= *minRate, "≥", *minRate, &missed))
	}
	if missed {
		os.Exit(1)
	}
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
	cmd = exec.CommandContext(ctx, lambdaconf, "serve", "-addr", "127.0.0.1:0")
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

// rate creates conns functions at endpoint and measures the rate of
// UpdateFunctionCode on them, one connection each, after a short warm-up.
// It prints the CPU time the server (pid) and this client spent per
// request, which shows where a rate is lost on a machine whose cores they
// share.
func rate(ctx context.Context, endpoint string, pid int, code []byte, conns int, d time.Duration, withIAM bool) (capacity.Rate, error) {
	const prefix = "lambdaconf-capacity-rate-"
	if err := capacity.Setup(ctx, endpoint, prefix, conns, code, withIAM); err != nil {
		return capacity.Rate{}, err
	}
	body := capacity.UpdateBody(code)
	reqs := make([][]byte, conns)
	for i := range reqs {
		var err error
		if reqs[i], err = capacity.SignedUpdate(endpoint, prefix+strconv.Itoa(i), body); err != nil {
			return capacity.Rate{}, err
		}
	}
	if _, err := capacity.UpdateRate(ctx, endpoint, reqs, min(d/4, 500*time.Millisecond)); err != nil {
		return capacity.Rate{}, err
	}
	server0, err := capacity.ProcessCPU(pid)
	if err != nil {
		return capacity.Rate{}, err
	}
	client0, err := capacity.ProcessCPU(os.Getpid())
	if err != nil {
		return capacity.Rate{}, err
	}
	r, err := capacity.UpdateRate(ctx, endpoint, reqs, d)
	if err != nil {
		return r, err
	}
	server1, err1 := capacity.ProcessCPU(pid)
	client1, err2 := capacity.ProcessCPU(os.Getpid())
	if err1 == nil && err2 == nil {
		n := time.Duration(r.Requests)
		fmt.Printf("rate: %s: CPU per request: server %s, this client %s\n", endpoint, ((server1 - server0) / n).Round(100*time.Nanosecond), ((client1 - client0) / n).Round(100*time.Nanosecond))
	}
	return r, nil
}

func referenceRate(ctx context.Context, lambdaconf string, code []byte, conns int, d time.Duration) (capacity.Rate, error) {
	url, cmd, stop, err := serve(ctx, lambdaconf)
	if err != nil {
		return capacity.Rate{}, err
	}
	defer stop()
	return rate(ctx, url, cmd.Process.Pid, code, conns, d, false)
}

// motoRate starts moto_server on a free loopback port, waits until it
// answers, and measures it like the reference.
func motoRate(ctx context.Context, motoServer string, code []byte, conns int, d time.Duration) (capacity.Rate, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return capacity.Rate{}, err
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.CommandContext(ctx, motoServer, "-H", "127.0.0.1", "-p", port)
	if err := cmd.Start(); err != nil {
		return capacity.Rate{}, fmt.Errorf("starting %s: %w", motoServer, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
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
			return capacity.Rate{}, fmt.Errorf("%s exited at start: %v", motoServer, err)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return capacity.Rate{}, fmt.Errorf("%s did not answer on %s within 30s", motoServer, url)
		}
	}
	return rate(ctx, url, cmd.Process.Pid, code, conns, d, true)
}
