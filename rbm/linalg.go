package rbm

import (
	"github.com/rbmgo/rbm/internal/parallel"
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

// mul writes out = x·w (x rows×k, w k×n, out rows×n), spreading blocks of
// rows over the cores (see mulRows).
func mul[T Float](x []T, rows, k int, w []T, n int, out []T) {
	parallel.For(rows, 1, func(lo, hi int) {
		mulRows(x[lo*k:hi*k], hi-lo, k, w, n, out[lo*n:hi*n])
	})
}

// mulRows writes out = x·w on the calling goroutine. When x is sparse (binary
// states are) it adds the rows of w selected by the non-zero entries of each
// row of x, reading each row of w once for all rows of x; otherwise it calls
// GEMM. Each row of out depends only on the same row of x.
func mulRows[T Float](x []T, rows, k int, w []T, n int, out []T) {
	if rows == 0 {
		return
	}
	if density(x) > sparseDensity {
		gemm(x, rows, k, w, n, out)
		return
	}
	clear(out)
	for i := 0; i < k; i++ {
		wi := w[i*n : (i+1)*n]
		for r := 0; r < rows; r++ {
			if xi := x[r*k+i]; xi != 0 {
				axpy(xi, wi, out[r*n:(r+1)*n])
			}
		}
	}
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

// gemm writes out = x·w with the BLAS in use.
func gemm[T Float](x []T, rows, k int, w []T, n int, out []T) {
	switch xs := any(x).(type) {
	case []float32:
		blas32.Implementation().Sgemm(blas.NoTrans, blas.NoTrans, rows, n, k, 1, xs, k, any(w).([]float32), n, 0, any(out).([]float32), n)
	case []float64:
		blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, rows, n, k, 1, xs, k, any(w).([]float64), n, 0, any(out).([]float64), n)
	}
}

// axpy adds a·x to y, always with assembly kernels in Go: called once per
// non-zero state, it must not pay a cgo call each time.
func axpy[T Float](a T, x, y []T) {
	switch xs := any(x).(type) {
	case []float32:
		saxpy(any(a).(float32), xs, any(y).([]float32))
	case []float64:
		gonum.Implementation{}.Daxpy(len(xs), any(a).(float64), xs, 1, any(y).([]float64), 1)
	}
}

// transpose writes the transpose of w (k×n) into wt (n×k), in tiles that
// stay in the first-level cache.
func transpose[T Float](w []T, k, n int, wt []T) {
	const tile = 16
	parallel.For((n+tile-1)/tile, 1, func(lo, hi int) {
		for jb := lo * tile; jb < min(hi*tile, n); jb += tile {
			je := min(jb+tile, n)
			for ib := 0; ib < k; ib += tile {
				ie := min(ib+tile, k)
				for j := jb; j < je; j++ {
					dst := wt[j*k+ib : j*k+ie]
					src := w[ib*n+j:]
					for t := range dst {
						dst[t] = src[t*n]
					}
				}
			}
		}
	})
}
