package rbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// pottsModel returns a model of 2 Potts sites of 3 states and 3 hidden units
// of the given kind, with random parameters.
func pottsModel(t *testing.T, hidKind string, seed uint64) *RBM[float64] {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 8))
	m := kindModel[float64](t, "potts", []int{2, 3}, hidKind, []int{3}, rng)
	for _, p := range m.Params() {
		d := data[float64](p)
		for i := range d {
			if p.Group == "weights" || p.Name == "vfield" || p.Name == "hbias" || p.Name == "hfield" || p.Name == "htheta_p" || p.Name == "htheta_n" || p.Name == "htheta" {
				d[i] = rng.NormFloat64()
			}
		}
	}
	return m
}

// pottsStates enumerates the 9 one-hot states of 2 sites of 3 states.
func pottsStates() []float64 {
	x := make([]float64, 0, 9*6)
	for a := range 3 {
		for b := range 3 {
			row := make([]float64, 6)
			row[a], row[3+b] = 1, 1
			x = append(x, row...)
		}
	}
	return x
}

// The zero-sum gauge leaves the distribution over the visible states
// unchanged to 1e-10, for hidden layers of every kind whose fields take
// the shift, and puts the fields and weights at zero sum over each site.
func TestZeroSumGaugeKeepsDistribution(t *testing.T) {
	for _, kind := range []string{"binary", "spin", "gaussian", "relu", "drelu", "prelu", "xrelu"} {
		t.Run(kind, func(t *testing.T) {
			m := pottsModel(t, kind, 3)
			x := pottsStates()
			probs := func() []float64 { return visibleProbs(m, x) }
			before := probs()
			if err := ZeroSumGauge(m); err != nil {
				t.Fatal(err)
			}
			after := probs()
			for i := range before {
				if !(math.Abs(before[i]-after[i]) <= 1e-10) {
					t.Errorf("state %d: p %v before the gauge, %v after", i, before[i], after[i])
				}
			}
			w, th := m.Weights(), data[float64](m.Visible.(*Potts[float64]).Field)
			for s := range 2 {
				var sf float64
				for a := range 3 {
					sf += th[s*3+a]
				}
				if math.Abs(sf) > 1e-12 {
					t.Errorf("site %d: fields sum to %v", s, sf)
				}
				for mu := range 3 {
					var sw float64
					for a := range 3 {
						sw += w[(s*3+a)*3+mu]
					}
					if math.Abs(sw) > 1e-12 {
						t.Errorf("site %d, hidden %d: weights sum to %v", s, mu, sw)
					}
				}
			}
		})
	}
	if err := ZeroSumGauge(tinyBinary[float64](t, 3, 2, 1)); err == nil {
		t.Error("a binary visible layer was gauged")
	}
}

// Training with the gauge after every update, stopped and resumed from a
// checkpoint file, gives the uninterrupted model bit for bit.
func TestZeroSumResumesBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	x := make([]float64, 0, 60*6)
	for range 60 {
		row := make([]float64, 6)
		row[rng.IntN(3)], row[3+rng.IntN(3)] = 1, 1
		x = append(x, row...)
	}
	run := func(stopEpoch, stopAt int) []float64 {
		m := pottsModel(t, "binary", 4)
		newTrainer := func(m *RBM[float64]) *Trainer[float64] {
			tr, err := NewTrainer(m, sgd[float64](t, 0.05), TrainConfig{K: 1, Persistent: true, BatchSize: 6, Seed: 2})
			if err != nil {
				t.Fatal(err)
			}
			tr.Callbacks = []Callback[float64]{ZeroSum[float64]{}}
			return tr
		}
		m, _ = trainResumed(t, m, newTrainer, x, 2, stopEpoch, stopAt, nil)
		return paramValues(m)
	}
	want := run(0, 0)
	for _, stop := range [][2]int{{1, 3}, {2, 7}} {
		if got := run(stop[0], stop[1]); !sameBits(want, got) {
			t.Errorf("stopped after batch %d of epoch %d: the resumed model differs", stop[1], stop[0])
		}
	}
}
