//go:build openblas

package graph

/*
#cgo LDFLAGS: -lopenblas
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char* openblas_get_corename(void);
*/
import "C"

import (
	"github.com/rbmgo/rbm/internal/kernel"
	"github.com/rbmgo/rbm/internal/linalg"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// baseBLAS is the BLAS under gemmBLAS in this build: OpenBLAS, through
// gonum's netlib bindings.
type baseBLAS = netlib.Implementation

// SelectBLAS sets the BLAS of every matrix product in this module, those of
// the graphs and tensors as well as the samplers' dense ones, to OpenBLAS
// (this build has the openblas tag: build with CGO_LDFLAGS=-lopenblas and
// Debian's libopenblas-dev) and returns "openblas". It also sets OpenBLAS to
// one thread, whatever OPENBLAS_NUM_THREADS says: the products are already
// split over the cores by Go workers, and OpenBLAS threads of its own would
// fight them for those cores. There is no need to set OPENBLAS_NUM_THREADS.
// The graphs' products go through gemmBLAS as in the pure Go build, so that
// products with sparse binary states still skip zeros in Go, which is faster
// than OpenBLAS for the tutorial's states; rows denser than
// linalg.GEMMDensity go to OpenBLAS: 0.6 where the sums of rows add 8
// columns an instruction (AVX), a fraction at which the two run at about the
// same speed, scaled by the lanes the processor has (kernel.SumRowsLanes:
// with AVX-512 no row goes to OpenBLAS, with no vector kernel rows a tenth
// full do).
//
// It changes package-level state of gorgonia, gonum, linalg and OpenBLAS: call it
// once, at the start of a program, before any graph is built.
func SelectBLAS() string {
	C.openblas_set_num_threads(1)
	G.Use(gemmBLAS{})
	tensor.Use(gemmBLAS{})
	linalg.GEMMDensity = 0.6 * float64(kernel.SumRowsLanes()) / 8
	blas32.Use(netlib.Implementation{})
	blas64.Use(netlib.Implementation{})
	return "openblas"
}

// BLASThreads returns the number of threads OpenBLAS runs each product on:
// 1 after SelectBLAS, which sets it; before, what OPENBLAS_NUM_THREADS or the
// number of cores made it when the library loaded.
func BLASThreads() int { return int(C.openblas_get_num_threads()) }

// BLASCore names the kernels OpenBLAS chose for this processor (its
// openblas_get_corename, e.g. "Haswell" or "SkylakeX"), which decide the
// order of its sums and so the last bits of its products. OPENBLAS_CORETYPE
// overrides its choice.
func BLASCore() string { return C.GoString(C.openblas_get_corename()) }
