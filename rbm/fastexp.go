package rbm

import "math"

// expSample returns e^x with a relative error below 1e-8 for x in [-700, 700]
// (arguments outside are clamped). It is meant for sampling decisions, where it
// replaces math.Exp at a third of the cost; means and energies use math.Exp.
func expSample(x float64) float64 {
	const (
		log2e = 1.4426950408889634
		ln2hi = 6.93147180369123816490e-01
		ln2lo = 1.90821492927058770002e-10
		round = 1.5 * (1 << 52) // adding it rounds to an integer in the low bits
	)
	if x > 700 {
		x = 700
	} else if x < -700 {
		x = -700
	}
	kr := x*log2e + round
	k := kr - round
	r := x - k*ln2hi - k*ln2lo
	// Degree-8 Taylor polynomial of e^r on |r| ≤ ln2/2 (error < 3e-10).
	p := 1 + r*(1+r*(1./2+r*(1./6+r*(1./24+r*(1./120+r*(1./720+r*(1./5040+r*(1./40320))))))))
	return p * math.Float64frombits(uint64(int64(k)+1023)<<52)
}

// bernoulli returns 1 if u < sigmoid(p) and 0 otherwise, for u in [0,1),
// without a branch: u(1+e^-p) - 1 is negative exactly when u < sigmoid(p).
func bernoulli(u, p float64) float64 {
	return float64(math.Float64bits(u*(1+expSample(-p))-1) >> 63)
}

// uniformPair splits 64 random bits into two uniforms in [0,1) with 32-bit
// resolution.
func uniformPair(bits uint64) (float64, float64) {
	const scale = 1.0 / (1 << 32)
	return float64(bits>>32) * scale, float64(bits&(1<<32-1)) * scale
}
