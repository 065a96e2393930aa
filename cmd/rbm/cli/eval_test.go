package cli

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/npz"
)

func TestEvalRefusedFlags(t *testing.T) {
	checkRefusals(t, nil, []refusal{
		{[]string{"eval", "--method", "guess"}, "--method must be auto, exact or ais"},
		{[]string{"eval", "--betas", "0"}, "--betas must be in"},
		{[]string{"eval", "--ais-path", "straight"}, "--ais-path must be"},
		{[]string{"eval", "--runs", "-1"}, "--runs must be in"},
		{[]string{"eval", "--runs", "2000000"}, "--runs must be in"},
		{[]string{"eval", "--raise", "-1"}, "--raise must not be negative"},
		{[]string{"eval", "--raise", "1000000", "--raise-runs", "2"}, "must not exceed"},
		{[]string{"eval", "--test-size", "-2"}, "--test-size must not be negative"},
		{[]string{"eval", "--binarize", "maybe"}, "--binarize must be"},
		{[]string{"eval", "--max-states", "0"}, "--max-states must be at least 1"},
		{[]string{"eval", "--dtype", "int8"}, "--dtype must be"},
		{[]string{"eval", "--model", "/nonexistent.npz"}, "no such file"},
		{[]string{"eval", "stray"}, "unexpected arguments"},
	})
}

// evalJSON runs "rbm eval ... --json" and decodes its output.
func evalJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out, err := stdoutOf(func() error { return run(append(append([]string{"eval"}, args...), "--json")) })
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%v printed %q: %v", args, out, err)
	}
	return m
}

func number(t *testing.T, m map[string]any, key string) float64 {
	t.Helper()
	x, ok := m[key].(float64)
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		t.Fatalf("%s = %v, want a number", key, m[key])
	}
	return x
}

// On a model small enough for exact log Z, the AIS and the exact
// evaluations agree, and RAISE is not above them by more than noise.
func TestEvalExactAndAISAgree(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	m := binaryModel[float64](t, 10, 6, 0.8, rng)
	model := saveModel(t, dir, "model.npz", m, map[string]any{"binarize": "threshold", "seed": 1})
	rows := make([]float64, 50*10)
	for i := range rows {
		rows[i] = float64(rng.IntN(2))
	}
	data := filepath.Join(dir, "test.npz")
	if err := npz.WriteFile(data, []npz.Array{{Name: "x", Shape: []int{50, 10}, Data: rows}}); err != nil {
		t.Fatal(err)
	}
	common := []string{"--model", model, "--data", data, "--dtype", "float64", "--pl-rows", "10"}
	exact := evalJSON(t, append(common, "--method", "exact")...)
	ais := evalJSON(t, append(common, "--method", "ais", "--betas", "1000", "--raise", "50", "--raise-betas", "300", "--base-data", data)...)
	if exact["method"] != "exact" || ais["method"] != "ais" {
		t.Fatalf("methods %v and %v", exact["method"], ais["method"])
	}
	z, lo, hi := number(t, exact, "log_z"), number(t, ais, "log_z_low"), number(t, ais, "log_z_high")
	if !(lo <= z && z <= hi) || hi-lo > 0.5 {
		t.Fatalf("exact log Z %v, AIS band [%v, %v]", z, lo, hi)
	}
	ll := number(t, exact, "test_log_likelihood")
	if d := math.Abs(number(t, ais, "test_log_likelihood") - ll); d > 0.1 {
		t.Fatalf("test log-likelihoods differ by %v", d)
	}
	if r := number(t, ais, "raise_test_log_likelihood"); r > ll+0.1 || r < ll-1 {
		t.Fatalf("RAISE %v against exact %v", r, ll)
	}
	if n := number(t, exact, "test_examples"); n != 50 {
		t.Fatalf("test_examples %v", n)
	}
	if pl := number(t, exact, "pseudo_likelihood"); pl >= 0 {
		t.Fatalf("pseudo-likelihood %v", pl)
	}
}

func TestEvalRefusesRowsOfTheWrongLength(t *testing.T) {
	dir := t.TempDir()
	model := saveModel(t, dir, "model.npz", binaryModel[float64](t, 4, 3, 0, rand.New(rand.NewPCG(1, 1))), nil)
	data := filepath.Join(dir, "test.npz")
	if err := npz.WriteFile(data, []npz.Array{{Name: "x", Shape: []int{1, 5}, Data: []float64{1, 0, 1, 0, 1}}}); err != nil {
		t.Fatal(err)
	}
	err := run([]string{"eval", "--model", model, "--data", data})
	if err == nil || !strings.Contains(err.Error(), "rows of 5 values, the model has 4 visible units") {
		t.Fatalf("error %v", err)
	}
	err = run([]string{"eval", "--model", model})
	if err == nil || !strings.Contains(err.Error(), "MNIST digits have 784") {
		t.Fatalf("error %v", err)
	}
}

func TestTrainEvalEvery(t *testing.T) {
	out := t.TempDir()
	args := []string{"train", "--train-size", "200", "--hidden", "8", "--k", "1", "--batch", "20", "--epochs", "3",
		"--binarize", "threshold", "--filters-every", "0", "--sample-rows", "0", "-q", "--out", out,
		"--eval-every", "2", "--eval-betas", "50", "--eval-runs", "20"}
	if _, err := stdoutOf(func() error { return run(args) }); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "monitors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "test_log_likelihood_ais50x20")
	if len(rows) != 5 || col < 0 {
		t.Fatalf("monitors.csv:\n%s", b)
	}
	// Epochs 0 and 1 are not evaluated; epoch 2 (every 2) and 3 (the last) are.
	for e, r := range rows[1:] {
		ll, err := strconv.ParseFloat(r[col], 64)
		evaluated := e >= 2
		if evaluated && (err != nil || math.IsNaN(ll) || math.IsInf(ll, 0) || ll >= 0) || !evaluated && !math.IsNaN(ll) {
			t.Fatalf("epoch %d: test log-likelihood %q (%v)", e, r[col], err)
		}
	}
	png := filepath.Join(out, "curve.png")
	if _, err := stdoutOf(func() error {
		return run([]string{"eval", "--curve", filepath.Join(out, "monitors.csv"), "--out", png})
	}); err != nil {
		t.Errorf("rbm eval --curve monitors.csv: %v", err)
	}
	bad := append(append([]string(nil), args...), "--eval-runs", "0", "--overwrite")
	if err := run(bad); err == nil || !strings.Contains(err.Error(), "--eval-runs must be in") {
		t.Fatalf("error %v", err)
	}
}

func TestEvalCurve(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, csv, want string
	}{
		{"good", "epoch,test_log_likelihood\n1,-150\n2,-120.5\n", ""},
		{"no rows", "epoch,test_log_likelihood\n", "1 to"},
		{"no column", "epoch,cost\n1,2\n", `no "test_log_likelihood" column`},
		{"NaN", "epoch,test_log_likelihood\n1,NaN\n", "not finite numbers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, out := filepath.Join(dir, tc.name+".csv"), filepath.Join(dir, tc.name+".png")
			if err := os.WriteFile(in, []byte(tc.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := stdoutOf(func() error { return run([]string{"eval", "--curve", in, "--out", out}) })
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if st, err := os.Stat(out); err != nil || st.Size() == 0 {
					t.Fatalf("no picture: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestTrainInitModel(t *testing.T) {
	dir := t.TempDir()
	quick := []string{"train", "--train-size", "100", "--hidden", "6", "--k", "1", "--batch", "20", "--epochs", "1",
		"--binarize", "threshold", "--filters-every", "0", "--sample-rows", "0", "-q"}
	first := filepath.Join(dir, "first")
	if _, err := stdoutOf(func() error { return run(append(quick, "--out", first)) }); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(first, "model.npz")
	// With a zero learning rate the trained model is the one it started
	// from: the saved one, whatever the seed.
	second := filepath.Join(dir, "second")
	if _, err := stdoutOf(func() error {
		return run(append(quick, "--out", second, "--init-model", model, "--seed", "9", "--lr", "0"))
	}); err != nil {
		t.Fatal(err)
	}
	a, _, err := rbm.Load[float64](model)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := rbm.Load[float64](filepath.Join(second, "model.npz"))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range a.Weights() {
		if b.Weights()[i] != w {
			t.Fatalf("weight %d: %v after a zero learning rate, %v saved", i, b.Weights()[i], w)
		}
	}
	for _, tc := range []struct {
		extra []string
		want  string
	}{
		{[]string{"--hidden", "7"}, "parameter"},
		{[]string{"--hidden", "spin:6"}, "binary/binary units"},
		{[]string{"--init-model", filepath.Join(dir, "none.npz")}, "no such file"},
	} {
		args := append(append(append([]string(nil), quick...), "--out", filepath.Join(dir, "x"), "--init-model", model), tc.extra...)
		if err := run(args); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.extra, err, tc.want)
		}
	}
}
