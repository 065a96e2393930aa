package kernel

import "gonum.org/v1/gonum/blas/gonum"

// saxpyGo is the portable Saxpy: gonum's, whose rounding (a product, then a
// sum) the assembly follows.
func saxpyGo(a float32, x, y []float32) {
	gonum.Implementation{}.Saxpy(len(x), a, x, 1, y[:len(x)], 1)
}
