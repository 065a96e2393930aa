package rbm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// A result with a NaN or infinite error never passes, whatever the
// tolerance; a NaN tolerance passes nothing.
func TestGradCheckResultPasses(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name string
		r    GradCheckResult
		tol  float64
		want bool
	}{
		{"small", GradCheckResult{MaxAbsFD: 1e-9, MaxRelFD: 1e-9}, 1e-4, true},
		{"large", GradCheckResult{MaxAbsFD: 1e-2, MaxRelFD: 1e-2}, 1e-4, false},
		{"nan rel", GradCheckResult{MaxAbsFD: 0, MaxRelFD: nan}, 1e-4, false},
		{"nan abs", GradCheckResult{MaxAbsFD: nan, MaxRelFD: 0}, 1e-4, false},
		{"inf rel", GradCheckResult{MaxAbsFD: inf, MaxRelFD: inf}, inf, false},
		{"nan tol", GradCheckResult{}, nan, false},
		{"moments small", GradCheckResult{HasMoments: true, MaxRelMoments: 1e-9}, 1e-4, true},
		{"moments large", GradCheckResult{HasMoments: true, MaxRelMoments: 1}, 1e-4, false},
		{"moments nan", GradCheckResult{HasMoments: true, MaxAbsMoments: nan}, 1e-4, false},
		{"moments ignored", GradCheckResult{MaxRelMoments: nan}, 1e-4, true},
	} {
		if got := tc.r.Passes(tc.tol); got != tc.want {
			t.Errorf("%s: Passes(%g) = %v, want %v", tc.name, tc.tol, got, tc.want)
		}
	}
}

// A step too large for the cost turns the finite differences into NaN, and
// the results say so rather than reporting a small error.
func TestGradCheckHugeStepFails(t *testing.T) {
	m := tinyBinary[float64](t, 4, 3, 1)
	rng := rand.New(rand.NewPCG(1, 2))
	vd, vm := randomBinary[float64](rng, 3, 4), randomBinary[float64](rng, 3, 4)
	res, err := GradCheck(m, vd, vm, 1e300)
	if err != nil {
		t.Fatal(err)
	}
	failed := false
	for _, r := range res {
		failed = failed || !r.Passes(1e-4)
	}
	if !failed {
		t.Errorf("step 1e300 passes: %+v", res)
	}
	res, err = GradCheck(m, vd, vm, 1e-5)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.Passes(1e-4) {
			t.Errorf("step 1e-5: %+v fails", r)
		}
	}
}

func TestGradCheckRefusesStep(t *testing.T) {
	m := tinyBinary[float64](t, 4, 3, 1)
	v := make([]float64, 4)
	for _, h := range []float64{0, -1e-5, math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := GradCheck(m, v, v, h); err == nil || !strings.Contains(err.Error(), "step must be positive and finite") {
			t.Errorf("step %g: error %v", h, err)
		}
	}
}
