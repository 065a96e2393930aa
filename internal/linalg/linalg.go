package linalg

import (
	"math"
	"math/bits"

	"github.com/rbmgo/rbm/internal/kernel"

	"github.com/rbmgo/rbm/internal/parallel"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// SparseDensity is the fraction of non-zero entries in a row above which the
// row's product goes to GEMM instead of being accumulated over its non-zero
// entries. The pure Go GEMM is itself built on axpy, so skipping zeros pays up
// to high densities.
const SparseDensity = 0.6

// Mul writes out = x·w (x rows×k, w k×n, out rows×n, all row-major and
// contiguous), spreading blocks of rows over the cores (see MulRows).
func Mul[T float32 | float64](x []T, rows, k int, w []T, n int, out []T) {
	parallel.For(rows, 1, func(lo, hi int) {
		MulRows(x[lo*k:hi*k], hi-lo, k, w, n, out[lo*n:hi*n])
	})
}

// MulRows writes out = x·w on the calling goroutine. Rows of x that are
// sparse (binary states are) are accumulated as sums of the rows of w their
// non-zero entries select, each row of w read once for all such rows of x;
// rows denser than SparseDensity go to GEMM in runs of consecutive rows. A
// sparse row's result depends on that row alone, and equals gonum's GEMM bit
// for bit (the same products and sums in the same order).
func MulRows[T float32 | float64](x []T, rows, k int, w []T, n int, out []T) {
	var buf [1024]uint64
	masks := buf[:]
	if k > len(buf) {
		masks = make([]uint64, k)
	}
	masks = masks[:k]
	for r0 := 0; r0 < rows; r0 += 64 {
		r1 := min(r0+64, rows)
		// masks[i] has bit r-r0 set when x[r, i] is not zero.
		clear(masks)
		var dense uint64
		for r := r0; r < r1; r++ {
			if nz := markNonZero(x[r*k:(r+1)*k], masks, uint(r-r0)); float64(nz) > SparseDensity*float64(k) {
				dense |= 1 << (r - r0)
			}
		}
		for d := dense; d != 0; {
			a := bits.TrailingZeros64(d)
			b := a + bits.TrailingZeros64(^(d >> a))
			gemm(x[(r0+a)*k:(r0+b)*k], b-a, k, w, n, out[(r0+a)*n:(r0+b)*n])
			d &^= 1<<b - 1
		}
		for r := r0; r < r1; r++ {
			if dense&(1<<(r-r0)) == 0 {
				clear(out[r*n : (r+1)*n])
			}
		}
		for i, m := range masks {
			for m &^= dense; m != 0; m &= m - 1 {
				r := r0 + bits.TrailingZeros64(m)
				Axpy(x[r*k+i], w[i*n:(i+1)*n], out[r*n:(r+1)*n])
			}
		}
	}
}

// markNonZero sets bit b of masks[i] for every non-zero x[i] (without
// branching on the values) and returns how many there are.
func markNonZero[T float32 | float64](x []T, masks []uint64, b uint) int {
	nz := uint64(0)
	switch v := any(x).(type) {
	case []float32:
		masks = masks[:len(v)]
		for i, e := range v {
			u := math.Float32bits(e) << 1 // ±0 become 0
			bit := uint64((u | -u) >> 31)
			masks[i] |= bit << b
			nz += bit
		}
	case []float64:
		masks = masks[:len(v)]
		for i, e := range v {
			u := math.Float64bits(e) << 1
			bit := (u | -u) >> 63
			masks[i] |= bit << b
			nz += bit
		}
	}
	return int(nz)
}

// gemm writes out = x·w with the BLAS in use.
func gemm[T float32 | float64](x []T, rows, k int, w []T, n int, out []T) {
	switch xs := any(x).(type) {
	case []float32:
		blas32.Implementation().Sgemm(blas.NoTrans, blas.NoTrans, rows, n, k, 1, xs, k, any(w).([]float32), n, 0, any(out).([]float32), n)
	case []float64:
		blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, rows, n, k, 1, xs, k, any(w).([]float64), n, 0, any(out).([]float64), n)
	}
}

// Axpy adds a·x to y (of the same length), always with assembly kernels in
// Go: called once per non-zero state, it must not pay a cgo call each time.
func Axpy[T float32 | float64](a T, x, y []T) {
	switch xs := any(x).(type) {
	case []float32:
		kernel.Saxpy(any(a).(float32), xs, any(y).([]float32))
	case []float64:
		gonum.Implementation{}.Daxpy(len(xs), any(a).(float64), xs, 1, any(y).([]float64), 1)
	}
}

// Transpose writes the transpose of w (k×n) into wt (n×k), in tiles that
// stay in the first-level cache.
func Transpose[T float32 | float64](w []T, k, n int, wt []T) {
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
