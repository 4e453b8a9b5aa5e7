// Package capacity measures what an UpdateFunctionCode endpoint costs at
// its limit: the peak resident memory of a server process per byte of
// inline package (read from Linux's /proc/PID/status), and the rate at
// which it serves UpdateFunctionCode over a few keep-alive connections.
//
// The load client is cheap on purpose, since on a small machine it shares
// the cores with the server it measures: every request is built and SigV4
// signed once (the pinned SDK's signer, with static test credentials) and
// then replayed byte for byte over raw TCP, and answers are read with a
// minimal HTTP/1.x parser into a reused buffer. Each connection updates its
// own function, so that no update waits for another's to finish.
package capacity

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Region and the static credentials every request is signed with; the
// endpoints measured here are local emulators.
const (
	Region    = "us-east-1"
	accessKey = "testing"
	secretKey = "testing"
)

// StoredZip returns a zip archive of exactly size bytes: one entry of
// random, incompressible bytes, stored uncompressed. size must be at least
// the archive's overhead (about 130 bytes) and below 4 GiB.
func StoredZip(size int, seed uint64) ([]byte, error) {
	build := func(n int) ([]byte, error) {
		data := make([]byte, n)
		rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(seed >> 16), byte(seed >> 24)}).Read(data)
		var buf bytes.Buffer
		buf.Grow(n + 256)
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "blob.bin", Method: zip.Store})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	empty, err := build(0)
	if err != nil {
		return nil, err
	}
	if size < len(empty) {
		return nil, fmt.Errorf("capacity: a zip of %d bytes is smaller than the %d bytes of an archive's overhead", size, len(empty))
	}
	return build(size - len(empty))
}

// UpdateBody is the JSON body of an UpdateFunctionCode request that sends
// zip inline: {"ZipFile":"<base64>"}.
func UpdateBody(zip []byte) []byte {
	body := make([]byte, 0, base64.StdEncoding.EncodedLen(len(zip))+16)
	body = append(body, `{"ZipFile":"`...)
	body = base64.StdEncoding.AppendEncode(body, zip)
	return append(body, `"}`...)
}

// Setup creates what the measurements update: n functions named
// prefix0…prefix(n-1) with the given code. With withIAM it first creates
// their execution role through the same endpoint, for an emulator that
// requires the role to exist (moto); otherwise the role is an ARN in the
// account 123456789012.
func Setup(ctx context.Context, endpoint, prefix string, n int, code []byte, withIAM bool) error {
	cfg := aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		BaseEndpoint: aws.String(endpoint),
	}
	role := "arn:aws:iam::123456789012:role/lambdaconf-capacity"
	const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	if withIAM {
		out, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{
			RoleName: aws.String(prefix + "role"), AssumeRolePolicyDocument: aws.String(trust)})
		if err != nil {
			return fmt.Errorf("capacity: CreateRole %srole at %s: %w", prefix, endpoint, err)
		}
		role = aws.ToString(out.Role.Arn)
	}
	lc := lambda.NewFromConfig(cfg)
	for i := range n {
		_, err := lc.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(prefix + strconv.Itoa(i)),
			Role:         aws.String(role),
			Runtime:      lambdatypes.RuntimePython312,
			Handler:      aws.String("app.handler"),
			Code:         &lambdatypes.FunctionCode{ZipFile: code},
		})
		if err != nil {
			return fmt.Errorf("capacity: CreateFunction %s%d at %s: %w", prefix, i, endpoint, err)
		}
	}
	return nil
}

// SignedUpdate returns the bytes of one HTTP/1.1 UpdateFunctionCode
// request for function name at endpoint, SigV4-signed once, to be replayed
// as they are.
func SignedUpdate(endpoint, name string, body []byte) ([]byte, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	path := "/2015-03-31/functions/" + url.PathEscape(name) + "/code"
	req, err := http.NewRequest(http.MethodPut, endpoint+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: accessKey, SecretAccessKey: secretKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "lambda", Region, time.Now()); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "PUT %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", path, u.Host, len(body))
	for k, vs := range req.Header {
		for _, v := range vs {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes(), nil
}

// Answer sends req, the bytes of one request, to endpoint over a new
// connection and returns the answer's status, headers and body (at most
// 64 KiB of it).
func Answer(ctx context.Context, endpoint string, req []byte) (int, http.Header, []byte, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return 0, nil, nil, err
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("capacity: dialling %s: %w", u.Host, err)
	}
	defer c.Close()
	if _, err := c.Write(req); err != nil {
		return 0, nil, nil, fmt.Errorf("capacity: sending to %s: %w", u.Host, err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("capacity: reading the answer of %s: %w", u.Host, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, resp.Header, body, err
}

// FixedAnswer is a handler that reads each request's body whole and
// answers 200 with header and body, whatever the request: the least work
// a net/http endpoint can do per request, and so, with UpdateRate's
// client on the same machine, the ceiling of any Go net/http endpoint's
// rate there.
func FixedAnswer(header http.Header, body []byte) http.Handler {
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		for k, vs := range header {
			h[k] = vs
		}
		h.Set("Content-Length", length)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

// Rate is the outcome of UpdateRate.
type Rate struct {
	Conns    int
	Requests int64
	Elapsed  time.Duration
}

// PerSecond is the rate in requests per second.
func (r Rate) PerSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// UpdateRate replays requests[i] on connection i, one request at a time
// per connection, for d, and counts the answers. Any answer but 200 stops
// the measurement with an error that quotes it. A connection the server
// closes (HTTP/1.0, Connection: close) is dialled again, as any client
// would.
func UpdateRate(ctx context.Context, endpoint string, requests [][]byte, d time.Duration) (Rate, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return Rate{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		count   atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
	)
	start := time.Now()
	for _, req := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := replay(ctx, u.Host, req, &count); err != nil {
				errOnce.Do(func() { first = err; cancel() })
			}
		}()
	}
	wg.Wait()
	r := Rate{Conns: len(requests), Requests: count.Load(), Elapsed: time.Since(start)}
	if first != nil {
		return r, first
	}
	if r.Requests == 0 {
		return r, fmt.Errorf("capacity: %s answered no UpdateFunctionCode within %s", endpoint, d)
	}
	return r, nil
}

// conn is a client connection that Stop, called from another goroutine,
// unblocks.
type conn interface {
	io.ReadWriteCloser
	Stop()
}

// errEOF is io.EOF, as a connection's Read returns it.
var errEOF = io.EOF

// replay sends req over one connection until ctx ends.
func replay(ctx context.Context, host string, req []byte, count *atomic.Int64) error {
	var (
		mu sync.Mutex
		c  conn
	)
	defer func() {
		mu.Lock()
		if c != nil {
			c.Close()
			c = nil
		}
		mu.Unlock()
	}()
	stop := context.AfterFunc(ctx, func() {
		// Unblocks a read or write in progress; the answer is then lost
		// and not counted.
		mu.Lock()
		if c != nil {
			c.Stop()
		}
		mu.Unlock()
	})
	defer stop()
	var br *bufio.Reader
	discard := make([]byte, 32<<10)
	for ctx.Err() == nil {
		if c == nil {
			nc, err := dial(host)
			if err != nil {
				return fmt.Errorf("capacity: dialling %s: %w", host, err)
			}
			mu.Lock()
			c = nc
			mu.Unlock()
			if ctx.Err() != nil {
				return nil
			}
			if br == nil {
				br = bufio.NewReaderSize(c, 16<<10)
			} else {
				br.Reset(c)
			}
		}
		if _, err := c.Write(req); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("capacity: sending to %s: %w", host, err)
		}
		status, keep, err := readResponse(br, discard)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("capacity: reading the answer of %s: %w", host, err)
		}
		if status != http.StatusOK {
			return fmt.Errorf("capacity: %s answered UpdateFunctionCode with status %d, not 200", host, status)
		}
		count.Add(1)
		if !keep {
			mu.Lock()
			c.Close()
			c = nil
			mu.Unlock()
		}
	}
	return nil
}

// readResponse reads one HTTP/1.x answer: its status, whether the
// connection stays open, and its body into discard. A body without
// Content-Length runs to the end of the connection; chunked bodies are
// not supported.
func readResponse(br *bufio.Reader, discard []byte) (status int, keep bool, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, fmt.Errorf("not an HTTP/1.x status line: %q", line)
	}
	keep = line[7] == '1'
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, false, fmt.Errorf("bad status line %q", line)
	}
	length := int64(-1)
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return 0, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil {
				return 0, false, fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Connection")):
			if bytes.EqualFold(value, []byte("close")) {
				keep = false
			} else if bytes.EqualFold(value, []byte("keep-alive")) {
				keep = true
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			return 0, false, fmt.Errorf("Transfer-Encoding %q is not supported by this client", value)
		}
	}
	if length < 0 {
		for {
			if _, err := br.Read(discard); err == io.EOF {
				return status, false, nil
			} else if err != nil {
				return 0, false, err
			}
		}
	}
	for length > 0 {
		n, err := br.Read(discard[:min(int64(len(discard)), length)])
		length -= int64(n)
		if err != nil && length > 0 {
			return 0, false, err
		}
	}
	return status, keep, nil
}

// ProcessCPU is the user and system CPU time process pid has used, from
// /proc/pid/stat (in clock ticks of 10 ms).
func ProcessCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("capacity: reading the CPU time of process %d (Linux's /proc is needed): %w", pid, err)
	}
	// The fields after the command name, which is in parentheses: state is
	// the first, utime the 12th and stime the 13th.
	_, rest, _ := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("capacity: /proc/%d/stat is too short", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("capacity: /proc/%d/stat has no CPU times", pid)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// Memory is the outcome of PeakPerPayload.
type Memory struct {
	// Idle is the server's resident memory before the update, Peak its
	// high-water mark after it, Payload the zip's size, all in bytes.
	Idle, Peak, Payload int64
}

// Ratio is the peak above idle per byte of payload.
func (m Memory) Ratio() float64 { return float64(m.Peak-m.Idle) / float64(m.Payload) }

// Memory reads VmRSS and VmHWM, in bytes, from /proc/pid/status.
func ProcessMemory(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("capacity: reading the memory of process %d (Linux's /proc is needed): %w", pid, err)
	}
	field := func(name string) (int64, error) {
		_, rest, ok := strings.Cut(string(b), "\n"+name+":")
		if !ok {
			return 0, fmt.Errorf("capacity: /proc/%d/status has no %s", pid, name)
		}
		line, _, _ := strings.Cut(rest, "\n")
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(line), " kB"), 10, 64)
		return kb << 10, err
	}
	if rss, err = field("VmRSS"); err != nil {
		return 0, 0, err
	}
	hwm, err = field("VmHWM")
	return rss, hwm, err
}

// PeakPerPayload measures the server process pid at endpoint: it creates a
// function with a small zip, reads the process's resident memory, sends
// one UpdateFunctionCode with zip inline, and reads its high-water mark.
func PeakPerPayload(ctx context.Context, endpoint string, pid int, zip []byte) (Memory, error) {
	small, err := StoredZip(1<<10, 1)
	if err != nil {
		return Memory{}, err
	}
	if err := Setup(ctx, endpoint, "lambdaconf-capacity-memory-", 1, small, false); err != nil {
		return Memory{}, err
	}
	idle, _, err := ProcessMemory(pid)
	if err != nil {
		return Memory{}, err
	}
	body := UpdateBody(zip)
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, endpoint+"/2015-03-31/functions/lambdaconf-capacity-memory-0/code", bytes.NewReader(body))
	if err != nil {
		return Memory{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Memory{}, fmt.Errorf("capacity: UpdateFunctionCode of %d bytes at %s: %w", len(zip), endpoint, err)
	}
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Memory{}, fmt.Errorf("capacity: UpdateFunctionCode of %d bytes at %s answered %d: %s", len(zip), endpoint, resp.StatusCode, answer)
	}
	_, peak, err := ProcessMemory(pid)
	if err != nil {
		return Memory{}, err
	}
	return Memory{Idle: idle, Peak: peak, Payload: int64(len(zip))}, nil
}

// StartServe starts cmd, a lambdaconf serve command line, and returns the
// URL it prints at the end of its first line of stdout once it listens.
// The caller stops the process.
func StartServe(cmd *exec.Cmd) (string, error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("capacity: starting %s: %w", cmd.Path, err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	fields := strings.Fields(line)
	if err != nil || len(fields) == 0 || !strings.HasPrefix(fields[len(fields)-1], "http://") {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return "", fmt.Errorf("capacity: %s printed no URL (first line %q, %v)", cmd.Path, line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return fields[len(fields)-1], nil
}
