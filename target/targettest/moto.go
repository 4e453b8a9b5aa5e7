// Package targettest starts the endpoints the harness's own tests run
// against: a private moto_server on a free loopback port.
package targettest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// MotoStartTimeout bounds the wait for moto_server to answer.
const MotoStartTimeout = 30 * time.Second

// Moto starts moto_server on a free loopback port, waits until it answers,
// and returns its endpoint URL. The server is killed when the test ends.
// The test is skipped when moto_server is not on PATH.
func Moto(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server is not on PATH: install moto (pip install 'moto[server]') to run the tests against it")
	}
	port, err := freePort()
	if err != nil {
		t.Fatalf("finding a free loopback port for moto_server: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	logPath := filepath.Join(t.TempDir(), "moto.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		cancel()
		t.Fatalf("creating the moto_server log: %v", err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// moto_server may be a shim that starts python as a child: kill the
	// whole process group. Pdeathsig also kills it when the test binary
	// dies without running cleanups (a -timeout panic, a SIGKILL).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		logFile.Close()
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		<-exited
		logFile.Close()
	})
	endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(MotoStartTimeout)
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil}}
	for {
		resp, err := client.Get(endpoint + "/moto-api/data.json")
		if err == nil {
			resp.Body.Close()
			return endpoint
		}
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logPath)
			exited <- err
			t.Fatalf("moto_server exited before answering (%v); its log:\n%s", err, log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within %v: check %s", endpoint, MotoStartTimeout, logPath)
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
