package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
)

func runTrain(args []string) error {
	var o trainOptions
	fs := newFlagSet("train", "Train an RBM on MNIST or on a data file. The defaults reproduce the deeplearning.net\ntutorial: 500 binary hidden units, PCD-15, learning rate 0.1, batches of 20, 15 epochs.\nA checkpoint is written after every epoch; --resume continues a run where it stopped.")
	o.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("train: unexpected arguments %q", fs.Args())
	}
	var checkpoint string
	if o.resume != "" {
		path, dir, err := findCheckpoint(o.resume)
		if err != nil {
			return err
		}
		e, err := readCheckpointEntry(path)
		if err != nil {
			return fmt.Errorf("--resume: %w", err)
		}
		if fs.Changed("out") && filepath.Clean(o.out) != filepath.Clean(dir) {
			return fmt.Errorf("--out %s: a resumed run stays in its folder %s", o.out, dir)
		}
		notes, err := o.restoreFlags(e.flags)
		if err != nil {
			return err
		}
		for _, n := range notes {
			fmt.Printf("resuming with %s\n", n)
		}
		checkpoint, o.out = path, dir
	}
	if err := o.validate(); err != nil {
		return err
	}
	if o.dtype == "float64" {
		return train[float64](&o, checkpoint)
	}
	return train[float32](&o, checkpoint)
}

// trainRun is a training run under way: its flags, data, model, trainer and
// monitors.
type trainRun[T rbm.Float] struct {
	o         *trainOptions
	set       *trainingSet[T]
	m         *rbm.RBM[T]
	tr        *rbm.Trainer[T]
	mean      *rbm.RBM[T] // the mean of the parameters (--average-from), once there is one
	opt       optim.Checkpointer[T]
	validator *rbm.Evaluator[T]
	evaluator *epochEvaluator[T] // --eval-every
	mon       *monitorFile
	epochs    int // completed
	first     int // completed when this process started
}

// train runs "rbm train" with validated flags: it reads the data, builds the
// model and its trainer (or restores them from a checkpoint), measures the
// untrained model, and only then writes into the run folder: monitors, the
// model and a checkpoint after every epoch, pictures, and the samples figure
// at the end.
func train[T rbm.Float](o *trainOptions, checkpoint string) error {
	set, err := trainingData[T](o)
	if err != nil {
		return err
	}
	r := &trainRun[T]{o: o, set: set}
	method := "PCD"
	if o.cd {
		method = "CD"
	}
	fmt.Printf("training a %s-[%d] / %s-%v RBM on %d rows: %s-%d, %s lr %g, batch %d, %d epochs, %s -> %s\n",
		o.visible, set.nv, o.hidKind, o.hidShape, len(set.train)/set.nv, method, o.k, o.optimizer, o.lr, o.batch, o.epochs, o.dtype, o.out)
	if checkpoint != "" {
		err = r.restore(checkpoint)
	} else {
		err = r.start()
	}
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	var total float64
	for e := r.epochs + 1; e <= o.epochs; e++ {
		st, err := r.epoch(ctx, e)
		if err != nil {
			return err
		}
		total += st.Seconds
	}
	if n := o.epochs - r.first; n > 0 {
		fmt.Printf("trained in %.1f s (%.1f s an epoch); model in %s\n", total, total/float64(n), filepath.Join(o.out, "model.npz"))
		if k := r.tr.Averaged(); k > 0 {
			fmt.Printf("the model is the mean of the parameters after each of the last %d updates (--average-from %d)\n", k, o.averageFrom)
		}
	}
	if o.sample.rows > 0 && set.height > 0 {
		start := time.Now()
		path := filepath.Join(o.out, "samples.png")
		o.sample.seed = o.seed // as "rbm sample --seed" draws it from the saved model
		m, err := r.current()
		if err != nil {
			return err
		}
		if err := drawSamples(path, m, set.test, set.height, set.width, o.sample, o.quiet); err != nil {
			return err
		}
		fmt.Printf("samples in %s (%.1f s)\n", path, time.Since(start).Seconds())
	}
	return nil
}

// start builds a new model and trainer, measures the untrained model, and
// prepares the run folder.
func (r *trainRun[T]) start() error {
	m, tr, opt, err := newTrainer[T](r.o, r.set.nv)
	if err != nil {
		return err
	}
	r.m, r.tr, r.opt = m, tr, opt
	if err := r.newValidator(); err != nil {
		return err
	}
	before, err := tr.Evaluate(r.set.train) // also checks the data
	if err != nil {
		return err
	}
	row, err := r.monitors(before, 0)
	if err != nil {
		return err
	}
	if err := prepareRunFolder(r.o.out, r.o.overwrite); err != nil {
		return err
	}
	r.mon = newMonitorFile(filepath.Join(r.o.out, "monitors.csv"), r.columns())
	return r.mon.writeRow(row)
}

// restore rebuilds the model and the trainer from a checkpoint.
func (r *trainRun[T]) restore(path string) error {
	ck, err := rbm.LoadCheckpoint[T](path)
	if err != nil {
		return err
	}
	if ck.Model.Visible.Len() != r.set.nv {
		return fmt.Errorf("--resume: the model has %d visible units, the data rows %d values", ck.Model.Visible.Len(), r.set.nv)
	}
	tr, opt, err := trainerFor(r.o, ck.Model)
	if err != nil {
		return err
	}
	if err := tr.SetState(ck.State); err != nil {
		return err
	}
	r.m, r.tr, r.opt = ck.Model, tr, opt
	if err := r.newValidator(); err != nil {
		return err
	}
	rows, err := savedRows(ck.Extra)
	if err != nil {
		return fmt.Errorf("--resume: %s: %w", path, err)
	}
	r.mon = &monitorFile{path: filepath.Join(r.o.out, "monitors.csv"), rows: rows}
	if err := r.mon.write(); err != nil {
		return err
	}
	r.epochs = ck.State.Epoch
	if ck.State.Batch > 0 {
		r.epochs-- // the epoch under way is continued
	}
	r.first = r.epochs
	fmt.Printf("resuming %s after %d epochs and %d batches\n", path, r.epochs, ck.State.Batch)
	return nil
}

// newValidator builds the monitors of the validation rows and the AIS
// evaluator of --eval-every, when asked for.
func (r *trainRun[T]) newValidator() error {
	var err error
	if r.evaluator, err = newEpochEvaluator(r.o, r.m, r.set.train, r.set.test); err != nil {
		return err
	}
	if r.set.validation == nil {
		return nil
	}
	r.validator, err = rbm.NewEvaluator(r.m, r.o.batch, r.o.seed)
	return err
}

// epoch trains epoch e and writes what follows it.
func (r *trainRun[T]) epoch(ctx context.Context, e int) (rbm.EpochStats, error) {
	o := r.o
	lr := o.schedule(e)
	if err := firstErr(r.opt.SetLearningRate("weights", lr), r.opt.SetLearningRate("biases", lr*o.biasFactor)); err != nil {
		return rbm.EpochStats{}, fmt.Errorf("--lr-decay, epoch %d: %w", e, err)
	}
	if o.averageFrom > 0 && e >= o.averageFrom {
		r.tr.StartAveraging()
	}
	before := paramsCopy(r.m)
	bar := newBar(o.quiet, len(r.set.train)/r.set.nv/o.batch, fmt.Sprintf("epoch %d/%d", e, o.epochs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var ckErr error
	st, err := r.tr.EpochContext(ctx, r.set.train, func(done, total int) {
		bar.Set(done)
		if o.checkpointEvery > 0 && done%o.checkpointEvery == 0 && done < total && ckErr == nil {
			if ckErr = r.checkpoint(e-1, done); ckErr != nil {
				cancel() // stop after this batch and report
			}
		}
	})
	bar.Finish()
	switch {
	case ckErr != nil:
		return st, ckErr
	case errors.Is(err, rbm.ErrInterrupted):
		_, done := r.tr.Position()
		if cerr := r.checkpoint(e-1, done); cerr != nil {
			return st, errors.Join(err, cerr)
		}
		return st, fmt.Errorf("%w; a checkpoint is in %s; continue with: rbm train --resume %s",
			err, filepath.Join(o.out, "checkpoints", checkpointName(e-1, done)), o.out)
	case errors.Is(err, rbm.ErrStopped):
		// The trainer put back the parameters of the last good epoch.
		if serr := r.saveModel(e - 1); serr != nil {
			return st, errors.Join(err, serr)
		}
		return st, fmt.Errorf("%w; the model of epoch %d is in %s", err, e-1, filepath.Join(o.out, "model.npz"))
	case err != nil:
		return st, err
	}
	r.epochs = e
	row, err := r.monitors(st, lr)
	if err != nil {
		return st, err
	}
	if err := r.mon.writeRow(row); err != nil {
		return st, err
	}
	if err := r.saveModel(e); err != nil {
		return st, err
	}
	if err := r.checkpoint(e, 0); err != nil {
		return st, err
	}
	if o.histograms {
		if err := writeHistograms(filepath.Join(o.out, fmt.Sprintf("histograms_at_epoch_%d.png", e)), e, r.m, before); err != nil {
			return st, err
		}
	}
	if r.set.height > 0 && o.filtersEvery > 0 && (e%o.filtersEvery == 0 || e == o.epochs) {
		m, err := r.current()
		if err != nil {
			return st, err
		}
		if err := writeFilters(filepath.Join(o.out, fmt.Sprintf("filters_at_epoch_%d.png", e)), m, r.set.height, r.set.width); err != nil {
			return st, err
		}
	}
	return st, nil
}

// columns are the columns of monitors.csv.
func (r *trainRun[T]) columns() []string {
	cols := append([]string(nil), monitorColumns...)
	if r.set.validation != nil {
		cols = append(cols, "validation_pseudo_likelihood", "validation_reconstruction_cross_entropy")
	}
	cols = append(cols, r.evaluator.columns()...)
	return append(cols, "learning_rate")
}

// monitors prints an epoch's monitors and returns its monitors.csv row: the
// training monitors st, the exact pseudo-likelihood when asked for, the
// validation monitors, and the learning rate lr (0 before training).
func (r *trainRun[T]) monitors(st rbm.EpochStats, lr float64) ([]string, error) {
	o := r.o
	exact := math.NaN()
	if o.exactPL > 0 {
		pl, err := r.m.PseudoLikelihood(r.set.train[:min(o.exactPL*r.set.nv, len(r.set.train))], -1)
		if err != nil {
			return nil, err
		}
		exact = pl
	}
	what := fmt.Sprintf("epoch %2d", st.Epoch)
	if st.Epoch == 0 {
		what = "before training"
	}
	line := fmt.Sprintf("%s: pseudo-likelihood %.4f", what, st.PseudoLikelihood)
	if !math.IsNaN(exact) {
		line += fmt.Sprintf(" (exact %.4f)", exact)
	}
	line += fmt.Sprintf(", reconstruction cross-entropy %.4f", st.Reconstruction)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	row := []string{strconv.Itoa(st.Epoch), f(st.PseudoLikelihood), f(exact), f(st.Reconstruction), f(st.Cost), f(st.Seconds)}
	if r.validator != nil {
		v, err := r.validator.Evaluate(r.set.validation, uint64(st.Epoch))
		if err != nil {
			return nil, fmt.Errorf("validation: %w", err)
		}
		line += fmt.Sprintf("; validation %.4f, %.4f", v.PseudoLikelihood, v.Reconstruction)
		row = append(row, f(v.PseudoLikelihood), f(v.Reconstruction))
	}
	fmt.Printf("%s, %.1f s\n", line, st.Seconds)
	m, err := r.current()
	if err != nil {
		return nil, err
	}
	ais, err := r.evaluator.row(m, st.Epoch)
	if err != nil {
		return nil, err
	}
	return append(append(row, ais...), f(lr)), nil
}

// saveModel writes model.npz with the flags and the epochs completed: the
// model, or the mean of its parameters when averaging.
func (r *trainRun[T]) saveModel(epochs int) error {
	m, err := r.current()
	if err != nil {
		return err
	}
	settings := r.o.settings()
	settings["epochs_completed"] = epochs
	settings["averaged_updates"] = r.tr.Averaged()
	return rbm.Save(filepath.Join(r.o.out, "model.npz"), m, settings)
}

// current returns the model the run shows: the mean of the parameters once
// --average-from has averaged an update, the model being trained before.
func (r *trainRun[T]) current() (*rbm.RBM[T], error) {
	if r.tr.Averaged() == 0 {
		return r.m, nil
	}
	if r.mean == nil {
		m, err := newModel[T](r.o, r.set.nv)
		if err != nil {
			return nil, err
		}
		r.mean = m
	}
	if err := r.tr.AverageInto(r.mean); err != nil {
		return nil, err
	}
	return r.mean, nil
}

// checkpoint writes the checkpoint after epochs completed and batches done
// of the next epoch, then removes those --keep and --best-by let go.
func (r *trainRun[T]) checkpoint(epochs, batches int) error {
	extra := r.o.settings()
	extra["epochs_completed"] = epochs
	extra["batches_done"] = batches
	extra["time"] = time.Now().UTC().Format(time.RFC3339)
	extra["monitors"] = r.mon.rows
	path := filepath.Join(r.o.out, "checkpoints", checkpointName(epochs, batches))
	if err := rbm.SaveCheckpoint(path, r.tr, extra); err != nil {
		return err
	}
	return pruneCheckpoints(r.o.out, r.o.keep, r.o.bestBy)
}

// savedRows returns the monitors rows saved with a checkpoint.
func savedRows(extra map[string]any) ([][]string, error) {
	raw, ok := extra["monitors"].([]any)
	if !ok || len(raw) == 0 {
		return nil, errors.New("no monitors saved with the checkpoint")
	}
	rows := make([][]string, len(raw))
	for i, r := range raw {
		cells, ok := r.([]any)
		if !ok {
			return nil, fmt.Errorf("monitors row %d is not a list", i)
		}
		for _, c := range cells {
			s, ok := c.(string)
			if !ok {
				return nil, fmt.Errorf("monitors row %d holds %v", i, c)
			}
			rows[i] = append(rows[i], s)
		}
	}
	return rows, nil
}

// paramsCopy returns a copy of the model's parameters as float64s.
func paramsCopy[T rbm.Float](m *rbm.RBM[T]) [][]float64 {
	var out [][]float64
	for _, p := range m.Params() {
		out = append(out, toFloat64(p.Value.Data().([]T)))
	}
	return out
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
