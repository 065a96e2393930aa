package testutil

import (
	"math"
	"math/rand/v2"
	"sort"
)

// CloseTo reports whether a and b differ by at most tol, relative to the
// larger of their magnitudes when that exceeds 1 and absolute below. It is
// false when either is NaN.
func CloseTo(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// KSStatistic returns the Kolmogorov–Smirnov distance between the samples x
// and the distribution function cdf, sorting x in place. It returns +Inf for
// no samples, for a NaN sample and for a NaN value of cdf, so that a test
// comparing it with a critical value fails.
func KSStatistic(x []float64, cdf func(float64) float64) float64 {
	if len(x) == 0 {
		return math.Inf(1)
	}
	for _, v := range x {
		if math.IsNaN(v) {
			return math.Inf(1)
		}
	}
	sort.Float64s(x)
	n := float64(len(x))
	var d float64
	for i, v := range x {
		c := cdf(v)
		if math.IsNaN(c) {
			return math.Inf(1)
		}
		d = math.Max(d, math.Max(c-float64(i)/n, float64(i+1)/n-c))
	}
	return d
}

// RatioCase is one set of inputs of the ORBM's exact correction ratio
// (kernel.RatioLanes, and the ratioLog of rbm/orbm that it speeds up):
// positive factors of one length, E and EO spread over many orders of
// magnitude.
type RatioCase struct{ E, EW, SC, EO []float64 }

// RatioCases draws RatioCases of the lengths 0, 4, 8, 100, 784 and 787 (none,
// whole lanes, a remainder, an image's pixels) from a PCG seeded (8, 8): the
// same numbers for every test of the ratio, so that the assembly and the
// portable code are checked on the same ones.
func RatioCases() []RatioCase {
	rng := rand.New(rand.NewPCG(8, 8))
	var cases []RatioCase
	for _, n := range []int{0, 4, 8, 100, 784, 787} {
		e, ew, sc, eo := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range e {
			e[i], ew[i], sc[i], eo[i] = math.Exp(10*rng.NormFloat64()), math.Exp(rng.NormFloat64()), math.Exp(rng.NormFloat64()), math.Exp(10*rng.NormFloat64())
		}
		cases = append(cases, RatioCase{e, ew, sc, eo})
	}
	return cases
}
