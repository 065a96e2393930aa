//go:build !amd64

package linalg

import "gonum.org/v1/gonum/blas/gonum"

// saxpy adds a·x to y (of the same length).
func saxpy(a float32, x, y []float32) { gonum.Implementation{}.Saxpy(len(x), a, x, 1, y, 1) }
