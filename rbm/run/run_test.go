package run

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
)

const nv, nh, rows, batch = 16, 6, 80, 10

// data returns the training rows of the tests.
func data() []float64 {
	rng := rand.New(rand.NewPCG(7, 7))
	x := make([]float64, rows*nv)
	for i := range x {
		if rng.Float64() < 0.3 {
			x[i] = 1
		}
	}
	return x
}

// newModel returns the untrained model of the tests.
func newModel(t *testing.T) *rbm.RBM[float64] {
	t.Helper()
	vis, _ := rbm.NewBinary[float64]("v", nv)
	hid, _ := rbm.NewBinary[float64]("h", nh)
	m, err := rbm.New(vis, hid, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// newTrainer returns a PCD trainer of m with momentum and weight decay.
func newTrainer(t *testing.T, m *rbm.RBM[float64]) *rbm.Trainer[float64] {
	t.Helper()
	opt, err := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(0.05, 1), Momentum: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 2, Persistent: true, BatchSize: batch, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	tr.Transforms = []rbm.GradientTransform[float64]{rbm.WeightDecay[float64]{Decay: 1e-3, Groups: []string{"weights"}}}
	return tr
}

func config(dir string, epochs int) Config[float64] {
	return Config[float64]{Dir: dir, Epochs: epochs, Data: data(), Settings: map[string]any{"flags": map[string]string{"note": "test"}}}
}

// modelBits returns the parameters of the model file of a run folder.
func modelBits(t *testing.T, dir string) []uint64 {
	t.Helper()
	m, extra, err := rbm.Load[float64](filepath.Join(dir, ModelFile))
	if err != nil {
		t.Fatal(err)
	}
	if extra["note"] != nil || extra["flags"] == nil {
		t.Errorf("model settings %v", extra)
	}
	var out []uint64
	for _, p := range m.Params() {
		for _, x := range p.Value.Data().([]float64) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("parameter %v", x)
			}
			out = append(out, math.Float64bits(x))
		}
	}
	return out
}

// monitorsWithoutSeconds returns the rows of a run's monitors.csv without
// the seconds column, which differs from run to run.
func monitorsWithoutSeconds(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, MonitorsFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		cells := strings.Split(line, ",")
		out = append(out, strings.Join(append(cells[:4:4], cells[5:]...), ","))
	}
	return out
}

// A new run writes monitors.csv (a row before training and one an epoch),
// model.npz and a checkpoint an epoch; a second run in the folder is
// refused and changes nothing, unless it overwrites, which removes the
// run's files and the outputs named, and nothing else.
func TestNewRefuseOverwrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	r, err := New(newTrainer(t, newModel(t)), config(dir, 2))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := r.Train(context.Background())
	if err != nil || sum.Epochs != 2 || !(sum.Seconds > 0) || r.Completed() != 2 {
		t.Fatalf("Train: %+v, %v", sum, err)
	}
	r.Close()
	mon := monitorsWithoutSeconds(t, dir)
	if len(mon) != 4 || mon[0] != "epoch,pseudo_likelihood,reconstruction_cross_entropy,cost" || !strings.HasPrefix(mon[3], "2,") {
		t.Errorf("monitors.csv: %q", mon)
	}
	list, err := List(dir)
	if err != nil || len(list) != 2 || filepath.Base(list[1].Path) != "epoch_0002.npz" || list[1].Flags["note"] != "test" || list[1].Monitors["epoch"] != "2" {
		t.Fatalf("checkpoints %+v, %v", list, err)
	}
	for _, name := range []string{"notes.txt", "picture_1.png", filepath.Join(CheckpointsDir, "notes.txt")} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := os.ReadFile(filepath.Join(dir, MonitorsFile))
	for _, tc := range []struct {
		name      string
		overwrite bool
	}{{"refused", false}, {"overwritten", true}} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config(dir, 1)
			cfg.Overwrite, cfg.Outputs = tc.overwrite, []string{"picture_*.png"}
			r, err := New(newTrainer(t, newModel(t)), cfg)
			if !tc.overwrite {
				var ee *ExistsError
				if !errors.Is(err, ErrExists) || !errors.As(err, &ee) || ee.File != ModelFile {
					t.Fatalf("a second run in %s: %v", dir, err)
				}
				if after, _ := os.ReadFile(filepath.Join(dir, MonitorsFile)); !slices.Equal(after, before) {
					t.Error("the refused run changed monitors.csv")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = os.Stat(filepath.Join(dir, "picture_1.png"))
			list, _ := List(dir)
			if !errors.Is(err, os.ErrNotExist) || len(list) != 0 || len(r.Monitors()) != 2 {
				t.Errorf("after overwriting: picture %v, %d checkpoints, %d monitors rows", err, len(list), len(r.Monitors()))
			}
			defer r.Close()
			for _, name := range []string{"notes.txt", filepath.Join(CheckpointsDir, "notes.txt")} {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Errorf("overwriting removed a file not the run's: %v", err)
				}
			}
		})
	}
}

// A run interrupted inside an epoch leaves a checkpoint from which a new
// process continues it to the model and monitors of a run never
// interrupted, bit for bit; checkpoints inside epochs come every
// CheckpointEvery batches, and Keep and Best prune them.
func TestResumeEqualsUninterrupted(t *testing.T) {
	for _, tc := range []struct {
		name         string
		epoch, batch int    // interrupted after this batch of this epoch
		want         string // the checkpoint to continue from
		completed    int    // the epochs it completed
	}{
		{"first batch", 1, 1, "epoch_0000_batch_000001.npz", 0},
		{"mid-epoch", 2, 5, "epoch_0001_batch_000005.npz", 1},
		// The last batch of epoch 2: stopped before epoch 3 begins.
		{"between epochs", 2, 8, "epoch_0002.npz", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := filepath.Join(t.TempDir(), "whole")
			r, err := New(newTrainer(t, newModel(t)), config(whole, 3))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := r.Train(context.Background()); err != nil {
				t.Fatal(err)
			}

			part := filepath.Join(t.TempDir(), "part")
			tr := newTrainer(t, newModel(t))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			tr.Callbacks = append(tr.Callbacks, rbm.OnBatch[float64](func(_ *rbm.Trainer[float64], st rbm.BatchStats) error {
				if st.Epoch == tc.epoch && st.Batch == tc.batch {
					cancel()
				}
				return nil
			}))
			cfg := config(part, 3)
			cfg.CheckpointEvery, cfg.Keep = 3, 1
			cfg.Best = Criterion{Column: "reconstruction_cross_entropy"}
			r, err = New(tr, cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.Train(ctx)
			r.Close() // as the process's exit would
			want := tc.want
			if !errors.Is(err, rbm.ErrInterrupted) || !strings.Contains(err.Error(), want) {
				t.Fatalf("interrupted: %v, want a checkpoint %s", err, want)
			}
			path, dir, err := Find(part)
			if err != nil || filepath.Base(path) != want || dir != part {
				t.Fatalf("Find: %s, %s, %v", path, dir, err)
			}
			ck, err := rbm.LoadCheckpoint[float64](path)
			if err != nil {
				t.Fatal(err)
			}
			r, err = Resume(newTrainer(t, ck.Model), ck, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Completed() != tc.completed {
				t.Errorf("resumed after %d epochs, want %d", r.Completed(), tc.completed)
			}
			if _, err := r.Train(context.Background()); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(modelBits(t, part), modelBits(t, whole)) {
				t.Error("the resumed run's model differs from the uninterrupted run's")
			}
			if a, b := monitorsWithoutSeconds(t, part), monitorsWithoutSeconds(t, whole); !slices.Equal(a, b) {
				t.Errorf("monitors\n%q\nwant\n%q", a, b)
			}
			list, _ := List(part)
			if n := len(list); n < 1 || n > 2 || filepath.Base(list[n-1].Path) != "epoch_0003.npz" {
				t.Errorf("checkpoints kept: %+v", list)
			}
		})
	}
}

// Best picks the end-of-epoch checkpoint with the best finite value.
func TestBest(t *testing.T) {
	list := []Entry{
		{Epochs: 1, Monitors: map[string]string{"x": "3"}},
		{Epochs: 1, Batches: 4, Monitors: map[string]string{"x": "0"}},
		{Epochs: 2, Monitors: map[string]string{"x": "NaN"}},
		{Epochs: 3, Monitors: map[string]string{"x": "2"}},
		{Epochs: 4, Monitors: map[string]string{"x": "5"}},
	}
	for _, tc := range []struct {
		c    Criterion
		want int
	}{
		{Criterion{Column: "x"}, 3},
		{Criterion{Column: "x", Larger: true}, 4},
		{Criterion{Column: "y"}, -1},
	} {
		if got := Best(list, tc.c); got != tc.want {
			t.Errorf("%+v: %d, want %d", tc.c, got, tc.want)
		}
	}
}

// poison is a gradient transform that makes a gradient NaN at one update.
type poison struct{ at, n int }

func (p *poison) Transform(params []optim.Param[float64]) error {
	if p.n++; p.n == p.at {
		params[0].Grad[0] = math.NaN()
	}
	return nil
}

// The hooks come in order around every epoch; a run whose training stops
// leaves the model of its last good epoch in model.npz and says so.
func TestHooksAndStop(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	tr := newTrainer(t, newModel(t))
	tr.Transforms = append(tr.Transforms, &poison{at: 8*2 + 3}) // the third update of epoch 3
	var log []string
	cfg := config(dir, 4)
	cfg.BeforeEpoch = func(e int) error { log = append(log, "before "+strconv.Itoa(e)); return nil }
	cfg.Progress = func(e int) (func(int, int), func()) {
		return func(done, total int) {
				if done == total {
					log = append(log, "last batch")
				}
			}, func() {
				log = append(log, "finish")
			}
	}
	cfg.Columns = []string{"epoch"}
	cfg.Row = func(st rbm.EpochStats) ([]string, error) {
		log = append(log, "row "+strconv.Itoa(st.Epoch))
		return []string{strconv.Itoa(st.Epoch)}, nil
	}
	cfg.AfterEpoch = func(e int, _ rbm.EpochStats) error {
		if _, err := os.Stat(filepath.Join(dir, CheckpointsDir, CheckpointName(e, 0))); err != nil {
			t.Errorf("after epoch %d: %v", e, err)
		}
		log = append(log, "after "+strconv.Itoa(e))
		return nil
	}
	r, err := New(tr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Train(context.Background())
	if !errors.Is(err, rbm.ErrStopped) || !strings.Contains(err.Error(), "the model of epoch 2 is in") {
		t.Fatalf("a NaN gradient in epoch 3: %v", err)
	}
	want := []string{"row 0",
		"before 1", "last batch", "finish", "row 1", "after 1",
		"before 2", "last batch", "finish", "row 2", "after 2",
		"before 3", "finish"}
	if !slices.Equal(log, want) {
		t.Errorf("hooks\n%q\nwant\n%q", log, want)
	}
	ck, err := rbm.LoadCheckpoint[float64](filepath.Join(dir, CheckpointsDir, CheckpointName(2, 0)))
	if err != nil {
		t.Fatal(err)
	}
	var epoch2 []uint64
	for _, p := range ck.Model.Params() {
		for _, x := range p.Value.Data().([]float64) {
			epoch2 = append(epoch2, math.Float64bits(x))
		}
	}
	if !slices.Equal(modelBits(t, dir), epoch2) {
		t.Error("model.npz is not the model of epoch 2")
	}
}
