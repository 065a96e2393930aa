package kernel

import (
	"math"

	"gonum.org/v1/gonum/blas/gonum"
)

// sumRowsGo is the portable SumRows32 and SumRows64: out = Σₜ vals[t]·w[idx[t]·ldw:][:len(out)],
// every term a rounded product added in the order of idx to a sum that
// starts at zero (or at out, with acc), as axpys into the row do.
func sumRowsGo[T float32 | float64](idx []int32, vals []T, w []T, ldw int, out []T, acc bool) {
	if !acc {
		clear(out)
	}
	for t, i := range idx {
		row := w[int(i)*ldw:][:len(out)]
		if vals == nil {
			for c, v := range row {
				out[c] += v
			}
			continue
		}
		a := vals[t]
		for c, v := range row {
			out[c] += T(a * v) // T(…) forbids fusing the product into the sum
		}
	}
}

// checkSumRows panics when a kernel would read outside w: idx must be
// increasing, so its last entry is its largest.
func checkSumRows[T float32 | float64](idx []int32, vals []T, w []T, ldw, width int) {
	if len(idx) == 0 {
		return
	}
	if vals != nil && len(vals) < len(idx) {
		panic("kernel: fewer values than indices")
	}
	if last := int(idx[len(idx)-1]); idx[0] < 0 || width > ldw || last*ldw+width > len(w) {
		panic("kernel: row index outside w")
	}
}

// SumRows64 sets out = Σₜ vals[t]·w[idx[t]·ldw:][:len(out)], the sum of the
// rows of the row-major matrix w (leading dimension ldw) that idx selects,
// weighted by vals (nil: all ones), added in the order of idx; with acc, the
// terms are added to out's values instead, continuing a sum. idx must be
// increasing. Each element is the sum an axpy of every term into the row
// would give, bit for bit.
func SumRows64(idx []int32, vals []float64, w []float64, ldw int, out []float64, acc bool) {
	checkSumRows(idx, vals, w, ldw, len(out))
	if !acc {
		clear(out)
	}
	// gonum's axpy, in assembly on amd64, rounds as sumRowsGo does: the
	// product a·x, then the sum (with a = 1 the product is x itself).
	for t, i := range idx {
		a := 1.0
		if vals != nil {
			a = vals[t]
		}
		gonum.Implementation{}.Daxpy(len(out), a, w[int(i)*ldw:][:len(out)], 1, out, 1)
	}
}

// nonZerosGo is the portable NonZeros32 and NonZeros64, the indices offset by
// base: it stores an index for every element and counts only the non-zero
// ones, without branching on the values.
func nonZerosGo[T float32 | float64](x []T, idx []int32, base int32) int {
	idx = idx[:len(x)]
	n := 0
	switch v := any(x).(type) {
	case []float32:
		for i, e := range v {
			idx[n] = base + int32(i)
			u := math.Float32bits(e) << 1 // ±0 become 0
			n += int((u | -u) >> 31)
		}
	case []float64:
		for i, e := range v {
			idx[n] = base + int32(i)
			u := math.Float64bits(e) << 1
			n += int((u | -u) >> 63)
		}
	}
	return n
}

// NonZeros64 writes the indices of the elements of x that are not ±0 (NaN
// counts as non-zero) into idx, which must be at least as long as x, in
// increasing order, and returns how many there are.
func NonZeros64(x []float64, idx []int32) int { return nonZerosGo(x, idx, 0) }
