package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Write calls write with a temporary file in path's folder and, if it and
// every later step succeed, renames the file to path with permissions 0644.
// Errors name path.
func Write(path string, write func(w io.Writer) error) (err error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("writing %s: %w", path, ErrIsFolder)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	pending.Store(tmp.Name(), true)
	defer pending.Delete(tmp.Name())
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				err = errors.Join(err, tmp.Close())
			}
			os.Remove(tmp.Name())
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	closed = true
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ErrIsFolder is wrapped by the error of a write whose path is a folder.
var ErrIsFolder = errors.New("is a folder; give a file name")

// pending holds the temporary files being written, for RemovePending.
var pending sync.Map

// RemovePending removes the temporary files of the writes under way. A
// program that is about to exit on a signal calls it, so that no partial
// file is left beside the whole ones.
func RemovePending() {
	pending.Range(func(name, _ any) bool {
		os.Remove(name.(string))
		return true
	})
}
