package run

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rbmgo/rbm/internal/runlock"
	"github.com/rbmgo/rbm/rbm"
)

// Config says what a run trains and what it writes.
type Config[T rbm.Float] struct {
	Dir    string // the run folder
	Epochs int    // the run is done when this many epochs are complete
	Data   []T    // the training rows
	// Settings are saved with the model and with every checkpoint, beside
	// the epochs completed (a command saves its flags under "flags", which
	// Entry reads back).
	Settings map[string]any

	// Columns are monitors.csv's, and Row returns the row of an epoch's
	// monitors (Epoch 0: the untrained model's, measured on Data). Both nil:
	// DefaultColumns and DefaultRow.
	Columns []string
	Row     func(st rbm.EpochStats) ([]string, error)
	// Model returns the model that model.npz holds; nil: the trainer's.
	// (A run that averages the parameters saves their mean.)
	Model func() (*rbm.RBM[T], error)

	CheckpointEvery int       // batches between checkpoints inside an epoch; 0: at the ends of epochs only
	Keep            int       // the latest checkpoints kept, besides the best; 0 keeps them all
	Best            Criterion // which checkpoint is the best, kept whatever Keep says
	Overwrite       bool      // New replaces a run the folder holds
	// Source is the data's (see Fingerprint), saved with the model and the
	// checkpoints; nil: not recorded. Resume refuses a Source other than
	// the checkpoint's with an *OtherDataError unless OtherData is set (the
	// user named other data deliberately); then the new one is recorded.
	Source    *Source
	OtherData bool
	Outputs   []string // patterns of further files the caller writes into the run folder, removed with a run that is overwritten

	// BeforeEpoch, if not nil, is called before each epoch, e from 1 (for
	// a schedule of learning rates).
	BeforeEpoch func(e int) error
	// AfterEpoch, if not nil, is called after each epoch once its row, the
	// model and the checkpoint are written (for pictures).
	AfterEpoch func(e int, st rbm.EpochStats) error
	// Progress, if not nil, is called before each epoch; update is then
	// called after every batch, and finish when the epoch ends, well or
	// not, before anything else is written.
	Progress func(e int) (update func(done, total int), finish func())
}

// DefaultColumns are the columns of DefaultRow.
var DefaultColumns = []string{"epoch", "pseudo_likelihood", "reconstruction_cross_entropy", "cost", "seconds"}

// DefaultRow returns the trainer's monitors of an epoch as a row of
// DefaultColumns.
func DefaultRow(st rbm.EpochStats) ([]string, error) {
	return []string{strconv.Itoa(st.Epoch), Format(st.PseudoLikelihood), Format(st.Reconstruction), Format(st.Cost), Format(st.Seconds)}, nil
}

// Format writes a monitor's value as monitors.csv holds it.
func Format(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }

func (c *Config[T]) validate() error {
	switch {
	case c.Dir == "":
		return errors.New("run: no run folder")
	case c.Epochs < 0:
		return fmt.Errorf("run: %d epochs", c.Epochs)
	case (c.Columns == nil) != (c.Row == nil):
		return errors.New("run: monitors columns and rows go together")
	case c.CheckpointEvery < 0 || c.Keep < 0:
		return fmt.Errorf("run: a checkpoint every %d batches, keeping %d", c.CheckpointEvery, c.Keep)
	}
	if c.Row == nil {
		c.Columns, c.Row = DefaultColumns, DefaultRow
	}
	return nil
}

// Run is a training run under way in its folder, whose lock it holds
// until Close.
type Run[T rbm.Float] struct {
	cfg    Config[T]
	tr     *rbm.Trainer[T]
	mon    *Monitors
	lock   *runlock.Lock
	epochs int // completed
	// abandoned is the folder of the checkpoints Resume gave up, if any.
	abandoned string
	update    func(done, total int)
	finish    func()
}

// New begins a run of tr in cfg.Dir. It measures the untrained model on
// cfg.Data (which checks the data) before it writes anything, then takes
// the folder's lock (a folder another run writes into is refused with an
// error wrapping ErrBusy that names its process), prepares the folder
// (see Prepare) and writes the first monitors row. The lock is held until
// Close, which the caller must call whatever happens next.
func New[T rbm.Float](tr *rbm.Trainer[T], cfg Config[T]) (_ *Run[T], err error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	before, err := tr.Evaluate(cfg.Data)
	if err != nil {
		return nil, err
	}
	row, err := cfg.Row(before)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := runlock.Acquire(cfg.Dir)
	if err != nil {
		return nil, err
	}
	defer releaseOnError(lock, &err)
	if err := Prepare(cfg.Dir, cfg.Overwrite, cfg.Outputs...); err != nil {
		return nil, err
	}
	r := newRun(tr, cfg, NewMonitors(filepath.Join(cfg.Dir, MonitorsFile), cfg.Columns), lock)
	return r, r.mon.Append(row)
}

// releaseOnError releases the lock when *err is not nil.
func releaseOnError(l *runlock.Lock, err *error) {
	if *err != nil {
		l.Release()
	}
}

// Resume continues the run of the checkpoint ck (rbm.LoadCheckpoint) in
// cfg.Dir: tr is a trainer of ck.Model built as the run's was, which takes
// the checkpoint's state; monitors.csv is rewritten as it was when the
// checkpoint was written.
//
// Resume takes the folder's lock as New does, until Close; it refuses data
// other than the checkpoint's (see Config.Source); it removes the
// temporary files a killed process left; and when the checkpoint is not
// the folder's latest, it moves the later checkpoints, a branch of the run
// now given up, into checkpoints/abandoned-N/ (see Abandoned), so that
// they are neither the best nor continued by the next Resume.
func Resume[T rbm.Float](tr *rbm.Trainer[T], ck *rbm.Checkpoint[T], cfg Config[T]) (_ *Run[T], err error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if tr.Model != ck.Model {
		return nil, errors.New("run: the trainer does not train the checkpoint's model")
	}
	saved, err := savedSource(ck.Extra)
	if err != nil {
		return nil, fmt.Errorf("run: checkpoint: %w", err)
	}
	if saved != nil && cfg.Source != nil && !saved.Same(cfg.Source) && !cfg.OtherData {
		return nil, &OtherDataError{Saved: saved, Given: cfg.Source}
	}
	if cfg.Source == nil {
		cfg.Source = saved
	}
	rows, err := savedRows(ck.Extra)
	if err != nil {
		return nil, fmt.Errorf("run: checkpoint: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, CheckpointsDir), 0o755); err != nil {
		return nil, err
	}
	lock, err := runlock.Acquire(cfg.Dir)
	if err != nil {
		return nil, err
	}
	defer releaseOnError(lock, &err)
	if err := tr.SetState(ck.State); err != nil {
		return nil, err
	}
	if err := removeTemporary(cfg.Dir); err != nil {
		return nil, err
	}
	r := newRun(tr, cfg, &Monitors{Path: filepath.Join(cfg.Dir, MonitorsFile), Rows: rows}, lock)
	r.epochs = ck.State.Epoch
	if ck.State.Batch > 0 {
		r.epochs-- // the epoch under way is continued
	}
	if r.abandoned, err = abandon(cfg.Dir, r.epochs, ck.State.Batch); err != nil {
		return nil, err
	}
	if err := r.mon.Write(); err != nil {
		return nil, err
	}
	return r, nil
}

func newRun[T rbm.Float](tr *rbm.Trainer[T], cfg Config[T], mon *Monitors, lock *runlock.Lock) *Run[T] {
	r := &Run[T]{cfg: cfg, tr: tr, mon: mon, lock: lock}
	tr.Callbacks = append(tr.Callbacks, r)
	return r
}

// Abandoned returns the folder into which Resume moved the checkpoints
// written after the one it continues from (checkpoints/abandoned-N), or ""
// when it continued from the latest.
func (r *Run[T]) Abandoned() string { return r.abandoned }

// Close releases the run folder's lock; a closed run trains no more.
// Closing a closed run does nothing.
func (r *Run[T]) Close() error {
	err := r.lock.Release()
	r.lock = nil
	return err
}

// Completed returns the epochs the run has completed.
func (r *Run[T]) Completed() int { return r.epochs }

// Monitors returns the rows of monitors.csv so far, the header first.
func (r *Run[T]) Monitors() [][]string { return r.mon.Rows }

// Summary is what a call of Train did.
type Summary struct {
	Epochs  int     // epochs completed
	Seconds float64 // their training time
}

// Train trains until the run has cfg.Epochs complete epochs. When ctx is
// done it stops after the batch under way, writes a checkpoint, and
// returns an error that wraps rbm.ErrInterrupted and names the checkpoint.
// When training stops (rbm.ErrStopped), model.npz holds the model of the
// last good epoch.
func (r *Run[T]) Train(ctx context.Context) (Summary, error) {
	var sum Summary
	if r.lock == nil {
		return sum, fmt.Errorf("run: the run in %s is closed", r.cfg.Dir)
	}
	for e := r.epochs + 1; e <= r.cfg.Epochs; e++ {
		st, err := r.epoch(ctx, e)
		if err != nil {
			return sum, err
		}
		sum.Epochs++
		sum.Seconds += st.Seconds
	}
	return sum, nil
}

// epoch trains epoch e.
func (r *Run[T]) epoch(ctx context.Context, e int) (rbm.EpochStats, error) {
	if r.cfg.BeforeEpoch != nil {
		if err := r.cfg.BeforeEpoch(e); err != nil {
			return rbm.EpochStats{}, err
		}
	}
	r.update, r.finish = nil, nil
	if r.cfg.Progress != nil {
		r.update, r.finish = r.cfg.Progress(e)
	}
	st, err := r.tr.EpochContext(ctx, r.cfg.Data, nil)
	r.finished()
	switch {
	case errors.Is(err, rbm.ErrInterrupted):
		_, done := r.tr.Position()
		path, cerr := r.checkpoint(e-1, done)
		if cerr != nil {
			return st, errors.Join(err, cerr)
		}
		return st, fmt.Errorf("%w; a checkpoint is in %s", err, path)
	case errors.Is(err, rbm.ErrStopped):
		// The trainer put back the parameters of the last good epoch.
		if serr := r.saveModel(e - 1); serr != nil {
			return st, errors.Join(err, serr)
		}
		return st, fmt.Errorf("%w; the model of epoch %d is in %s", err, e-1, filepath.Join(r.cfg.Dir, ModelFile))
	}
	return st, err
}

// finished calls the epoch's finish, once.
func (r *Run[T]) finished() {
	if r.finish != nil {
		r.finish()
		r.finish = nil
	}
}

// AfterBatch reports progress and writes the checkpoints inside an epoch;
// the Run is one of its trainer's callbacks.
func (r *Run[T]) AfterBatch(_ *rbm.Trainer[T], st rbm.BatchStats) error {
	if r.update != nil {
		r.update(st.Batch, st.Batches)
	}
	if n := r.cfg.CheckpointEvery; n > 0 && st.Batch%n == 0 && st.Batch < st.Batches {
		_, err := r.checkpoint(st.Epoch-1, st.Batch)
		return err
	}
	return nil
}

// AfterEpoch writes the epoch's monitors row, the model and a checkpoint.
func (r *Run[T]) AfterEpoch(_ *rbm.Trainer[T], st rbm.EpochStats) error {
	r.finished()
	r.epochs = st.Epoch
	row, err := r.cfg.Row(st)
	if err != nil {
		return err
	}
	if err := r.mon.Append(row); err != nil {
		return err
	}
	if err := r.saveModel(st.Epoch); err != nil {
		return err
	}
	if _, err := r.checkpoint(st.Epoch, 0); err != nil {
		return err
	}
	if r.cfg.AfterEpoch != nil {
		return r.cfg.AfterEpoch(st.Epoch, st)
	}
	return nil
}

// model returns the model model.npz holds.
func (r *Run[T]) model() (*rbm.RBM[T], error) {
	if r.cfg.Model == nil {
		return r.tr.Model, nil
	}
	return r.cfg.Model()
}

// settings returns a copy of the caller's settings with the data's Source.
func (r *Run[T]) settings() map[string]any {
	s := maps.Clone(r.cfg.Settings)
	if s == nil {
		s = map[string]any{}
	}
	if r.cfg.Source != nil {
		s["data_source"] = r.cfg.Source
	}
	return s
}

// saveModel writes model.npz with the settings, the epochs completed and
// the updates averaged.
func (r *Run[T]) saveModel(epochs int) error {
	m, err := r.model()
	if err != nil {
		return err
	}
	settings := r.settings()
	settings["epochs_completed"] = epochs
	settings["averaged_updates"] = r.tr.Averaged()
	return rbm.Save(filepath.Join(r.cfg.Dir, ModelFile), m, settings)
}

// checkpoint writes the checkpoint after epochs completed and batches done
// of the next epoch, then removes those Keep and Best let go, and returns
// its path.
func (r *Run[T]) checkpoint(epochs, batches int) (string, error) {
	extra := r.settings()
	extra["epochs_completed"] = epochs
	extra["batches_done"] = batches
	extra["time"] = time.Now().UTC().Format(time.RFC3339)
	extra["monitors"] = r.mon.Rows
	path := filepath.Join(r.cfg.Dir, CheckpointsDir, CheckpointName(epochs, batches))
	if err := rbm.SaveCheckpoint(path, r.tr, extra); err != nil {
		return "", err
	}
	if r.cfg.Keep > 0 {
		return path, Prune(r.cfg.Dir, r.cfg.Keep, r.cfg.Best)
	}
	return path, nil
}
