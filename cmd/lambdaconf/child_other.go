//go:build !linux

package main

import "os/exec"

// ownGroup leaves c in the run's process group where the kernel cannot
// interrupt a child whose parent died (Pdeathsig is Linux's): a signal to
// the group reaches the child itself, and the parent passes on only a
// TERM. It reports whether the parent must pass interrupts on.
func ownGroup(c *exec.Cmd) bool { return false }
