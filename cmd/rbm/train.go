package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/mnist"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"
)

// trainOptions are the flags of "rbm train"; the defaults are the tutorial's.
type trainOptions struct {
	visible, hidden     string
	k                   int
	cd                  bool
	optimizer           string
	lr, biasFactor      float64
	momentum, decay     float64
	batch, epochs       int
	seed                uint64
	dtype, out, dataDir string
	trainSize           int
	binarize            string
	threshold           float64
	standardize         bool
	filtersEvery        int
	exactPL             int
	initStd             float64
	sample              sampleOptions
	quiet               bool
}

func (o *trainOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.visible, "visible", "binary", "visible unit type: "+strings.Join(rbm.LayerKinds(), ", "))
	fs.StringVar(&o.hidden, "hidden", "500", "hidden units: a count (binary units), a type, or TYPE:COUNT or TYPE:AxBx… (e.g. 500, drelu, relu:200)")
	fs.IntVarP(&o.k, "k", "k", 15, "Gibbs steps per update (CD-k / PCD-k)")
	fs.BoolVar(&o.cd, "cd", false, "contrastive divergence: restart the chains at the data each update (default: persistent chains, PCD)")
	fs.Float64Var(&o.initStd, "init-std", 0, "draw W from N(0, std²) (0.01 suits continuous units); 0: the tutorial's uniform ±4·sqrt(6/(nv+nh))")
	fs.StringVar(&o.optimizer, "optimizer", "sgd", "optimizer: sgd or adam")
	fs.Float64Var(&o.lr, "lr", 0.1, "learning rate of the weights")
	fs.Float64Var(&o.biasFactor, "bias-lr-factor", 1, "learning rate of the biases as a factor of --lr (0.01 to 0.1 is usual with adam)")
	fs.Float64Var(&o.momentum, "momentum", 0, "SGD momentum in [0,1)")
	fs.Float64Var(&o.decay, "weight-decay", 0, "L2 weight decay on the weights")
	fs.IntVar(&o.batch, "batch", 20, "mini-batch size (also the number of persistent chains)")
	fs.IntVar(&o.epochs, "epochs", 15, "training epochs")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same model, bit for bit")
	fs.StringVar(&o.dtype, "dtype", "float32", "float32 or float64")
	fs.StringVar(&o.out, "out", "rbm_plots", "run folder for pictures, monitors.csv and model.npz")
	fs.StringVar(&o.dataDir, "data", "", "folder with the MNIST idx files (default: the copy in the Go module cache)")
	fs.IntVar(&o.trainSize, "train-size", 0, "train on the first N training digits (0: all 60000)")
	fs.StringVar(&o.binarize, "binarize", "none", "none (intensities in [0,1], as the tutorial), threshold, or stochastic")
	fs.Float64Var(&o.threshold, "threshold", 0.5, "threshold of --binarize threshold")
	fs.BoolVar(&o.standardize, "standardize", false, "shift and scale every pixel to zero mean and unit variance over the training digits (for gaussian visible units)")
	fs.IntVar(&o.filtersEvery, "filters-every", 1, "draw the filters every N epochs (0: never)")
	fs.IntVar(&o.exactPL, "exact-pl", 0, "also report the exact pseudo-likelihood (every unit flipped) on the first N training digits (0: off)")
	o.sample.register(fs)
	trainEval.register(fs)
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar")
}

func runTrain(args []string) error {
	var o trainOptions
	fs := newFlagSet("train", "Train an RBM on MNIST. The defaults reproduce the deeplearning.net tutorial:\n500 binary hidden units, PCD-15, learning rate 0.1, batches of 20, 15 epochs.")
	o.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("train: unexpected arguments %q", fs.Args())
	}
	switch o.dtype {
	case "float32":
		return train[float32](&o)
	case "float64":
		return train[float64](&o)
	}
	return fmt.Errorf("train: --dtype must be float32 or float64, not %q", o.dtype)
}

// parseUnits reads --hidden: "500", "drelu", "drelu:500" or "drelu:2x2x2x2".
func parseUnits(s string) (kind string, shape []int, err error) {
	kind, dims, found := strings.Cut(s, ":")
	if !found {
		if _, err := strconv.Atoi(s); err == nil {
			kind, dims = "binary", s
		} else {
			dims = "500"
		}
	}
	for _, d := range strings.Split(dims, "x") {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 {
			return "", nil, fmt.Errorf("--hidden %q: %q is not a positive unit count", s, d)
		}
		shape = append(shape, n)
	}
	return kind, shape, nil
}

// newOptimizer returns the optimizer the flags ask for.
func newOptimizer[T rbm.Float](name string, lr, biasFactor, momentum, decay float64) (optim.Optimizer[T], error) {
	groups := optim.Groups(lr, biasFactor, decay)
	switch name {
	case "sgd":
		return optim.NewSGD[T](optim.SGDConfig{Groups: groups, Momentum: momentum})
	case "adam":
		if momentum != 0 {
			return nil, fmt.Errorf("--momentum is for sgd; adam has its own moments")
		}
		return optim.NewAdam[T](optim.AdamConfig{Groups: groups})
	}
	return nil, fmt.Errorf("--optimizer must be sgd or adam, not %q", name)
}

// loadMNIST reads the training and test digits as rows of intensities.
func loadMNIST[T rbm.Float](dir string) (train, test []T, err error) {
	if dir == "" {
		if dir, err = mnist.DefaultDir(); err != nil {
			return nil, nil, err
		}
	}
	set, err := mnist.Load(dir)
	if err != nil {
		return nil, nil, err
	}
	return floats[T](set.Train.Images), floats[T](set.Test.Images), nil
}

func floats[T rbm.Float](im *mnist.Images) []T {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(im.Floats32(0)).([]T)
	}
	return any(im.Floats64(0)).([]T)
}

func train[T rbm.Float](o *trainOptions) error {
	// Check every flag before the slow work.
	hidKind, hidShape, err := parseUnits(o.hidden)
	if err != nil {
		return err
	}
	opt, err := newOptimizer[T](o.optimizer, o.lr, o.biasFactor, o.momentum, o.decay)
	if err != nil {
		return err
	}
	cfg := rbm.TrainConfig{K: o.k, Persistent: !o.cd, BatchSize: o.batch, Seed: o.seed}
	if err := cfg.Validate(); err != nil {
		return err
	}
	switch {
	case o.epochs < 1:
		return fmt.Errorf("--epochs must be at least 1, got %d", o.epochs)
	case o.trainSize < 0:
		return fmt.Errorf("--train-size must not be negative, got %d", o.trainSize)
	case o.filtersEvery < 0:
		return fmt.Errorf("--filters-every must not be negative, got %d", o.filtersEvery)
	case o.initStd < 0 || math.IsNaN(o.initStd) || math.IsInf(o.initStd, 0):
		return fmt.Errorf("--init-std must be a finite number ≥ 0, got %g", o.initStd)
	case o.exactPL < 0:
		return fmt.Errorf("--exact-pl must not be negative, got %d", o.exactPL)
	}
	if err := o.sample.validate(); err != nil {
		return err
	}
	x, test, err := loadMNIST[T](o.dataDir)
	if err != nil {
		return err
	}
	const nv = 28 * 28
	if o.exactPL > 0 && o.visible != "binary" && o.visible != "spin" {
		return fmt.Errorf("--exact-pl needs two-state visible units (binary or spin), not %q", o.visible)
	}
	if o.trainSize > 0 {
		if o.trainSize > len(x)/nv {
			return fmt.Errorf("--train-size %d exceeds the %d training digits", o.trainSize, len(x)/nv)
		}
		x = x[:o.trainSize*nv]
	}
	if err := binarize(o.binarize, o.threshold, o.seed, x, test); err != nil {
		return err
	}
	if o.standardize {
		if o.binarize != "none" {
			return fmt.Errorf("--standardize and --binarize exclude each other")
		}
		mean, std := mnist.Standardize(x, nv)
		mnist.Apply(test, mean, std)
	}
	vis, err := rbm.NewLayer[T](o.visible, "v", nv)
	if err != nil {
		return err
	}
	hid, err := rbm.NewLayer[T](hidKind, "h", hidShape...)
	if err != nil {
		return err
	}
	initRNG := rand.New(rand.NewPCG(o.seed, 0))
	m, err := rbm.New(vis, hid, initRNG)
	if err != nil {
		return err
	}
	if o.initStd > 0 {
		if err := m.InitNormal(o.initStd, initRNG); err != nil {
			return err
		}
	}
	if err := initFrom(&trainEval, m); err != nil {
		return err
	}
	tr, err := rbm.NewTrainer(m, opt, cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	mon, err := newMonitorFile(filepath.Join(o.out, "monitors.csv"))
	if err != nil {
		return err
	}
	defer mon.close()
	ev, err := newEpochEvaluator(m, x, test, o.out, o.epochs, o.seed)
	if err != nil {
		return err
	}
	settings := o.settings()
	method := "PCD"
	if o.cd {
		method = "CD"
	}
	fmt.Printf("training a %s-%v / %s-%v RBM on %d digits: %s-%d, %s lr %g, batch %d, %d epochs, %s -> %s\n",
		vis.Kind(), vis.Shape(), hid.Kind(), hid.Shape(), len(x)/nv, method, o.k, o.optimizer, o.lr, o.batch, o.epochs, o.dtype, o.out)
	exact := func() float64 { // the exact pseudo-likelihood, or NaN when off
		if o.exactPL == 0 {
			return math.NaN()
		}
		pl, err := m.PseudoLikelihood(x[:min(o.exactPL*nv, len(x))], -1)
		if err != nil {
			return math.NaN()
		}
		return pl
	}
	st, err := tr.Evaluate(x)
	if err != nil {
		return err
	}
	report(mon, st, exact())
	modelPath := filepath.Join(o.out, "model.npz")
	var total float64
	for e := 1; e <= o.epochs; e++ {
		bar := newBar(o.quiet, st.Batches, fmt.Sprintf("epoch %d/%d", e, o.epochs))
		st, err = tr.Epoch(x, func(done, _ int) { bar.Set(done) })
		bar.Finish()
		if err != nil {
			// The trainer put back the last finite parameters: keep them.
			if serr := rbm.Save(modelPath, m, settings); serr == nil {
				return fmt.Errorf("%w; the last finite model is in %s", err, modelPath)
			}
			return err
		}
		total += st.Seconds
		report(mon, st, exact())
		if err := rbm.Save(modelPath, m, settings); err != nil {
			return err
		}
		if err := ev.after(e); err != nil {
			return err
		}
		if o.filtersEvery > 0 && (e%o.filtersEvery == 0 || e == o.epochs) {
			if err := writeFilters(filepath.Join(o.out, fmt.Sprintf("filters_at_epoch_%d.png", e)), m); err != nil {
				return err
			}
		}
	}
	fmt.Printf("trained in %.1f s (%.1f s an epoch); model in %s\n", total, total/float64(o.epochs), modelPath)
	if o.sample.rows > 0 {
		start := time.Now()
		path := filepath.Join(o.out, "samples.png")
		if err := drawSamples(path, m, test, o.sample, o.quiet); err != nil {
			return err
		}
		fmt.Printf("samples in %s (%.1f s)\n", path, time.Since(start).Seconds())
	}
	return nil
}

// settings are the flags saved with the model.
func (o *trainOptions) settings() map[string]any {
	return map[string]any{
		"k": o.k, "persistent": !o.cd, "optimizer": o.optimizer, "lr": o.lr, "bias_lr_factor": o.biasFactor,
		"momentum": o.momentum, "weight_decay": o.decay, "batch": o.batch, "epochs": o.epochs,
		"seed": o.seed, "init_std": o.initStd, "train_size": o.trainSize, "binarize": o.binarize, "standardize": o.standardize,
	}
}

// binarize applies --binarize to the training and test rows.
func binarize[T rbm.Float](how string, threshold float64, seed uint64, sets ...[]T) error {
	switch how {
	case "none":
		return nil
	case "threshold":
		if math.IsNaN(threshold) || threshold <= 0 || threshold >= 1 {
			return fmt.Errorf("--threshold must be in (0,1), got %g", threshold)
		}
		for _, x := range sets {
			mnist.Binarize(x, T(threshold))
		}
		return nil
	case "stochastic":
		rng := rand.New(rand.NewPCG(seed, 7))
		for _, x := range sets {
			mnist.BinarizeStochastic(x, rng)
		}
		return nil
	}
	return fmt.Errorf("--binarize must be none, threshold or stochastic, not %q", how)
}

func newBar(quiet bool, n int, desc string) *progressbar.ProgressBar {
	if quiet {
		return progressbar.DefaultSilent(int64(n), desc)
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
	)
}

// monitorFile is the monitors.csv of a run, flushed after every row.
type monitorFile struct {
	f *os.File
	w *csv.Writer
}

func newMonitorFile(path string) (*monitorFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	m := &monitorFile{f: f, w: csv.NewWriter(f)}
	m.w.Write([]string{"epoch", "pseudo_likelihood", "exact_pseudo_likelihood", "reconstruction_cross_entropy", "cost", "seconds"})
	m.w.Flush()
	return m, m.w.Error()
}

func (m *monitorFile) close() error {
	m.w.Flush()
	return m.f.Close()
}

// report prints an epoch's monitors and adds them to the CSV; exact is the
// exact pseudo-likelihood, NaN when not computed.
func report(m *monitorFile, st rbm.EpochStats, exact float64) {
	what := fmt.Sprintf("epoch %2d", st.Epoch)
	if st.Epoch == 0 {
		what = "before training"
	}
	ex := ""
	if !math.IsNaN(exact) {
		ex = fmt.Sprintf(" (exact %.4f)", exact)
	}
	fmt.Printf("%s: pseudo-likelihood %.4f%s, reconstruction cross-entropy %.4f, %.1f s\n", what, st.PseudoLikelihood, ex, st.Reconstruction, st.Seconds)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	m.w.Write([]string{strconv.Itoa(st.Epoch), f(st.PseudoLikelihood), f(exact), f(st.Reconstruction), f(st.Cost), f(st.Seconds)})
	m.w.Flush()
}
