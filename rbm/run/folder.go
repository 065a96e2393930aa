package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// The files of a run folder.
const (
	ModelFile      = "model.npz"
	MonitorsFile   = "monitors.csv"
	CheckpointsDir = "checkpoints"
)

// runFiles are the files whose presence shows that a folder holds a run.
var runFiles = []string{ModelFile, MonitorsFile, CheckpointsDir}

// ErrExists is the error, wrapped in an *ExistsError, of a folder that
// already holds a run.
var ErrExists = errors.New("already holds a run")

// ExistsError reports a folder that already holds a run: File is the first
// of its files found.
type ExistsError struct {
	Dir, File string
}

func (e *ExistsError) Error() string { return fmt.Sprintf("%s %v (%s)", e.Dir, ErrExists, e.File) }

// Unwrap returns ErrExists.
func (e *ExistsError) Unwrap() error { return ErrExists }

// Prepare makes dir ready for a new run. A folder that holds a run is
// refused with an *ExistsError unless overwrite is set; then that run's
// files are removed: the run folder's own and those matching the patterns
// of outputs (such as "filters_at_epoch_*.png"), and nothing else.
func Prepare(dir string, overwrite bool, outputs ...string) error {
	for _, name := range runFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			if !overwrite {
				return &ExistsError{Dir: dir, File: name}
			}
			if err := remove(dir, outputs); err != nil {
				return err
			}
			break
		}
	}
	return os.MkdirAll(filepath.Join(dir, CheckpointsDir), 0o755)
}

// remove removes the files a run writes into dir, and nothing else.
func remove(dir string, outputs []string) error {
	if err := os.RemoveAll(filepath.Join(dir, CheckpointsDir)); err != nil {
		return err
	}
	for _, pattern := range append([]string{ModelFile, MonitorsFile}, outputs...) {
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
