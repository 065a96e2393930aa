package special

import (
	"math"
)

const (
	sqrtPi    = 1.7724538509055160273
	logSqrtPi = 0.57236494292470008707
)

// Erfcx returns the scaled complementary error function exp(x²)·erfc(x). It
// does not overflow for large positive x, where it behaves as 1/(x√π); it
// overflows to +Inf only where exp(x²) does (x below about -26.6).
func Erfcx(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x < 0:
		if x < -26.7 {
			return math.Inf(1)
		}
		return 2*math.Exp(x*x) - Erfcx(-x)
	case x < 2:
		return math.Exp(x*x) * math.Erfc(x)
	case math.IsInf(x, 1):
		return 0
	case x > 1e8:
		return 1 / (sqrtPi * x)
	}
	return 1 / (sqrtPi * erfcxFraction(x))
}

// erfcxFraction evaluates the continued fraction
// x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))) = 1/(√π·erfcx(x)), for x ≥ 2.
func erfcxFraction(x float64) float64 {
	n := 12 + int(400/(x*x))
	t := x
	for k := n; k >= 1; k-- {
		t = x + float64(k)/2/t
	}
	return t
}

// LogErfcx returns log(erfcx(x)), finite for every finite x whose square is
// finite: about x² + log 2 for very negative x and -log(x√π) for large x.
func LogErfcx(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x < 0:
		// erfcx(x) = exp(x²)·erfc(x) with erfc(x) in (1, 2): no cancellation.
		return x*x + math.Log(math.Erfc(x))
	case x > 1e8:
		return -math.Log(x) - logSqrtPi
	}
	return math.Log(Erfcx(x))
}

// LogErfcxDeriv returns the derivative of LogErfcx: 2x - 2/(√π·erfcx(x)).
func LogErfcxDeriv(x float64) float64 {
	switch {
	case x < -26:
		// 2/(√π erfcx(x)) = 2 exp(-x²)/(√π erfc(x)) underflows: 2x.
		return 2 * x
	case x >= 2 && x <= 1e8:
		return 2*x - 2*erfcxFraction(x)
	case x > 1e8:
		// 2x - 2x(1 + 1/(2x²) - …) = -1/x + …
		return -1 / x
	}
	return 2*x - 2/(sqrtPi*Erfcx(x))
}

// LogAddExp returns log(exp(a) + exp(b)) without overflow or underflow.
func LogAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	if math.IsInf(a, 1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// LogSumExp returns log Σ exp(xᵢ) without overflow or underflow; -Inf for an
// empty slice.
func LogSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	if math.IsInf(m, 0) {
		return m
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// Softmax replaces the log-weights in p by the probabilities
// exp(p[k])/Σ exp(p[j]), computed from their largest value so that no
// exponential overflows, and returns log Σ exp(p[j]). Every weight -Inf (or
// none) gives NaN probabilities and a NaN log normalizer.
func Softmax(p []float64) float64 {
	m := math.Inf(-1)
	for _, v := range p {
		m = math.Max(m, v)
	}
	var z float64
	for k := range p {
		p[k] = math.Exp(p[k] - m)
		z += p[k]
	}
	for k := range p {
		p[k] /= z
	}
	return m + math.Log(z)
}

// Categorical returns the index that u, uniform on [0, 1), selects from the
// probabilities p by the inverse of their cumulative sum: the first k with
// u < p[0] + … + p[k], or the last index when rounding leaves u above the
// whole sum.
func Categorical(u float64, p []float64) int {
	for k, v := range p {
		if u < v {
			return k
		}
		u -= v
	}
	return len(p) - 1
}

// Softplus returns log(1 + exp(x)).
func Softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// Sigmoid returns the logistic function 1/(1 + exp(-x)) without overflow.
func Sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// HalfGaussianCGF returns the log partition function of a unit h ≥ 0 with
// energy γ/2·h² - a·h, that is log ∫₀^∞ exp(-γh²/2 + a·h) dh
// = ½log(π/(2γ)) + log erfcx(-a/√(2γ)), for γ > 0.
func HalfGaussianCGF(gamma, a float64) float64 {
	return 0.5*math.Log(math.Pi/(2*gamma)) + LogErfcx(-a/math.Sqrt(2*gamma))
}

// HalfGaussianMean returns the mean of h ≥ 0 with density proportional to
// exp(-γh²/2 + a·h), the derivative of HalfGaussianCGF with respect to a.
func HalfGaussianMean(gamma, a float64) float64 {
	s := math.Sqrt(2 * gamma)
	return -LogErfcxDeriv(-a/s) / s
}

// HalfGaussianSecondMoment returns E[h²] for h ≥ 0 with density proportional
// to exp(-γh²/2 + a·h): (1 + a·E[h])/γ, from integrating by parts.
func HalfGaussianSecondMoment(gamma, a float64) float64 {
	return (1 + a*HalfGaussianMean(gamma, a)) / gamma
}
