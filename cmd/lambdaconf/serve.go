package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
)

func init() {
	register("serve", "run the reference Lambda+S3 endpoint until interrupted", func(args []string) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return serve(ctx, args, os.Stdout, os.Stderr)
	})
}

// serveConfig is the parsed command line of serve.
type serveConfig struct {
	addr        string
	allowRemote bool
	opts        reference.Options
}

func parseServeFlags(args []string, stderr io.Writer) (serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg serveConfig
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if region == "" {
		region = "us-east-1"
	}
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:9000", "`host:port` to listen on; port 0 picks a free one and an empty host means 127.0.0.1")
	fs.BoolVar(&cfg.allowRemote, "allow-remote", false, "allow a non-loopback -addr (the endpoint has no authentication)")
	fs.StringVar(&cfg.opts.Region, "region", region, "region of the endpoint (default from AWS_REGION or AWS_DEFAULT_REGION)")
	fs.StringVar(&cfg.opts.Account, "account", "123456789012", "12-digit account ID of the endpoint")
	profile := fs.String("profile", string(spec.ProfileAWS), "API profile to emulate: aws or seed")
	faults := fs.String("faults", "", "comma-separated faults to inject, e.g. hex-hash,accept-qualifier")
	fs.Float64Var(&cfg.opts.RateLimit, "rate-limit", 0, "Lambda requests per second before 429 TooManyRequestsException (0 = unlimited)")
	fs.Int64Var(&cfg.opts.CodeStorageQuota, "code-storage-quota", 0, "bytes of code the account may store before CodeStorageExceededException (0 = unlimited)")
	fs.DurationVar(&cfg.opts.UpdateDuration, "update-duration", 0, "how long an update stays InProgress; another update meanwhile gets 409")
	fs.DurationVar(&cfg.opts.CreateDuration, "create-duration", 0, "how long a new function stays Pending; an update meanwhile gets 409")
	fs.DurationVar(&cfg.opts.Latency, "latency", 0, "delay every answer by this long, like an endpoint across a network")
	fs.IntVar(&cfg.opts.ServiceFaultEvery, "service-fault-every", 0, "answer every Nth Lambda request with 500 ServiceException (0 = never)")
	verbose := fs.Bool("v", false, "log every request to stderr")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("serve takes no arguments, got %q: pass options as flags (see -h)", fs.Args())
	}
	var err error
	if cfg.opts.Profile, err = spec.ParseProfile(*profile); err != nil {
		return cfg, fmt.Errorf("-profile: %w", err)
	}
	if cfg.opts.Faults, err = reference.ParseFaults(*faults); err != nil {
		return cfg, fmt.Errorf("-faults: %w", err)
	}
	if len(cfg.opts.Account) != 12 || !isDigits(cfg.opts.Account) {
		return cfg, fmt.Errorf("-account %q: an account ID is exactly 12 digits", cfg.opts.Account)
	}
	if cfg.opts.RateLimit < 0 || cfg.opts.CodeStorageQuota < 0 || cfg.opts.UpdateDuration < 0 || cfg.opts.CreateDuration < 0 ||
		cfg.opts.Latency < 0 || cfg.opts.ServiceFaultEvery < 0 {
		return cfg, errors.New("-rate-limit, -code-storage-quota, -update-duration, -create-duration, -latency and -service-fault-every must not be negative (0 turns each off)")
	}
	if cfg.addr, err = loopbackAddr(cfg.addr, cfg.allowRemote); err != nil {
		return cfg, err
	}
	if *verbose {
		logger := log.New(stderr, "lambdaconf serve: ", log.LstdFlags|log.Lmicroseconds)
		cfg.opts.Logf = logger.Printf
	}
	return cfg, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// loopbackAddr refuses an address that is not on the loopback interface
// unless allowRemote is set. An empty host (":0") means 127.0.0.1, not
// every interface, unless allowRemote is set.
func loopbackAddr(addr string, allowRemote bool) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("-addr %q: %v: use host:port, such as 127.0.0.1:9000", addr, err)
	}
	if allowRemote {
		return addr, nil
	}
	if host == "" {
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	if host == "localhost" {
		return addr, nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return addr, nil
	}
	return "", fmt.Errorf("-addr %q is not a loopback address: the endpoint is unauthenticated, so listen on 127.0.0.1 or pass -allow-remote", addr)
}

// serve runs the endpoint until ctx ends, printing its URL as the first
// line of stdout.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf serve: %v\n", err)
		return 2
	}
	srv, err := reference.Listen(cfg.addr, cfg.opts)
	if err != nil {
		fmt.Fprintf(stderr, "lambdaconf serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "lambdaconf reference endpoint listening on %s\n", srv.URL)
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "lambdaconf serve: shutting down: %v\n", err)
		return 1
	}
	return 0
}
