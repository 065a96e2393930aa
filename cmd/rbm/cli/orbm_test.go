package cli

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
	"github.com/rbmgo/rbm/rbm/orbm"
	"github.com/spf13/pflag"
)

// orbmTestModels writes two binary models of nv visible units and one of
// nv+1, and returns their paths.
func orbmTestModels(t *testing.T, nv int) (a, b, other string) {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	var paths []string
	for k, n := range []int{nv, nv, nv + 1} {
		m := binaryModel[float64](t, n, 3, 0, rng)
		paths = append(paths, saveModel(t, dir, string(rune('a'+k))+".npz", m, map[string]any{"digits": "3"}))
	}
	return paths[0], paths[1], paths[2]
}

// Bad subcommands, flags and files give one-line errors naming the problem.
func TestORBMRefused(t *testing.T) {
	a, b, other := orbmTestModels(t, 6)
	bad := filepath.Join(t.TempDir(), "bad.npz")
	if err := os.WriteFile(bad, []byte("not a zip file"), 0o644); err != nil {
		t.Fatal(err)
	}
	checkRefusals(t, nil, []refusal{
		{[]string{"orbm"}, "no subcommand"},
		{[]string{"orbm", "fly"}, `unknown subcommand "fly"`},
		{[]string{"orbm", "separate"}, "give two models"},
		{[]string{"orbm", "separate", "--a", a, "--b", b, "--method", "d"}, `unknown method "d"`},
		{[]string{"orbm", "separate", "--a", a, "--b", b, "--compose", "xor"}, "--compose must be"},
		{[]string{"orbm", "separate", "--a", a, "--b", b, "--sweeps", "0"}, "--sweeps must be at least 1"},
		{[]string{"orbm", "separate", "--a", a, "--b", b, "--compose", "or", "--picture-compose", "sbn"}, "--picture-compose sbn needs"},
		{[]string{"orbm", "separate", "--a", a, "--b", "/nonexistent.npz"}, "no such file"},
		{[]string{"orbm", "separate", "--a", a, "--b", bad}, "bad.npz"},
		{[]string{"orbm", "separate", "--a", a, "--b", other}, "visible units"},
		{[]string{"orbm", "separate", "--models", "/x/model.npz"}, "no %d"},
		{[]string{"orbm", "separate", "--a", a, "--b", b, "--input", "/nonexistent.npy"}, "no such file"},
		{[]string{"orbm", "train", "--a", a, "--b", b, "--epochs", "0"}, "--epochs must be at least 1"},
		{[]string{"orbm", "train", "--a", a, "--b", other}, "visible units"},
		{[]string{"orbm", "train", "--batch", "0"}, "batch size must be at least 1"},
		{[]string{"orbm", "plot", "extra"}, "unexpected arguments"},
		{[]string{"orbm", "plot", "--weight", "0", "--out", t.TempDir()}, "|W| in [0.1, 1000], got 0"},
		{[]string{"orbm", "plot", "--weight", "NaN", "--out", t.TempDir()}, "got NaN"},
		{[]string{"orbm", "plot", "--weight", "1e-20", "--out", t.TempDir()}, "got 1e-20"},
		{[]string{"orbm", "plot", "--reach", "Inf", "--out", t.TempDir()}, "reach must be in"},
		{[]string{"orbm", "plot", "--reach", "1e308", "--out", t.TempDir()}, "reach must be in"},
		{[]string{"orbm", "plot", "--sigmoid-weight", "NaN", "--out", t.TempDir()}, "got NaN"},
		{[]string{"orbm", "plot", "--eps", "-Inf", "--out", t.TempDir()}, "ε must be in"},
		{[]string{"orbm", "xor", "--draws", "0"}, "at least one draw"},
		{[]string{"train", "--digits", "10", "--epochs", "1"}, `--digits: mnist: digits "10"`},
	})
}

func TestORBMHelp(t *testing.T) {
	for _, sub := range []string{"separate", "plot", "train", "xor"} {
		if err := run([]string{"orbm", sub, "--help"}); !errors.Is(err, pflag.ErrHelp) {
			t.Errorf("orbm %s --help: %v", sub, err)
		}
	}
}

func TestORBMSeparateFile(t *testing.T) {
	a, b, _ := orbmTestModels(t, 6)
	dir := t.TempDir()
	in := filepath.Join(dir, "pictures.npz")
	if err := npz.WriteFile(in, []npz.Array{{Name: "x", Shape: []int{2, 6}, Data: []float64{1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1}}}); err != nil {
		t.Fatal(err)
	}
	out, err := stdoutOf(func() error {
		return run([]string{"orbm", "separate", "--a", a, "--b", b, "--input", in, "--sweeps", "4", "--out", dir})
	})
	if err != nil || !strings.Contains(out, "2 pictures separated") {
		t.Fatalf("separate: %v, printed %q", err, out)
	}
	arrays, err := npz.ReadFile(filepath.Join(dir, "separated.npz"))
	if err != nil || len(arrays) != 4 {
		t.Fatalf("separated.npz: %v, %d arrays", err, len(arrays))
	}
	for _, x := range arrays {
		for _, p := range x.Data.([]float64) {
			if !(p > 0 && p < 1) {
				t.Fatalf("%s holds %v", x.Name, p)
			}
		}
	}
}

func TestORBMPlotAndXOR(t *testing.T) {
	dir := t.TempDir()
	if _, err := stdoutOf(func() error { return run([]string{"orbm", "plot", "--out", dir}) }); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"orbm_correction.png", "orbm_sigmoid.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	out, err := stdoutOf(func() error { return run([]string{"orbm", "xor", "--draws", "500", "--sweeps", "5"}) })
	if err != nil || !strings.Contains(out, "| exact |") || !strings.Contains(out, "| posterior mode |") {
		t.Errorf("xor: %v, printed %q", err, out)
	}
}

// A study that fails leaves the pairs.csv of an earlier one as it was: the
// file is written whole once the study is done.
func TestORBMSeparateKeepsPairsOnFailure(t *testing.T) {
	dir := t.TempDir()
	var models []string
	for i := range 2 {
		m := binaryModel[float64](t, 784, 4, 0, rand.New(rand.NewPCG(uint64(i), 1)))
		models = append(models, saveModel(t, dir, fmt.Sprintf("m%d.npz", i), m, nil))
	}
	out := filepath.Join(dir, "out")
	old := []byte("an earlier study's rows\n")
	if err := os.MkdirAll(filepath.Join(out, "separation.png"), 0o755); err != nil { // the picture cannot be written
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "pairs.csv"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"orbm", "separate", "--a", models[0], "--b", models[1], "--digit-a", "0", "--digit-b", "1",
		"--count", "2", "--sweeps", "1", "--picture", "1", "--out", out}
	if _, err := stdoutOf(func() error { return run(args) }); err == nil {
		t.Fatal("the study succeeded although separation.png is a folder")
	}
	if b, err := os.ReadFile(filepath.Join(out, "pairs.csv")); err != nil || string(b) != string(old) {
		t.Errorf("pairs.csv holds %q after a failed study (%v), want the earlier %q", b, err, old)
	}
	if err := os.Remove(filepath.Join(out, "separation.png")); err != nil {
		t.Fatal(err)
	}
	if _, err := stdoutOf(func() error { return run(args) }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "pairs.csv")); err != nil || !strings.HasPrefix(string(b), strings.Join(orbm.StudyColumns, ",")) {
		t.Errorf("pairs.csv after a study: %q, %v", b, err)
	}
}
