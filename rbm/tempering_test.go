package rbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// useTempering makes a trainer's sampler parallel tempering on ladder.
func useTempering[T Float](t *testing.T, ladder []float64) func(*Trainer[T]) {
	return func(tr *Trainer[T]) {
		pt, err := NewTempering(tr.Model, tr.Config, ladder)
		if err != nil {
			t.Fatal(err)
		}
		tr.Sampler = pt
	}
}

// Tempering's replicas draw from their exact distributions: the visible
// states of replica 0 follow the model's p(v), those of replica r the
// model with its weights scaled by β_r, by a chi-square test over the 16
// visible states of a 4×3 binary model with strong weights (whose modes
// Gibbs sampling alone crosses slowly).
func TestTemperingStationaryDistribution(t *testing.T) {
	const nv, nh, rows, draws, thin = 4, 3, 400, 300, 3
	m := tinyBinary[float64](t, nv, nh, 7)
	for i, w := range m.Weights() {
		m.Weights()[i] = 3 * w
	}
	ladder := []float64{1, 0.7, 0.4, 0.1}
	pt, err := NewTempering(m, TrainConfig{K: 1, Persistent: true, BatchSize: rows, Seed: 3}, ladder)
	if err != nil {
		t.Fatal(err)
	}
	x := randomBinary[float64](rand.New(rand.NewPCG(2, 2)), 50, nv)
	if err := pt.Start(x, rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Fatal(err)
	}
	for range 50 { // burn-in
		if _, err := pt.Negative(nil); err != nil {
			t.Fatal(err)
		}
	}
	pt.ResetSwapRates()
	counts := make([][]float64, len(ladder))
	for r := range counts {
		counts[r] = make([]float64, 1<<nv)
	}
	for d := range draws * thin {
		if _, err := pt.Negative(nil); err != nil {
			t.Fatal(err)
		}
		if d%thin != 0 {
			continue
		}
		for r := range ladder {
			v := pt.Replica(r).V
			for row := range rows {
				s := 0
				for i := range nv {
					if v[row*nv+i] == 1 {
						s |= 1 << i
					}
				}
				counts[r][s]++
			}
		}
	}
	all := allStates[float64](nv)
	for r := range ladder {
		f := pt.models[r].FreeEnergy(all)
		p := make([]float64, len(f))
		var z float64
		for s := range f {
			p[s] = math.Exp(-f[s])
			z += p[s]
		}
		var chi2 float64
		n := float64(rows * draws)
		for s := range p {
			e := n * p[s] / z
			chi2 += (counts[r][s] - e) * (counts[r][s] - e) / e
		}
		// 15 degrees of freedom: 37.7 is the 0.999 quantile.
		if !(chi2 < 37.7) {
			t.Errorf("replica %d (β = %g): chi-square %.1f over 16 states, above 37.7", r, ladder[r], chi2)
		}
	}
	for r, rate := range pt.SwapRates() {
		if !(rate > 0.05 && rate <= 1) {
			t.Errorf("swap rate of replicas %d and %d is %v", r, r+1, rate)
		}
	}
}

// The same test fails for a sampler that is wrong: replica 0 compared with
// the distribution of replica 1 (a check that the test can fail).
func TestTemperingChiSquareDetectsWrongDistribution(t *testing.T) {
	m := tinyBinary[float64](t, 4, 3, 7)
	for i, w := range m.Weights() {
		m.Weights()[i] = 3 * w
	}
	pt, err := NewTempering(m, TrainConfig{K: 1, Persistent: true, BatchSize: 400, Seed: 3}, []float64{1, 0.4})
	if err != nil {
		t.Fatal(err)
	}
	if err := pt.Start(randomBinary[float64](rand.New(rand.NewPCG(2, 2)), 50, 4), rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Fatal(err)
	}
	counts := make([]float64, 16)
	for range 300 {
		pt.Negative(nil)
		for row := range 400 {
			s := 0
			for i := range 4 {
				if pt.Replica(0).V[row*4+i] == 1 {
					s |= 1 << i
				}
			}
			counts[s]++
		}
	}
	f := pt.models[1].FreeEnergy(allStates[float64](4))
	var z, chi2 float64
	for _, x := range f {
		z += math.Exp(-x)
	}
	for s, x := range f {
		e := 400 * 300 * math.Exp(-x) / z
		chi2 += (counts[s] - e) * (counts[s] - e) / e
	}
	if chi2 < 37.7 {
		t.Errorf("chi-square %.1f against the wrong distribution", chi2)
	}
}

// With one replica, tempering is PCD-k, bit for bit.
func TestTemperingOfOneReplicaIsPCD(t *testing.T) {
	want := resumeWith[float32](t, func(*Trainer[float32]) {}, 0, 0)
	got := resumeWith(t, useTempering[float32](t, []float64{1}), 0, 0)
	if !sameBits(want, got) {
		t.Error("tempering of one replica differs from PCD")
	}
}

// Training with tempering stopped at a batch and resumed from a checkpoint
// file gives the uninterrupted model, bit for bit.
func TestTemperingResumesBitForBit(t *testing.T) {
	ladder := []float64{1, 0.8, 0.6, 0.3}
	want := resumeWith(t, useTempering[float64](t, ladder), 0, 0)
	other := resumeWith[float64](t, func(*Trainer[float64]) {}, 0, 0)
	if sameBits(want, other) {
		t.Fatal("tempering trained the model PCD trains")
	}
	for _, stop := range [][2]int{{1, 3}, {2, 9}, {3, 1}} {
		if got := resumeWith(t, useTempering[float64](t, ladder), stop[0], stop[1]); !sameBits(want, got) {
			t.Errorf("stopped after batch %d of epoch %d: the resumed model differs", stop[1], stop[0])
		}
	}
}

func TestLadder(t *testing.T) {
	for _, tc := range []struct {
		n    int
		min  float64
		want []float64
		ok   bool
	}{
		{1, 0.5, []float64{1}, true},
		{3, 0.5, []float64{1, 0.75, 0.5}, true},
		{2, 0, []float64{1, 0}, true},
		{0, 0.5, nil, false},
		{3, 1, nil, false},
		{3, math.NaN(), nil, false},
		{3, -0.1, nil, false},
	} {
		got, err := Ladder(tc.n, tc.min)
		if (err == nil) != tc.ok || len(got) != len(tc.want) {
			t.Errorf("Ladder(%d, %g) = %v, %v", tc.n, tc.min, got, err)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-15 {
				t.Errorf("Ladder(%d, %g) = %v", tc.n, tc.min, got)
			}
		}
	}
	m := tinyBinary[float64](t, 3, 2, 1)
	for _, bad := range [][]float64{{}, {0.9, 0.5}, {1, 1}, {1, 0.5, 0.6}, {1, -0.5}} {
		if _, err := NewTempering(m, TrainConfig{K: 1, BatchSize: 2}, bad); err == nil {
			t.Errorf("ladder %v accepted", bad)
		}
	}
}

// Sampling with swaps after every step: replica 0 follows the model's
// distribution from any start, by chi-square over the 16 visible states.
func TestTemperingSampleFromStart(t *testing.T) {
	m := tinyBinary[float64](t, 4, 3, 7)
	for i, w := range m.Weights() {
		m.Weights()[i] = 3 * w
	}
	const rows = 2000
	pt, err := NewTempering(m, TrainConfig{K: 1, BatchSize: rows, Seed: 9}, []float64{1, 0.6, 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if err := pt.StartAt(make([]float64, rows*4)); err != nil { // every chain at v = 0
		t.Fatal(err)
	}
	if err := pt.StartAt(make([]float64, 3)); err == nil {
		t.Error("a start of the wrong size was taken")
	}
	pt.Sample(100)
	counts := make([]float64, 16)
	for row := range rows {
		s := 0
		for i := range 4 {
			if pt.Replica(0).V[row*4+i] == 1 {
				s |= 1 << i
			}
		}
		counts[s]++
	}
	f := m.FreeEnergy(allStates[float64](4))
	var z, chi2 float64
	for _, x := range f {
		z += math.Exp(-x)
	}
	for s, x := range f {
		e := rows * math.Exp(-x) / z
		chi2 += (counts[s] - e) * (counts[s] - e) / e
	}
	if !(chi2 < 37.7) {
		t.Errorf("chi-square %.1f over 16 states, above 37.7", chi2)
	}
}
