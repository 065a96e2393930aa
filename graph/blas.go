//go:build !openblas

package graph

import (
	"github.com/rbmgo/rbm/internal/linalg"
	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// baseBLAS is the BLAS under gemmBLAS in this build: gonum's, in Go.
type baseBLAS = gonum.Implementation

// SelectBLAS sets the BLAS of every matrix product in this module, those of
// the graphs and tensors as well as the samplers' dense ones, to the fastest
// this build has, and returns its name. Without the openblas build tag it is
// "gonum": gonum's BLAS with the changes of gemmBLAS, and no row of a plain
// product goes to gonum's GEMM (linalg.GEMMDensity above 1), since summing
// the selected rows of W is faster even for rows without a zero. Without a
// call, the graphs use gorgonia's default (plain gonum), which is slower and
// may round the products' sums in another order.
//
// It changes package-level state of gorgonia, gonum and linalg: call it
// once, at the start of a program, before any graph is built.
func SelectBLAS() string {
	G.Use(gemmBLAS{})
	tensor.Use(gemmBLAS{})
	linalg.GEMMDensity = 2
	return "gonum"
}

// BLASThreads returns the number of threads the BLAS runs each product on. In
// this build it is 1: the BLAS is Go code with no threads of its own, called
// from the Go workers that split the products over the cores.
func BLASThreads() int { return 1 }

// BLASCore names the kernels of the BLAS that decide the order of its sums.
// In this build it is "go": the module's own kernels, which give the same
// bits at every instruction-set level.
func BLASCore() string { return "go" }
