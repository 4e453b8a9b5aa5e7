//go:build !unix

package campaign_test

import "time"

// cpuTime is not measured here: the per-request CPU metrics read 0.
func cpuTime() time.Duration { return 0 }
