//go:build !linux

package campaign_test

import "time"

// processCPU is not measured here: the reference's per-request CPU
// metrics read 0.
func processCPU(int) time.Duration { return 0 }

// processReads is not measured here: the reference's reads-per-request
// metrics read 0.
func processReads(int) int64 { return 0 }
