package main

import "testing"

// TestHelpExitsZero: asking for help is no usage error, for the command
// and for every subcommand, as Go's flag package has it; no command and an
// unknown one are.
func TestHelpExitsZero(t *testing.T) {
	cases := map[string][]string{
		"-h": {"-h"}, "--help": {"--help"}, "help": {"help"},
	}
	for name := range commands {
		cases[name+" -h"] = []string{name, "-h"}
	}
	for name, args := range cases {
		if got := dispatch(args); got != exitOK {
			t.Errorf("lambdaconf %s exited %d, want %d", name, got, exitOK)
		}
	}
	for _, args := range [][]string{nil, {"bogus"}, {"fuzz", "-no-such-flag"}} {
		if got := dispatch(args); got != exitUsage {
			t.Errorf("lambdaconf %q exited %d, want %d", args, got, exitUsage)
		}
	}
}
