//go:build !noasm

package kernel

import "golang.org/x/sys/cpu"

var (
	haveAVX  = cpu.X86.HasAVX
	haveAVX2 = cpu.X86.HasAVX2
)

// saxpyAVX adds a·x to y[:len(x)]; y must be at least as long as x. It rounds
// as the portable code does (a product, then a sum), so results do not depend
// on whether the processor has AVX.
//
//go:noescape
func saxpyAVX(a float32, x, y []float32)

// sampleBinary32AVX2 is Bernoullis32 on the first len(o)&^7 elements. It
// rounds exactly as the portable code, so results do not depend on whether
// the processor has AVX2.
//
//go:noescape
func sampleBinary32AVX2(th, x, u, o []float32)

// ratioLanesAVX2 is RatioLanes with AVX2, in ratio_amd64.s.
//
//go:noescape
func ratioLanesAVX2(e, ew, sc, eo []float64, acc *[8]float64)

// Saxpy adds a·x to y, which must be at least as long as x.
func Saxpy(a float32, x, y []float32) {
	if haveAVX {
		saxpyAVX(a, x, y[:len(x)])
		return
	}
	saxpyGo(a, x, y)
}

// Bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o); th,
// x and u must be at least as long as o.
func Bernoullis32(th, x, u, o []float32) {
	i := 0
	if haveAVX2 {
		n := len(o)
		sampleBinary32AVX2(th[:n], x[:n], u[:n], o)
		i = n &^ 7
	}
	bernoullis32Go(th[i:], x[i:], u[i:], o[i:])
}

// RatioLanes multiplies, for i < len(e) rounded down to a multiple of 4,
// the ORBM's exact correction's numerators (1+Tb)(1+Tc) into acc[i%4] and
// denominators (1+Ta)(1+Td) into acc[4+i%4], with Ta = e·sc (e when sc is
// empty), Tb = Ta·ew, Tc = Ta·eo, Td = Tb·eo; ew, eo (and sc, when not
// empty) are at least as long as e. The AVX2 kernel does the same
// operations in the same order, so both give the same bits.
func RatioLanes(e, ew, sc, eo []float64, acc *[8]float64) {
	if haveAVX2 {
		n := len(e) &^ 3
		if len(sc) > 0 {
			sc = sc[:n]
		}
		ratioLanesAVX2(e[:n], ew[:n], sc, eo[:n], acc)
		return
	}
	ratioLanesGo(e, ew, sc, eo, acc)
}

// sumRows64AVX sets out[:64] to the weighted sum of rows of SumRows32.
//
//go:noescape
func sumRows64AVX(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool)

// sumOnes64AVX sets out[:64] to the unweighted sum of rows of SumRows32.
//
//go:noescape
func sumOnes64AVX(idx []int32, w []float32, ldw int, out []float32, acc bool)

// sumRows8AVX sets out[:8] to the weighted sum of rows of SumRows32.
//
//go:noescape
func sumRows8AVX(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool)

// sumOnes8AVX sets out[:8] to the unweighted sum of rows of SumRows32.
//
//go:noescape
func sumOnes8AVX(idx []int32, w []float32, ldw int, out []float32, acc bool)

// SumRows32 sets out = Σₜ vals[t]·w[idx[t]·ldw:][:len(out)], the sum of the
// rows of the row-major matrix w (leading dimension ldw) that idx selects,
// weighted by vals (nil: all ones), added in the order of idx; with acc, the
// terms are added to out's values instead, continuing a sum. idx must be
// increasing. Each element is the sum an axpy of every term into the row
// would give, bit for bit: the kernels keep 128, 64 or 8 columns' sums in
// registers and store them once.
func SumRows32(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool) {
	checkSumRows(idx, vals, w, ldw, len(out))
	c := 0
	// tailFits reports whether width columns from c can be read from every
	// selected row of w: the last columns, fewer than width, are then
	// summed in a buffer whose extra lanes run into w's next row.
	tailFits := func(width int) bool {
		return c < len(out) && len(idx) > 0 && int(idx[len(idx)-1])*ldw+c+width <= len(w)
	}
	// blocks sums the columns from c in blocks of width with sum, and the
	// last ones in a buffer when tailFits; it reports whether that ended
	// the columns.
	blocks := func(width int, sum func(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool)) bool {
		for ; c+width <= len(out); c += width {
			sum(idx, vals, w[c:], ldw, out[c:c+width], acc)
		}
		if !tailFits(width) {
			return false
		}
		var buf [128]float32
		tail := buf[:width]
		copy(tail, out[c:])
		sum(idx, vals, w[c:], ldw, tail, acc)
		copy(out[c:], tail)
		return true
	}
	if haveAVX512F && blocks(128, sum128) {
		return
	}
	if haveAVX {
		if blocks(64, sum64) {
			return
		}
		for ; c+8 <= len(out); c += 8 {
			if vals == nil {
				sumOnes8AVX(idx, w[c:], ldw, out[c:c+8], acc)
			} else {
				sumRows8AVX(idx, vals, w[c:], ldw, out[c:c+8], acc)
			}
		}
	}
	if c < len(out) {
		sumRowsGo(idx, vals, w[c:], ldw, out[c:], acc)
	}
}

func sum128(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool) {
	if vals == nil {
		sumOnes128AVX512(idx, w, ldw, out, acc)
	} else {
		sumRows128AVX512(idx, vals, w, ldw, out, acc)
	}
}

func sum64(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool) {
	if vals == nil {
		sumOnes64AVX(idx, w, ldw, out, acc)
	} else {
		sumRows64AVX(idx, vals, w, ldw, out, acc)
	}
}

var (
	haveBMI1    = cpu.X86.HasBMI1
	haveAVX512F = cpu.X86.HasAVX512F
	havePOPCNT  = cpu.X86.HasPOPCNT
)

// sumRows128AVX512 sets out[:128] to the weighted sum of rows of SumRows32.
//
//go:noescape
func sumRows128AVX512(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool)

// sumOnes128AVX512 sets out[:128] to the unweighted sum of rows of SumRows32.
//
//go:noescape
func sumOnes128AVX512(idx []int32, w []float32, ldw int, out []float32, acc bool)

// nonZeros32AVX2 writes the indices of the non-zero elements of
// x[:len(x)&^7] into idx and returns how many there are.
//
//go:noescape
func nonZeros32AVX2(x []float32, idx []int32) int

// nonZeros32AVX512 writes the indices of the non-zero elements of
// x[:len(x)&^15] into idx and returns how many there are.
//
//go:noescape
func nonZeros32AVX512(x []float32, idx []int32) int

// NonZeros32 writes the indices of the elements of x that are not ±0 (NaN
// counts as non-zero) into idx, which must be at least as long as x, in
// increasing order, and returns how many there are.
func NonZeros32(x []float32, idx []int32) int {
	n, i := 0, 0
	switch {
	case haveAVX512F && havePOPCNT:
		n, i = nonZeros32AVX512(x, idx[:len(x)]), len(x)&^15
	case haveAVX2 && haveBMI1:
		n, i = nonZeros32AVX2(x, idx[:len(x)]), len(x)&^7
	}
	return n + nonZerosGo(x[i:], idx[n:], int32(i))
}

// transpose8AVX writes the transpose of src's first 8 rows' first cols
// columns (cols a multiple of 8) into dst's first cols rows' first 8 columns.
//
//go:noescape
func transpose8AVX(src []float32, lds int, dst []float32, ldd int, cols int)

// Transpose32 writes the transpose of the rows×cols row-major matrix src
// into dst (cols×rows), blocks of 8×8 in registers where the processor has
// AVX.
func Transpose32(src []float32, rows, cols int, dst []float32) {
	checkTranspose(src, rows, cols, dst)
	r := 0
	if haveAVX && cols >= 8 {
		c8 := cols &^ 7
		for ; r+8 <= rows; r += 8 {
			transpose8AVX(src[r*cols:], cols, dst[r:], rows, c8)
		}
		transposeGo(src, rows, cols, dst, 0, r, c8, cols) // the last columns
	}
	transposeGo(src, rows, cols, dst, r, rows, 0, cols) // the last rows
}

// SumRowsLanes returns how many float32 columns SumRows32 adds with one
// instruction on this processor: 16 with AVX-512, 8 with AVX, else 1.
func SumRowsLanes() int {
	switch {
	case haveAVX512F:
		return 16
	case haveAVX:
		return 8
	}
	return 1
}

// anyNonFinite32AVX2 reports whether x[:len(x)&^31] holds a NaN or an
// infinity.
//
//go:noescape
func anyNonFinite32AVX2(x []float32) bool

// FirstNonFinite32 returns the index of the first NaN or infinity in x, or
// -1: with AVX2, blocks of 32 elements are checked at once and only a block
// that holds one is searched.
func FirstNonFinite32(x []float32) int {
	i := 0
	if haveAVX2 {
		const block = 1 << 12
		for ; i+block <= len(x); i += block {
			if anyNonFinite32AVX2(x[i : i+block]) {
				return i + firstNonFiniteGo(x[i:i+block])
			}
		}
		if n := (len(x) - i) &^ 31; !anyNonFinite32AVX2(x[i : i+n]) {
			i += n
		}
	}
	if j := firstNonFiniteGo(x[i:]); j >= 0 {
		return i + j
	}
	return -1
}
