package cli

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rbmgo/rbm/rbm/likelihood"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/features"
	"github.com/spf13/pflag"
)

// trainOptions are the flags of "rbm train"; the defaults are the tutorial's.
type trainOptions struct {
	visible, hidden     string
	k                   int
	cd                  bool
	averageFrom         int
	optimizer           string
	lr, biasFactor      float64
	momentum, decay     float64
	batch, epochs       int
	seed                uint64
	dtype, out, dataDir string
	trainSize           int
	digits              string
	binarize            string
	rebinarize          bool
	threshold           float64
	standardize         bool
	filtersEvery        int
	exactPL             int
	initStd             float64
	sample              sampleOptions
	quiet               bool

	// Durable runs.
	resume          string
	overwrite       bool
	dataGiven       bool           // --data on the command line (with --resume: deliberately other data)
	onFeaturesOf    string         // --on-features-of: the lower model of a stack
	lineage         map[string]any // the lower model's path and SHA-256, saved with the model
	checkpointEvery int
	keep            int
	bestBy          string
	histograms      bool
	lrDecay         string
	shape           string
	validation      float64

	// Likelihood.
	evalEvery, evalBetas, evalRuns int
	initModel                      string

	algos     algoOptions // tempering, penalties, sparsity, centring, fields, gauge
	maxMemory budget.Limit

	fs *pflag.FlagSet // the flags, saved with checkpoints

	// Read from the flags by validate.
	hidKind       string
	hidShape      []int
	schedule      schedule
	height, width int // --shape
}

// register declares the flags, one pflag line each, like every register
// of the command: the lines are alike, each is its own flag.
func (o *trainOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.visible, "visible", "binary", "visible unit type: "+strings.Join(rbm.LayerKinds(), ", "))
	fs.StringVar(&o.hidden, "hidden", "500", "hidden units: a count (binary units), a type, or TYPE:COUNT or TYPE:AxBx… (e.g. 500, drelu, relu:200)")
	fs.IntVarP(&o.k, "k", "k", 15, "Gibbs steps per update (CD-k / PCD-k)")
	fs.BoolVar(&o.cd, "cd", false, "contrastive divergence: restart the chains at the data each update (default: persistent chains, PCD)")
	fs.IntVar(&o.averageFrom, "average-from", 0, "from the start of epoch N on, keep the mean of the parameters after every update, and save, draw and evaluate that mean (0: off)")
	fs.Float64Var(&o.initStd, "init-std", 0, "draw W from N(0, std²) (0.01 suits continuous units); 0: the tutorial's uniform ±4·sqrt(6/(nv+nh))")
	fs.StringVar(&o.optimizer, "optimizer", "sgd", "optimizer: sgd or adam")
	fs.Float64Var(&o.lr, "lr", 0.1, "learning rate of the weights")
	fs.Float64Var(&o.biasFactor, "bias-lr-factor", 1, "learning rate of the biases as a factor of --lr (0.01 to 0.1 is usual with adam)")
	fs.Float64Var(&o.momentum, "momentum", 0, "SGD momentum in [0,1)")
	fs.Float64Var(&o.decay, "weight-decay", 0, "L2 weight decay on the weights")
	fs.IntVar(&o.batch, "batch", 20, "mini-batch size (also the number of persistent chains)")
	fs.IntVar(&o.epochs, "epochs", 15, "training epochs")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same model, bit for bit")
	dtypeFlag(fs, &o.dtype)
	fs.StringVar(&o.out, "out", "rbm_plots", "run folder for pictures, monitors.csv and model.npz")
	fs.StringVar(&o.onFeaturesOf, "on-features-of", "", "train on the hidden means of this model's training rows (transformed as its run did): the next layer of a stack")
	fs.StringVar(&o.dataDir, "data", "", "a folder with the MNIST idx files, or a .npy, .npz or .csv file of samples, one a row (default: MNIST in the Go module cache)")
	fs.StringVar(&o.shape, "shape", "", "HxW: the picture shape of the samples of a --data file, for the filters and samples figures")
	fs.Float64Var(&o.validation, "validation", 0, "hold out this fraction of the training rows, with monitors of their own")
	fs.IntVar(&o.trainSize, "train-size", 0, "train on the first N training digits (0: all 60000)")
	fs.StringVar(&o.digits, "digits", "", "train on these MNIST classes only, e.g. 3 or 0-4,7 (default: all)")
	fs.StringVar(&o.binarize, "binarize", "none", "none (intensities in [0,1], as the tutorial), threshold, or stochastic")
	fs.BoolVar(&o.rebinarize, "rebinarize", false, "draw --binarize stochastic anew for the training rows every epoch (epoch 1 trains on --seed's binarisation, and the test rows keep theirs)")
	fs.Float64Var(&o.threshold, "threshold", 0.5, "threshold of --binarize threshold")
	fs.BoolVar(&o.standardize, "standardize", false, "shift and scale every pixel to zero mean and unit variance over the training digits (for gaussian visible units)")
	fs.IntVar(&o.filtersEvery, "filters-every", 1, "draw the filters every N epochs (0: never)")
	fs.IntVar(&o.exactPL, "exact-pl", 0, "also report the exact pseudo-likelihood (every unit flipped) on the first N training digits (0: off)")
	o.sample.register(fs)
	fs.StringVar(&o.lrDecay, "lr-decay", "none", "learning-rate schedule over the epochs, for weights and biases alike: none, exp:R (times R every epoch) or linear:LR (to LR at the last epoch)")
	fs.StringVar(&o.resume, "resume", "", "continue the run in this folder, or from this checkpoint file, where it stopped")
	fs.BoolVar(&o.overwrite, "overwrite", false, "replace the run that --out already holds")
	fs.IntVar(&o.checkpointEvery, "checkpoint-every", 0, "also write a checkpoint every N batches (0: at the end of every epoch only)")
	fs.IntVar(&o.keep, "keep", 3, "how many of the latest checkpoints to keep, besides the best")
	fs.StringVar(&o.bestBy, "best-by", "reconstruction", "the monitor that picks the best checkpoint, which is kept: "+strings.Join(bestMonitors, ", "))
	fs.IntVar(&o.evalEvery, "eval-every", 0, "every N epochs (and after the last), estimate the test log-likelihood by AIS, in columns of monitors.csv (0: never)")
	fs.IntVar(&o.evalBetas, "eval-betas", 1000, "annealing steps of --eval-every (fewer than rbm eval's 14,500: a quicker, rougher estimate)")
	fs.IntVar(&o.evalRuns, "eval-runs", likelihood.DefaultRuns, "AIS runs of --eval-every")
	fs.StringVar(&o.initModel, "init-model", "", "start from the parameters of this saved model (same layers), e.g. to go on at a lower learning rate")
	fs.BoolVar(&o.histograms, "histograms", true, "draw histograms of the parameters and of their change every epoch")
	fs.Var(&o.maxMemory, "max-memory", maxMemoryUsage)
	quietFlag(fs, &o.quiet)
	o.algos.register(fs)
	o.fs = fs
}

// bestMonitors are the monitors --best-by takes.
var bestMonitors = []string{"reconstruction", "pseudo-likelihood", "validation-reconstruction", "validation-pseudo-likelihood"}

// validate checks every flag, alone and against the others, before any data
// is read or any file written.
func (o *trainOptions) validate() error {
	if err := o.validateModel(); err != nil {
		return err
	}
	if err := firstError(
		atLeast("--epochs", o.epochs, 1),
		atLeast("--average-from", o.averageFrom, 0),
		atLeast("--filters-every", o.filtersEvery, 0),
		refuse(!(o.initStd >= 0) || math.IsInf(o.initStd, 0), "--init-std must be a finite number ≥ 0, got %g", o.initStd),
		atLeast("--exact-pl", o.exactPL, 0),
		refuse(o.exactPL > 0 && unitsCan(o.visible, twoStateUnits) != nil, "--exact-pl needs two-state visible units (binary or spin), not %q", o.visible),
		refuse(o.out == "", "--out must name a folder"),
		atLeast("--checkpoint-every", o.checkpointEvery, 0),
		atLeast("--keep", o.keep, 1),
		refuse(!slices.Contains(bestMonitors, o.bestBy), "--best-by must be one of %s, not %q", strings.Join(bestMonitors, ", "), o.bestBy),
		refuse(strings.HasPrefix(o.bestBy, "validation") && o.validation == 0, "--best-by %s needs --validation", o.bestBy),
		refuse(o.resume != "" && o.overwrite, "--resume and --overwrite exclude each other"),
		refuse(o.resume != "" && o.initModel != "", "--resume and --init-model exclude each other"),
		refuse(o.rebinarize && o.binarize != string(data.Stochastic), "--rebinarize draws --binarize stochastic anew every epoch: it needs --binarize stochastic, not %q", o.binarize),
		refuse(o.rebinarize && o.epochs > data.MaxRedrawEpoch, "--rebinarize draws at most %d epochs, not %d", data.MaxRedrawEpoch, o.epochs),
		atLeast("--eval-every", o.evalEvery, 0),
		within("--eval-betas", o.evalBetas, 1, likelihood.MaxBetas),
		within("--eval-runs", o.evalRuns, 1, likelihood.MaxRuns),
	); err != nil {
		return err
	}
	var err error
	if o.schedule, err = parseSchedule(o.lrDecay, o.lr, o.epochs); err != nil {
		return err
	}
	if o.shape != "" {
		if o.height, o.width, err = features.ParseShape(o.shape); err != nil {
			return err
		}
	}
	if err := o.dataSpec().Validate(); err != nil {
		return err
	}
	return o.sample.validate()
}

// validateModel checks the flags of the model: its units, its numbers and
// its optimizer and sampler.
func (o *trainOptions) validateModel() error {
	var err error
	if o.hidKind, o.hidShape, err = parseUnits(o.hidden); err != nil {
		return err
	}
	nh, err := rbm.Units(o.hidShape...)
	if err != nil {
		return fmt.Errorf("--hidden %q: %w", o.hidden, err)
	}
	if nh > rbm.MaxWeights/mnistPixels {
		return fmt.Errorf("--hidden %q: %d hidden units need a weight matrix of more than the %d elements allowed", o.hidden, nh, rbm.MaxWeights)
	}
	kinds := rbm.LayerKinds()
	if !slices.Contains(kinds, o.hidKind) {
		return fmt.Errorf("--hidden %q: unknown layer kind %q (known: %s)", o.hidden, o.hidKind, strings.Join(kinds, ", "))
	}
	if !slices.Contains(kinds, o.visible) {
		return fmt.Errorf("--visible: unknown layer kind %q (known: %s)", o.visible, strings.Join(kinds, ", "))
	}
	if o.dtype != "float32" && o.dtype != "float64" {
		return fmt.Errorf("--dtype must be float32 or float64, not %q", o.dtype)
	}
	if err := weightDecay[float64](o.decay).Validate(); err != nil {
		return err
	}
	if _, err := newOptimizer[float64](o.optimizer, o.lr, o.biasFactor, o.momentum); err != nil {
		return err
	}
	if err := o.trainConfig().Validate(); err != nil {
		return err
	}
	return o.algos.validate(o)
}

// schedule gives the learning rate of the weights in every epoch.
type schedule func(epoch int) float64

// parseSchedule reads --lr-decay for a run of epochs epochs from rate lr.
func parseSchedule(s string, lr float64, epochs int) (schedule, error) {
	kind, arg, _ := strings.Cut(s, ":")
	x, err := strconv.ParseFloat(arg, 64)
	switch {
	case s == "none":
		return func(int) float64 { return lr }, nil
	case kind == "exp" && err == nil && x > 0 && !math.IsInf(x, 0):
		return func(e int) float64 { return lr * math.Pow(x, float64(e-1)) }, nil
	case kind == "linear" && err == nil && x >= 0 && !math.IsInf(x, 0):
		return func(e int) float64 {
			if epochs == 1 {
				return lr
			}
			return lr + (x-lr)*float64(e-1)/float64(epochs-1)
		}, nil
	}
	return nil, fmt.Errorf("--lr-decay %q: want none, exp:R with R > 0, or linear:LR with LR ≥ 0", s)
}

// flagValues returns every flag's value as text, to save with a run.
func (o *trainOptions) flagValues() map[string]string {
	out := map[string]string{}
	o.fs.VisitAll(func(f *pflag.Flag) { out[f.Name] = f.Value.String() })
	return out
}

// mayChange are the flags a resumed run may give other values than the run
// had: they change how long it trains, how fast and what it reports, not the
// model, the data or the sampler.
var mayChange = map[string]bool{
	"epochs": true, "lr": true, "bias-lr-factor": true, "weight-decay": true, "momentum": true, "lr-decay": true,
	"checkpoint-every": true, "keep": true, "best-by": true, "histograms": true, "filters-every": true, "exact-pl": true,
	"sample-chains": true, "sample-rows": true, "sample-steps": true, "quiet": true,
	"eval-every": true, "eval-betas": true, "eval-runs": true, "init-model": true, "max-memory": true,
	"data": true, // named deliberately: the run goes on with other data, and says so
	"l1":   true, "l2l1": true, "init-visible-fields": true, "sample-tempering": true, "sample-tempering-beta-min": true,
}

// restoreFlags gives the flags the values a run saved, except those set on
// this command line: a changed flag that may change is reported in the
// returned notes, one that may not is an error.
func (o *trainOptions) restoreFlags(saved map[string]string) (notes []string, err error) {
	for _, name := range slices.Sorted(maps.Keys(saved)) {
		value := saved[name]
		if name == "resume" || name == "overwrite" || name == "out" {
			continue
		}
		f := o.fs.Lookup(name)
		if f == nil {
			continue
		}
		had := value
		if value == "" {
			had = "default (the run gave no --" + name + ")"
		}
		switch {
		case !f.Changed:
			if err := o.fs.Set(name, value); err != nil {
				return nil, fmt.Errorf("--resume: the run's --%s %q: %w", name, value, err)
			}
		case f.Value.String() == value:
		case mayChange[name]:
			notes = append(notes, fmt.Sprintf("--%s %s (the run had %s)", name, f.Value.String(), had))
		default:
			return nil, fmt.Errorf("--resume: --%s %s contradicts the run's %s (a resumed run keeps its model, data and sampler)", name, f.Value.String(), had)
		}
	}
	return notes, nil
}

// trainConfig is the trainer's part of the flags.
func (o *trainOptions) trainConfig() rbm.TrainConfig {
	return rbm.TrainConfig{K: o.k, Persistent: !o.cd, BatchSize: o.batch, Seed: o.seed}
}

// settings are the flags saved with the model.
func (o *trainOptions) settings() map[string]any {
	s := o.dataSpec().Settings() // seed, train_size, digits, binarize, standardize
	maps.Copy(s, map[string]any{
		"momentum": o.momentum, "weight_decay": o.decay, "batch": o.batch, "epochs": o.epochs,
		"init_std": o.initStd, "flags": o.flagValues(),
	})
	maps.Copy(s, o.lineage)
	return s
}
