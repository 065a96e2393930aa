package cli

import (
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/npz"
)

func TestProbeRefusedFlags(t *testing.T) {
	checkRefusals(t, []string{"probe"}, []refusal{
		{[]string{"--epochs", "0"}, "--epochs must be in"},
		{[]string{"--batch", "0"}, "--batch must be in"},
		{[]string{"--train-size", "-1"}, "--train-size must not be negative"},
		{[]string{"--test-size", "-1"}, "--test-size must not be negative"},
		{[]string{"--label-column", "-2"}, "--label-column must be at least -1"},
		{[]string{"--optimizer", "lbfgs"}, "--optimizer must be sgd or adam"},
		{[]string{"--lr", "NaN"}, "--lr must be positive"},
		{[]string{"--lr", "0"}, "--lr must be positive"},
		{[]string{"--momentum", "1"}, "--momentum must be in [0,1)"},
		{[]string{"--weight-decay", "-1"}, "--weight-decay must be finite"},
		{[]string{"--validation", "1"}, "--validation must be a fraction in [0,1)"},
		{[]string{"--validation", "NaN"}, "--validation must be a fraction in [0,1)"},
		{[]string{"--dtype", "int8"}, "--dtype must be"},
		{[]string{"--model", "/nonexistent.npz"}, "no such file"},
		{[]string{"stray"}, "unexpected arguments"},
	})
}

// accuracies reads the test accuracies "rbm probe" prints.
func accuracies(t *testing.T, out string) []float64 {
	t.Helper()
	var acc []float64
	for _, m := range regexp.MustCompile(`test accuracy ([0-9.]+)%`).FindAllStringSubmatch(out, -1) {
		a, err := strconv.ParseFloat(m[1], 64)
		if err != nil || !(a >= 0 && a <= 100) {
			t.Fatalf("accuracy %q in %q", m[1], out)
		}
		acc = append(acc, a)
	}
	return acc
}

// A probe of MNIST subsets runs through the command and prints both
// accuracies.
func TestProbeMNIST(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	model := saveModel(t, dir, "model.npz", binaryModel[float32](t, 784, 20, 0.1, rng), map[string]any{"binarize": "threshold", "seed": 1})
	out, err := stdoutOf(func() error {
		return run([]string{"probe", "--model", model, "--train-size", "500", "--test-size", "200", "--epochs", "3", "--batch", "50", "--lr", "0.01", "--validation", "0.2", "-q"})
	})
	if err != nil {
		t.Fatal(err)
	}
	acc := accuracies(t, out)
	if !regexp.MustCompile(`400 training, 100 held-out and 200 test rows`).MatchString(out) || !regexp.MustCompile(`held-out [0-9.]+%`).MatchString(out) {
		t.Errorf("printed %q", out)
	}
	// Ten classes: chance is 10%; raw pixels of 500 digits reach about 80%.
	if len(acc) != 2 || !(acc[0] > 20) || !(acc[1] > 60) {
		t.Errorf("accuracies %v from %q", acc, out)
	}
	checkRefusals(t, []string{"probe", "--model", model}, []refusal{
		{[]string{"--train-size", "50", "--batch", "60"}, "--batch 60 exceeds the 50 training rows"},
		{[]string{"--train-size", "70000"}, "--train-size 70000 exceeds"},
		{[]string{"--train-size", "500", "--max-memory", "100KiB"}, "--max-memory"},
	})
}

// Three classes a model (Gaussian visible units) with known weights maps to separable features;
// refusals of labelled files that do not fit.
func TestProbeLabelledFiles(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	vis, _ := rbm.NewGaussian[float64]("v", 2) // the rows are real numbers
	hid, _ := rbm.NewBinary[float64]("h", 4)
	m, err := rbm.New[float64](vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	copy(m.Weights(), []float64{2, 0, -2, 0, 0, 2, 0, -2})
	model := saveModel(t, dir, "model.npz", m, nil)
	centres := [][2]float64{{3, 3}, {-3, 3}, {0, -3}}
	labelled := func(name string, n int) string {
		x, y := make([]float64, 0, 2*n), make([]int64, n)
		for i := range n {
			k := i % 3
			y[i] = int64(k)
			x = append(x, centres[k][0]+0.7*rng.NormFloat64(), centres[k][1]+0.7*rng.NormFloat64())
		}
		p := filepath.Join(dir, name)
		if err := npz.WriteFile(p, []npz.Array{{Name: "x", Shape: []int{n, 2}, Data: x}, {Name: "y", Shape: []int{n}, Data: y}}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	train, test := labelled("train.npz", 300), labelled("test.npz", 150)
	common := []string{"probe", "--model", model, "--dtype", "float64", "--epochs", "20", "--batch", "10", "--lr", "0.05", "-q"}
	out, err := stdoutOf(func() error { return run(append(common, "--data", train, "--test-data", test)) })
	if err != nil {
		t.Fatal(err)
	}
	if acc := accuracies(t, out); len(acc) != 2 || !(acc[0] >= 97) || !(acc[1] >= 97) {
		t.Errorf("accuracies %v from %q, want ≥ 97%%", acc, out)
	}
	write := func(name, text string) string { return writeFile(t, dir, name, text) }
	csvTrain := write("train.csv", "1,0,0\n0,1,1\n1,1,0\n0,0,1\n")
	checkRefusals(t, common, []refusal{
		{[]string{"--data", train}, "give --test-data too"},
		{[]string{"--data", csvTrain, "--test-data", write("unseen.csv", "1,0,2\n"), "--batch", "2"}, "label 2 of test or held-out row 0 is not a class of the training rows (0 to 1)"},
		{[]string{"--data", csvTrain, "--test-data", write("wide.csv", "1,0,1,0\n")}, "rows of 3 values (besides the label), the model has 2 visible units"},
		{[]string{"--data", csvTrain, "--test-data", write("frac.csv", "1,0,0.5\n")}, "label 0.5 is not a whole number"},
		{[]string{"--data", csvTrain, "--test-data", write("nan.csv", "NaN,0,1\n")}, "nan.csv"},
		{[]string{"--data", csvTrain, "--test-data", csvTrain, "--label-column", "3"}, "label column 3"},
		{[]string{"--data", csvTrain, "--test-data", csvTrain, "--batch", "5"}, "--batch 5 exceeds the 4 training rows"},
		{[]string{"--data", csvTrain, "--test-data", csvTrain, "--batch", "1", "--validation", "0.01"}, "--validation: data: a fraction 0.01 of 4 rows leaves a part empty"},
		{[]string{"--data", write("one.csv", "1,0,0\n0,1,0\n"), "--test-data", write("zero.csv", "1,1,0\n"), "--batch", "1"}, "1 classes"},
	})
	// A model of other visible units is refused from MNIST.
	checkRefusals(t, []string{"probe", "--model", model}, []refusal{{nil, "the model has 2 visible units, MNIST digits have 784"}})
}
