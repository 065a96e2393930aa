package cli

import (
	"fmt"
	"image"
	_ "image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rbmgo/rbm/internal/shellquote"
	"github.com/rbmgo/rbm/rbm"
	rbmrun "github.com/rbmgo/rbm/rbm/run"
)

// modelBits returns the bits of every parameter of a model file.
func modelBits(t *testing.T, path string) []uint64 {
	t.Helper()
	m, _, err := rbm.Load[float64](path)
	if err != nil {
		t.Fatal(err)
	}
	var bits []uint64
	for _, p := range m.Params() {
		for _, v := range p.Value.Data().([]float64) {
			bits = append(bits, math.Float64bits(v))
		}
	}
	return bits
}

func sameModel(t *testing.T, a, b string) bool {
	t.Helper()
	x, y := modelBits(t, a), modelBits(t, b)
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// checkResumed trains a small run with flags for epochs into whole, and
// for stop epochs into part, resumed then to epochs, checkpointing every 4
// batches and keeping every checkpoint; it fails the test if the resumed
// model differs from the uninterrupted run's.
func checkResumed(t *testing.T, flags []string, whole, part string, stop, epochs int) {
	t.Helper()
	common := append([]string{"train", "--train-size", "200", "--hidden", "12", "-k", "2", "--quiet", "--sample-rows", "0",
		"--histograms=false", "--filters-every", "0", "--checkpoint-every", "4", "--keep", "100"}, flags...)
	runOK(t, append(common, "--epochs", strconv.Itoa(epochs), "--out", whole)...)
	runOK(t, append(common, "--epochs", strconv.Itoa(stop), "--out", part)...)
	runOK(t, "train", "--resume", part, "--epochs", strconv.Itoa(epochs))
	if !sameModel(t, filepath.Join(whole, "model.npz"), filepath.Join(part, "model.npz")) {
		t.Errorf("resumed after epoch %d: the model differs from the uninterrupted run's", stop)
	}
}

// A run of 4 epochs resumed after epoch 2, or from a checkpoint inside an
// epoch, gives the model of an uninterrupted 4-epoch run, bit for bit: SGD
// and Adam, CD and PCD, float32 and float64.
func TestResumeEqualsUninterruptedRun(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"sgd pcd float32", []string{"--momentum", "0.5"}},
		{"sgd cd float64", []string{"--cd", "--dtype", "float64"}},
		{"adam pcd float64", []string{"--optimizer", "adam", "--lr", "0.01", "--bias-lr-factor", "0.1", "--dtype", "float64"}},
		{"adam cd float32", []string{"--optimizer", "adam", "--lr", "0.01", "--cd", "--lr-decay", "exp:0.8"}},
		{"sgd pcd averaged float64", []string{"--average-from", "2", "--dtype", "float64", "--binarize", "threshold", "--eval-every", "2", "--eval-betas", "20"}},
		{"sgd pcd rebinarised float32", []string{"--binarize", "stochastic", "--rebinarize", "--validation", "0.2", "--momentum", "0.5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			whole, part := filepath.Join(dir, "whole"), filepath.Join(dir, "part run")
			checkResumed(t, tc.flags, whole, part, 2, 4)
			// From a checkpoint inside epoch 2 of the whole run, in a copy.
			mid := filepath.Join(dir, "mid")
			if err := os.CopyFS(mid, os.DirFS(whole)); err != nil {
				t.Fatal(err)
			}
			ck := filepath.Join(mid, "checkpoints", rbmrun.CheckpointName(1, 4))
			if _, err := stdoutOf(func() error { return run([]string{"train", "--resume", ck}) }); err != nil {
				t.Fatal(err)
			}
			if !sameModel(t, filepath.Join(whole, "model.npz"), filepath.Join(mid, "model.npz")) {
				t.Error("resumed inside epoch 2: the model differs from the uninterrupted run's")
			}
			rows := func(path string) []string {
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
					cells := strings.Split(line, ",")
					out = append(out, strings.Join(cells[:4], ",")) // without cost, seconds
				}
				return out
			}
			if a, b := rows(filepath.Join(whole, "monitors.csv")), rows(filepath.Join(part, "monitors.csv")); strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Errorf("monitors.csv of the resumed run:\n%s\nof the uninterrupted run:\n%s", strings.Join(b, "\n"), strings.Join(a, "\n"))
			}
		})
	}
}

// Resuming with flags that contradict the run is refused; a folder that
// holds a run is not trained into again without --resume or --overwrite.
func TestResumeRefusals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	common := []string{"train", "--train-size", "100", "--hidden", "8", "-k", "1", "--epochs", "1", "--quiet", "--sample-rows", "0", "--out", dir}
	if _, err := stdoutOf(func() error { return run(common) }); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{common, "already holds a run (model.npz): continue it with --resume"},
		{[]string{"train", "--resume", dir, "--hidden", "9"}, "--hidden 9 contradicts the run's 8"},
		{[]string{"train", "--resume", dir, "--dtype", "float64"}, "--dtype float64 contradicts the run's float32"},
		{[]string{"train", "--resume", dir, "--overwrite"}, "--resume and --overwrite exclude each other"},
		{[]string{"train", "--resume", filepath.Join(dir, "nope")}, "no such file"},
		{[]string{"train", "--resume", filepath.Join(dir, "model.npz")}, "not a checkpoint"},
	} {
		_, err := stdoutOf(func() error { return run(tc.args) })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
	if _, err := stdoutOf(func() error { return run(append(common, "--overwrite", "--epochs", "2")) }); err != nil {
		t.Errorf("--overwrite: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "checkpoints", rbmrun.CheckpointName(2, 0))); err != nil {
		t.Errorf("the overwriting run left no checkpoint of epoch 2: %v", err)
	}
}

// The first interrupt finishes the batch under way, writes a checkpoint and
// ends the program with status 130; resuming from it gives the model of an
// uninterrupted run.
func TestInterruptThenResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program")
	}
	dir := t.TempDir()
	args := []string{"train", "--train-size", "2000", "--hidden", "50", "-k", "1", "--epochs", "3", "--sample-rows", "0",
		"--histograms=false", "--filters-every", "0"}
	whole, part := filepath.Join(dir, "whole"), filepath.Join(dir, "part run")
	if _, err := stdoutOf(func() error { return run(append(args, "--out", whole, "--quiet")) }); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], append(args, "--out", part)...)
	cmd.Env = append(os.Environ(), "RBM_TEST_RUN_MAIN=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the first epoch's checkpoint is written: training is
	// then under way however slowly the machine started the program.
	first := filepath.Join(part, "checkpoints", rbmrun.CheckpointName(1, 0))
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(first); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no checkpoint of the first epoch after two minutes")
		}
	}
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 && err != nil {
		t.Fatalf("exit status %d (%v), want 130; standard error %q", code, err, stderr.String())
	}
	if err == nil {
		t.Skip("the run ended before the interrupt: a faster machine than this test expects")
	}
	if !strings.Contains(stderr.String(), "training interrupted") || !strings.Contains(stderr.String(), "continue with: rbm train --resume "+shellquote.Quote(part)) {
		t.Errorf("standard error %q does not say that training was interrupted and how to resume", stderr.String())
	}
	if strings.Contains(stderr.String(), "context canceled") {
		t.Errorf("standard error %q speaks of a context", stderr.String())
	}
	if _, err := stdoutOf(func() error { return run([]string{"train", "--resume", part, "--quiet"}) }); err != nil {
		t.Fatal(err)
	}
	if !sameModel(t, filepath.Join(whole, "model.npz"), filepath.Join(part, "model.npz")) {
		t.Error("interrupted and resumed: the model differs from the uninterrupted run's")
	}
}

func TestCheckpointsAndDreamCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if _, err := stdoutOf(func() error {
		return run([]string{"train", "--train-size", "100", "--hidden", "8", "-k", "1", "--epochs", "2", "--quiet", "--sample-rows", "0", "--out", dir})
	}); err != nil {
		t.Fatal(err)
	}
	out, err := stdoutOf(func() error { return run([]string{"checkpoints", dir}) })
	if err != nil || !strings.Contains(out, "epoch_0002.npz") || !strings.Contains(out, "best by reconstruction") {
		t.Errorf("rbm checkpoints printed %q, %v", out, err)
	}
	png := filepath.Join(dir, "dream.png")
	for _, extra := range [][]string{nil, {"--mean-field"}} {
		args := append([]string{"dream", "--model", filepath.Join(dir, "checkpoints", "epoch_0002.npz"), "--steps", "6", "--rows", "2", "--out", png}, extra...)
		if _, err := stdoutOf(func() error { return run(args) }); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(png)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Height < 3*28 || cfg.Width < 10*28 {
			t.Errorf("%v: a picture of %dx%d (%v), want three rows of ten digits", extra, cfg.Width, cfg.Height, err)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"checkpoints"}, "name one run folder"},
		{[]string{"checkpoints", filepath.Join(dir, "model.npz")}, "is not a folder"},
		{[]string{"checkpoints", t.TempDir()}, "holds no checkpoints"},
		{[]string{"dream", "--from-test", "5:5"}, "--from-test"},
		{[]string{"dream", "--from-test", "9990:10010", "--model", filepath.Join(dir, "model.npz")}, "there are 10000 test digits"},
		{[]string{"dream", "--rows", "0"}, "--rows must be in"},
		{[]string{"dream", "--steps", "0"}, "--steps must be at least 1"},
		{[]string{"dream", "stray"}, "unexpected arguments"},
	} {
		_, err := stdoutOf(func() error { return run(tc.args) })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// A data file trains like MNIST; values outside the visible units' domain are
// refused naming their row and column.
func TestTrainOnDataFiles(t *testing.T) {
	dir := t.TempDir()
	var good, bad strings.Builder
	good.WriteString("a,b,c,d,e,f\n")
	for i := range 60 {
		for j := range 6 {
			sep := ","
			if j == 5 {
				sep = "\n"
			}
			fmt.Fprintf(&good, "%d%s", (i+j)%2, sep)
			v := (i + j) % 2
			if i == 7 && j == 4 {
				v = 3
			}
			fmt.Fprintf(&bad, "%d%s", v, sep)
		}
	}
	os.WriteFile(filepath.Join(dir, "good.csv"), []byte(good.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.csv"), []byte(bad.String()), 0o644)
	out := filepath.Join(dir, "run")
	args := []string{"train", "--data", filepath.Join(dir, "good.csv"), "--shape", "2x3", "--hidden", "4", "-k", "1", "--epochs", "2",
		"--batch", "10", "--validation", "0.2", "--best-by", "validation-reconstruction", "--quiet", "--sample-rows", "2", "--sample-chains", "3", "--sample-steps", "2", "--out", out}
	if _, err := stdoutOf(func() error { return run(args) }); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"model.npz", "samples.png", "filters_at_epoch_2.png", "histograms_at_epoch_2.png", "checkpoints/epoch_0002.npz"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(out, "monitors.csv"))
	if !strings.Contains(string(b), "validation_reconstruction_cross_entropy") || strings.Count(string(b), "\n") != 4 {
		t.Errorf("monitors.csv:\n%s", b)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "--data", filepath.Join(dir, "bad.csv"), "--batch", "10", "--out", filepath.Join(dir, "r2")}, "row 7, column 4 holds 3, outside [0, 1]"},
		{[]string{"train", "--data", filepath.Join(dir, "good.csv"), "--shape", "4x4", "--out", filepath.Join(dir, "r3")}, "--shape 4x4"},
		{[]string{"train", "--data", filepath.Join(dir, "good.csv"), "--validation", "0.5", "--batch", "40", "--out", filepath.Join(dir, "r4")}, "--validation 0.5 holds 30 rows, fewer than a batch of 40"},
		{[]string{"train", "--validation", "1"}, "--validation must be a fraction"},
		{[]string{"train", "--best-by", "validation-reconstruction"}, "needs --validation"},
		{[]string{"train", "--lr-decay", "exp:-1"}, "--lr-decay"},
		{[]string{"train", "--keep", "0"}, "--keep must be at least 1"},
		{[]string{"train", "--shape", "28by28"}, "--shape"},
	} {
		_, err := stdoutOf(func() error { return run(tc.args) })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args[1:], err, tc.want)
		}
	}
}

// With --average-from, model.npz holds the mean of the parameters that the
// checkpoint keeps beside the parameters being trained, not those.
func TestAverageFromSavesTheMean(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	stdout, err := stdoutOf(func() error {
		return run([]string{"train", "--train-size", "200", "--hidden", "12", "-k", "1", "--quiet", "--sample-rows", "0", "--histograms=false",
			"--filters-every", "0", "--dtype", "float64", "--epochs", "3", "--average-from", "2", "--out", out})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "the mean of the parameters after each of the last 20 updates") {
		t.Errorf("output does not say the model is a mean of 20 updates:\n%s", stdout)
	}
	m, extra, err := rbm.Load[float64](filepath.Join(out, "model.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := extra["averaged_updates"].(float64); n != 20 {
		t.Errorf("model.npz says %v updates averaged, want 20", extra["averaged_updates"])
	}
	ck, err := rbm.LoadCheckpoint[float64](filepath.Join(out, "checkpoints", rbmrun.CheckpointName(3, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if ck.State.AverageCount != 20 {
		t.Fatalf("the checkpoint averaged %d updates, want 20", ck.State.AverageCount)
	}
	for i, p := range m.Params() {
		got := p.Value.Data().([]float64)
		if !slices.Equal(got, ck.State.Average[i]) {
			t.Errorf("%s in model.npz is not the mean the checkpoint keeps", p.Name)
		}
		if slices.Equal(got, ck.Model.Params()[i].Value.Data().([]float64)) {
			t.Errorf("%s in model.npz equals the trained parameters, not their mean", p.Name)
		}
	}
}
