package cli

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"time"
	"unsafe"

	"github.com/rbmgo/rbm/internal/shellquote"
	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/rbmgo/rbm/rbm/data"
	rbmrun "github.com/rbmgo/rbm/rbm/run"
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
	checkpoint, err := resumeFlags(&o)
	if err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	if checkpoint == "" { // before the data is read
		if err := rbmrun.Check(o.out, o.overwrite); err != nil {
			return existsHint(err, o.out)
		}
	}
	if o.dtype == "float64" {
		return train[float64](&o, checkpoint)
	}
	return train[float32](&o, checkpoint)
}

// resumeFlags finds the checkpoint --resume names, if any, and takes the
// flags of its run (and its folder) for those not given; it returns the
// checkpoint's path.
func resumeFlags(o *trainOptions) (string, error) {
	if o.resume == "" {
		return "", nil
	}
	path, dir, err := rbmrun.Find(o.resume)
	if errors.Is(err, rbmrun.ErrNoCheckpoints) && rbmrun.Check(o.resume, false) == nil {
		fmt.Printf("%s holds no checkpoint (its run stopped before the first): starting the run anew there\n", o.resume)
		o.out, o.resume = o.resume, ""
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("--resume: %w", err)
	}
	if _, damaged, err := rbmrun.Scan(dir); err == nil {
		for _, d := range damaged {
			fmt.Printf("skipping %s, not a readable checkpoint: %v\n", d.Path, d.Err)
		}
	}
	e, err := rbmrun.ReadEntry(path)
	if err != nil {
		return "", fmt.Errorf("--resume: %w", err)
	}
	if o.fs.Changed("out") && filepath.Clean(o.out) != filepath.Clean(dir) {
		return "", fmt.Errorf("--out %s: a resumed run stays in its folder %s", o.out, dir)
	}
	o.dataGiven = o.fs.Changed("data") // before the run's flags are restored
	notes, err := o.restoreFlags(e.Flags)
	if err != nil {
		return "", err
	}
	for _, n := range notes {
		fmt.Printf("resuming with %s\n", n)
	}
	if e.Source != nil && !o.dataGiven {
		o.dataDir = e.Source.Path // where the run read it, wherever this runs
	}
	o.out = dir
	return path, nil
}

// trainRun is "rbm train" under way: its flags, data, model, trainer and
// the monitors of its rows.
type trainRun[T rbm.Float] struct {
	o         *trainOptions
	set       *trainingSet[T]
	m         *rbm.RBM[T]
	tr        *rbm.Trainer[T]
	mean      *rbm.RBM[T] // the mean of the parameters (--average-from), once there is one
	opt       optim.Checkpointer[T]
	validator *rbm.Evaluator[T]
	evaluator *epochEvaluator[T] // --eval-every
	src       *rbmrun.Source     // the data's fingerprint
	before    [][]float64        // the parameters at the start of the epoch (--histograms)

	rn         *rbmrun.Run[T] // the durable run, once begun
	summary    string         // what is trained, as the run page says it
	pageFailed bool           // the run page could not be written (reported once)
}

// train runs "rbm train" with validated flags: it reads the data, builds the
// model and its trainer (or restores them from a checkpoint), and hands them
// to a durable run (package run), which measures the untrained model and
// only then writes into the run folder. The samples figure comes at the end.
func train[T rbm.Float](o *trainOptions, checkpoint string) error {
	set, err := trainingData[T](o)
	if o.onFeaturesOf != "" {
		set, err = featureData[T](o)
	}
	if err != nil {
		return err
	}
	if err := trainingBudget(o, set).Check("this run", &o.maxMemory, "--max-memory"); err != nil {
		return err
	}
	nh, _ := rbm.Units(o.hidShape...)
	var z T
	if err := checkSampling(o.sample, set.nv, nh, int(unsafe.Sizeof(z)), set.height, set.width, &o.maxMemory, budget.DefaultMaxTime,
		"ask for fewer --sample-steps (or --sample-rows 0, and draw the figure afterwards with rbm sample --max-time)"); err != nil {
		return err
	}
	src, err := dataSource(o.dataDir)
	if err != nil {
		return err
	}
	r := &trainRun[T]{o: o, set: set, src: src}
	method := "PCD"
	if o.cd {
		method = "CD"
	}
	rows := fmt.Sprintf("%d rows", len(set.train)/set.nv)
	if o.rebinarize {
		rows += " (binarised anew every epoch)"
	}
	r.summary = fmt.Sprintf("training a %s-[%d] / %s-%v RBM on %s: %s-%d%s, %s lr %g, batch %d, %d epochs, %s -> %s",
		o.visible, set.nv, o.hidKind, o.hidShape, rows, method, o.k, o.algos.describe(), o.optimizer, o.lr, o.batch, o.epochs, o.dtype, o.out)
	fmt.Println(r.summary)
	var rn *rbmrun.Run[T]
	if checkpoint != "" {
		rn, err = r.restore(checkpoint)
	} else {
		rn, err = r.start()
	}
	if err != nil {
		return err
	}
	defer rn.Close()
	r.rn = rn
	r.startPage(rn.Monitors())
	ctx, stop := interruptible()
	defer stop()
	sum, err := rn.Train(ctx)
	if err != nil {
		r.writePage(rn.Monitors(), "stopped: "+err.Error())
	}
	if errors.Is(err, rbm.ErrInterrupted) {
		return fmt.Errorf("%w; continue with: rbm train --resume %s", err, shellquote.Quote(o.out))
	}
	if err != nil {
		return err
	}
	return r.finish(sum)
}

// finish reports the training time and draws the samples figure.
func (r *trainRun[T]) finish(sum rbmrun.Summary) error {
	o := r.o
	if n := sum.Epochs; n > 0 {
		fmt.Printf("trained in %.1f s (%.1f s an epoch); model in %s\n", sum.Seconds, sum.Seconds/float64(n), filepath.Join(o.out, rbmrun.ModelFile))
		if k := r.tr.Averaged(); k > 0 {
			fmt.Printf("the model is the mean of the parameters after each of the last %d updates (--average-from %d)\n", k, o.averageFrom)
		}
	}
	if o.sample.rows == 0 || r.set.height == 0 {
		r.writePage(r.rn.Monitors(), "done")
		return nil
	}
	start := time.Now()
	path := filepath.Join(o.out, "samples.png")
	o.sample.seed = o.seed // as "rbm sample --seed" draws it from the saved model
	m, err := r.current()
	if err != nil {
		return err
	}
	if err := drawSamples(path, m, r.set.test, r.set.height, r.set.width, o.sample, o.quiet); err != nil {
		return err
	}
	fmt.Printf("samples in %s (%.1f s)\n", path, time.Since(start).Seconds())
	r.writePage(r.rn.Monitors(), "done")
	return nil
}

// config is the durable run the flags ask for.
func (r *trainRun[T]) config() rbmrun.Config[T] {
	o := r.o
	return rbmrun.Config[T]{
		Dir: o.out, Epochs: o.epochs, Data: r.set.train, Settings: o.settings(),
		Columns: r.columns(), Row: r.monitors, Model: r.current,
		CheckpointEvery: o.checkpointEvery, Keep: o.keep, Best: criterion(o.bestBy), Overwrite: o.overwrite,
		Source: r.src, OtherData: o.dataGiven,
		Outputs:     runOutputs,
		BeforeEpoch: r.beforeEpoch, AfterEpoch: r.afterEpoch, Progress: r.progress,
	}
}

// start builds a new model and trainer and begins the run.
func (r *trainRun[T]) start() (*rbmrun.Run[T], error) {
	m, tr, opt, err := newTrainer[T](r.o, r.set.nv)
	if err != nil {
		return nil, err
	}
	r.m, r.tr, r.opt = m, tr, opt
	if err := prepareAlgos(&r.o.algos, tr, r.set.train, true); err != nil {
		return nil, err
	}
	if err := r.newValidator(); err != nil {
		return nil, err
	}
	rn, err := rbmrun.New(tr, r.config())
	return rn, existsHint(err, r.o.out)
}

// restore rebuilds the model and the trainer from a checkpoint and
// continues its run.
func (r *trainRun[T]) restore(path string) (*rbmrun.Run[T], error) {
	ck, err := rbm.LoadCheckpoint[T](path)
	if err != nil {
		return nil, err
	}
	if ck.Model.Visible.Len() != r.set.nv {
		return nil, fmt.Errorf("--resume: the model has %d visible units, the data rows %d values", ck.Model.Visible.Len(), r.set.nv)
	}
	tr, opt, err := trainerFor(r.o, ck.Model)
	if err != nil {
		return nil, err
	}
	r.m, r.tr, r.opt = ck.Model, tr, opt
	if err := prepareAlgos(&r.o.algos, tr, r.set.train, false); err != nil {
		return nil, err
	}
	if err := r.newValidator(); err != nil {
		return nil, err
	}
	rn, err := rbmrun.Resume(tr, ck, r.config())
	if errors.Is(err, rbmrun.ErrOtherData) {
		return nil, fmt.Errorf("--resume: %s: %w (to go on with other data deliberately, name it with --data)", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("--resume: %s: %w", path, err)
	}
	fmt.Printf("resuming %s after %d epochs and %d batches\n", path, rn.Completed(), ck.State.Batch)
	if saved := ck.Extra["data_source"]; saved != nil && r.o.dataGiven && r.src != nil {
		fmt.Printf("training on the data --data names, %v, recorded with the run's next checkpoints\n", r.src)
	}
	if dir := rn.Abandoned(); dir != "" {
		fmt.Printf("the run's later checkpoints, a branch given up, are moved to %s\n", dir)
	}
	return rn, nil
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

// beforeEpoch draws epoch e's binarisation of the training rows
// (--rebinarize), sets its learning rates (--lr-decay), starts averaging
// (--average-from) and keeps the parameters for --histograms.
func (r *trainRun[T]) beforeEpoch(e int) error {
	o := r.o
	if r.set.intensities != nil {
		if err := data.Redraw(r.set.train, r.set.intensities, r.set.nv, o.seed, e); err != nil {
			return fmt.Errorf("--rebinarize: %w", err)
		}
	}
	lr := o.schedule(e)
	if err := errors.Join(r.opt.SetLearningRate("weights", lr), r.opt.SetLearningRate("biases", lr*o.biasFactor)); err != nil {
		return fmt.Errorf("--lr-decay, epoch %d: %w", e, err)
	}
	if o.averageFrom > 0 && e >= o.averageFrom {
		r.tr.StartAveraging()
	}
	if o.histograms {
		r.before = paramsCopy(r.m)
	}
	return nil
}

// progress shows a progress bar over the batches of epoch e.
func (r *trainRun[T]) progress(e int) (update func(done, total int), finish func()) {
	o := r.o
	bar := newBar(o.quiet, len(r.set.train)/r.set.nv/o.batch, fmt.Sprintf("epoch %d/%d", e, o.epochs))
	return func(done, _ int) { bar.Set(done) }, func() { bar.Finish() }
}

// afterEpoch draws the pictures of epoch e, then writes the run page.
func (r *trainRun[T]) afterEpoch(e int, _ rbm.EpochStats) error {
	if err := r.drawEpoch(e); err != nil {
		return err
	}
	r.writePage(r.rn.Monitors(), "under way")
	return nil
}

// drawEpoch draws the pictures of epoch e: --histograms and --filters-every.
func (r *trainRun[T]) drawEpoch(e int) error {
	o := r.o
	if o.histograms {
		if err := writeHistograms(filepath.Join(o.out, fmt.Sprintf("histograms_at_epoch_%d.png", e)), e, r.m, r.before); err != nil {
			return err
		}
	}
	if r.set.height == 0 || o.filtersEvery <= 0 || (e%o.filtersEvery != 0 && e != o.epochs) {
		return nil
	}
	m, err := r.current()
	if err != nil {
		return err
	}
	return writeFilters(filepath.Join(o.out, fmt.Sprintf("filters_at_epoch_%d.png", e)), m, r.set.height, r.set.width)
}

// columns are the columns of monitors.csv.
func (r *trainRun[T]) columns() []string {
	cols := append([]string(nil), monitorColumns...)
	if r.set.validation != nil {
		cols = append(cols, "validation_pseudo_likelihood", "validation_reconstruction_cross_entropy")
	}
	cols = append(cols, r.evaluator.columns()...)
	return append(append(cols, "learning_rate"), r.o.algos.columns()...)
}

// monitors prints an epoch's monitors and returns its monitors.csv row: the
// training monitors st, the exact pseudo-likelihood when asked for, the
// validation monitors, and the epoch's learning rate (0 before training).
func (r *trainRun[T]) monitors(st rbm.EpochStats) ([]string, error) {
	o := r.o
	exact := math.NaN()
	if o.exactPL > 0 {
		pl, err := r.m.PseudoLikelihood(r.set.train[:min(o.exactPL*r.set.nv, len(r.set.train))], -1)
		if err != nil {
			return nil, err
		}
		exact = pl
	}
	what, lr := fmt.Sprintf("epoch %2d", st.Epoch), 0.0
	if st.Epoch == 0 {
		what = "before training"
	} else {
		lr = o.schedule(st.Epoch)
	}
	line := fmt.Sprintf("%s: pseudo-likelihood %.4f", what, st.PseudoLikelihood)
	if !math.IsNaN(exact) {
		line += fmt.Sprintf(" (exact %.4f)", exact)
	}
	line += fmt.Sprintf(", reconstruction cross-entropy %.4f", st.Reconstruction)
	f := rbmrun.Format
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
	return append(append(append(row, ais...), f(lr)), algoRow(r.tr)...), nil
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

// paramsCopy returns a copy of the model's parameters as float64s.
func paramsCopy[T rbm.Float](m *rbm.RBM[T]) [][]float64 {
	var out [][]float64
	for _, p := range m.Params() {
		out = append(out, toFloat64(p.Value.Data().([]T)))
	}
	return out
}
