package orbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/optim"
)

// noStep is an optimizer that leaves the parameters as they are.
type noStep struct{}

func (noStep) Step([]optim.Param[float64]) error { return nil }

// The costs Trainer.Step returns are the documented wake/sleep costs, both
// models' terms included: for A, −mean_wake log P*(hA, hB, v) +
// mean_sleep log P*_A(hA), computed here from the definition (LogJoint,
// and log P*_A(h) = c·h + Σ_i softplus(φA_i)) on the states the step drew.
func TestStepCostIsTheWholeCost(t *testing.T) {
	const nv, na, nb, n = 6, 3, 2, 4
	o := randomORBM(t, nv, na, nb, 1, 1, 41)
	tr, err := NewTrainer(o, optim.Optimizer[float64](noStep{}), TrainConfig{BatchSize: n, WakeSweeps: 2, SleepSteps: 2, Method: Exact, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(42, 1))
	v := randomBits(n*nv, rng)
	costA, costB, err := tr.Step(v)
	if err != nil {
		t.Fatal(err)
	}
	a, b := newSide(o.A), newSide(o.B)
	logP := func(s *side, h []float64) float64 {
		phi := make([]float64, s.nv)
		s.phi(h, phi)
		l := dot(s.c, h)
		for _, x := range phi {
			l += softplus(x)
		}
		return l
	}
	wake := 0.0
	for r := range n {
		wake += o.LogJoint(tr.wake.V[r*nv:(r+1)*nv], tr.wake.HA[r*na:(r+1)*na], tr.wake.HB[r*nb:(r+1)*nb]) / n
	}
	sleepA, sleepB := 0.0, 0.0
	for r := range n {
		sleepA += logP(a, tr.sleepA.H[r*na:(r+1)*na]) / n
		sleepB += logP(b, tr.sleepB.H[r*nb:(r+1)*nb]) / n
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"A", costA, -wake + sleepA}, {"B", costB, -wake + sleepB}} {
		if math.IsNaN(c.got) || math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
			t.Errorf("cost of %s %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
}
