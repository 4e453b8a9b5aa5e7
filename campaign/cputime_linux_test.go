//go:build linux

package campaign_test

import (
	"bytes"
	"fmt"
	"os"
	"time"
)

// processCPU returns the CPU time process pid has used, user and system,
// from /proc/PID/stat (in clock ticks of 1/100 s, which Linux fixes for
// that file); 0 when it cannot be read.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: fields are
	// counted after its closing parenthesis.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	var state string
	var skip, utime, stime int64
	// Fields 3 to 15: state, ppid, pgrp, session, tty_nr, tpgid, flags,
	// minflt, cminflt, majflt, cmajflt, utime, stime.
	n, _ := fmt.Sscan(string(b[i+1:]), &state, &skip, &skip, &skip, &skip, &skip, &skip, &skip, &skip, &skip, &skip, &utime, &stime)
	if n != 13 {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// processReads returns the number of read system calls process pid has
// made, from /proc/PID/io (syscr); 0 when it cannot be read (the file
// needs the right to trace the process).
func processReads(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return 0
	}
	_, rest, ok := bytes.Cut(b, []byte("syscr:"))
	if !ok {
		return 0
	}
	var n int64
	if _, err := fmt.Sscan(string(rest), &n); err != nil {
		return 0
	}
	return n
}
