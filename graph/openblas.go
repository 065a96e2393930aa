//go:build openblas

package graph

import (
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// With the openblas build tag, the graphs' matrix products run on OpenBLAS
// (build with CGO_LDFLAGS=-lopenblas and Debian's libopenblas-dev).
func init() {
	G.Use(netlib.Implementation{})
	tensor.Use(netlib.Implementation{})
}
