package special

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
)

const prec = 512

var bigPi, _ = new(big.Float).SetPrec(prec).SetString("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651")

// bigExp returns e^y by its Taylor series (y ≥ 0 here).
func bigExp(y *big.Float) *big.Float {
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := 1; n < 2000; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(n)))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -prec {
			break
		}
	}
	return sum
}

// refErfcx returns exp(x²)·erfc(x) for |x| ≤ 10 from the Maclaurin series of
// erf at 512 bits, and from the asymptotic series for x > 10.
func refErfcx(x float64) float64 {
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	x2 := new(big.Float).SetPrec(prec).Mul(bx, bx)
	sqrtPi := new(big.Float).SetPrec(prec).Sqrt(bigPi)
	if x > 10 {
		// erfcx(x) ~ 1/(x√π) Σ (-1)^n (2n-1)!!/(2x²)^n, error below e^{-x²}.
		sum := new(big.Float).SetPrec(prec).SetInt64(1)
		term := new(big.Float).SetPrec(prec).SetInt64(1)
		twoX2 := new(big.Float).SetPrec(prec).Mul(x2, big.NewFloat(2))
		for n := 1; n < 60; n++ {
			term.Mul(term, new(big.Float).SetPrec(prec).SetInt64(int64(-(2*n - 1))))
			term.Quo(term, twoX2)
			sum.Add(sum, term)
		}
		den := new(big.Float).SetPrec(prec).Mul(bx, sqrtPi)
		f, _ := sum.Quo(sum, den).Float64()
		return f
	}
	// erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
	sum := new(big.Float).SetPrec(prec)
	pow := new(big.Float).SetPrec(prec).Set(bx) // x^(2n+1)/n! with sign
	for n := 0; n < 3000; n++ {
		t := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetPrec(prec).SetInt64(int64(2*n+1)))
		sum.Add(sum, t)
		pow.Mul(pow, x2)
		pow.Quo(pow, new(big.Float).SetPrec(prec).SetInt64(int64(-(n + 1))))
		if pow.Sign() == 0 || (pow.MantExp(nil) < -prec && n > 10) {
			break
		}
	}
	erf := sum.Mul(sum, big.NewFloat(2))
	erf.Quo(erf, sqrtPi)
	erfc := new(big.Float).SetPrec(prec).Sub(big.NewFloat(1), erf)
	r := erfc.Mul(erfc, bigExp(x2))
	f, _ := r.Float64()
	return f
}

func TestErfcxAgainstHighPrecision(t *testing.T) {
	var worst, at float64
	for _, x := range []float64{-10, -6, -3, -1.5, -0.7, -0.1, 0, 1e-8, 0.1, 0.5, 0.9, 1, 1.5, 1.99, 2, 2.01, 3, 4.5, 6, 8, 9.99, 10.5, 15, 30, 100, 1e3, 1e5} {
		got, want := Erfcx(x), refErfcx(x)
		rel := math.Abs(got-want) / want
		if rel > worst {
			worst, at = rel, x
		}
		if !(rel <= 1e-13) {
			t.Errorf("Erfcx(%g) = %.17g, want %.17g (relative error %.1e)", x, got, want, rel)
		}
		if lg := LogErfcx(x); !(math.Abs(lg-math.Log(want)) <= 1e-13*math.Max(1, math.Abs(lg))) {
			t.Errorf("LogErfcx(%g) = %.17g, want %.17g", x, lg, math.Log(want))
		}
	}
	t.Logf("worst relative error of Erfcx: %.1e at x = %g", worst, at)
}

func TestLogErfcxExtremes(t *testing.T) {
	for _, tc := range []struct{ x, want, tol float64 }{
		{-1e3, 1e6 + math.Ln2, 1e-15},
		{-1e6, 1e12 + math.Ln2, 1e-15},
		{1e3, -math.Log(1e3*math.Sqrt(math.Pi)) - 0.5e-6, 1e-12},
		{1e6, -math.Log(1e6 * math.Sqrt(math.Pi)), 1e-12},
		{1e300, -math.Log(1e300) - 0.5*math.Log(math.Pi), 1e-15},
	} {
		got := LogErfcx(tc.x)
		if !(math.Abs(got-tc.want) <= tc.tol*math.Abs(tc.want)) || math.IsInf(got, 0) || math.IsNaN(got) {
			t.Errorf("LogErfcx(%g) = %.17g, want %.17g", tc.x, got, tc.want)
		}
	}
}

func TestLogErfcxDerivMatchesFiniteDifference(t *testing.T) {
	for _, x := range []float64{-30, -25, -5, -1, -0.3, 0, 0.4, 1.9, 2, 2.1, 5, 40, 1e3, 1e9} {
		h := 1e-5 * math.Max(1, math.Abs(x))
		fd := (LogErfcx(x+h) - LogErfcx(x-h)) / (2 * h)
		if got := LogErfcxDeriv(x); !(math.Abs(got-fd) <= 1e-6*math.Max(1, math.Abs(fd))) {
			t.Errorf("LogErfcxDeriv(%g) = %.12g, finite difference %.12g", x, got, fd)
		}
	}
}

func TestLogAddExpAndLogSumExp(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct{ a, b, want float64 }{
		{0, 0, math.Ln2}, {1000, 1000, 1000 + math.Ln2}, {-1000, -1000, -1000 + math.Ln2},
		{1, 2, 2.3132616875182228}, {-inf, 3, 3}, {-inf, -inf, -inf}, {inf, 1, inf}, {1e308, 1e308, 1e308},
	} {
		if got := LogAddExp(tc.a, tc.b); !(got == tc.want || math.Abs(got-tc.want) < 1e-15*math.Abs(tc.want)) {
			t.Errorf("LogAddExp(%g, %g) = %.17g, want %.17g", tc.a, tc.b, got, tc.want)
		}
	}
	if got := LogSumExp([]float64{1, 2, 3}); !(math.Abs(got-3.40760596444438) <= 1e-14) {
		t.Errorf("LogSumExp([1 2 3]) = %.15g, want 3.40760596444438", got)
	}
	if got := LogSumExp([]float64{1e4, 1e4}); got != 1e4+math.Ln2 {
		t.Errorf("LogSumExp overflows: %g", got)
	}
}

// Softmax normalizes log-weights without overflow and returns their
// log-sum-exp; Categorical inverts the cumulative sum.
func TestSoftmaxAndCategorical(t *testing.T) {
	p := []float64{1e4, 1e4 + math.Log(3)}
	if lz := Softmax(p); !(math.Abs(p[0]-0.25) < 1e-12 && math.Abs(p[1]-0.75) < 1e-12) || !(math.Abs(lz-(1e4+math.Log(4))) < 1e-11) {
		t.Errorf("Softmax = %v, log normalizer %.17g", p, lz)
	}
	if lz := Softmax([]float64{math.Inf(-1), math.Inf(-1)}); !math.IsNaN(lz) {
		t.Errorf("Softmax of no weight: log normalizer %g, want NaN", lz)
	}
	for _, tc := range []struct {
		u    float64
		want int
	}{{0, 0}, {0.1, 0}, {0.2, 1}, {0.69, 1}, {0.71, 2}, {0.999, 2}, {1.5, 2}} {
		if got := Categorical(tc.u, []float64{0.2, 0.5, 0.3}); got != tc.want {
			t.Errorf("Categorical(%g) = %d, want %d", tc.u, got, tc.want)
		}
	}
}

// simpson integrates f over [a, b] with n (even) intervals.
func simpson(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	s := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(a+float64(i)*h)
	}
	return s * h / 3
}

func TestHalfGaussianAgainstQuadrature(t *testing.T) {
	for _, gamma := range []float64{0.5, 1, 3} {
		for _, a := range []float64{-3, -0.5, 0, 1, 4} {
			top := math.Max(0, a/gamma) + 12/math.Sqrt(gamma)
			z := simpson(func(h float64) float64 { return math.Exp(-gamma*h*h/2 + a*h) }, 0, top, 20000)
			m1 := simpson(func(h float64) float64 { return h * math.Exp(-gamma*h*h/2+a*h) }, 0, top, 20000) / z
			m2 := simpson(func(h float64) float64 { return h * h * math.Exp(-gamma*h*h/2+a*h) }, 0, top, 20000) / z
			if got := HalfGaussianCGF(gamma, a); !(math.Abs(got-math.Log(z)) <= 1e-9) {
				t.Errorf("cgf(γ=%g, a=%g) = %.12g, quadrature %.12g", gamma, a, got, math.Log(z))
			}
			if got := HalfGaussianMean(gamma, a); !(math.Abs(got-m1) <= 1e-9) {
				t.Errorf("mean(γ=%g, a=%g) = %.12g, quadrature %.12g", gamma, a, got, m1)
			}
			if got := HalfGaussianSecondMoment(gamma, a); !(math.Abs(got-m2) <= 1e-8) {
				t.Errorf("E[h²](γ=%g, a=%g) = %.12g, quadrature %.12g", gamma, a, got, m2)
			}
		}
	}
	// Extreme inputs stay finite.
	for _, a := range []float64{-1e3, 1e3} {
		if c, m := HalfGaussianCGF(1, a), HalfGaussianMean(1, a); math.IsInf(c, 0) || math.IsNaN(c) || math.IsNaN(m) || !(m >= 0) {
			t.Errorf("a = %g: cgf %g, mean %g", a, c, m)
		}
	}
}

func TestStdTruncNormalKS(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	crit := 1.95 / math.Sqrt(n) // P(D > crit) ≈ 0.001
	for _, lower := range []float64{math.Inf(-1), -5, -1, 0, 0.44, 0.46, 1, 5, 30, 1000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = StdTruncNormal(rng, lower)
			if !(x[i] >= lower) {
				t.Fatalf("lower %g: sample %g below the bound", lower, x[i])
			}
		}
		// CDF of Z | Z ≥ l: 1 - erfc(v/√2)/erfc(l/√2), written with erfcx so
		// that it stays accurate in the far tail.
		cdf := func(v float64) float64 {
			if math.IsInf(lower, -1) {
				return 0.5 * math.Erfc(-v/math.Sqrt2)
			}
			a, b := lower/math.Sqrt2, v/math.Sqrt2
			return 1 - Erfcx(b)/Erfcx(a)*math.Exp(a*a-b*b)
		}
		if d := testutil.KSStatistic(x, cdf); !(d <= crit) {
			t.Errorf("lower %g: Kolmogorov–Smirnov distance %.4f above %.4f", lower, d, crit)
		}
	}
	// A wrong sampler fails the test: samples of the untruncated normal.
	x := make([]float64, n)
	for i := range x {
		x[i] = math.Abs(rng.NormFloat64()) + 1
	}
	if d := testutil.KSStatistic(x, func(v float64) float64 { return 1 - Erfcx(v/math.Sqrt2)/Erfcx(1/math.Sqrt2)*math.Exp(0.5-v*v/2) }); !(d >= crit) {
		t.Errorf("the test does not reject a shifted half-normal (distance %.4f)", d)
	}
	if z := StdTruncNormal(rng, 1e200); !(z >= 1e200) || math.IsInf(z, 0) {
		t.Errorf("lower 1e200: %g", z)
	}
}

func TestHalfGaussianSampleMean(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ gamma, a float64 }{{1, 0}, {0.5, -3}, {1, 3}, {2, -40}, {1, 1e3}, {1, -1e3}} {
		const n = 40000
		var s, s2 float64
		for range n {
			h := HalfGaussian(rng, tc.gamma, tc.a)
			s += h
			s2 += h * h
		}
		mean := s / n
		sd := math.Sqrt(s2/n - mean*mean)
		want := HalfGaussianMean(tc.gamma, tc.a)
		if !(math.Abs(mean-want) <= 5*sd/math.Sqrt(n)+1e-12*math.Abs(want)) {
			t.Errorf("γ=%g a=%g: sample mean %.6g, exact %.6g (sd %.3g)", tc.gamma, tc.a, mean, want, sd)
		}
	}
}

// Invalid arguments give NaN at once instead of rejecting forever.
func TestSamplersRefuseNaN(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, got := range []float64{
		StdTruncNormal(rng, math.NaN()), StdTruncNormal(rng, math.Inf(1)),
		TruncNormal(rng, 0, -1, 0), TruncNormal(rng, math.NaN(), 1, 0), TruncNormal(rng, 0, math.NaN(), 0),
		HalfGaussian(rng, -1, 0), HalfGaussian(rng, 0, 1), HalfGaussian(rng, 1, math.NaN()),
	} {
		if !math.IsNaN(got) {
			t.Errorf("got %g, want NaN", got)
		}
	}
}
