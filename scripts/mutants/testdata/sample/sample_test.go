package sample

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

// TestOutputs writes what the package computes to $SAMPLE_OUT; it fails
// on nothing: schemata_test.go compares the outputs.
func TestOutputs(t *testing.T) {
	var out []any
	for _, in := range [][3]int{{1, 2, 3}, {3, 2, 1}, {2, 2, 2}, {-1, 5, 7}, {0, 0, 0}, {1, 0, 0}, {0, 1, 0}} {
		for _, e := range []error{nil, errMine, errors.New("x")} {
			out = append(out, Compare(in[0], in[1], in[2], float64(in[0])/2, nil, e), Compare(in[0], in[1], in[2], 0.5, []int{1}, e))
		}
		if in[1] != 0 && in[2] != 0 { // Arith divides by both
			out = append(out, Arith(in[0], in[1], in[2], float64(in[2])/3, "s"))
		}
		out = append(out, Order(in[0]))
	}
	out = append(out, Recovered(func() { panic("p") }), Recovered(func() {}))
	if p := os.Getenv("SAMPLE_OUT"); p != "" {
		if err := os.WriteFile(p, []byte(fmt.Sprint(out...)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
