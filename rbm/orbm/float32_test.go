package orbm

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

// TestFloat32Models: models of float32 load, sample, separate and train.
func TestFloat32Models(t *testing.T) {
	dir := t.TempDir()
	o64 := randomORBM(t, 6, 3, 2, 1, 1, 51)
	pa, pb := filepath.Join(dir, "a.npz"), filepath.Join(dir, "b.npz")
	if err := rbm.Save(pa, o64.A, nil); err != nil {
		t.Fatal(err)
	}
	if err := rbm.Save(pb, o64.B, nil); err != nil {
		t.Fatal(err)
	}
	o, err := Load[float32](pa, pb)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(52, 1))
	v := make([]float32, 10*6)
	for i := range v {
		v[i] = float32(rng.IntN(2))
	}
	recA, recB, err := Separate(o, Exact, v, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recA {
		if !(recA[i] > 0 && recA[i] < 1 && recB[i] > 0 && recB[i] < 1) {
			t.Fatalf("reconstructions %v and %v", recA[i], recB[i])
		}
	}
	// Training as TestTrainerLearns does, in float32.
	tr := adamTrainer(t, o, 0.01, TrainConfig{BatchSize: 5, WakeSweeps: 2, SleepSteps: 1, Method: ApproxA, Seed: 1})
	ca, cb, err := tr.Epoch(v)
	if err != nil || math.IsNaN(ca) || math.IsNaN(cb) || math.IsInf(ca, 0) || math.IsInf(cb, 0) {
		t.Fatalf("epoch: costs %v %v, %v", ca, cb, err)
	}
	if err := o.A.Validate(); err != nil {
		t.Fatal(err)
	}
}
