package orbm

import (
	"math"

	"github.com/rbmgo/rbm/internal/kernel"
)

// ratioLog returns Σ_i log((1+Tb)(1+Tc)/((1+Ta)(1+Td))) over the visible
// units (see kernel.RatioLanes), all within the limit, multiplying blocks of 4k
// units in four lanes (k a lane) and renormalising the products by their
// binary exponents after each block, so that one log is taken.
func ratioLog(e, ew, sc, eo []float64, k int) float64 {
	n := len(e)
	n4 := n &^ 3
	k *= 4
	acc := [8]float64{1, 1, 1, 1, 1, 1, 1, 1}
	exp2 := 0
	// The products are positive normal numbers: move their binary exponents
	// into exp2, leaving each in [1, 2).
	renorm := func() {
		for l := range acc {
			b := math.Float64bits(acc[l])
			x := int(b>>52&0x7ff) - 1023
			acc[l] = math.Float64frombits(b&^(0x7ff<<52) | 1023<<52)
			if l < 4 {
				exp2 += x
			} else {
				exp2 -= x
			}
		}
	}
	for lo := 0; lo < n4; lo += k {
		hi := min(n4, lo+k)
		var s []float64
		if len(sc) > 0 {
			s = sc[lo:hi]
		}
		kernel.RatioLanes(e[lo:hi], ew[lo:hi], s, eo[lo:hi], &acc)
		renorm()
	}
	for i := n4; i < n; i++ {
		ta := e[i]
		if len(sc) > 0 {
			ta = float64(ta * sc[i])
		}
		tb := float64(ta * ew[i])
		acc[0] = float64(acc[0] * float64((1+tb)*(1+float64(ta*eo[i]))))
		acc[4] = float64(acc[4] * float64((1+ta)*(1+float64(tb*eo[i]))))
	}
	renorm()
	num := acc[0] * acc[1] * acc[2] * acc[3]
	den := acc[4] * acc[5] * acc[6] * acc[7]
	return math.Log(num/den) + float64(exp2)*math.Ln2
}
