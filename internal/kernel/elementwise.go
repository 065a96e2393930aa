package kernel

import "math"

// The constants of expNeg32 and of the log1p polynomial of softplus32, which
// elementwise_amd64.s repeats in its data table.
const (
	expLog2e = 1.44269504088896341
	expLn2hi = 0.693359375 // ln2hi + ln2lo = ln 2; k·ln2hi is exact
	expLn2lo = -2.12194440e-4
	expRound = 1.5 * (1 << 23) // adding it rounds to an integer
	expMin   = -104            // below, e^a < 2^-150 rounds to 0; above, k ≥ -150

	// Minimax polynomial of (e^r - 1 - r)/r² on |r| ≤ ln2/2 (Cephes' expf).
	expP0 = 1.9875691500e-4
	expP1 = 1.3981999507e-3
	expP2 = 8.3334519073e-3
	expP3 = 4.1665795894e-2
	expP4 = 1.6666665459e-1
	expP5 = 5.0000001201e-1

	// Minimax polynomial of (atanh(w/2)/(w/2) - 1)/w² in z = w² on [0, 4/9]
	// (error below 8e-9).
	log1pQ1 = 0.0833330601
	log1pQ2 = 0.0125067895
	log1pQ3 = 0.00218595727
	log1pQ4 = 0.000550286262
)

// expNeg32 returns e^a for a ≤ 0 (and only there) within one ulp (0.98
// measured on every float32), subnormal results included: 0 where
// e^a < 2^-150 (a < -103.97208), NaN for NaN. It takes ExpSample32's steps,
// a = k·ln2 + r with |r| ≤ ln2/2, a polynomial for e^r, the exponent k put
// in the bits of a float32; but the polynomial is a minimax one (the Taylor
// polynomial of ExpSample32 makes errors of 3 ulp), and the scale is applied
// as 2^(k+64)·2^-64, so that e^a is rounded once to a subnormal when k < -126.
// The explicit conversions round every product, as the assembly does.
func expNeg32(a float32) float32 {
	if expMin > a { // the order of VMAXPS: NaN stays NaN
		a = expMin
	}
	k := float32(a*expLog2e) + expRound
	k -= expRound
	r := float32(a - float32(k*expLn2hi))
	r = float32(r - float32(k*expLn2lo))
	q := float32(expP0*r) + expP1
	q = float32(q*r) + expP2
	q = float32(q*r) + expP3
	q = float32(q*r) + expP4
	q = float32(q*r) + expP5
	p := float32(float32(q*float32(r*r))+r) + 1
	scale := math.Float32frombits(uint32(int32(k)+127+64) << 23)
	return float32(p*scale) * 0x1p-64
}

// negAbs returns -|x|, NaN with its sign bit set for NaN.
func negAbs(x float32) float32 {
	return math.Float32frombits(math.Float32bits(x) | 1<<31)
}

// sigmoid32 returns 1/(1+e^-x), computed with e = e^-|x| as 1/(1+e) when the
// sign bit of x is clear and e/(1+e) when it is set.
func sigmoid32(x float32) float32 {
	e := expNeg32(negAbs(x))
	num := float32(1)
	if math.Float32bits(x)>>31 != 0 {
		num = e
	}
	return num / (1 + e)
}

// softplus32 returns log(1+e^x) as max(x, 0) + log1p(e), e = e^-|x|, with
// log1p(e) = 2·atanh(w/2) = w + w·z·Q(z), w = 2e/(2+e) ≤ 2/3, z = w².
// For e < 2^-23 (x < -15.95), 2+e rounds to 2, so that w = e and
// softplus32(x) = expNeg32(x), subnormals included.
func softplus32(x float32) float32 {
	e := expNeg32(negAbs(x))
	w := (e + e) / (2 + e)
	z := float32(w * w)
	q := float32(log1pQ4*z) + log1pQ3
	q = float32(q*z) + log1pQ2
	q = float32(q*z) + log1pQ1
	l := w + float32(w*float32(q*z))
	m := float32(0)
	if x > 0 { // the order of VMAXPS: 0 for NaN and -0
		m = x
	}
	return m + l
}

// sigmoid32Go is the portable Sigmoid32.
func sigmoid32Go(x, out []float32) {
	out = out[:len(x)]
	for i, v := range x {
		out[i] = sigmoid32(v)
	}
}

// softplus32Go is the portable Softplus32.
func softplus32Go(x, out []float32) {
	out = out[:len(x)]
	for i, v := range x {
		out[i] = softplus32(v)
	}
}

// softplusSum32Go adds softplus32(th[i]+x[i]) to sum, in float64, in index
// order: the portable SoftplusSum32, and its tail after the assembly.
func softplusSum32Go(sum float64, th, x []float32) float64 {
	th = th[:len(x)]
	for i, v := range x {
		sum += float64(softplus32(float32(th[i] + v)))
	}
	return sum
}

// checkLengths panics unless the lengths a and b of the slices of name's
// arguments are equal.
func checkLengths(name string, a, b int) {
	if a != b {
		panic("kernel: " + name + ": slices of different lengths")
	}
}
