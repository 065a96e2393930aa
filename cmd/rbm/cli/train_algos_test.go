package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// The training algorithms' flags are checked before any data is read.
func TestAlgoFlagsRefused(t *testing.T) {
	checkRefusals(t, []string{"train", "--data", "/nonexistent"}, []refusal{
		{[]string{"--tempering", "0"}, "at least one replica"},
		{[]string{"--tempering", "3", "--tempering-beta-min", "1"}, "lowest inverse temperature"},
		{[]string{"--tempering", "3", "--tempering-beta-min", "NaN"}, "lowest inverse temperature"},
		{[]string{"--tempering", "3", "--cd"}, "does not go with --cd"},
		{[]string{"--tempering", "65"}, "at most 64 replicas"},
		{[]string{"--l1", "-1"}, "--l1"},
		{[]string{"--l2l1", "Inf"}, "--l2l1"},
		{[]string{"--sparsity-target", "1"}, "sparsity target must be in (0, 1)"},
		{[]string{"--sparsity-target", "0.1", "--sparsity-cost", "-1"}, "sparsity cost"},
		{[]string{"--sparsity-target", "0.1", "--sparsity-decay", "1"}, "decay"},
		{[]string{"--sparsity-target", "0.1", "--hidden", "relu:5"}, "binary hidden units"},
		{[]string{"--center", "--center-rate", "0"}, "--center-rate"},
		{[]string{"--center", "--hidden", "relu:5"}, "--center: centring is for Finite and Linear units of two states (binary, spin), not relu"},
		{[]string{"--center", "--visible", "gaussian"}, "--center: centring is for Finite and Linear units of two states (binary, spin), not gaussian"},
		{[]string{"--init-visible-fields", "mean"}, "must be auto, zero or data"},
		{[]string{"--unit-variance"}, "--unit-variance: rescaling is for continuous hidden units that are Rescalable (gaussian, relu, drelu, prelu, xrelu), not binary"},
		{[]string{"--init-visible-fields", "data", "--visible", "gaussian"}, "rbm: visible fields from the data's means need Finite and Linear units (binary, spin, Potts), and gaussian units are not Finite or Linear"},
		{[]string{"--init-visible-fields", "data", "--init-model", "m.npz"}, "exclude each other"},
	})
}

// Runs with tempering, centring, penalties, a sparsity target and visible
// fields from the data, stopped after an epoch and resumed, end with the
// model of the uninterrupted run; tempering's swap rates are columns of
// monitors.csv.
func TestAlgoRunsResume(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"tempering", []string{"--tempering", "3", "--tempering-beta-min", "0.6", "--init-visible-fields", "data"}},
		{"drelu unit variance", []string{"--hidden", "drelu:6", "--unit-variance", "--init-std", "0.01", "--lr", "0.01"}},
		{"centred sparse", []string{"--center", "--center-rate", "0.1", "--center-model-means", "--sparsity-target", "0.1", "--l2l1", "0.001", "--l1", "0.0001", "--dtype", "float64"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			whole, part := filepath.Join(dir, "whole"), filepath.Join(dir, "part")
			checkResumed(t, tc.flags, whole, part, 1, 3)
			plain := filepath.Join(dir, "plain")
			if _, err := stdoutOf(func() error {
				return run([]string{"train", "--train-size", "200", "--hidden", "12", "-k", "2", "--quiet", "--sample-rows", "0",
					"--histograms=false", "--filters-every", "0", "--epochs", "3", "--out", plain, "--dtype", dtypeOf(tc.flags)})
			}); err != nil {
				t.Fatal(err)
			}
			if sameModel(t, filepath.Join(whole, "model.npz"), filepath.Join(plain, "model.npz")) {
				t.Error("the flags changed nothing")
			}
			b, err := os.ReadFile(filepath.Join(part, "monitors.csv"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			header := strings.Split(lines[0], ",")
			if tc.name != "tempering" {
				return
			}
			if header[len(header)-2] != "swap_rate_0_1" || header[len(header)-1] != "swap_rate_1_2" || len(lines) != 5 {
				t.Fatalf("monitors.csv:\n%s", b)
			}
			for _, line := range lines[2:] {
				cells := strings.Split(line, ",")
				for _, c := range cells[len(cells)-2:] {
					if r, err := strconv.ParseFloat(c, 64); err != nil || !(r > 0 && r <= 1) {
						t.Errorf("swap rate %q in row %s", c, line)
					}
				}
			}
		})
	}
}

// dtypeOf returns the --dtype of flags, float32 if none.
func dtypeOf(flags []string) string {
	for i, f := range flags {
		if f == "--dtype" && i+1 < len(flags) {
			return flags[i+1]
		}
	}
	return "float32"
}

// "rbm sample --sample-tempering" draws the samples figure by parallel
// tempering, the same figure for the same seed; bad ladders are refused.
func TestSampleWithTempering(t *testing.T) {
	dir := t.TempDir()
	if _, err := stdoutOf(func() error {
		return run([]string{"train", "--train-size", "100", "--hidden", "8", "-k", "1", "--quiet", "--sample-rows", "0",
			"--histograms=false", "--filters-every", "0", "--epochs", "1", "--out", dir})
	}); err != nil {
		t.Fatal(err)
	}
	draw := func(name string, extra ...string) []byte {
		out := filepath.Join(dir, name)
		args := append([]string{"sample", "--model", filepath.Join(dir, "model.npz"), "--out", out, "--quiet",
			"--sample-rows", "2", "--sample-steps", "3", "--sample-chains", "4"}, extra...)
		if _, err := stdoutOf(func() error { return run(args) }); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a := draw("a.png", "--sample-tempering", "3")
	b := draw("b.png", "--sample-tempering", "3")
	plain := draw("plain.png")
	if string(a) != string(b) || len(a) == 0 {
		t.Error("the same seed drew two figures")
	}
	if string(a) == string(plain) {
		t.Error("tempering drew the plain chains' figure")
	}
	for _, bad := range [][]string{{"--sample-tempering", "0"}, {"--sample-tempering", "2", "--sample-tempering-beta-min", "1"}, {"--sample-tempering", "100"}} {
		args := append([]string{"sample", "--model", filepath.Join(dir, "model.npz"), "--out", filepath.Join(dir, "x.png")}, bad...)
		if err := run(args); err == nil {
			t.Errorf("%v taken", bad)
		}
	}
}

// The line that opens a run names the algorithms beyond CD/PCD that are on.
func TestAlgoDescribe(t *testing.T) {
	for _, tc := range []struct {
		a    algoOptions
		want string
	}{
		{algoOptions{tempering: 1}, ""},
		{algoOptions{tempering: 5, temperingBetaMin: 0.8}, " with parallel tempering of 5 replicas (β 1 to 0.8)"},
		{algoOptions{tempering: 1, center: true, centerRate: 0.01, l1: 1e-4}, " with centred (rate 0.01), L1 0.0001"},
		{algoOptions{l2l1: 0.001, sparsityTarget: 0.1}, " with L2L1 0.001, sparsity target 0.1"},
	} {
		if got := tc.a.describe(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.a, got, tc.want)
		}
	}
}

// --init-visible-fields auto starts the visible fields from the data
// wherever that applies, except on the tutorial's own data (MNIST's grey
// levels in binary units), and records the start it chose as the flag's value.
func TestAutoVisibleFields(t *testing.T) {
	folder := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "zero"},
		{[]string{"--hidden", "20", "--epochs", "3", "--lr", "0.01"}, "zero"},
		{[]string{"--data", folder}, "zero"},
		{[]string{"--digits", "3"}, "zero"},
		{[]string{"--binarize", "stochastic"}, "data"},
		{[]string{"--binarize", "threshold", "--digits", "3"}, "data"},
		{[]string{"--data", "rows.csv"}, "data"},
		{[]string{"--on-features-of", "m1.npz"}, "data"},
		{[]string{"--visible", "spin"}, "data"},
		{[]string{"--visible", "potts"}, "data"},
		{[]string{"--visible", "gaussian", "--standardize"}, "zero"},
		{[]string{"--binarize", "stochastic", "--init-model", "m.npz"}, "zero"},
		{[]string{"--binarize", "stochastic", "--init-visible-fields", "zero"}, "zero"},
		{[]string{"--init-visible-fields", "data"}, "data"},
	} {
		var o trainOptions
		fs := pflag.NewFlagSet("train", pflag.ContinueOnError)
		o.register(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if err := o.validate(); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if got := o.flagValues()["init-visible-fields"]; got != tc.want {
			t.Errorf("%q: --init-visible-fields %s, want %s", tc.args, got, tc.want)
		}
		if said := strings.Contains(o.algos.describe(), "visible fields from the data's means"); said != (tc.want == "data") {
			t.Errorf("%q: the opening line says %q", tc.args, o.algos.describe())
		}
	}
}

// --rebinarize trains epoch 1 on --seed's binarisation and draws every later
// epoch's anew: the first epoch's monitors are those of the run without it,
// the second epoch's and the model are not; the next model of a stack
// redraws its features' binarisation too.
func TestRebinarize(t *testing.T) {
	dir := t.TempDir()
	common := []string{"train", "--train-size", "200", "--hidden", "12", "-k", "2", "--quiet", "--sample-rows", "0",
		"--histograms=false", "--filters-every", "0", "--binarize", "stochastic", "--epochs", "2"}
	monitors := func(run string) [][]string {
		b, err := os.ReadFile(filepath.Join(run, "monitors.csv"))
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]string
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			rows = append(rows, strings.Split(line, ",")[:4]) // the epoch and its first monitors, not the seconds
		}
		return rows
	}
	fixed, redrawn := filepath.Join(dir, "fixed"), filepath.Join(dir, "redrawn")
	runOK(t, append(common, "--out", fixed)...)
	if out := runOK(t, append(common, "--rebinarize", "--out", redrawn)...); !strings.Contains(out, "on 200 rows (binarised anew every epoch)") {
		t.Errorf("the run does not say it redraws the binarisation:\n%s", out)
	}
	f, r := monitors(fixed), monitors(redrawn)
	if len(f) != 4 || len(r) != 4 || !slices.Equal(f[2], r[2]) || slices.Equal(f[3], r[3]) {
		t.Errorf("epoch 1 should be the same and epoch 2 not:\n%v\n%v", f, r)
	}
	if sameModel(t, filepath.Join(fixed, "model.npz"), filepath.Join(redrawn, "model.npz")) {
		t.Error("--rebinarize changed nothing")
	}
	stack := []string{"train", "--on-features-of", filepath.Join(fixed, "model.npz"), "--hidden", "5", "-k", "1", "--quiet",
		"--sample-rows", "0", "--histograms=false", "--filters-every", "0", "--binarize", "stochastic", "--epochs", "2"}
	runOK(t, append(stack, "--out", filepath.Join(dir, "stack fixed"))...)
	runOK(t, append(stack, "--rebinarize", "--out", filepath.Join(dir, "stack redrawn"))...)
	if sameModel(t, filepath.Join(dir, "stack fixed", "model.npz"), filepath.Join(dir, "stack redrawn", "model.npz")) {
		t.Error("--rebinarize changed nothing in the stack's next model")
	}
}
