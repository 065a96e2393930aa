package run

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/rbmgo/rbm/rbm/npz"
)

// CheckpointName names the checkpoint written after the given number of
// epochs completed and, inside the next epoch, batches done.
func CheckpointName(epochs, batches int) string {
	if batches == 0 {
		return fmt.Sprintf("epoch_%04d.npz", epochs)
	}
	return fmt.Sprintf("epoch_%04d_batch_%06d.npz", epochs, batches)
}

// Entry describes a checkpoint from its settings alone.
type Entry struct {
	Path     string
	Epochs   int               // epochs completed
	Batches  int               // batches done of the next epoch
	Time     string            // when it was written, RFC 3339
	Monitors map[string]string // the last monitors row, by column
	Flags    map[string]string // the settings' "flags" entry (a command's flags)
	Source   *Source           // the data the run trained on, if it was recorded
}

// Damaged is a file named like a checkpoint that cannot be read as one: a
// checkpoint damaged after it was written, or a file of another kind.
type Damaged struct {
	Path string
	Err  error
}

// ErrNoCheckpoints is wrapped by the error of Find for a folder that holds
// no checkpoint to continue from.
var ErrNoCheckpoints = errors.New("holds no checkpoints")

// ReadEntry reads a checkpoint's description without its arrays.
func ReadEntry(path string) (Entry, error) {
	r, err := npz.Open(path)
	if err != nil {
		return Entry{}, err
	}
	defer r.Close()
	raw, err := r.ReadString("settings", 1<<22)
	if err != nil {
		return Entry{}, fmt.Errorf("%s: %w", path, err)
	}
	var settings struct {
		Extra struct {
			Time     string            `json:"time"`
			Epochs   int               `json:"epochs_completed"`
			Batches  int               `json:"batches_done"`
			Monitors [][]string        `json:"monitors"`
			Flags    map[string]string `json:"flags"`
			Source   *Source           `json:"data_source"`
		} `json:"extra"`
	}
	if err := json.Unmarshal([]byte(raw), &settings); err != nil {
		return Entry{}, fmt.Errorf("%s: settings: %w", path, err)
	}
	for _, name := range []string{"checkpoint", "checksum"} {
		if _, err := r.Header(name); err != nil {
			return Entry{}, fmt.Errorf("%s: not a checkpoint (no %s entry)", path, name)
		}
	}
	x := settings.Extra
	e := Entry{Path: path, Epochs: x.Epochs, Batches: x.Batches, Time: x.Time, Flags: x.Flags, Source: x.Source, Monitors: map[string]string{}}
	if n := len(x.Monitors); n >= 2 {
		for i, col := range x.Monitors[0] {
			if i < len(x.Monitors[n-1]) {
				e.Monitors[col] = x.Monitors[n-1][i]
			}
		}
	}
	return e, nil
}

// List returns the checkpoints of a run folder, oldest first, leaving out
// those that cannot be read (see Scan).
func List(dir string) ([]Entry, error) {
	list, _, err := Scan(dir)
	return list, err
}

// Scan returns the checkpoints of a run folder, oldest first, and the
// files named like checkpoints that cannot be read as such (damaged),
// which are left out of the list: one bad file does not hide the whole
// ones. Checkpoints of abandoned branches (checkpoints/abandoned-N/) are
// not the run's.
func Scan(dir string) (list []Entry, damaged []Damaged, err error) {
	paths, err := filepath.Glob(filepath.Join(dir, CheckpointsDir, checkpointPattern))
	if err != nil {
		return nil, nil, err
	}
	for _, p := range paths {
		e, err := ReadEntry(p)
		if err != nil {
			damaged = append(damaged, Damaged{Path: p, Err: err})
			continue
		}
		list = append(list, e)
	}
	slices.SortFunc(list, func(a, b Entry) int {
		if a.Epochs != b.Epochs {
			return a.Epochs - b.Epochs
		}
		return a.Batches - b.Batches
	})
	return list, damaged, nil
}

// Criterion says which checkpoint is best: the end-of-epoch one whose last
// monitors row holds the largest (Larger) or smallest value in Column.
type Criterion struct {
	Column string
	Larger bool
}

// Best returns the index in list of the best end-of-epoch checkpoint by c,
// or -1 when none has a finite value in c's column.
func Best(list []Entry, c Criterion) int {
	best, bestValue := -1, 0.0
	for i, e := range list {
		v, err := strconv.ParseFloat(e.Monitors[c.Column], 64)
		if e.Batches != 0 || err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		if best < 0 || (c.Larger && v > bestValue) || (!c.Larger && v < bestValue) {
			best, bestValue = i, v
		}
	}
	return best
}

// Prune removes all checkpoints of dir but the latest keep and the best by
// c.
func Prune(dir string, keep int, c Criterion) error {
	list, err := List(dir)
	if err != nil {
		return err
	}
	best := Best(list, c)
	for i, e := range list {
		if i < len(list)-keep && i != best {
			if err := os.Remove(e.Path); err != nil {
				return err
			}
		}
	}
	return nil
}

// Find returns the checkpoint that from names, a run folder (its latest
// readable checkpoint; see Scan) or a checkpoint file, and the run folder
// it belongs to. A folder without one gives an error wrapping
// ErrNoCheckpoints.
func Find(from string) (path, dir string, err error) {
	st, err := os.Stat(from)
	if err != nil {
		return "", "", err
	}
	if !st.IsDir() {
		dir = filepath.Dir(from)
		if filepath.Base(dir) == CheckpointsDir {
			dir = filepath.Dir(dir)
		}
		return from, dir, nil
	}
	list, err := List(from)
	if err != nil {
		return "", "", err
	}
	if len(list) == 0 {
		return "", "", fmt.Errorf("%s %w", from, ErrNoCheckpoints)
	}
	return list[len(list)-1].Path, from, nil
}
