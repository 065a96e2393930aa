package rbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/optim"

	_ "go4.org/unsafe/assume-no-moving-gc"
)

// kindModel returns New(vis, hid, rng) for layers of the given kinds and
// shapes, named "v" and "h", failing t on an error.
// (rbmtest.NewModel's steps: package rbm's own tests cannot import rbmtest,
// which imports rbm.)
func kindModel[T Float](t testing.TB, vkind string, vshape []int, hkind string, hshape []int, rng *rand.Rand) *RBM[T] {
	t.Helper()
	vis, err := NewLayer[T](vkind, "v", vshape...)
	if err != nil {
		t.Fatal(err)
	}
	hid, err := NewLayer[T](hkind, "h", hshape...)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// visibleProbs returns the probabilities under m of the visible states x,
// one a row, normalised over those rows.
func visibleProbs(m *RBM[float64], x []float64) []float64 {
	f := m.FreeEnergy(x)
	var z float64
	for _, v := range f {
		z += math.Exp(-v)
	}
	p := make([]float64, len(f))
	for i, v := range f {
		p[i] = math.Exp(-v) / z
	}
	return p
}

// tinyBinary returns a binary-binary model with random weights and biases.
func tinyBinary[T Float](t testing.TB, nv, nh int, seed uint64) *RBM[T] {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	m := kindModel[T](t, "binary", []int{nv}, "binary", []int{nh}, rng)
	for _, p := range m.Params() {
		d := data[T](p)
		for i := range d {
			d[i] = T(rng.NormFloat64())
		}
	}
	return m
}

// randomBinary returns rows×n random {0,1} values.
func randomBinary[T Float](rng *rand.Rand, rows, n int) []T {
	return sparseBinary[T](rng, rows, n, 0.5)
}

// sparseBinary returns rows×n {0,1} values, each 1 with probability p.
func sparseBinary[T Float](rng *rand.Rand, rows, n int, p float64) []T {
	x := make([]T, rows*n)
	for i := range x {
		if rng.Float64() < p {
			x[i] = 1
		}
	}
	return x
}

// paramValues returns m's parameters one after the other, in Params order.
func paramValues[T Float](m *RBM[T]) []T {
	var all []T
	for _, p := range m.Params() {
		all = append(all, data[T](p)...)
	}
	return all
}

// allStates enumerates every binary vector of length n, one per row.
func allStates[T Float](n int) []T {
	x := make([]T, (1<<n)*n)
	for s := 0; s < 1<<n; s++ {
		for i := 0; i < n; i++ {
			if s>>i&1 == 1 {
				x[s*n+i] = 1
			}
		}
	}
	return x
}

// exactLogLikelihood returns the mean log-probability of the rows of v under a
// binary-visible model, with the partition function by enumeration.
func exactLogLikelihood[T Float](m *RBM[T], v []T) float64 {
	all := allStates[T](m.Visible.Len())
	f := m.FreeEnergy(all)
	neg := make([]float64, len(f))
	for i := range f {
		neg[i] = -f[i]
	}
	logZ := special.LogSumExp(neg)
	var ll float64
	fd := m.FreeEnergy(v)
	for _, x := range fd {
		ll += -x - logZ
	}
	return ll / float64(len(fd))
}

// trainEpochs runs epochs of tr, the trainer of m, over x and returns m's
// parameters one after the other.
func trainEpochs[T Float](t *testing.T, tr *Trainer[T], m *RBM[T], x []T, epochs int) []T {
	t.Helper()
	for range epochs {
		if _, err := tr.Epoch(x, nil); err != nil {
			t.Fatal(err)
		}
	}
	return paramValues(m)
}

// mustTrainer returns NewTrainer(m, opt, cfg), failing the test on an
// error: for a configuration the test expects to be accepted.
func mustTrainer[T Float](t testing.TB, m *RBM[T], opt optim.Optimizer[T], cfg TrainConfig) *Trainer[T] {
	t.Helper()
	tr, err := NewTrainer(m, opt, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// sgdOrAdam returns Adam on adamGroups, or SGD with momentum 0.5 on
// sgdGroups, failing the test on an error.
func sgdOrAdam[T Float](t testing.TB, adam bool, adamGroups, sgdGroups []optim.Group) optim.Optimizer[T] {
	t.Helper()
	var opt optim.Optimizer[T]
	var err error
	if adam {
		opt, err = optim.NewAdam[T](optim.AdamConfig{Groups: adamGroups})
	} else {
		opt, err = optim.NewSGD[T](optim.SGDConfig{Groups: sgdGroups, Momentum: 0.5})
	}
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// weightDecay returns the gradient transform of the golden and resume
// tests: an L2 decay of 1e-4 on the weights.
func weightDecay[T Float]() GradientTransform[T] {
	return WeightDecay[T]{Decay: 1e-4, Groups: []string{"weights"}}
}
