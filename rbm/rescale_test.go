package rbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Rescaling the continuous hidden units to unit standard deviation over
// the data leaves the visible distribution unchanged to 1e-10, and the
// units' standard deviations are then 1.
func TestRescaleHiddenKeepsDistribution(t *testing.T) {
	for _, kind := range []string{"gaussian", "relu", "drelu", "prelu", "xrelu"} {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(4, 4))
			m := kindModel[float64](t, "binary", []int{4}, kind, []int{3}, rng)
			for _, p := range m.Params() {
				if p.Group == "weights" || p.Name == "vbias" || p.Name == "hfield" || p.Name == "htheta_p" || p.Name == "htheta_n" || p.Name == "htheta" || p.Name == "hdelta" {
					for i := range data[float64](p) {
						data[float64](p)[i] = 0.5 * rng.NormFloat64()
					}
				}
			}
			all := allStates[float64](4)
			probs := func() []float64 { return visibleProbs(m, all) }
			before := probs()
			x := randomBinary[float64](rng, 50, 4)
			std, err := HiddenStd(m, x)
			if err != nil {
				t.Fatal(err)
			}
			if err := RescaleHidden(m, std); err != nil {
				t.Fatal(err)
			}
			after := probs()
			for i := range before {
				if !(math.Abs(before[i]-after[i]) <= 1e-10) {
					t.Errorf("state %d: p %v before, %v after", i, before[i], after[i])
				}
			}
			std2, err := HiddenStd(m, x)
			if err != nil {
				t.Fatal(err)
			}
			for j, s := range std2 {
				if !(math.Abs(s-1) <= 1e-9) {
					t.Errorf("unit %d: standard deviation %v after rescaling (was %v)", j, s, std[j])
				}
			}
		})
	}
	m := tinyBinary[float64](t, 3, 2, 1)
	if err := RescaleHidden(m, []float64{1, 1}); err == nil {
		t.Error("binary hidden units rescaled")
	}
	vis, _ := NewBinary[float64]("v", 3)
	hid, _ := NewGaussian[float64]("h", 2)
	mg, _ := New[float64](vis, hid, rand.New(rand.NewPCG(1, 1)))
	for _, bad := range [][]float64{{1}, {1, 0}, {1, math.Inf(1)}, {math.NaN(), 1}} {
		if err := RescaleHidden(mg, bad); err == nil {
			t.Errorf("scales %v taken", bad)
		}
	}
}

// Hidden standard deviations by HiddenStd agree with those of samples.
func TestHiddenStdMatchesSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	vis, _ := NewBinary[float64]("v", 4)
	hid, _ := NewDReLU[float64]("h", 2)
	m, _ := New[float64](vis, hid, rng)
	x := randomBinary[float64](rng, 40, 4)
	std, err := HiddenStd(m, x)
	if err != nil {
		t.Fatal(err)
	}
	const reps = 2000
	c, _ := NewChains(m, 40, 1, 0)
	var s1, s2 [2]float64
	for range reps {
		copy(c.V, x)
		c.SampleHGivenV()
		for i, h := range c.H {
			s1[i%2] += h
			s2[i%2] += h * h
		}
	}
	for j := range 2 {
		n := float64(reps * 40)
		mean := s1[j] / n
		got := math.Sqrt(s2[j]/n - mean*mean)
		if !(math.Abs(got-std[j]) < 0.02*std[j]) {
			t.Errorf("unit %d: standard deviation %v by moments, %v by samples", j, std[j], got)
		}
	}
}
