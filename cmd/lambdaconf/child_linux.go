package main

import (
	"os/exec"
	"syscall"
)

// ownGroup starts c in a process group of its own, so that a signal to the
// run's group (a terminal's Ctrl-C) reaches only the parent, which passes
// exactly one interrupt on to each child; a child that got one from the
// group and one from the parent would take the second for an
// insistence to stop without cleaning up. Should the parent die without
// passing it on, the kernel interrupts the child (Pdeathsig), which then
// cleans up as on Ctrl-C. It reports whether the parent must pass
// interrupts on.
func ownGroup(c *exec.Cmd) bool {
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGINT}
	return true
}
