package rbm

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A unit off for every row and a unit on for every row are redrawn: the
// second hands its weights to the visible biases first, and each redrawn
// unit has the asked norm and is on for about the asked fraction of rows.
func TestReviveIdle(t *testing.T) {
	const nv, nh, rows = 20, 6, 400
	m := tinyBinary[float64](t, nv, nh, 1)
	x := randomBinary[float64](rand.New(rand.NewPCG(2, 2)), rows, nv)
	hbias := data[float64](m.Hidden.Params()[0])
	vbias := data[float64](m.Visible.Params()[0])
	hbias[1], hbias[4] = -60, 60
	w := m.Weights()
	wantVbias := slices.Clone(vbias)
	for i := range nv {
		wantVbias[i] += w[i*nh+4]
	}
	cfg := ReviveConfig{MinOn: 0.01, MaxOn: 0.99, Norm: 0.5, On: 0.1, Seed: 3}
	idle, err := ReviveIdle(m, x, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(idle, []int{1, 4}) {
		t.Fatalf("revived %v, want [1 4]", idle)
	}
	if !slices.Equal(vbias, wantVbias) {
		t.Errorf("visible biases %v, want %v (the always-on unit's weights added)", vbias, wantVbias)
	}
	norm := func(j int) float64 {
		var s float64
		for i := range nv {
			s += w[i*nh+j] * w[i*nh+j]
		}
		return math.Sqrt(s)
	}
	kept := []float64{norm(0), norm(2), norm(3), norm(5)}
	slices.Sort(kept)
	for _, k := range idle {
		if got, want := norm(k), 0.5*kept[2]; math.Abs(got-want) > 1e-9*want {
			t.Errorf("unit %d: norm %v, want %v", k, got, want)
		}
		on := 0
		for r := range rows {
			u := hbias[k]
			for i := range nv {
				u += x[r*nv+i] * w[i*nh+k]
			}
			if u > 0 {
				on++
			}
		}
		if f := float64(on) / rows; f > 0.1 || f < 0.05 {
			t.Errorf("unit %d: on for %v of the rows, want about 0.1", k, f)
		}
	}

	// A model without idle units is left as it is.
	before := slices.Clone(w)
	if idle, err := ReviveIdle(m, x, ReviveConfig{MinOn: 0, MaxOn: 1, Norm: 0.5, On: 0.1}); err != nil || idle != nil {
		t.Errorf("no idle units: revived %v, error %v", idle, err)
	}
	if !slices.Equal(w, before) {
		t.Error("a model without idle units was changed")
	}
}

func TestReviveIdleRefuses(t *testing.T) {
	good := ReviveConfig{MinOn: 0.01, MaxOn: 0.99, Norm: 0.3, On: 0.01}
	spin := tinyBinary[float64](t, 4, 3, 1)
	var err error
	if spin.Visible, err = NewSpin[float64]("v", 4); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		m    *RBM[float64]
		x    []float64
		cfg  ReviveConfig
		want string
		data bool // the error wraps ErrData
	}{
		{"spin units", spin, make([]float64, 8), good, "needs visible and hidden units of states 0 and 1 with linear fields (rbm.Finite, rbm.Linear), not spin and binary units", false},
		{"no rows", tinyBinary[float64](t, 4, 3, 1), nil, good, "0 values are not rows of 4", true},
		{"half a row", tinyBinary[float64](t, 4, 3, 1), make([]float64, 6), good, "6 values are not rows of 4", true},
		{"not binary", tinyBinary[float64](t, 4, 3, 1), []float64{0, 1, 0.5, 0}, good, "hold 0.5 at index 2", true},
		{"NaN", tinyBinary[float64](t, 4, 3, 1), []float64{0, 1, 0, math.NaN()}, good, "hold NaN at index 3", true},
		{"bounds crossed", nil, nil, ReviveConfig{MinOn: 0.5, MaxOn: 0.4, Norm: 0.3, On: 0.01}, "want 0 <= low < high <= 1", false},
		{"no norm", nil, nil, ReviveConfig{MinOn: 0.01, MaxOn: 0.99, Norm: 0, On: 0.01}, "norm of 0", false},
		{"NaN norm", nil, nil, ReviveConfig{MinOn: 0.01, MaxOn: 0.99, Norm: math.NaN(), On: 0.01}, "norm of NaN", false},
		{"always on", nil, nil, ReviveConfig{MinOn: 0.01, MaxOn: 0.99, Norm: 0.3, On: 1}, "fraction 1 of the rows", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			if m == nil {
				m = tinyBinary[float64](t, 4, 3, 1)
			}
			_, err := ReviveIdle(m, tc.x, tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if errors.Is(err, ErrData) != tc.data {
				t.Errorf("errors.Is(err, ErrData) = %v, want %v", !tc.data, tc.data)
			}
		})
	}
}
