package kernel

import (
	"math"
	"math/rand/v2"
)

// ExpSample returns e^x with a relative error below 1e-8 for x in [-700, 700]
// (arguments outside are clamped). It is meant for sampling decisions, where it
// replaces math.Exp at a third of the cost; means and energies use math.Exp.
func ExpSample(x float64) float64 {
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

// ExpSample32 is ExpSample in float32 arithmetic (the same steps, written
// again with float32 constants and a shorter polynomial, which the assembly
// follows to the bit), with a relative error below
// 4e-7 for x in [-87, 87] (arguments outside are clamped): the float32 layers
// sample with it.
func ExpSample32(x float32) float32 {
	const (
		log2e = 1.44269504088896341
		ln2hi = 0.693359375
		ln2lo = -2.12194440e-4
		round = 1.5 * (1 << 23)
	)
	if x > 87 {
		x = 87
	} else if x < -87 {
		x = -87
	}
	kr := x*log2e + round
	k := kr - round
	r := x - k*ln2hi - k*ln2lo
	// Degree-6 Taylor polynomial of e^r on |r| ≤ ln2/2 (error < 1.3e-7).
	p := 1 + r*(1+r*(1./2+r*(1./6+r*(1./24+r*(1./120+r*(1./720))))))
	return p * math.Float32frombits(uint32(int32(k)+127)<<23)
}

// bernoulli32 is Bernoulli in float32 arithmetic.
func bernoulli32(u, p float32) float32 {
	return float32(math.Float32bits(u*(1+ExpSample32(-p))-1) >> 31)
}

// SampleBinary32 sets o[i] to 1 with probability σ(θ[i]+x[i]), else 0, for one
// row of float32 units, drawing two 24-bit uniforms from each 64 random bits.
func SampleBinary32(rng *rand.Rand, th, x, o []float32) {
	sampleBinary32Blocks(th, x, o, func(u []float32) { uniforms32(rng, u) })
}

// sampleBinary32Blocks is SampleBinary32 with the uniforms of each block of
// up to 256 units drawn by fill.
func sampleBinary32Blocks(th, x, o []float32, fill func(u []float32)) {
	var u [256]float32 // even, so that pairs of uniforms never straddle blocks
	for lo := 0; lo < len(o); lo += len(u) {
		hi := min(lo+len(u), len(o))
		fill(u[:hi-lo])
		Bernoullis32(th[lo:hi], x[lo:hi], u[:hi-lo], o[lo:hi])
	}
}

// uniforms32 fills u with uniforms in [0,1) of 24 bits, two from each 64
// random bits (an odd last one from its own).
func uniforms32(rng *rand.Rand, u []float32) {
	const scale = 1.0 / (1 << 24)
	i := 0
	for ; i+1 < len(u); i += 2 {
		bits := rng.Uint64()
		u[i] = float32(bits>>40) * scale
		u[i+1] = float32(bits>>8&(1<<24-1)) * scale
	}
	if i < len(u) {
		u[i] = float32(rng.Uint64()>>40) * scale
	}
}

// bernoullis32Go is the portable Bernoullis32.
func bernoullis32Go(th, x, u, o []float32) {
	th, x, u = th[:len(o)], x[:len(o)], u[:len(o)]
	for i := range o {
		o[i] = bernoulli32(u[i], th[i]+x[i])
	}
}

// Bernoulli returns 1 if u < sigmoid(p) and 0 otherwise, for u in [0,1),
// without a branch: u(1+e^-p) - 1 is negative exactly when u < sigmoid(p).
func Bernoulli(u, p float64) float64 {
	return float64(math.Float64bits(u*(1+ExpSample(-p))-1) >> 63)
}

// uniformPair splits 64 random bits into two uniforms in [0,1) with 32-bit
// resolution.
func uniformPair(bits uint64) (float64, float64) {
	const scale = 1.0 / (1 << 32)
	return float64(bits>>32) * scale, float64(bits&(1<<32-1)) * scale
}

// SampleBinary64 sets o[i] to 1 with probability σ(θ[i]+x[i]), else 0, for
// one row of float64 units, drawing two 32-bit uniforms from each 64 random
// bits.
func SampleBinary64(rng *rand.Rand, th, x, o []float64) {
	n := len(o)
	th, x = th[:n], x[:n]
	i := 0
	for ; i+1 < n; i += 2 {
		u0, u1 := uniformPair(rng.Uint64())
		o[i] = Bernoulli(u0, th[i]+x[i])
		o[i+1] = Bernoulli(u1, th[i+1]+x[i+1])
	}
	if i < n {
		u, _ := uniformPair(rng.Uint64())
		o[i] = Bernoulli(u, th[i]+x[i])
	}
}
