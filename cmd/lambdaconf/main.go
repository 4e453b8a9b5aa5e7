// Command lambdaconf is the harness's command line: the standalone reference
// endpoint, report tools, the replay of findings and the sweep of leftovers.
package main

import (
	"fmt"
	"os"
	"sort"
)

// command is one subcommand. Each lives in a file of its own and registers
// itself from init.
type command struct {
	summary string
	run     func(args []string) int
}

var commands = map[string]command{}

func register(name, summary string, run func(args []string) int) {
	commands[name] = command{summary: summary, run: run}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: lambdaconf COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'lambdaconf COMMAND -h' for a command's flags.")
}

func main() {
	os.Exit(dispatch(os.Args[1:]))
}

// dispatch runs the command args name and returns the exit status: help
// asked for is 0, no command or an unknown one a usage error.
func dispatch(args []string) int {
	if len(args) == 0 {
		usage()
		return exitUsage
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage()
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "lambdaconf: unknown command %q\n\n", args[0])
		usage()
		return exitUsage
	}
	return c.run(args[1:])
}
