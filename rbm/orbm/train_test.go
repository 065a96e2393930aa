package orbm

import (
	"math/rand/v2"
	"testing"
)

// TestTrainerLearns: wake/sleep learning from a random start on pictures
// drawn from a small ORBM raises their exact mean log-likelihood, with every
// method of the wake chain.
func TestTrainerLearns(t *testing.T) {
	truth := randomORBM(t, 8, 2, 2, 3, 1, 41)
	rng := rand.New(rand.NewPCG(41, 2))
	data, _, _, err := truth.Generate(rng, 400)
	if err != nil {
		t.Fatal(err)
	}
	meanLL := func(o *ORBM[float64]) float64 {
		s := 0.0
		for r := range 400 {
			l, err := o.LogProb(data[r*8 : (r+1)*8])
			if err != nil {
				t.Fatal(err)
			}
			s += l / 400
		}
		return s
	}
	for _, m := range []Method{Exact, ApproxB} {
		t.Run(m.String(), func(t *testing.T) {
			o := randomORBM(t, 8, 2, 2, 0.1, 0.1, 42)
			tr := adamTrainer(t, o, 0.05, TrainConfig{BatchSize: 20, WakeSweeps: 3, SleepSteps: 3, Method: m, Seed: 5})
			before := meanLL(o)
			for range 15 {
				if _, _, err := tr.Epoch(data); err != nil {
					t.Fatal(err)
				}
			}
			after := meanLL(o)
			t.Logf("mean log-likelihood %.4f -> %.4f (the generating model's: %.4f)", before, after, meanLL(truth))
			if !(after > before+0.2) {
				t.Errorf("mean log-likelihood %.4f -> %.4f", before, after)
			}
		})
	}
	if _, err := NewTrainer(truth, nil, TrainConfig{BatchSize: 0, WakeSweeps: 1, SleepSteps: 1}); err == nil {
		t.Error("a batch size of 0 was accepted")
	}
}
