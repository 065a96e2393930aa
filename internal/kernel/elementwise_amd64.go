//go:build !noasm

package kernel

// sigmoid32AVX2 is Sigmoid32 on the first len(x)&^7 elements, with the
// portable code's operations in the same order (no fused multiply-add), so
// that results do not depend on whether the processor has AVX2.
//
//go:noescape
func sigmoid32AVX2(x, out []float32)

// softplus32AVX2 is Softplus32 on the first len(x)&^7 elements, rounding as
// the portable code does.
//
//go:noescape
func softplus32AVX2(x, out []float32)

// softplusSum32AVX2 returns the float64 sum, in index order from 0, of the
// terms softplus32(th[i]+x[i]) for i < len(x)&^7, rounding as the portable
// code does.
//
//go:noescape
func softplusSum32AVX2(th, x []float32) float64

// Sigmoid32 sets out[i] = 1/(1+e^-x[i]) for every i; out must be as long as
// x and may be x itself. With e = e^-|x| it computes 1/(1+e) for x ≥ 0 and
// e/(1+e) for x < 0, so that neither side cancels: its error is below 2.5
// units in the last place (ulp) of the result (2.40 measured on every
// float32), a relative error below 3e-7, subnormal results for x < -87.34
// included (within 0.75 ulp). It is 1 for x > 16.7 and 0 for x < -103.97208
// (where e^x < 2^-150); ±Inf give 1 and 0, NaN gives NaN. The AVX2 and
// portable versions give the same bits.
func Sigmoid32(x, out []float32) {
	checkLengths("Sigmoid32", len(x), len(out))
	avx2Then(x, out, sigmoid32AVX2, sigmoid32Go)
}

// Softplus32 sets out[i] = log(1+e^x[i]) for every i; out must be as long
// as x and may be x itself. It computes max(x,0) + log1p(e^-|x|), which
// neither overflows nor cancels: its error is below 3 ulp of the result
// (2.86 measured on every float32), a relative error below 3.6e-7. It is x
// itself once e^-x is below half an ulp of x (x > 14.6), and e^x for very
// negative x: within a relative 1.8e-7 for -87.34 < x < -10, rounded to a
// subnormal within 0.75 ulp below, and 0 for x < -103.97208 (where
// e^x < 2^-150). +Inf gives +Inf, -Inf gives 0, NaN gives NaN. The AVX2 and
// portable versions give the same bits.
func Softplus32(x, out []float32) {
	checkLengths("Softplus32", len(x), len(out))
	avx2Then(x, out, softplus32AVX2, softplus32Go)
}

// SoftplusSum32 returns Σᵢ softplus(th[i]+x[i]), th and x of the same
// length: each sum th[i]+x[i] is rounded to float32, its softplus computed
// as by Softplus32 (within 3 ulp), and the terms added in float64 in index
// order, so that the result does not depend on the processor. Its relative
// error is at most that of the terms (3.6e-7), plus the float64 rounding of
// the sum; subnormal terms are within 2^-149 each.
func SoftplusSum32(th, x []float32) float64 {
	checkLengths("SoftplusSum32", len(th), len(x))
	sum, i := 0.0, 0
	if haveAVX2 {
		sum = softplusSum32AVX2(th, x)
		i = len(x) &^ 7
	}
	return softplusSum32Go(sum, th[i:], x[i:])
}

// avx2Then runs avx2 on the first len(x)&^7 elements when the processor has
// AVX2 and portable on the others (all of them without AVX2): the split of
// Sigmoid32's and Softplus32's work between their kernels.
func avx2Then(x, out []float32, avx2, portable func(x, out []float32)) {
	i := 0
	if haveAVX2 {
		avx2(x, out)
		i = len(x) &^ 7
	}
	portable(x[i:], out[i:])
}
