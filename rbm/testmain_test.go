package rbm

import (
	"os"
	"testing"

	"github.com/rbmgo/rbm/graph"
)

// TestMain selects the BLAS as the command does, so that the tests run the
// products it runs.
func TestMain(m *testing.M) {
	graph.SelectBLAS()
	os.Exit(m.Run())
}
