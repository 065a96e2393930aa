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

// FirstNonFinite returns the index of the first NaN or infinity in x, or
// -1, by FirstNonFinite32 or FirstNonFinite64.
func FirstNonFinite[T float32 | float64](x []T) int {
	switch v := any(x).(type) {
	case []float32:
		return FirstNonFinite32(v)
	case []float64:
		return FirstNonFinite64(v)
	}
	return -1
}
