package rbm_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
)

// The training algorithms beyond PCD, together: visible fields from the
// data's means, centring, parallel tempering on a ladder of three
// inverse temperatures, and the L2L1 and sparsity penalties. The swap rates
// are counted per pair of neighbouring replicas until ResetSwapRates.
//
// Like every example, it builds its data and model in place, so that it
// reads on its own.
func ExampleTempering() {
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
	opt, _ := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(0.05, 1)})
	cfg := rbm.TrainConfig{K: 1, Persistent: true, BatchSize: 10, Seed: 1}
	tr, _ := rbm.NewTrainer(m, opt, cfg)

	if err := tr.InitVisibleFields(x, rbm.DefaultFieldClip); err != nil {
		fmt.Println(err)
		return
	}
	if err := tr.Center(rbm.CenterConfig{Rate: 0.05}); err != nil {
		fmt.Println(err)
		return
	}
	ladder, _ := rbm.Ladder(3, 0.5)
	pt, err := rbm.NewTempering(m, cfg, ladder)
	if err != nil {
		fmt.Println(err)
		return
	}
	tr.Sampler = pt
	tr.Transforms = []rbm.GradientTransform[float64]{
		rbm.L2L1[float64]{Strength: 1e-3, Groups: []string{"weights"}},
		&rbm.Sparsity[float64]{Target: 0.2, Cost: 0.1, Decay: 0.9},
	}
	for range 2 {
		if _, err := tr.Epoch(x, nil); err != nil {
			fmt.Println(err)
			return
		}
	}
	rates := pt.SwapRates()
	mu, lambda := tr.Offsets()
	fmt.Println("ladder:", ladder)
	fmt.Println("swap rates of", len(rates), "pairs, each in [0, 1]:", rates[0] >= 0 && rates[0] <= 1 && rates[1] >= 0 && rates[1] <= 1)
	fmt.Println("offsets:", len(mu), "visible,", len(lambda), "hidden")
	// Output:
	// ladder: [1 0.75 0.5]
	// swap rates of 2 pairs, each in [0, 1]: true
	// offsets: 8 visible, 3 hidden
}
