package cli

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/features"
)

// A small MNIST model, the features of its training digits, a second model
// trained on them, and samples of the stack and of the second model alone.
func TestTransformStackSample(t *testing.T) {
	dir := t.TempDir()
	m1, m2 := filepath.Join(dir, "m1"), filepath.Join(dir, "m2")
	train := []string{"train", "--train-size", "100", "--hidden", "12", "--k", "1", "--batch", "20", "--epochs", "1",
		"--binarize", "stochastic", "--filters-every", "0", "--sample-rows", "0", "-q", "--out", m1}
	if _, err := stdoutOf(func() error { return run(train) }); err != nil {
		t.Fatal(err)
	}
	model1 := filepath.Join(m1, "model.npz")
	feats := filepath.Join(dir, "f.npy")
	if _, err := stdoutOf(func() error {
		return run([]string{"transform", "--model", model1, "--split", "train", "--out", feats, "--batch", "7", "-q"})
	}); err != nil {
		t.Fatal(err)
	}
	// The features are the hidden means of the run's own training digits.
	m, extra, err := rbm.Load[float32](model1)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := features.ModelData(m, extra, "", features.Train)
	if err != nil {
		t.Fatal(err)
	}
	want, err := features.Of(m, parts[0].Rows, features.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := data.ReadFile[float32](feats)
	if err != nil || got.N != 100 || got.Dim != 12 {
		t.Fatalf("%v, %+v", err, got)
	}
	for i, v := range want {
		if got.Rows[i] != v || math.IsNaN(float64(v)) {
			t.Fatalf("feature %d = %v, want %v", i, got.Rows[i], v)
		}
	}
	train2 := []string{"train", "--on-features-of", model1, "--hidden", "5", "--k", "1", "--batch", "20", "--epochs", "1",
		"--filters-every", "0", "--sample-rows", "0", "-q", "--out", m2}
	if _, err := stdoutOf(func() error { return run(train2) }); err != nil {
		t.Fatal(err)
	}
	model2 := filepath.Join(m2, "model.npz")
	for _, args := range [][]string{
		{"--model", model2, "--out", filepath.Join(dir, "s.png")},
		{"--stack", model1 + "," + model2, "--out", filepath.Join(dir, "s.npy"), "--draw-lower"},
		{"--model", model2, "--out", filepath.Join(dir, "top.npy"), "--stack", model2, "--init", feats},
	} {
		a := append([]string{"sample", "--sample-rows", "2", "--sample-steps", "3", "--sample-chains", "4", "-q"}, args...)
		if _, err := stdoutOf(func() error { return run(a) }); err != nil {
			t.Fatalf("%v: %v", a, err)
		}
	}
	s, err := data.ReadFile[float32](filepath.Join(dir, "s.npy"))
	if err != nil || s.N != 4 || s.Height != 2 || s.Width != 784 {
		t.Fatalf("samples: %v %+v", err, s)
	}
	// A changed lower model is refused when the stack is read.
	if _, err := stdoutOf(func() error { return run(append(train, "--overwrite", "--seed", "2")) }); err != nil {
		t.Fatal(err)
	}
	err = run([]string{"sample", "--model", model2, "--out", filepath.Join(dir, "x.png"), "-q"})
	if err == nil || !strings.Contains(err.Error(), "lower model changed") {
		t.Fatalf("a changed lower model: %v", err)
	}
}

func TestTransformRefusals(t *testing.T) {
	dir := t.TempDir()
	model := saveModel(t, dir, "m.npz", binaryModel[float64](t, 3, 2, 0, rand.New(rand.NewPCG(1, 1))), nil)
	write := func(name, body string) string { return writeFile(t, dir, name, body) }
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", write("cols.csv", "0,1\n1,0\n")}, "rows of 2 values, the model has 3 visible units"},
		{[]string{"--data", write("range.csv", "0,1,0\n1,7,0\n")}, "row 2, column 2 is 7, outside [0, 1]"},
		{[]string{"--data", write("nan.csv", "0,1,0\nnan,1,0\n")}, "not a finite number"},
		{[]string{"--split", "half"}, "--split must be train, test or all"},
		{[]string{"--batch", "0"}, "--batch must be in"},
		{[]string{"--data", write("ok.csv", "0,1,0\n"), "--out", filepath.Join(dir, "f.txt")}, "want a .npy, .npz or .csv file"},
		{[]string{}, "MNIST digits have 784"},
	} {
		args := append([]string{"transform", "--model", model, "-q", "--out", filepath.Join(dir, "f.npy")}, c.args...)
		err := run(args)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error %v, want one line with %q", c.args, err, c.want)
		}
	}
}
