package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

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
