package cli

import (
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
	rbmrun "github.com/rbmgo/rbm/rbm/run"
	"github.com/spf13/pflag"
)

// algoOptions are the flags of "rbm train" that choose training algorithms
// beyond PCD with weight decay: parallel tempering, further penalties, a
// sparsity target, centring, the visible fields' start and the Potts gauge.
// Their defaults leave the tutorial's training as it was, bit for bit.
type algoOptions struct {
	tempering        int
	temperingBetaMin float64
	l1, l2l1         float64
	sparsityTarget   float64
	sparsityCost     float64
	sparsityDecay    float64
	center           bool
	centerRate       float64
	centerModelMeans bool
	initVisible      string
	zeroSum          bool
	unitVariance     bool
}

// describe names the algorithms beyond CD/PCD that are on, for the line
// that opens a run ("" when none is).
func (a *algoOptions) describe() string {
	var parts []string
	if a.tempering > 1 {
		parts = append(parts, fmt.Sprintf("parallel tempering of %d replicas (β 1 to %g)", a.tempering, a.temperingBetaMin))
	}
	if a.center {
		parts = append(parts, fmt.Sprintf("centred (rate %g)", a.centerRate))
	}
	if a.l1 > 0 {
		parts = append(parts, fmt.Sprintf("L1 %g", a.l1))
	}
	if a.l2l1 > 0 {
		parts = append(parts, fmt.Sprintf("L2L1 %g", a.l2l1))
	}
	if a.sparsityTarget > 0 {
		parts = append(parts, fmt.Sprintf("sparsity target %g", a.sparsityTarget))
	}
	if a.initVisible == "data" {
		parts = append(parts, "visible fields from the data's means")
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(parts, ", ")
}

// register declares the flags, one pflag line each, like every register
// of the command: the lines are alike, each is its own flag.
func (a *algoOptions) register(fs *pflag.FlagSet) {
	fs.IntVar(&a.tempering, "tempering", 1, "parallel tempering: N replicas of the persistent chains on a ladder of inverse temperatures from 1 to --tempering-beta-min, swap rates in monitors.csv (1: plain PCD)")
	fs.Float64Var(&a.temperingBetaMin, "tempering-beta-min", 0.5, "the lowest inverse temperature of --tempering's evenly spaced ladder, in [0, 1) (the weights are scaled by β)")
	fs.Float64Var(&a.l1, "l1", 0, "L1 penalty λ·Σ|w| on the weights")
	fs.Float64Var(&a.l2l1, "l2l1", 0, "squared L1 penalty per hidden unit λ/2·Σ_μ(Σ_i|w_iμ|)² on the weights")
	fs.Float64Var(&a.sparsityTarget, "sparsity-target", 0, "wanted mean activation p of binary hidden units, in (0, 1) (0: no sparsity target)")
	fs.Float64Var(&a.sparsityCost, "sparsity-cost", 0.1, "weight of --sparsity-target's penalty")
	fs.Float64Var(&a.sparsityDecay, "sparsity-decay", 0.95, "decay of --sparsity-target's moving average of the activations, in [0, 1)")
	fs.BoolVar(&a.center, "center", false, "centred training (binary or spin units): differentiate the energy with offsets μ, λ taken from moving averages of the means; the model is saved un-centred")
	fs.Float64Var(&a.centerRate, "center-rate", 0.01, "weight of each update's means in --center's moving averages of the offsets, in (0, 1]")
	fs.BoolVar(&a.centerModelMeans, "center-model-means", false, "--center's offsets follow the mean of the data's and the chain end's means, not the data's alone")
	fs.StringVar(&a.initVisible, "init-visible-fields", "auto", "the visible fields' start: data, log p/(1-p) of the training data's means (binary, spin and Potts units); zero; or auto: data where it applies, zero for the tutorial's MNIST grey levels in binary units")
	fs.BoolVar(&a.unitVariance, "unit-variance", false, "after every epoch, rescale continuous hidden units (gaussian, relu, drelu, prelu, xrelu) to unit standard deviation over the first 1000 training rows; the distribution is unchanged")
	fs.BoolVar(&a.zeroSum, "zero-sum", true, "put Potts visible layers in the zero-sum gauge after every update (other visible units: ignored)")
}

// validate checks the flags, alone and against the trainer's.
func (a *algoOptions) validate(o *trainOptions) error {
	if _, err := rbm.Ladder(a.tempering, a.temperingBetaMin); err != nil {
		return fmt.Errorf("--tempering %d, --tempering-beta-min %v: %w", a.tempering, a.temperingBetaMin, err)
	}
	if a.tempering > 1 && o.cd {
		return fmt.Errorf("--tempering runs persistent chains; it does not go with --cd")
	}
	if a.tempering > 64 {
		return fmt.Errorf("--tempering %d: at most 64 replicas", a.tempering)
	}
	if err := (rbm.L1[float64]{Strength: a.l1}).Validate(); err != nil {
		return fmt.Errorf("--l1: %w", err)
	}
	if err := (rbm.L2L1[float64]{Strength: a.l2l1}).Validate(); err != nil {
		return fmt.Errorf("--l2l1: %w", err)
	}
	if a.sparsityTarget != 0 {
		sp := rbm.Sparsity[float64]{Target: a.sparsityTarget, Cost: a.sparsityCost, Decay: a.sparsityDecay}
		if err := sp.Validate(); err != nil {
			return fmt.Errorf("--sparsity-target: %w", err)
		}
		if err := unitsCan(o.hidKind, binaryUnits); err != nil {
			return fmt.Errorf("--sparsity-target: %w", err)
		}
	}
	if a.center {
		if err := (rbm.CenterConfig{Rate: a.centerRate}).Validate(); err != nil {
			return fmt.Errorf("--center-rate: %w", err)
		}
		for _, k := range []string{o.visible, o.hidKind} {
			if err := unitsCan(k, rbm.CanCenter[float64]); err != nil {
				return fmt.Errorf("--center: %w", err)
			}
		}
	}
	if a.initVisible == "auto" {
		a.initVisible = autoVisibleFields(o)
	}
	switch a.initVisible {
	case "zero":
	case "data":
		if err := unitsCan(o.visible, rbm.FieldsFromData[float64]); err != nil {
			return err
		}
		if o.initModel != "" {
			return fmt.Errorf("--init-visible-fields data and --init-model exclude each other")
		}
	default:
		return fmt.Errorf("--init-visible-fields must be auto, zero or data, not %q", a.initVisible)
	}
	if a.unitVariance {
		if err := unitsCan(o.hidKind, rbm.CanRescale[float64]); err != nil {
			return fmt.Errorf("--unit-variance: %w", err)
		}
	}
	if math.IsNaN(a.sparsityCost) {
		return fmt.Errorf("--sparsity-cost is NaN")
	}
	return nil
}

// unitsCan reports whether units of kind have what can asks of them
// (rbm.FieldsFromData, rbm.CanCenter, rbm.CanRescale, binaryUnits,
// twoStateUnits), and if not, why: the
// library answers for a small layer of that kind, so a unit type a program
// registers is asked as the built-in ones are.
func unitsCan(kind string, can func(rbm.Layer[float64]) error) error {
	l, err := rbm.NewLayer[float64](kind, "v", 2)
	if err != nil {
		return err
	}
	return can(l)
}

// binaryUnits is unitsCan's question for a sparsity target: are the units
// binary in effect (rbm.BinaryField)?
func binaryUnits(l rbm.Layer[float64]) error {
	if _, ok := rbm.BinaryField(l); !ok {
		return fmt.Errorf("a sparsity target is for binary hidden units, not %s", l.Kind())
	}
	return nil
}

// twoStateUnits is unitsCan's question for the exact pseudo-likelihood,
// which flips one unit at a time: have the units two states
// (rbm.TwoState)?
func twoStateUnits(l rbm.Layer[float64]) error {
	if _, ok := rbm.As[rbm.TwoState[float64]](l); !ok {
		return fmt.Errorf("the exact pseudo-likelihood needs units of two states (binary, spin), not %s", l.Kind())
	}
	return nil
}

// autoVisibleFields is what --init-visible-fields auto means for a run: the
// training data's means where they apply (rbm.FieldsFromData: binary, spin
// and Potts visible units of a new model), except on the tutorial's own data,
// MNIST's grey levels read as probabilities by binary units, which the
// tutorial starts at zero (its figures and golden runs depend on that).
func autoVisibleFields(o *trainOptions) string {
	if unitsCan(o.visible, rbm.FieldsFromData[float64]) != nil || o.initModel != "" {
		return "zero"
	}
	st, err := os.Stat(o.dataDir)
	mnist := o.dataDir == "" || (err == nil && st.IsDir()) // the module's MNIST, or a folder of idx files
	if o.visible == "binary" && o.binarize == string(data.None) && o.onFeaturesOf == "" && mnist {
		return "zero"
	}
	return "data"
}

// apply gives the trainer the sampler, transforms, centring and callbacks
// the flags ask for, after the weight decay the trainer has.
func applyAlgos[T rbm.Float](a *algoOptions, tr *rbm.Trainer[T]) error {
	if a.tempering > 1 {
		ladder, err := rbm.Ladder(a.tempering, a.temperingBetaMin)
		if err != nil {
			return err
		}
		pt, err := rbm.NewTempering(tr.Model, tr.Config, ladder)
		if err != nil {
			return err
		}
		tr.Sampler = pt
	}
	// The sparsity target, whose state a checkpoint keeps by its place
	// among the transforms, comes before the penalties that a resumed run
	// may add or drop.
	if a.sparsityTarget != 0 {
		tr.Transforms = append(tr.Transforms, &rbm.Sparsity[T]{Target: a.sparsityTarget, Cost: a.sparsityCost, Decay: a.sparsityDecay})
	}
	weights := []string{"weights"}
	if a.l1 > 0 {
		tr.Transforms = append(tr.Transforms, rbm.L1[T]{Strength: a.l1, Groups: weights})
	}
	if a.l2l1 > 0 {
		tr.Transforms = append(tr.Transforms, rbm.L2L1[T]{Strength: a.l2l1, Groups: weights})
	}
	if a.center {
		if err := tr.Center(rbm.CenterConfig{Rate: a.centerRate, ModelMeans: a.centerModelMeans}); err != nil {
			return err
		}
	}
	if a.zeroSum && rbm.CanZeroSum(tr.Model.Visible) == nil {
		tr.Callbacks = append([]rbm.Callback[T]{rbm.ZeroSum[T]{}}, tr.Callbacks...)
	}
	return nil
}

// prepareAlgos finishes the trainer with what needs the training rows x:
// the visible fields of a new model (fresh) when --init-visible-fields data
// asks for them, and --unit-variance's callback.
func prepareAlgos[T rbm.Float](a *algoOptions, tr *rbm.Trainer[T], x []T, fresh bool) error {
	if fresh && a.initVisible == "data" {
		if err := tr.InitVisibleFields(x, rbm.DefaultFieldClip); err != nil {
			return fmt.Errorf("--init-visible-fields: %w", err)
		}
	}
	if a.unitVariance {
		nv := tr.Model.Visible.Len()
		tr.Callbacks = append(tr.Callbacks, rbm.UnitVariance[T]{Data: x[:min(len(x), 1000*nv)]})
	}
	return nil
}

// columns are the monitors.csv columns of the flags: the swap rates of
// --tempering's neighbouring replicas.
func (a *algoOptions) columns() []string {
	var cols []string
	for r := 0; r+1 < a.tempering; r++ {
		cols = append(cols, fmt.Sprintf("swap_rate_%d_%d", r, r+1))
	}
	return cols
}

// row returns the epoch's values of columns (NaN before training) and
// starts the swap counts anew.
func algoRow[T rbm.Float](tr *rbm.Trainer[T]) []string {
	pt, ok := tr.Sampler.(*rbm.Tempering[T])
	if !ok {
		return nil
	}
	var row []string
	for _, r := range pt.SwapRates() {
		row = append(row, rbmrun.Format(r))
	}
	pt.ResetSwapRates()
	return row
}
