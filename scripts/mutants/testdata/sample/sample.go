// Package sample holds one of each construct the schemata rewrites, for
// schemata_test.go: every mutant of it must behave the same whether it is
// compiled alone or activated in the schemata.
package sample

import (
	"cmp"
	"errors"
	"os"
	tm "time"
)

const k = 2 * 3

type flag bool

type myErr struct{}

func (*myErr) Error() string { return "mine" }

var errMine = &myErr{}

var calls int

func side(v bool) bool { calls++; return v }

func callsSoFar() int { return calls }

// Compare exercises every comparison and the logical operators.
func Compare(a, b, c int, f float64, s []int, e error) []any {
	var named flag = a < b
	return []any{
		a < b, a <= b, a > b, a >= b, a == b, a != b,
		s == nil, nil != s, e == error(errMine), errors.Is(e, errMine) && e != nil,
		f > 0.5, a > 0 && b > 0 || c > 0, named,
		(a+b > c) == (c < a),
		side(a > b) && side(b > c), side(a < b) || side(c < 0), callsSoFar(),
	}
}

// Arith exercises the arithmetic operators, constant and not.
func Arith(a, b, c int, f float64, s string) []any {
	x := a + b*c - a/b%c
	y := f*2.5 - f/4 + -f
	n := 0
	n++
	for i := 0; i < 3; i++ {
		n += i
	}
	n--
	d := tm.Duration(a) * tm.Second
	var fi os.FileInfo = info{mode: os.FileMode(a)}
	mode := fi.Mode() + 1 // io/fs's FileMode, which this file cannot name
	return []any{x, y, s + "!", k, a * (4 - 1), -a, -1, n, d, Max(a, b), Sum(f, f), float64(a) / 3, mode}
}

// info is an os.FileInfo whose Mode is mode.
type info struct {
	os.FileInfo
	mode os.FileMode
}

func (i info) Mode() os.FileMode { return i.mode }

// Max is generic.
func Max[T cmp.Ordered](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Sum is generic arithmetic.
func Sum[T int | float64](a, b T) T { return a + b - b/2 }

// Recovered reports whether f panicked.
func Recovered(f func()) (r bool) {
	defer func() {
		if recover() != nil {
			r = true
		}
	}()
	f()
	return false
}

var counter int

func bump() int { counter += 10; return 1 }

// Order reads counter in an operand the compiler evaluates after the
// statement's calls: bump has already run when counter*2 is computed.
func Order(a int) []any {
	counter = a
	x := counter*2 + bump()
	counter = a
	y, z := counter-1, bump()
	var p struct{ n int }
	p.n = a
	w := p.n*3 + bump() // a field of a local no call can reach
	return []any{x, y, z, w}
}
