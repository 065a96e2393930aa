package graph

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// After SelectBLAS the BLAS runs each product on one thread, with or without
// OPENBLAS_NUM_THREADS: Go workers already split the products over the cores.
func TestSelectBLASOneThread(t *testing.T) {
	t.Cleanup(func() {
		// The other tests of the package run with the libraries' defaults.
		G.Use(gonum.Implementation{})
		tensor.Use(gonum.Implementation{})
		blas32.Use(gonum.Implementation{})
		blas64.Use(gonum.Implementation{})
	})
	name := SelectBLAS()
	if n := BLASThreads(); n != 1 {
		t.Errorf("BLASThreads() = %d after SelectBLAS (%s), want 1", n, name)
	}
}
