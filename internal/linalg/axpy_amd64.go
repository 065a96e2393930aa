package linalg

import (
	"golang.org/x/sys/cpu"
	"gonum.org/v1/gonum/blas/gonum"
)

var haveAVX = cpu.X86.HasAVX

// saxpyAVX adds a·x to y[:len(x)]; y must be at least as long as x. It rounds
// as gonum's kernel does (a product, then a sum), so results do not depend on
// whether the processor has AVX.
//
//go:noescape
func saxpyAVX(a float32, x, y []float32)

// saxpy adds a·x to y (of the same length).
func saxpy(a float32, x, y []float32) {
	if haveAVX {
		saxpyAVX(a, x, y[:len(x)])
		return
	}
	gonum.Implementation{}.Saxpy(len(x), a, x, 1, y, 1)
}
