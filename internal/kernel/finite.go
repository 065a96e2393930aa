package kernel

import "math"

// firstNonFiniteGo is the portable FirstNonFinite32: an element whose
// exponent bits are all set is a NaN or an infinity.
func firstNonFiniteGo(x []float32) int {
	for i, e := range x {
		if math.Float32bits(e)&0x7f800000 == 0x7f800000 {
			return i
		}
	}
	return -1
}

// FirstNonFinite64 returns the index of the first NaN or infinity in x, or
// -1: an element whose exponent bits are all set.
func FirstNonFinite64(x []float64) int {
	for i, e := range x {
		if math.Float64bits(e)&0x7ff0000000000000 == 0x7ff0000000000000 {
			return i
		}
	}
	return -1
}
