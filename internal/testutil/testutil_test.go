package testutil

import (
	"math"
	"testing"
)

func TestCloseTo(t *testing.T) {
	for _, tc := range []struct {
		a, b, tol float64
		want      bool
	}{
		{1, 1, 0, true},
		{1e6, 1e6 + 1, 1e-5, true},
		{1e6, 1e6 + 100, 1e-5, false},
		{1e-9, 2e-9, 1e-8, true},
		{math.NaN(), 1, 1, false},
		{1, math.NaN(), 1, false},
		{math.Inf(1), math.Inf(1), 1, false},
	} {
		if got := CloseTo(tc.a, tc.b, tc.tol); got != tc.want {
			t.Errorf("CloseTo(%g, %g, %g) = %v, want %v", tc.a, tc.b, tc.tol, got, tc.want)
		}
	}
}

func TestKSStatistic(t *testing.T) {
	uniform := func(x float64) float64 { return math.Min(1, math.Max(0, x)) }
	for _, tc := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{0.5}, 0.5},
		{[]float64{0.75, 0.25}, 0.25},
		{[]float64{0.9, 0.95}, 0.9},
		{nil, math.Inf(1)},
		{[]float64{0.5, math.NaN()}, math.Inf(1)},
	} {
		if got := KSStatistic(tc.x, uniform); math.Abs(got-tc.want) > 1e-12 && got != tc.want {
			t.Errorf("KSStatistic(%v) = %g, want %g", tc.x, got, tc.want)
		}
	}
	if got := KSStatistic([]float64{0.5}, func(float64) float64 { return math.NaN() }); !math.IsInf(got, 1) {
		t.Errorf("KSStatistic with a NaN cdf = %g, want +Inf", got)
	}
}

// RatioCases are the same numbers at every call: positive and finite, of the
// lengths the ratio's tests need.
func TestRatioCases(t *testing.T) {
	a, b := RatioCases(), RatioCases()
	if len(a) != 6 || len(a[5].E) != 787 {
		t.Fatalf("%d cases, the last of length %d; want 6, the last 787 long", len(a), len(a[len(a)-1].E))
	}
	for k, c := range a {
		for j, x := range [][]float64{c.E, c.EW, c.SC, c.EO} {
			y := [][]float64{b[k].E, b[k].EW, b[k].SC, b[k].EO}[j]
			for i, v := range x {
				if !(v > 0 && v < math.Inf(1)) || math.Float64bits(v) != math.Float64bits(y[i]) {
					t.Fatalf("case %d, factor %d, element %d: %g and %g at two calls", k, j, i, v, y[i])
				}
			}
		}
	}
}
