package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/rbmgo/rbm/internal/runlock"
)

// The files of a run folder.
const (
	ModelFile      = "model.npz"
	MonitorsFile   = "monitors.csv"
	CheckpointsDir = "checkpoints"
	// AbandonedPrefix begins the folders in checkpoints/ that hold the
	// checkpoints of a branch given up when a run was resumed from an
	// earlier checkpoint: checkpoints/abandoned-1/, abandoned-2/, ...
	AbandonedPrefix = "abandoned-"
)

// ErrExists is the error, wrapped in an *ExistsError, of a folder that
// already holds a run.
var ErrExists = errors.New("already holds a run")

// ErrBusy is wrapped by the error of a run folder another run is writing
// into (see package internal/runlock).
var ErrBusy = runlock.ErrBusy

// ExistsError reports a folder that already holds a run: File is the first
// of its files found.
type ExistsError struct {
	Dir, File string
}

func (e *ExistsError) Error() string { return fmt.Sprintf("%s %v (%s)", e.Dir, ErrExists, e.File) }

// Unwrap returns ErrExists.
func (e *ExistsError) Unwrap() error { return ErrExists }

// holdsRun returns the first file that shows dir holds a run, or "": its
// model.npz, or a checkpoint. A folder with no more than a monitors.csv
// and an empty checkpoints/ is left by a run that stopped before its first
// checkpoint (its first epoch failed, say); it holds nothing to continue
// and is reused by a new run.
func holdsRun(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, ModelFile)); err == nil {
		return ModelFile, nil
	}
	paths, err := filepath.Glob(filepath.Join(dir, CheckpointsDir, checkpointPattern))
	if err != nil || len(paths) == 0 {
		return "", err
	}
	return filepath.Join(CheckpointsDir, filepath.Base(paths[0])), nil
}

// Check says whether a new run may begin in dir, without changing the
// run it holds: a folder another run is writing into is refused with an error
// wrapping ErrBusy, and one that holds a run with an *ExistsError unless
// overwrite is set. A command calls it before it reads its data; New
// checks again, holding the folder's lock.
func Check(dir string, overwrite bool) error {
	st, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("run folder %s is not a folder", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, runlock.Name)); err == nil {
		l, err := runlock.Acquire(dir)
		if err != nil {
			return err
		}
		l.Release()
	}
	file, err := holdsRun(dir)
	if err != nil {
		return err
	}
	if file != "" && !overwrite {
		return &ExistsError{Dir: dir, File: file}
	}
	return nil
}

// Prepare makes dir, whose lock the caller holds, ready for a new run. A
// folder that holds a run is refused with an *ExistsError unless overwrite
// is set; then that run's files are removed: the run folder's own
// (model.npz, monitors.csv, the checkpoints and the abandoned branches'),
// temporary files left by a process that was killed, and those matching
// the patterns of outputs (such as "filters_at_epoch_*.png"), and nothing
// else: a file of another name in checkpoints/ stays.
func Prepare(dir string, overwrite bool, outputs ...string) error {
	file, err := holdsRun(dir)
	if err != nil {
		return err
	}
	if file != "" && !overwrite {
		return &ExistsError{Dir: dir, File: file}
	}
	if err := removeTemporary(dir); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, MonitorsFile)); file != "" || err == nil {
		if err := remove(dir, outputs); err != nil {
			return err
		}
	}
	return os.MkdirAll(filepath.Join(dir, CheckpointsDir), 0o755)
}

// checkpointPattern matches the checkpoints a run writes.
const checkpointPattern = "epoch_*.npz"

// remove removes the files a run writes into dir, and nothing else.
func remove(dir string, outputs []string) error {
	ck := filepath.Join(dir, CheckpointsDir)
	branches, err := filepath.Glob(filepath.Join(ck, AbandonedPrefix+"*"))
	if err != nil {
		return err
	}
	for _, folder := range append(branches, ck) {
		if err := removeMatching(folder, []string{checkpointPattern}); err != nil {
			return err
		}
		if folder != ck {
			os.Remove(folder) // only if empty: files the run did not write stay
		}
	}
	return removeMatching(dir, append([]string{ModelFile, MonitorsFile}, outputs...))
}

// removeMatching removes the files of dir that match the patterns.
func removeMatching(dir string, patterns []string) error {
	for _, pattern := range patterns {
		matches, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return fmt.Errorf("run: pattern %q: %w", pattern, err)
		}
		for _, m := range matches {
			if err := os.Remove(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// temporaryPatterns match the temporary files of the run's writes (see
// package internal/atomicfile), which a process killed while it wrote
// leaves behind.
var temporaryPatterns = []string{"." + ModelFile + "-*", "." + MonitorsFile + "-*", filepath.Join(CheckpointsDir, ".epoch_*.npz-*")}

// removeTemporary removes the temporary files of dir's run. Only the
// holder of the folder's lock may: the files of a run under way are not
// left over.
func removeTemporary(dir string) error {
	return removeMatching(dir, temporaryPatterns)
}

// abandon moves the checkpoints of dir written after the position a run
// is resumed from (epochs completed, then batches done) into a new folder
// checkpoints/abandoned-N/, out of the way of Find, Best and Prune, and
// returns that folder ("" when there were none).
func abandon(dir string, epochs, batches int) (string, error) {
	list, _, err := Scan(dir)
	if err != nil {
		return "", err
	}
	var later []Entry
	for _, e := range list {
		if e.Epochs > epochs || (e.Epochs == epochs && e.Batches > batches) {
			later = append(later, e)
		}
	}
	if len(later) == 0 {
		return "", nil
	}
	var folder string
	for n := 1; ; n++ {
		folder = filepath.Join(dir, CheckpointsDir, AbandonedPrefix+strconv.Itoa(n))
		err := os.Mkdir(folder, 0o755)
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	for _, e := range later {
		if err := os.Rename(e.Path, filepath.Join(folder, filepath.Base(e.Path))); err != nil {
			return "", err
		}
	}
	return folder, nil
}
