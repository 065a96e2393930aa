package cli

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
)

func TestCompleteRefusedFlags(t *testing.T) {
	checkRefusals(t, []string{"complete"}, []refusal{
		{nil, "give one of --mask FILE and --keep-top N"},
		{[]string{"--keep-top", "14", "--mask", "m.csv"}, "give one of --mask FILE and --keep-top N"},
		{[]string{"--keep-top", "-1"}, "--keep-top must not be negative"},
		{[]string{"--keep-top", "29"}, "--keep-top 29: the pictures have 28 rows"},
		{[]string{"--keep-top", "3", "--shape", "2x2"}, "--keep-top 3: the pictures have 2 rows"},
		{[]string{"--keep-top", "14", "--shape", "28"}, "--shape \"28\": want HxW"},
		{[]string{"--keep-top", "14", "--steps", "1"}, "--steps must be in"},
		{[]string{"--keep-top", "14", "--chains", "0"}, "--chains must be in"},
		{[]string{"--keep-top", "14", "--test-size", "-1"}, "--test-size must not be negative"},
		{[]string{"--keep-top", "14", "--binarize", "maybe"}, "--binarize must be"},
		{[]string{"--keep-top", "14", "--binarize-seed", "-2"}, "--binarize-seed must not be negative"},
		{[]string{"--keep-top", "14", "--model", "/nonexistent.npz"}, "no such file"},
		{[]string{"--keep-top", "14", "stray"}, "unexpected arguments"},
		{[]string{"--keep-top", "14", "--out", os.TempDir()}, "is a folder; give a file name"},
		{[]string{"--keep-top", "14", "--picture", os.TempDir()}, "is a folder; give a file name"},
	})
}

// crossEntropies reads the two cross-entropies "rbm complete" prints.
func crossEntropies(t *testing.T, out string) (model, base float64) {
	t.Helper()
	got := regexp.MustCompile(`cross-entropy of the (completion|baseline)[^:]*: ([0-9.]+) nats`).FindAllStringSubmatch(out, -1)
	if len(got) != 2 {
		t.Fatalf("printed %q, want two cross-entropies", out)
	}
	model, _ = strconv.ParseFloat(got[0][2], 64)
	base, _ = strconv.ParseFloat(got[1][2], 64)
	if !(model > 0 && base > 0) || math.IsInf(model, 0) || math.IsInf(base, 0) {
		t.Fatalf("cross-entropies %v and %v", model, base)
	}
	return model, base
}

// The bottom halves of a few MNIST test digits, binarised as the model's
// run did, completed by a small model: the top halves are kept, the rest
// are probabilities, and both cross-entropies are printed.
func TestCompleteMNIST(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	model := saveModel(t, dir, "model.npz", binaryModel[float32](t, 784, 8, 0, rng), map[string]any{"binarize": "threshold", "seed": 1, "train_size": 300})
	out, pic := filepath.Join(dir, "c.npy"), filepath.Join(dir, "c.png")
	printed, err := stdoutOf(func() error {
		return run([]string{"complete", "--model", model, "--keep-top", "14", "--test-size", "5", "--steps", "4", "--chains", "2",
			"--out", out, "--picture", pic, "--picture-rows", "3", "-q"})
	})
	if err != nil {
		t.Fatal(err)
	}
	crossEntropies(t, printed)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := npz.ReadNpy(f)
	if err != nil {
		t.Fatal(err)
	}
	x, ok := a.Data.([]float32)
	if !ok || len(a.Shape) != 2 || a.Shape[0] != 5 || a.Shape[1] != 784 {
		t.Fatalf("wrote %T of shape %v", a.Data, a.Shape)
	}
	for i, v := range x {
		top := i%784 < 14*28
		if (top && v != 0 && v != 1) || !(v >= 0 && v <= 1) {
			t.Fatalf("value %d (top half %v) is %v", i, top, v)
		}
	}
	if st, err := os.Stat(pic); err != nil || st.Size() == 0 {
		t.Errorf("picture: %v", err)
	}
}

// Rows of a file completed with a mask of a file; refusals of masks and rows
// that do not fit.
func TestCompleteFileAndMask(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	model := saveModel(t, dir, "model.npz", binaryModel[float64](t, 6, 3, 1, rng), map[string]any{"binarize": "threshold"})
	write := func(name, text string) string { return writeFile(t, dir, name, text) }
	rows := write("rows.csv", "1,0,1,0,1,0\n0,1,1,0,0,1\n1,1,1,0,0,0\n")
	mask := write("mask.csv", "1,1,1,0,0,0\n")
	perRow := write("rows_mask.csv", "1,1,1,0,0,0\n0,0,0,1,1,1\n1,0,1,0,1,0\n")
	common := []string{"complete", "--model", model, "--data", rows, "--dtype", "float64", "--steps", "10", "-q"}
	for _, mk := range []string{mask, perRow} {
		printed, err := stdoutOf(func() error { return run(append(common, "--mask", mk, "--base-data", rows)) })
		if err != nil {
			t.Fatal(err)
		}
		crossEntropies(t, printed)
	}
	checkRefusals(t, common, []refusal{
		{[]string{"--mask", write("two.csv", "1,1,1,0,0,2\n")}, "flags are 0 (hidden) or 1 (observed)"},
		{[]string{"--mask", write("five.csv", "1,1,1,0,0\n")}, "1 rows of 5 flags; want 1 or 3 rows of 6"},
		{[]string{"--mask", write("rows2.csv", "1,1,1,0,0,0\n1,1,1,0,0,0\n")}, "2 rows of 6 flags"},
		{[]string{"--mask", write("nan.csv", "1,1,1,0,0,NaN\n")}, "mask"},
		{[]string{"--mask", filepath.Join(dir, "none.csv")}, "no such file"},
		{[]string{"--keep-top", "1"}, "the model has 6 visible units, not the 784 of 28x28 pictures"},
		{[]string{"--keep-top", "1", "--shape", "2x3", "--data", write("wide.csv", "1,0,1,0,1,0,1\n")}, "rows of 7 values, the model has 6 visible units"},
		{[]string{"--mask", mask, "--picture", filepath.Join(dir, "p.png")}, "--picture: the rows have 6 values"},
	})
	// Rows that are not binary are completed but not measured.
	printed, err := stdoutOf(func() error {
		return run(append(common, "--mask", mask, "--binarize", "none", "--data", write("half.csv", "1,0,1,0,1,0.5\n")))
	})
	if err != nil || !regexp.MustCompile(`not measured, the rows are not binary`).MatchString(printed) {
		t.Errorf("printed %q (%v)", printed, err)
	}
	// Without the MNIST shape the model's rows are refused from MNIST.
	checkRefusals(t, []string{"complete", "--model", model, "--mask", mask}, []refusal{{nil, "MNIST digits have 784"}})
}
