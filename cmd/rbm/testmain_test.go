package main

import (
	"os"
	"testing"

	"github.com/rbmgo/rbm/graph"
)

// TestMain selects the BLAS as main does, so that the tests run the
// products the program runs.
func TestMain(m *testing.M) {
	blasName = graph.SelectBLAS()
	os.Exit(m.Run())
}
