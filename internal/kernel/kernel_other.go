//go:build !amd64 || noasm

package kernel

// Saxpy adds a·x to y, which must be at least as long as x.
func Saxpy(a float32, x, y []float32) { saxpyGo(a, x, y) }

// Bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o); th,
// x and u must be at least as long as o.
func Bernoullis32(th, x, u, o []float32) { bernoullis32Go(th, x, u, o) }

// RatioLanes multiplies, for i < len(e) rounded down to a multiple of 4,
// the ORBM's exact correction's numerators into acc[i%4] and denominators
// into acc[4+i%4]; see ratioLanesGo.
func RatioLanes(e, ew, sc, eo []float64, acc *[8]float64) { ratioLanesGo(e, ew, sc, eo, acc) }

// SumRows32 sets out = Σₜ vals[t]·w[idx[t]·ldw:][:len(out)] (vals nil: all
// ones), added in the order of idx, which must be increasing; with acc the
// terms are added to out's values. See SumRows64.
func SumRows32(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool) {
	checkSumRows(idx, vals, w, ldw, len(out))
	sumRowsGo(idx, vals, w, ldw, out, acc)
}

// NonZeros32 writes the indices of the elements of x that are not ±0 (NaN
// counts as non-zero) into idx, which must be at least as long as x, in
// increasing order, and returns how many there are.
func NonZeros32(x []float32, idx []int32) int { return nonZerosGo(x, idx, 0) }

// Transpose32 writes the transpose of the rows×cols row-major matrix src
// into dst (cols×rows).
func Transpose32(src []float32, rows, cols int, dst []float32) {
	checkTranspose(src, rows, cols, dst)
	transposeGo(src, rows, cols, dst, 0, rows, 0, cols)
}

// SumRowsLanes returns how many float32 columns SumRows32 adds with one
// instruction: 1 in this build.
func SumRowsLanes() int { return 1 }

// FirstNonFinite32 returns the index of the first NaN or infinity in x, or
// -1.
func FirstNonFinite32(x []float32) int { return firstNonFiniteGo(x) }
