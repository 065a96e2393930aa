package cli

// The tests of the commands that write a model derived from saved ones:
// rbm average and rbm revive.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

func TestAverage(t *testing.T) {
	dir := t.TempDir()
	settings := map[string]any{"seed": 17, "binarize": "stochastic", "monitors": []any{}, "epochs_completed": 5}
	a := seededModel(t, dir, "a.npz", 8, 5, 1, settings)
	b := seededModel(t, dir, "b.npz", 8, 5, 2, map[string]any{"seed": 18})
	out := filepath.Join(dir, "soup.npz")
	stdout, err := stdoutOf(func() error { return run([]string{"average", "--out", out, a, b}) })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "b.npz: units aligned") || !strings.Contains(stdout, "the mean of 2 models") {
		t.Errorf("output %q", stdout)
	}
	ma, _, _ := rbm.Load[float64](a)
	mb, _, _ := rbm.Load[float64](b)
	soup, extra, err := rbm.Load[float64](out)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range soup.Params() {
		pa, pb := ma.Params()[i].Value.Data().([]float64), mb.Params()[i].Value.Data().([]float64)
		for j, x := range p.Value.Data().([]float64) {
			if want := (pa[j] + pb[j]) / 2; math.Abs(x-want) > 1e-12 {
				t.Fatalf("%s[%d] = %v, want %v", p.Name, j, x, want)
			}
		}
	}
	if extra["seed"] != 17.0 || extra["binarize"] != "stochastic" {
		t.Errorf("the first model's settings were not kept: %v", extra)
	}
	if _, ok := extra["monitors"]; ok {
		t.Errorf("the first run's monitors were kept: %v", extra)
	}
	if got, ok := extra["average_of"].([]any); !ok || len(got) != 2 || got[1] != b {
		t.Errorf("average_of = %v, want [%s %s]", extra["average_of"], a, b)
	}

	corrupt := filepath.Join(dir, "corrupt.npz")
	if err := os.WriteFile(corrupt, []byte("PK\x03\x04 not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	wide := seededModel(t, dir, "wide.npz", 8, 6, 3, nil)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no --out", []string{a, b}, "--out must name"},
		{"one model", []string{"--out", out, a}, "at least two"},
		{"--out an input", []string{"--out", a, a, b}, "is one of the models"},
		{"other layers", []string{"--out", out, a, wide}, "wide.npz: rbm: model 2: hidden layer binary [6], want binary [5]"},
		{"missing", []string{"--out", out, a, filepath.Join(dir, "none.npz")}, "no such file"},
		{"corrupt", []string{"--out", out, a, corrupt}, "corrupt.npz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(append([]string{"average"}, tc.args...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestRevive(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	var csv strings.Builder
	for range 200 {
		for i := range 8 {
			if i > 0 {
				csv.WriteString(",")
			}
			fmt.Fprint(&csv, rng.IntN(2))
		}
		csv.WriteString("\n")
	}
	rows := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(rows, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	vis, _ := rbm.NewBinary[float32]("v", 8)
	hid, _ := rbm.NewBinary[float32]("h", 5)
	m, err := rbm.New(vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	m.Hidden.Params()[0].Value.Data().([]float32)[3] = -50 // never on
	model := filepath.Join(dir, "model.npz")
	if err := rbm.Save(model, m, map[string]any{"seed": 4, "monitors": []any{}}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "revived.npz")
	stdout, err := stdoutOf(func() error { return run([]string{"revive", "--model", model, "--out", out, "--data", rows}) })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "1 of 5 hidden units were idle on 200 rows") {
		t.Errorf("output %q", stdout)
	}
	r, extra, err := rbm.Load[float32](out)
	if err != nil {
		t.Fatal(err)
	}
	if b := r.Hidden.Params()[0].Value.Data().([]float32)[3]; b == -50 {
		t.Error("the idle unit's bias was kept")
	}
	if u, ok := extra["revived_units"].([]any); !ok || len(u) != 1 || u[0] != 3.0 {
		t.Errorf("revived_units = %v, want [3]", extra["revived_units"])
	}
	if _, ok := extra["monitors"]; ok || extra["seed"] != 4.0 {
		t.Errorf("settings %v: want the model's seed and no monitors", extra)
	}

	spin := filepath.Join(dir, "spin.npz")
	sv, _ := rbm.NewSpin[float32]("v", 8)
	ms, _ := rbm.New[float32](sv, hid, rng)
	if err := rbm.Save(spin, ms, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no --out", []string{"--model", model}, "--out must name"},
		{"--out the model", []string{"--model", model, "--out", model}, "is the model itself"},
		{"no rows", []string{"--model", model, "--out", out, "--rows", "0"}, "--rows must be in"},
		{"too many rows", []string{"--model", model, "--out", out, "--rows", "2000000"}, "--rows must be in"},
		{"no norm", []string{"--model", model, "--out", out, "--norm", "0"}, "norm of 0"},
		{"crossed bounds", []string{"--model", model, "--out", out, "--min-on", "0.9", "--max-on", "0.1"}, "low < high"},
		{"spin units", []string{"--model", spin, "--out", out, "--data", rows}, "spin visible"},
		{"missing model", []string{"--model", filepath.Join(dir, "none.npz"), "--out", out}, "no such file"},
		{"stray", []string{"--model", model, "--out", out, "x"}, "unexpected arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(append([]string{"revive"}, tc.args...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
