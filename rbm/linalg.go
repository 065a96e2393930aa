package rbm

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// sparseDensity is the fraction of non-zero states below which a product is
// accumulated over the non-zero states instead of computed by a dense GEMM.
// The pure Go GEMM is itself built on axpy, so skipping zeros pays up to high
// densities.
const sparseDensity = 0.6

// mul writes out = x·w (x rows×k, w k×n, out rows×n). When x is sparse (binary
// states are) it adds the rows of w selected by the non-zero entries of each
// row of x; otherwise it calls GEMM.
func mul[T Float](x []T, rows, k int, w []T, n int, out []T) {
	if rows == 0 {
		return
	}
	if density(x) > sparseDensity {
		gemm(x, rows, k, w, n, out)
		return
	}
	// Each worker takes a block of rows and reads every row of w once,
	// adding it into each of its output rows that selects it.
	clear(out)
	parallelRows(rows, func(lo, hi int) {
		for i := 0; i < k; i++ {
			wi := w[i*n : (i+1)*n]
			for r := lo; r < hi; r++ {
				if xi := x[r*k+i]; xi != 0 {
					axpy(xi, wi, out[r*n:(r+1)*n])
				}
			}
		}
	})
}

// density returns the fraction of non-zero entries of x.
func density[T Float](x []T) float64 {
	nz := 0
	for _, v := range x {
		if v != 0 {
			nz++
		}
	}
	return float64(nz) / float64(len(x))
}

// gemm writes out = x·w with the BLAS in use, one call per block of columns
// on each core (an external BLAS called through cgo runs each call on one
// thread, and is at its best with all the rows).
func gemm[T Float](x []T, rows, k int, w []T, n int, out []T) {
	const align = 16
	blocks := (n + align - 1) / align
	parallelRows(blocks, func(lo, hi int) {
		c0, c1 := lo*align, min(hi*align, n)
		switch xs := any(x).(type) {
		case []float32:
			blas32.Implementation().Sgemm(blas.NoTrans, blas.NoTrans, rows, c1-c0, k, 1, xs, k, any(w[c0:]).([]float32), n, 0, any(out[c0:]).([]float32), n)
		case []float64:
			blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, rows, c1-c0, k, 1, xs, k, any(w[c0:]).([]float64), n, 0, any(out[c0:]).([]float64), n)
		}
	})
}

// axpy adds a·x to y, always with gonum's assembly kernels: called once per
// non-zero state, it must not pay a cgo call each time.
func axpy[T Float](a T, x, y []T) {
	switch xs := any(x).(type) {
	case []float32:
		gonum.Implementation{}.Saxpy(len(xs), any(a).(float32), xs, 1, any(y).([]float32), 1)
	case []float64:
		gonum.Implementation{}.Daxpy(len(xs), any(a).(float64), xs, 1, any(y).([]float64), 1)
	}
}

// transpose writes the transpose of w (k×n) into wt (n×k).
func transpose[T Float](w []T, k, n int, wt []T) {
	const block = 32
	parallelRows((n+block-1)/block, func(lo, hi int) {
		for jb := lo * block; jb < hi*block && jb < n; jb += block {
			je := min(jb+block, n)
			for ib := 0; ib < k; ib += block {
				ie := min(ib+block, k)
				for i := ib; i < ie; i++ {
					row := w[i*n : (i+1)*n]
					for j := jb; j < je; j++ {
						wt[j*k+i] = row[j]
					}
				}
			}
		}
	})
}

// parallelRows calls f on contiguous blocks of [0, rows) on up to GOMAXPROCS
// goroutines. Results never depend on how the rows are split.
func parallelRows(rows int, f func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), rows)
	if workers <= 1 {
		f(0, rows)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := rows*w/workers, rows*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}
