package linalg

import (
	"sync"

	"github.com/rbmgo/rbm/internal/kernel"

	"github.com/rbmgo/rbm/internal/parallel"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// GEMMDensity is the fraction of non-zero entries in a row above which the
// row's product goes to the BLAS's GEMM instead of being summed over its
// non-zero entries. graph.SelectBLAS sets it for the BLAS it selects: above
// 1 (never) for gonum's, whose GEMM is slower than the sums of rows even for
// rows without a zero; for OpenBLAS, the fraction at which its GEMM and the
// sums of rows run at about the same speed (0.6 with AVX, more with
// AVX-512).
var GEMMDensity = 0.6

// Mul writes out = x·w (x rows×k, w k×n, out rows×n, all row-major and
// contiguous), spreading blocks of rows over the cores (see MulRows).
func Mul[T float32 | float64](x []T, rows, k int, w []T, n int, out []T) {
	parallel.For(rows, 1, func(lo, hi int) {
		MulRows(x[lo*k:hi*k], hi-lo, k, w, n, out[lo*n:hi*n])
	})
}

// MulRows writes out = x·w on the calling goroutine. Rows of x that are
// sparse (binary states are) are sums of the rows of w their non-zero entries
// select (kernel.SumRows32); rows denser than GEMMDensity go to GEMM in
// runs of consecutive rows. The sparse rows are summed a block of columns at
// a time, so that the block of w stays in the processor's second-level cache
// while every row uses it. A sparse row's result depends on that row alone,
// and equals gonum's GEMM bit for bit (the same products and sums in the same
// order).
func MulRows[T float32 | float64](x []T, rows, k int, w []T, n int, out []T) {
	s := getScratch[T](rows, k)
	defer putScratch(s)
	sparse := s.sparse[:0]
	for r := 0; r < rows; r++ {
		idx, vals := s.idx[r*k:(r+1)*k], s.vals[r*k:(r+1)*k]
		nz, ones := nonZeros(x[r*k:(r+1)*k], idx, vals)
		if float64(nz) > GEMMDensity*float64(k) {
			continue
		}
		sr := sparseRow[T]{row: r, idx: idx[:nz]}
		if !ones {
			sr.vals = vals[:nz]
		}
		sparse = append(sparse, sr)
	}
	s.sparse = sparse
	// Runs of dense rows go to GEMM.
	for r, next := 0, 0; r < rows; r++ {
		if next < len(sparse) && sparse[next].row == r {
			next++
			continue
		}
		end := r + 1
		for end < rows && (next >= len(sparse) || sparse[next].row != end) {
			end++
		}
		gemm(x[r*k:end*k], end-r, k, w, n, out[r*n:end*n])
		r = end - 1
	}
	block := columnBlock
	if _, ok := any(x).([]float64); ok {
		block = n // float64 rows are summed by axpys, whole rows at a time
	}
	for c0 := 0; c0 < n; c0 += block {
		c1 := min(c0+block, n)
		for _, sr := range sparse {
			sumRows(sr.idx, sr.vals, w[c0:], n, out[sr.row*n+c0:sr.row*n+c1], false)
		}
	}
}

// columnBlock is how many columns of w the sparse rows are summed over at a
// time: 128 columns of the tutorial's 784×500 float32 weights are 392 KB,
// which stays in a second-level cache of 512 KB or more while every row reads
// it.
const columnBlock = 128

// sparseRow is a row of x summed as the rows of w its non-zero entries
// select: their indices, and their values (nil when all are one).
type sparseRow[T float32 | float64] struct {
	row  int
	idx  []int32
	vals []T
}

// nonZeros writes the indices and values of the non-zero entries of x into
// idx and vals (each at least as long as x) and returns how many there are
// and whether they are all one.
func nonZeros[T float32 | float64](x []T, idx []int32, vals []T) (nz int, ones bool) {
	switch v := any(x).(type) {
	case []float32:
		nz = kernel.NonZeros32(v, idx)
	case []float64:
		nz = kernel.NonZeros64(v, idx)
	}
	ones = true
	for t, i := range idx[:nz] {
		vals[t] = x[i]
		ones = ones && x[i] == 1
	}
	return nz, ones
}

// sumRows is kernel.SumRows32 or SumRows64.
func sumRows[T float32 | float64](idx []int32, vals []T, w []T, ldw int, out []T, acc bool) {
	switch o := any(out).(type) {
	case []float32:
		kernel.SumRows32(idx, any(vals).([]float32), any(w).([]float32), ldw, o, acc)
	case []float64:
		kernel.SumRows64(idx, any(vals).([]float64), any(w).([]float64), ldw, o, acc)
	}
}

// scratch is MulRows' working memory, kept in pools between calls.
type scratch[T float32 | float64] struct {
	idx    []int32
	vals   []T
	sparse []sparseRow[T]
}

var pool32, pool64 sync.Pool

func getScratch[T float32 | float64](rows, k int) *scratch[T] {
	p := &pool32
	if _, ok := any(T(0)).(float64); ok {
		p = &pool64
	}
	s, _ := p.Get().(*scratch[T])
	if s == nil {
		s = new(scratch[T])
	}
	if cap(s.idx) < rows*k {
		s.idx, s.vals = make([]int32, rows*k), make([]T, rows*k)
	}
	s.idx, s.vals = s.idx[:rows*k], s.vals[:rows*k]
	return s
}

func putScratch[T float32 | float64](s *scratch[T]) {
	if _, ok := any(T(0)).(float64); ok {
		pool64.Put(s)
		return
	}
	pool32.Put(s)
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

// Transpose writes the transpose of w (k×n) into wt (n×k): float32 in 8×8
// blocks in registers (kernel.Transpose32), float64 in tiles that stay in the
// first-level cache.
func Transpose[T float32 | float64](w []T, k, n int, wt []T) {
	if w32, ok := any(w).([]float32); ok {
		kernel.Transpose32(w32, k, n, any(wt).([]float32))
		return
	}
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
