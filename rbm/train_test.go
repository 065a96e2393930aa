package rbm

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/optim"
)

func sgd[T Float](t testing.TB, lr float64) optim.Optimizer[T] {
	t.Helper()
	o, err := optim.NewSGD[T](optim.SGDConfig{Groups: optim.Groups(lr, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// patterns returns a small data set over 6 binary units: noisy copies of two
// prototypes.
func patterns(rng *rand.Rand, n int) []float64 {
	protos := [][]float64{{1, 1, 1, 0, 0, 0}, {0, 0, 1, 1, 1, 1}}
	x := make([]float64, 0, n*6)
	for i := 0; i < n; i++ {
		p := protos[i%2]
		for _, v := range p {
			if rng.Float64() < 0.05 {
				v = 1 - v
			}
			x = append(x, v)
		}
	}
	return x
}

func TestTrainingRaisesExactLikelihood(t *testing.T) {
	for _, persistent := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(5, 5))
		x := patterns(rng, 200)
		vis, _ := NewBinary[float64]("v", 6)
		hid, _ := NewBinary[float64]("h", 4)
		m, err := New[float64](vis, hid, rng)
		if err != nil {
			t.Fatal(err)
		}
		before := exactLogLikelihood(m, x)
		tr := mustTrainer(t, m, sgd[float64](t, 0.1), TrainConfig{K: 1, Persistent: persistent, BatchSize: 10, Seed: 3})
		for range 30 {
			if _, err := tr.Epoch(x, nil); err != nil {
				t.Fatal(err)
			}
		}
		after := exactLogLikelihood(m, x)
		// The two-prototype data has log-likelihood about 2·log(0.95^6·…) ≈ -2.6
		// at best; random models sit near 6·log(1/2) = -4.2.
		if !(after >= before+1) {
			t.Errorf("persistent=%v: exact log-likelihood %.3f before, %.3f after training", persistent, before, after)
		}
	}
}

func trainTwice(t *testing.T, seed uint64) ([]float32, []float32) {
	return trainOnCores(t, seed, runtime.GOMAXPROCS(0)), trainOnCores(t, seed, runtime.GOMAXPROCS(0))
}

// trainOnCores trains a small model for three epochs of PCD-3 with
// GOMAXPROCS set to procs and returns its parameters.
func trainOnCores(t *testing.T, seed uint64, procs int) []float32 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	run := func() []float32 {
		rng := rand.New(rand.NewPCG(seed, 0))
		x64 := patterns(rng, 40)
		x := make([]float32, len(x64))
		for i := range x {
			x[i] = float32(x64[i])
		}
		vis, _ := NewBinary[float32]("v", 6)
		hid, _ := NewBinary[float32]("h", 5)
		m, _ := New[float32](vis, hid, rng)
		tr := mustTrainer(t, m, sgd[float32](t, 0.05), TrainConfig{K: 3, Persistent: true, BatchSize: 8, Seed: seed})
		return trainEpochs(t, tr, m, x, 3)
	}
	return run()
}

// Chains, monitors and updates are spread over the cores in blocks that
// depend on GOMAXPROCS; the model must not.
func TestModelDoesNotDependOnCores(t *testing.T) {
	want := trainOnCores(t, 11, 1)
	for _, procs := range []int{2, 3, 8} {
		got := trainOnCores(t, 11, procs)
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("GOMAXPROCS=%d: parameter %d is %g, with one core %g", procs, i, got[i], want[i])
			}
		}
	}
}

func TestSameSeedSameModel(t *testing.T) {
	a, b := trainTwice(t, 9)
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("parameter %d differs between runs with the same seed: %g vs %g", i, a[i], b[i])
		}
	}
	c, _ := trainTwice(t, 10)
	same := true
	for i := range a {
		same = same && a[i] == c[i]
	}
	if same {
		t.Error("different seeds gave the same model")
	}
}

func TestTrainerRefusesBadInput(t *testing.T) {
	m := tinyBinary[float64](t, 6, 3, 1)
	for _, tc := range []struct {
		cfg  TrainConfig
		want string
	}{
		{TrainConfig{K: 0, BatchSize: 5}, "k must be at least 1"},
		{TrainConfig{K: 1, BatchSize: 0}, "batch size"},
	} {
		if _, err := NewTrainer(m, sgd[float64](t, 0.1), tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.cfg, err, tc.want)
		}
	}
	tr := mustTrainer(t, m, sgd[float64](t, 0.1), TrainConfig{K: 1, BatchSize: 5})
	for _, tc := range []struct {
		x    []float64
		want string
	}{
		{make([]float64, 7), "not rows of 6"},
		{make([]float64, 12), "fewer than one batch"},
		{append(make([]float64, 29), math.NaN()), "NaN at row 4, column 5"},
	} {
		_, err := tr.Epoch(tc.x, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrData) {
			t.Errorf("error %v, want ErrData with %q", err, tc.want)
		}
	}
	if _, err := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(math.NaN(), 1)}); err == nil {
		t.Error("NaN learning rate accepted")
	}
}

// A parameter that becomes NaN during training stops it with an error naming
// the parameter, and the model is put back to its last finite state.
func TestNaNDuringTrainingKeepsLastFiniteModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	x := patterns(rng, 20)
	m := tinyBinary[float64](t, 6, 3, 2)
	tr := mustTrainer(t, m, sgd[float64](t, 0.1), TrainConfig{K: 1, BatchSize: 5, Seed: 1})
	if _, err := tr.Epoch(x, nil); err != nil {
		t.Fatal(err)
	}
	good := append([]float64(nil), data[float64](m.W)...)
	data[float64](m.Hidden.Params()[0])[1] = math.NaN()
	_, err := tr.Epoch(x, nil)
	if err == nil || !strings.Contains(err.Error(), "epoch 2") || !strings.Contains(err.Error(), "is NaN") {
		t.Fatalf("error %v, want one naming epoch 2 and the parameter", err)
	}
	if !errors.Is(err, ErrStopped) {
		t.Errorf("error %v does not match ErrStopped", err)
	}
	if err := m.Validate(); err != nil {
		t.Fatalf("model left non-finite: %v", err)
	}
	for i, w := range data[float64](m.W) {
		if w != good[i] {
			t.Fatalf("W[%d] = %g, want the end-of-epoch-1 value %g", i, w, good[i])
		}
	}
}

func TestEvaluateDoesNotTrain(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	x := patterns(rng, 20)
	m := tinyBinary[float64](t, 6, 3, 4)
	before := append([]float64(nil), data[float64](m.W)...)
	tr := mustTrainer(t, m, sgd[float64](t, 0.1), TrainConfig{K: 1, BatchSize: 5, Seed: 1})
	st, err := tr.Evaluate(x)
	if err != nil {
		t.Fatal(err)
	}
	if math.IsNaN(st.PseudoLikelihood) || !(st.PseudoLikelihood <= 0) || st.Reconstruction <= 0 || st.Batches != 4 {
		t.Errorf("implausible monitors %+v", st)
	}
	for i, w := range data[float64](m.W) {
		if w != before[i] {
			t.Fatal("Evaluate changed the weights")
		}
	}
}

// A layer parameter pushed out of its domain during training stops the epoch
// with an error naming it, and never reaches the samplers.
func TestOutOfDomainDuringTraining(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	x := patterns(rng, 20)
	vis, _ := NewBinary[float64]("v", 6)
	hid, _ := NewReLU[float64]("h", 3)
	m, _ := New[float64](vis, hid, rng)
	// A huge learning rate drives the precisions negative at once.
	tr := mustTrainer(t, m, sgd[float64](t, 1e6), TrainConfig{K: 1, BatchSize: 5, Seed: 1})
	_, err := tr.Epoch(x, nil)
	if err == nil || !strings.Contains(err.Error(), "epoch 1, batch") {
		t.Fatalf("error %v, want one naming the epoch and batch", err)
	}
	if err := m.Validate(); err != nil {
		t.Errorf("model left invalid: %v", err)
	}
}

// A learning rate far too large drives the monitors up by orders of
// magnitude (or to NaN) while the parameters may stay finite: training stops
// and keeps the last good parameters.
func TestDivergingTrainingStops(t *testing.T) {
	for _, lr := range []float64{1e6, 1e38} {
		rng := rand.New(rand.NewPCG(2, 3))
		x := make([]float64, 0, 400*20)
		for range 400 {
			for i := 0; i < 20; i++ {
				v := 0.0
				if rng.Float64() < 0.3 {
					v = 1
				}
				x = append(x, v)
			}
		}
		m := tinyBinary[float64](t, 20, 30, 4)
		good := append([]float64(nil), data[float64](m.W)...)
		tr := mustTrainer(t, m, sgd[float64](t, lr), TrainConfig{K: 1, BatchSize: 10, Seed: 1})
		if _, err := tr.Evaluate(x); err != nil {
			t.Fatal(err)
		}
		_, err := tr.Epoch(x, nil)
		if !errors.Is(err, ErrStopped) {
			t.Fatalf("lr %g: error %v, want ErrStopped", lr, err)
		}
		for i, w := range data[float64](m.W) {
			if w != good[i] {
				t.Fatalf("lr %g: W[%d] = %g, want the value before the epoch %g", lr, i, w, good[i])
			}
		}
	}
}

// An evaluator gives the same monitors for the same model, rows and round,
// and leaves training alone.
func TestEvaluator(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	x := patterns(rng, 40)
	m := tinyBinary[float64](t, 6, 4, 3)
	e, err := NewEvaluator(m, 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.Evaluate(x, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := e.Evaluate(x, 1)
	if a.PseudoLikelihood != b.PseudoLikelihood || a.Reconstruction != b.Reconstruction || a.Batches != 4 {
		t.Errorf("round 1 twice: %+v and %+v", a, b)
	}
	if math.IsNaN(a.PseudoLikelihood) || !(a.Reconstruction > 0) {
		t.Errorf("monitors %+v", a)
	}
	if _, err := e.Evaluate(x[:7], 1); !errors.Is(err, ErrData) {
		t.Errorf("a partial row: error %v", err)
	}
	if _, err := NewEvaluator(m, 0, 1); err == nil {
		t.Error("batch 0 accepted")
	}
}
