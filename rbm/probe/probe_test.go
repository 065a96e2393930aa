package probe_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/probe"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// threeClasses returns n rows of two features around three centres, with
// margins wide enough for a linear classifier to separate them.
func threeClasses(rng *rand.Rand, n int) ([]float64, []uint8) {
	centres := [][2]float64{{0, 3}, {3, -2}, {-3, -2}}
	x, y := make([]float64, 0, 2*n), make([]uint8, n)
	for i := range n {
		k := rng.IntN(3)
		y[i] = uint8(k)
		x = append(x, centres[k][0]+0.5*rng.NormFloat64(), centres[k][1]+0.5*rng.NormFloat64())
	}
	return x, y
}

func TestSeparableClasses(t *testing.T) {
	for _, opt := range []string{"sgd", "adam"} {
		t.Run(opt, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			x, y := threeClasses(rng, 600)
			tx, ty := threeClasses(rng, 300)
			var costs []float64
			c, err := probe.Train(x, y, 2, 3, probe.Config{Epochs: 5, Batch: 20, Optimizer: opt, LearningRate: 0.1, Momentum: 0.5, Seed: 3,
				Progress: func(_ int, cost float64) { costs = append(costs, cost) }})
			if err != nil {
				t.Fatal(err)
			}
			acc, err := c.Accuracy(tx, ty)
			if err != nil || !(acc >= 0.99) {
				t.Errorf("test accuracy %v (%v), want ≥ 0.99", acc, err)
			}
			if len(costs) != 5 || !(costs[4] < costs[0]) || !(costs[4] < 0.1) {
				t.Errorf("mean costs of the epochs %v", costs)
			}
		})
	}
}

// The gradient gorgonia derives for the cost is the textbook one:
// ∂/∂W = xᵀ(softmax(z) - y)/batch + λW, ∂/∂b = mean(softmax(z) - y).
func TestCostGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	const batch, dim, k, decay = 4, 3, 3, 0.3
	w := rbm.NewParam[float64]("W", graph.Weights, dim, k)
	bias := rbm.NewParam[float64]("b", graph.Biases, k)
	wd, bd := w.Value.Data().([]float64), bias.Value.Data().([]float64)
	for i := range wd {
		wd[i] = rng.NormFloat64()
	}
	for i := range bd {
		bd[i] = rng.NormFloat64()
	}
	x, y := make([]float64, batch*dim), make([]float64, batch*k)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for r := range batch {
		y[r*k+r%k] = 1
	}
	b, _ := graph.NewBuilder(tensor.Float64)
	xn, yn := b.Input("x", batch, dim), b.Input("y", batch, k)
	cost, err := probe.Cost(b, w, bias, xn, yn, decay)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := G.Grad(cost, b.Param(w), b.Param(bias))
	if err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(b.Graph)
	G.Let(xn, tensor.New(tensor.WithShape(batch, dim), tensor.WithBacking(x)))
	G.Let(yn, tensor.New(tensor.WithShape(batch, k), tensor.WithBacking(y)))
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	gw, gb := grads[0].Value().Data().([]float64), grads[1].Value().Data().([]float64)
	wantW, wantB := make([]float64, dim*k), make([]float64, k)
	var wantCost float64
	for r := range batch {
		z := make([]float64, k)
		for j := range k {
			z[j] = bd[j]
			for i := range dim {
				z[j] += x[r*dim+i] * wd[i*k+j]
			}
		}
		lse := math.Log(math.Exp(z[0]) + math.Exp(z[1]) + math.Exp(z[2]))
		wantCost += (lse - z[r%k]) / batch
		for j := range k {
			d := (math.Exp(z[j]-lse) - y[r*k+j]) / batch
			wantB[j] += d
			for i := range dim {
				wantW[i*k+j] += x[r*dim+i] * d
			}
		}
	}
	for i := range wantW {
		wantW[i] += decay * wd[i]
		wantCost += decay / 2 * wd[i] * wd[i]
	}
	if got := cost.Value().Data().(float64); math.Abs(got-wantCost) > 1e-12 {
		t.Errorf("cost %v, want %v", got, wantCost)
	}
	for i := range wantW {
		if math.Abs(gw[i]-wantW[i]) > 1e-12 {
			t.Errorf("∂/∂W[%d] = %v, want %v", i, gw[i], wantW[i])
		}
	}
	for j := range wantB {
		if math.Abs(gb[j]-wantB[j]) > 1e-12 {
			t.Errorf("∂/∂b[%d] = %v, want %v", j, gb[j], wantB[j])
		}
	}
}

func TestRefusals(t *testing.T) {
	x, y := []float64{0, 1, 1, 0}, []uint8{0, 1}
	good := probe.Config{Epochs: 1, Batch: 1, Optimizer: "sgd", LearningRate: 0.1}
	for _, c := range []struct {
		x    []float64
		y    []uint8
		k    int
		cfg  func(probe.Config) probe.Config
		want string
	}{
		{x, []uint8{0, 2}, 2, nil, "label 2 of row 1 is not a class of [0, 2)"},
		{x, []uint8{0}, 2, nil, "2 rows but 1 labels"},
		{[]float64{0, 1, 1}, y, 2, nil, "not whole rows"},
		{nil, nil, 2, nil, "not whole rows"},
		{[]float64{0, math.NaN(), 1, 0}, y, 2, nil, "feature 1 of row 0 is NaN"},
		{[]float64{0, 1, math.Inf(-1), 0}, y, 2, nil, "feature 0 of row 1 is -Inf"},
		{x, y, 1, nil, "1 classes"},
		{x, y, 300, nil, "300 classes"},
		{x, y, 2, func(c probe.Config) probe.Config { c.Epochs = 0; return c }, "at least one epoch"},
		{x, y, 2, func(c probe.Config) probe.Config { c.Batch = 3; return c }, "a batch of 3 rows from 2 rows"},
		{x, y, 2, func(c probe.Config) probe.Config { c.LearningRate = math.NaN(); return c }, "learning rate"},
		{x, y, 2, func(c probe.Config) probe.Config { c.WeightDecay = -1; return c }, "weight decay"},
		{x, y, 2, func(c probe.Config) probe.Config { c.Optimizer = "lbfgs"; return c }, "optimizer \"lbfgs\""},
		{x, y, 2, func(c probe.Config) probe.Config { c.Momentum = 1; return c }, "momentum"},
	} {
		cfg := good
		if c.cfg != nil {
			cfg = c.cfg(cfg)
		}
		if _, err := probe.Train(c.x, c.y, 2, c.k, cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v %d classes: %v, want %q", c.x, c.y, c.k, err, c.want)
		}
	}
	// A learning rate that overflows the weights is stopped, not reported as accuracy.
	if _, err := probe.Train([]float64{1e30, -1e30, -1e30, 1e30}, y, 2, 2, probe.Config{Epochs: 50, Batch: 2, Optimizer: "sgd", LearningRate: 1e300}); err == nil {
		t.Error("training that overflows succeeded")
	}
}

// Train a probe on two features that separate three classes.
func ExampleTrain() {
	x := []float64{0, 3, 3, -2, -3, -2, 0.2, 2.8, 2.9, -2.2, -3.1, -1.9}
	y := []uint8{0, 1, 2, 0, 1, 2}
	c, err := probe.Train(x, y, 2, 3, probe.Config{Epochs: 50, Batch: 3, Optimizer: "adam", LearningRate: 0.1, Seed: 1})
	if err != nil {
		panic(err)
	}
	pred, _ := c.Predict([]float64{0, 4, 4, -3, -4, -3})
	fmt.Println(pred)
	// Output: [0 1 2]
}
