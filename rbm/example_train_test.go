package rbm_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
)

// The trainer's open parts: the negative-phase sampler (Gibbs chains,
// here CD-1), gradient transforms between the gradient and the optimizer
// step (an L2 penalty on the weights and an L1 one on every parameter), and
// callbacks after every update and every epoch.
//
// Like every example (package run's Example too), it builds its data and
// model in place, so that it reads on its own.
func ExampleTrainer_openParts() {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 60*8) // 60 rows of 8 binary units
	for i := range x {
		if rng.Float64() < 0.4 {
			x[i] = 1
		}
	}
	vis, _ := rbm.NewBinary[float64]("v", 8)
	hid, _ := rbm.NewBinary[float64]("h", 3)
	m, _ := rbm.New(vis, hid, rng)
	opt, _ := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(0.1, 1)})
	tr, _ := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, BatchSize: 10, Seed: 1})

	fmt.Printf("sampler: %T, CD-%d\n", tr.Sampler, tr.Sampler.(*rbm.Gibbs[float64]).K)
	tr.Transforms = []rbm.GradientTransform[float64]{
		rbm.WeightDecay[float64]{Decay: 1e-4, Groups: []string{"weights"}},
		rbm.L1[float64]{Strength: 1e-4},
	}
	updates := 0
	tr.Callbacks = []rbm.Callback[float64]{
		rbm.OnBatch[float64](func(_ *rbm.Trainer[float64], st rbm.BatchStats) error {
			updates++
			return nil
		}),
		rbm.OnEpoch[float64](func(_ *rbm.Trainer[float64], st rbm.EpochStats) error {
			fmt.Printf("epoch %d: %d batches, %d updates so far\n", st.Epoch, st.Batches, updates)
			return nil
		}),
	}
	for range 2 {
		if _, err := tr.Epoch(x, nil); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// sampler: *rbm.Gibbs[float64], CD-1
	// epoch 1: 6 batches, 6 updates so far
	// epoch 2: 6 batches, 12 updates so far
}
