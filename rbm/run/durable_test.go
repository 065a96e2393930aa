package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
	"github.com/rbmgo/rbm/rbm"
)

// trained returns a run folder trained for the given epochs.
func trained(t *testing.T, epochs int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	r, err := New(newTrainer(t, newModel(t)), config(dir, epochs))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// resume continues the run in dir from path (its latest checkpoint when
// path is "") with cfg.
func resume(t *testing.T, path string, cfg Config[float64]) (*Run[float64], error) {
	t.Helper()
	if path == "" {
		var err error
		if path, _, err = Find(cfg.Dir); err != nil {
			t.Fatal(err)
		}
	}
	ck, err := rbm.LoadCheckpoint[float64](path)
	if err != nil {
		t.Fatal(err)
	}
	return Resume(newTrainer(t, ck.Model), ck, cfg)
}

// One writer at a time: while a run holds its folder, a second run of it
// (resumed, or a new one overwriting it) is refused with ErrBusy naming
// the holder, and nothing of the folder changes; once the first is closed,
// it goes ahead.
func TestOneWriterInProcess(t *testing.T) {
	dir := trained(t, 1)
	first, err := resume(t, "", config(dir, 3))
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	before, _ := os.ReadFile(filepath.Join(dir, ModelFile))
	holder := fmt.Sprintf("process %d", os.Getpid())
	cfg := config(dir, 2)
	cfg.Overwrite = true
	for name, second := range map[string]func() (*Run[float64], error){
		"resume":    func() (*Run[float64], error) { return resume(t, "", config(dir, 3)) },
		"overwrite": func() (*Run[float64], error) { return New(newTrainer(t, newModel(t)), cfg) },
		"check": func() (*Run[float64], error) {
			return nil, Check(dir, true)
		},
	} {
		if r, err := second(); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), holder) {
			if r != nil {
				r.Close()
			}
			t.Errorf("%s while the folder is held: %v, want ErrBusy naming %s", name, err, holder)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, ModelFile)); !slices.Equal(before, after) {
		t.Error("a refused run changed model.npz")
	}
	if _, err := first.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	first.Close()
	if _, err := first.Train(context.Background()); err == nil {
		t.Error("a closed run trained")
	}
	r, err := New(newTrainer(t, newModel(t)), cfg)
	if err != nil {
		t.Fatalf("overwriting once the first run is closed: %v", err)
	}
	r.Close()
}

// A run held by another process is refused with that process's ID, and
// taken over once that process is killed (the lock dies with it).
func TestOneWriterAcrossProcesses(t *testing.T) {
	if dir := os.Getenv("RUN_HOLD"); dir != "" {
		r, err := New(newTrainer(t, newModel(t)), config(dir, 1))
		if err != nil {
			fmt.Println(err)
			os.Exit(3)
		}
		_ = r
		testutil.Hold()
	}
	dir := filepath.Join(t.TempDir(), "run")
	cmd := testutil.StartHolder(t, "RUN_HOLD="+dir, "TestOneWriterAcrossProcesses")
	cfg := config(dir, 1)
	cfg.Overwrite = true
	holder := fmt.Sprintf("process %d", cmd.Process.Pid)
	if err := Check(dir, true); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), holder) {
		t.Errorf("Check while the child runs: %v, want ErrBusy naming %s", err, holder)
	}
	if r, err := New(newTrainer(t, newModel(t)), cfg); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), holder) {
		if r != nil {
			r.Close()
		}
		t.Fatalf("--overwrite while the child runs: %v, want ErrBusy naming %s", err, holder)
	}
	cmd.Process.Kill()
	cmd.Wait()
	r, err := New(newTrainer(t, newModel(t)), cfg)
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	r.Close()
}

// A resumed run proves it trains on its own data: a Source of other bytes
// (another file at the same relative path, or the file changed) is refused
// unless the user names other data deliberately, and then recorded; the
// same bytes moved elsewhere are the same data.
func TestResumeOtherData(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "rows.csv")
	if err := os.WriteFile(file, []byte("1,0\n0,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := Fingerprint(file)
	if err != nil || src.Size != 8 || len(src.SHA256) != 64 || !filepath.IsAbs(src.Path) {
		t.Fatalf("Fingerprint: %+v, %v", src, err)
	}
	dir := filepath.Join(tmp, "run")
	cfg := config(dir, 1)
	cfg.Source = src
	r, err := New(newTrainer(t, newModel(t)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.Close()
	list, _ := List(dir)
	if len(list) != 1 || list[0].Source == nil || *list[0].Source != *src {
		t.Fatalf("the checkpoint's source: %+v", list)
	}
	if _, extra, err := rbm.Load[float64](filepath.Join(dir, ModelFile)); err != nil || extra["data_source"] == nil {
		t.Errorf("model.npz settings %v, %v", extra, err)
	}

	moved := filepath.Join(tmp, "elsewhere.csv")
	os.WriteFile(moved, []byte("1,0\n0,1\n"), 0o644)
	other := filepath.Join(tmp, "other.csv")
	os.WriteFile(other, []byte("1,1\n0,1\n"), 0o644)
	for _, tc := range []struct {
		name      string
		path      string
		otherData bool
		refused   bool
	}{
		{"same bytes elsewhere", moved, false, false},
		{"other bytes", other, false, true},
		{"other bytes deliberately", other, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			given, err := Fingerprint(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			cfg := config(dir, 2)
			cfg.Source, cfg.OtherData = given, tc.otherData
			r, err := resume(t, list[0].Path, cfg)
			if tc.refused {
				var oe *OtherDataError
				if !errors.Is(err, ErrOtherData) || !errors.As(err, &oe) || *oe.Saved != *src || !strings.Contains(err.Error(), given.Path) {
					t.Fatalf("resumed on other data: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := r.Train(context.Background()); err != nil {
				t.Fatal(err)
			}
			latest, _ := List(dir)
			if got := latest[len(latest)-1].Source; got == nil || *got != *given {
				t.Errorf("the new checkpoint records %+v, want %+v", got, given)
			}
		})
	}
}

// A junk file named like a checkpoint, or a damaged one, does not hide the
// folder's whole checkpoints: Scan reports it, List, Find and Prune pass
// it by.
func TestDamagedCheckpointsSkipped(t *testing.T) {
	dir := trained(t, 3)
	ck := filepath.Join(dir, CheckpointsDir)
	b, err := os.ReadFile(filepath.Join(ck, CheckpointName(2, 0)))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(ck, CheckpointName(1, 0)), []byte("junk"), 0o644)
	os.WriteFile(filepath.Join(ck, CheckpointName(2, 0)), b[:len(b)/2], 0o644)
	list, damaged, err := Scan(dir)
	if err != nil || len(list) != 1 || list[0].Epochs != 3 || len(damaged) != 2 || damaged[0].Err == nil {
		t.Fatalf("Scan: %+v, damaged %+v, %v", list, damaged, err)
	}
	path, _, err := Find(dir)
	if err != nil || filepath.Base(path) != CheckpointName(3, 0) {
		t.Fatalf("Find: %s, %v", path, err)
	}
	r, err := resume(t, "", config(dir, 4))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Resuming from an earlier checkpoint than the latest begins a branch:
// the later checkpoints of the branch given up move into
// checkpoints/abandoned-1/, so that the folder's latest and best are the
// new branch's; a second branch goes into abandoned-2/.
func TestResumeEarlierAbandonsLater(t *testing.T) {
	dir := trained(t, 3)
	ck := filepath.Join(dir, CheckpointsDir)
	for n, want := range []string{"abandoned-1", "abandoned-2"} {
		cfg := config(dir, 2)
		cfg.Best = Criterion{Column: "reconstruction_cross_entropy"}
		r, err := resume(t, filepath.Join(ck, CheckpointName(1, 0)), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(r.Abandoned()) != want {
			t.Errorf("branch %d: abandoned into %q, want %s", n+1, r.Abandoned(), want)
		}
		list, _ := List(dir)
		if len(list) != 1 || list[0].Epochs != 1 {
			t.Fatalf("branch %d: checkpoints after resuming from epoch 1: %+v", n+1, list)
		}
		if path, _, _ := Find(dir); filepath.Base(path) != CheckpointName(1, 0) {
			t.Errorf("branch %d: the latest is %s", n+1, path)
		}
		if _, err := r.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		r.Close()
		list, _ = List(dir)
		if len(list) != 2 || list[1].Epochs != 2 {
			t.Errorf("branch %d: checkpoints %+v", n+1, list)
		}
	}
	for _, want := range []string{"abandoned-1/epoch_0002.npz", "abandoned-1/epoch_0003.npz", "abandoned-2/epoch_0002.npz"} {
		if _, err := os.Stat(filepath.Join(ck, want)); err != nil {
			t.Errorf("abandoned checkpoint: %v", err)
		}
	}
	// Overwriting removes the abandoned branches with the run.
	cfg := config(dir, 1)
	cfg.Overwrite = true
	r, err := New(newTrainer(t, newModel(t)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if left, _ := filepath.Glob(filepath.Join(ck, "abandoned-*")); len(left) != 0 {
		t.Errorf("after overwriting: %v", left)
	}
}

// The temporary files of a process killed while it wrote are removed by
// the next run of the folder, resumed or new.
func TestTemporaryFilesRemoved(t *testing.T) {
	dir := trained(t, 1)
	leftovers := []string{".model.npz-123", ".monitors.csv-9", filepath.Join(CheckpointsDir, ".epoch_0002.npz-4567")}
	kept := []string{"notes.npz-1", filepath.Join(CheckpointsDir, "notes.txt")}
	for _, name := range append(slices.Clone(leftovers), kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := resume(t, "", config(dir, 1))
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	for _, name := range leftovers {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after resuming: %v", name, err)
		}
	}
	for _, name := range kept {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A run whose first epoch failed before its first checkpoint (a disk that
// filled up, say) leaves a folder that holds no run: a new run takes it
// without --overwrite, and Find says it holds no checkpoints.
func TestFailedFirstEpochReusable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	full := errors.New("no space left on device")
	cfg := config(dir, 2)
	cfg.Columns = DefaultColumns
	cfg.Row = func(st rbm.EpochStats) ([]string, error) {
		if st.Epoch == 1 {
			return nil, full
		}
		return DefaultRow(st)
	}
	r, err := New(newTrainer(t, newModel(t)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Train(context.Background()); !errors.Is(err, full) {
		t.Fatalf("Train: %v", err)
	}
	r.Close()
	if _, err := os.Stat(filepath.Join(dir, MonitorsFile)); err != nil {
		t.Fatalf("the failed run left no monitors.csv: %v", err)
	}
	if _, _, err := Find(dir); !errors.Is(err, ErrNoCheckpoints) {
		t.Errorf("Find: %v, want ErrNoCheckpoints", err)
	}
	if err := Check(dir, false); err != nil {
		t.Errorf("Check: %v", err)
	}
	r, err = New(newTrainer(t, newModel(t)), config(dir, 1))
	if err != nil {
		t.Fatalf("a new run in the folder of a run that failed in its first epoch: %v", err)
	}
	if _, err := r.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if err := Check(dir, false); !errors.Is(err, ErrExists) {
		t.Errorf("Check of a folder with a run: %v", err)
	}
}
