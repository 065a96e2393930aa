package testutil

import (
	"math"
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
