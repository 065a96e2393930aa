//go:build openblas

package graph

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// SelectBLAS sets the BLAS of every matrix product in this module, those of
// the graphs and tensors as well as the samplers' dense ones, to OpenBLAS
// (this build has the openblas tag: build with CGO_LDFLAGS=-lopenblas and
// Debian's libopenblas-dev, and run with OPENBLAS_NUM_THREADS=1, since the
// products are already split over the cores) and returns "openblas".
// Products with sparse binary states still skip zeros in Go, which is faster
// than a cgo call for the tutorial's states.
//
// It changes package-level state of gorgonia and gonum: call it once, at the
// start of a program, before any graph is built.
func SelectBLAS() string {
	G.Use(netlib.Implementation{})
	tensor.Use(netlib.Implementation{})
	blas32.Use(netlib.Implementation{})
	blas64.Use(netlib.Implementation{})
	return "openblas"
}
