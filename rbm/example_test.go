package rbm_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
)

// twoPrototypes returns n noisy copies of two patterns over six binary units.
func twoPrototypes(rng *rand.Rand, n int) []float32 {
	protos := [][]float32{{1, 1, 1, 0, 0, 0}, {0, 0, 1, 1, 1, 1}}
	var x []float32
	for i := range n {
		for _, v := range protos[i%2] {
			if rng.Float64() < 0.05 {
				v = 1 - v
			}
			x = append(x, v)
		}
	}
	return x
}

// Train a binary RBM by PCD-1 with SGD: every epoch returns its monitors.
func ExampleTrainer() {
	rng := rand.New(rand.NewPCG(1, 2))
	x := twoPrototypes(rng, 200)
	vis, _ := rbm.NewBinary[float32]("v", 6)
	hid, _ := rbm.NewBinary[float32]("h", 4)
	m, err := rbm.New(vis, hid, rng)
	if err != nil {
		panic(err)
	}
	opt, err := optim.NewSGD[float32](optim.SGDConfig{Groups: optim.Groups(0.1, 1)})
	if err != nil {
		panic(err)
	}
	tr, err := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, Persistent: true, BatchSize: 10, Seed: 1})
	if err != nil {
		panic(err)
	}
	before, _ := tr.Evaluate(x)
	var st rbm.EpochStats
	for range 20 {
		if st, err = tr.Epoch(x, nil); err != nil {
			panic(err)
		}
	}
	fmt.Printf("%d batches an epoch; reconstruction improved: %v\n", st.Batches, st.Reconstruction < before.Reconstruction)
	// Output: 20 batches an epoch; reconstruction improved: true
}

// Save a model as an .npz file (numpy.load reads it) and load it back, in
// either float type.
func ExampleSave() {
	vis, _ := rbm.NewBinary[float32]("v", 784)
	hid, _ := rbm.NewLayer[float32]("drelu", "h", 10, 10)
	m, err := rbm.New(vis, hid, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		panic(err)
	}
	dir, _ := os.MkdirTemp("", "model")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.npz")
	if err := rbm.Save(path, m, map[string]any{"note": "untrained"}); err != nil {
		panic(err)
	}
	loaded, extra, err := rbm.Load[float64](path)
	if err != nil {
		panic(err)
	}
	fmt.Println(loaded.Visible.Kind(), loaded.Visible.Len(), loaded.Hidden.Kind(), loaded.Hidden.Shape(), extra["note"])
	fmt.Println(float32(loaded.Weights()[123]) == m.Weights()[123])
	// Output:
	// binary 784 drelu [10 10] untrained
	// true
}

// Check the autodiff gradient of a model with continuous hidden units against
// finite differences and the closed-form moments.
func ExampleGradCheck() {
	rng := rand.New(rand.NewPCG(3, 3))
	vis, _ := rbm.NewLayer[float64]("spin", "v", 5)
	hid, _ := rbm.NewLayer[float64]("relu", "h", 3)
	m, err := rbm.New(vis, hid, rng)
	if err != nil {
		panic(err)
	}
	c, err := rbm.NewChains(m, 4, 1, 0)
	if err != nil {
		panic(err)
	}
	c.SampleVGivenH()
	data := append([]float64(nil), c.V...)
	c.GibbsHVH(3)
	results, err := rbm.GradCheck(m, data, c.V, 1e-5)
	if err != nil {
		panic(err)
	}
	for _, r := range results {
		fmt.Printf("%-10s finite differences agree: %v, moments agree: %v\n", r.Name, r.MaxRelFD < 1e-6, r.HasMoments && r.MaxRelMoments < 1e-10)
	}
	// Output:
	// vfield     finite differences agree: true, moments agree: true
	// W          finite differences agree: true, moments agree: true
	// hfield     finite differences agree: true, moments agree: true
	// hprecision finite differences agree: true, moments agree: true
}

// Average two runs that set out from one model with different seeds (a
// "model soup"). Their hidden units line up, so their mean is a model too;
// a model drawn apart does not line up.
func ExampleModelMean() {
	x := twoPrototypes(rand.New(rand.NewPCG(1, 2)), 200)
	start := func(seed uint64) *rbm.RBM[float32] {
		vis, _ := rbm.NewBinary[float32]("v", 6)
		hid, _ := rbm.NewBinary[float32]("h", 4)
		m, err := rbm.New(vis, hid, rand.New(rand.NewPCG(seed, 0)))
		if err != nil {
			panic(err)
		}
		return m
	}
	var runs []*rbm.RBM[float32]
	for seed := range uint64(2) {
		m := start(1) // the same start for both runs
		opt, _ := optim.NewSGD[float32](optim.SGDConfig{Groups: optim.Groups(0.05, 1)})
		tr, err := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, Persistent: true, BatchSize: 10, Seed: seed})
		if err != nil {
			panic(err)
		}
		for range 5 {
			if _, err := tr.Epoch(x, nil); err != nil {
				panic(err)
			}
		}
		runs = append(runs, m)
	}
	together, _ := rbm.UnitAlignment(runs[0], runs[1])
	apart, _ := rbm.UnitAlignment(runs[0], start(2))
	fmt.Printf("units line up: %v; with a model drawn apart: %v\n", together > 0.9, apart > 0.9)
	var mean rbm.ModelMean[float32]
	for _, m := range runs {
		if err := mean.Add(m); err != nil {
			panic(err)
		}
	}
	soup := start(3)
	if err := mean.Into(soup); err != nil {
		panic(err)
	}
	fmt.Println(soup.Weights()[0] == (runs[0].Weights()[0]+runs[1].Weights()[0])/2)
	// Output:
	// units line up: true; with a model drawn apart: false
	// true
}
