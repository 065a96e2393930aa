//go:build !amd64

package rbm

import "gonum.org/v1/gonum/blas/gonum"

// saxpy adds a·x to y (of the same length).
func saxpy(a float32, x, y []float32) { gonum.Implementation{}.Saxpy(len(x), a, x, 1, y, 1) }

// bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o).
func bernoullis32(th, x, u, o []float32) { bernoullis32Go(th, x, u, o) }
