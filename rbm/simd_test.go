package rbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bernoullis32 must decide as the portable code does, including for
// uniforms one unit in the last place either side of the threshold
// 1/(1+e^-p): a kernel whose e^-p differed by one ulp would fail here.
func TestBernoullis32MatchesPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const n = 3 * 1365 // not a multiple of 8: the tail is checked too
	th, x, u := make([]float32, n), make([]float32, n), make([]float32, n)
	for i := 0; i < n; i += 3 {
		p := float32(rng.NormFloat64() * 8)
		if i%30 == 0 {
			p = float32(rng.NormFloat64() * 200) // clamped arguments
		}
		q := float32(rng.NormFloat64())
		thr := 1 / (1 + expSample32(-(p + q)))
		for j, v := range []float32{thr, math.Nextafter32(thr, 0), math.Nextafter32(thr, 2)} {
			th[i+j], x[i+j], u[i+j] = p, q, v
		}
	}
	got, want := make([]float32, n), make([]float32, n)
	bernoullis32(th, x, u, got)
	bernoullis32Go(th, x, u, want)
	ones := 0
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("unit %d (θ+x = %v, u = %v): %v, portable code %v", i, th[i]+x[i], u[i], got[i], want[i])
		}
		ones += int(want[i])
	}
	if ones == 0 || ones == n {
		t.Fatalf("degenerate test: %d ones of %d", ones, n)
	}
}

func TestExpSample32(t *testing.T) {
	for x := -87.0; x <= 87; x += 0.013 {
		got, want := float64(expSample32(float32(x))), math.Exp(float64(float32(x)))
		if math.Abs(got-want) > 4e-7*want {
			t.Fatalf("expSample32(%g) = %g, want %g", x, got, want)
		}
	}
	if got := expSample32(1e6); math.IsInf(float64(got), 0) || got <= 0 {
		t.Errorf("expSample32(1e6) = %g, want a clamped finite value", got)
	}
}
