//go:build openblas

package linalg

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// With the openblas build tag, dense products go to OpenBLAS through cgo
// (build with CGO_LDFLAGS=-lopenblas and Debian's libopenblas-dev; run with
// OPENBLAS_NUM_THREADS=1, since products are already split over the cores).
// Products with sparse binary states still skip zeros in Go, which is faster
// than a cgo call for the tutorial's states.
func init() {
	blas32.Use(netlib.Implementation{})
	blas64.Use(netlib.Implementation{})
}
