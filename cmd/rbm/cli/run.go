package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rbmgo/rbm/rbm/npz"
)

// A run folder holds monitors.csv, model.npz, the pictures, and the
// checkpoints in checkpoints/, named by the epoch (and the batch, for a
// checkpoint inside an epoch).

// runFiles are the files whose presence shows that a folder holds a run.
var runFiles = []string{"model.npz", "monitors.csv", "checkpoints"}

// prepareRunFolder makes dir ready for a new run: it refuses a folder that
// holds a run unless overwrite is set, and then removes that run's files.
func prepareRunFolder(dir string, overwrite bool) error {
	for _, name := range runFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			if !overwrite {
				return fmt.Errorf("%s already holds a run (%s): continue it with --resume %s, or replace it with --overwrite", dir, name, dir)
			}
			if err := removeRun(dir); err != nil {
				return err
			}
			break
		}
	}
	return os.MkdirAll(filepath.Join(dir, "checkpoints"), 0o755)
}

// removeRun removes the files a run writes into dir, and nothing else.
func removeRun(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, "checkpoints")); err != nil {
		return err
	}
	for _, pattern := range []string{"model.npz", "monitors.csv", "samples.png", "filters_at_epoch_*.png", "histograms_at_epoch_*.png"} {
		matches, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, m := range matches {
			if err := os.Remove(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkpointName names the checkpoint written after the given number of
// epochs completed and, inside the next epoch, batches done.
func checkpointName(epochs, batches int) string {
	if batches == 0 {
		return fmt.Sprintf("epoch_%04d.npz", epochs)
	}
	return fmt.Sprintf("epoch_%04d_batch_%06d.npz", epochs, batches)
}

// checkpointEntry describes a checkpoint from its settings alone.
type checkpointEntry struct {
	path     string
	epochs   int               // epochs completed
	batches  int               // batches done of the next epoch
	time     string            // when it was written
	monitors map[string]string // the last monitors row, by column
	flags    map[string]string
}

// readCheckpointEntry reads a checkpoint's description without its arrays.
func readCheckpointEntry(path string) (checkpointEntry, error) {
	r, err := npz.Open(path)
	if err != nil {
		return checkpointEntry{}, err
	}
	defer r.Close()
	raw, err := r.ReadString("settings", 1<<22)
	if err != nil {
		return checkpointEntry{}, fmt.Errorf("%s: %w", path, err)
	}
	var settings struct {
		Extra struct {
			Time     string            `json:"time"`
			Epochs   int               `json:"epochs_completed"`
			Batches  int               `json:"batches_done"`
			Monitors [][]string        `json:"monitors"`
			Flags    map[string]string `json:"flags"`
		} `json:"extra"`
	}
	if err := json.Unmarshal([]byte(raw), &settings); err != nil {
		return checkpointEntry{}, fmt.Errorf("%s: settings: %w", path, err)
	}
	if _, err := r.Header("checksum"); err != nil {
		return checkpointEntry{}, fmt.Errorf("%s: not a checkpoint (no checksum)", path)
	}
	x := settings.Extra
	e := checkpointEntry{path: path, epochs: x.Epochs, batches: x.Batches, time: x.Time, flags: x.Flags, monitors: map[string]string{}}
	if n := len(x.Monitors); n >= 2 {
		for i, col := range x.Monitors[0] {
			if i < len(x.Monitors[n-1]) {
				e.monitors[col] = x.Monitors[n-1][i]
			}
		}
	}
	return e, nil
}

// listCheckpoints returns the checkpoints of a run folder, oldest first.
func listCheckpoints(dir string) ([]checkpointEntry, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "checkpoints", "epoch_*.npz"))
	if err != nil {
		return nil, err
	}
	var list []checkpointEntry
	for _, p := range paths {
		e, err := readCheckpointEntry(p)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	slices.SortFunc(list, func(a, b checkpointEntry) int {
		if a.epochs != b.epochs {
			return a.epochs - b.epochs
		}
		return a.batches - b.batches
	})
	return list, nil
}

// bestColumn returns the monitors column --best-by names and whether larger
// is better.
func bestColumn(bestBy string) (string, bool) {
	col := strings.ReplaceAll(bestBy, "-", "_")
	if strings.HasSuffix(col, "reconstruction") {
		return col + "_cross_entropy", false
	}
	return col, true
}

// bestCheckpoint returns the index of the end-of-epoch checkpoint with the
// best value of the monitor, or -1.
func bestCheckpoint(list []checkpointEntry, bestBy string) int {
	col, larger := bestColumn(bestBy)
	best, bestValue := -1, 0.0
	for i, e := range list {
		v, err := strconv.ParseFloat(e.monitors[col], 64)
		if e.batches != 0 || err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		if best < 0 || (larger && v > bestValue) || (!larger && v < bestValue) {
			best, bestValue = i, v
		}
	}
	return best
}

// pruneCheckpoints removes all but the latest keep checkpoints and the best.
func pruneCheckpoints(dir string, keep int, bestBy string) error {
	list, err := listCheckpoints(dir)
	if err != nil {
		return err
	}
	best := bestCheckpoint(list, bestBy)
	for i, e := range list {
		if i < len(list)-keep && i != best {
			if err := os.Remove(e.path); err != nil {
				return err
			}
		}
	}
	return nil
}

// findCheckpoint returns the checkpoint --resume names (a run folder's
// latest, or a file) and the run folder it belongs to.
func findCheckpoint(resume string) (path, dir string, err error) {
	st, err := os.Stat(resume)
	if err != nil {
		return "", "", fmt.Errorf("--resume: %w", err)
	}
	if !st.IsDir() {
		dir = filepath.Dir(resume)
		if filepath.Base(dir) == "checkpoints" {
			dir = filepath.Dir(dir)
		}
		return resume, dir, nil
	}
	list, err := listCheckpoints(resume)
	if err != nil {
		return "", "", fmt.Errorf("--resume: %w", err)
	}
	if len(list) == 0 {
		return "", "", errors.New("--resume: " + resume + " holds no checkpoints")
	}
	return list[len(list)-1].path, resume, nil
}
