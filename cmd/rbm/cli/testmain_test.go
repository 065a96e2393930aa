package cli

import (
	"os"
	"testing"

	"github.com/rbmgo/rbm/graph"
)

// TestMain selects the BLAS as main does, so that the tests run the
// products the program runs. With RBM_TEST_RUN_MAIN=1 in its environment
// the test binary is the program itself, for tests of its exit status and
// standard error.
func TestMain(m *testing.M) {
	if os.Getenv("RBM_TEST_RUN_MAIN") == "1" {
		Main()
		os.Exit(0)
	}
	selectBLAS.Do(func() { blasName = graph.SelectBLAS() })
	os.Exit(m.Run())
}
