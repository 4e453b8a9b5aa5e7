package generators

import (
	"bytes"
	"testing"
)

// Equal draws give equal archives, whatever was drawn in between (the
// flate writers are pooled and the random pool is shared).
func TestValidZipsAreDeterministicAcrossDraws(t *testing.T) {
	g := ValidZips(0)
	first := make([][]byte, 40)
	for i := range first {
		first[i] = g.Example(i)
	}
	for i := len(first) - 1; i >= 0; i-- {
		if again := g.Example(i); !bytes.Equal(again, first[i]) {
			t.Fatalf("seed %d: the second draw (%d bytes) differs from the first (%d bytes)", i, len(again), len(first[i]))
		}
	}
}
