package rbm

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/optim"
	"gorgonia.org/tensor"
)

// CenterConfig says how a Trainer centres its model (Melchior, Fischer &
// Wiskott 2016, "How to center deep Boltzmann machines"): the cost graph
// differentiates the energy
//
//	E(v,h) = -(v-μ)ᵀW(h-λ) - b̃ᵀ(v-μ) - c̃ᵀ(h-λ)
//
// with respect to W and the centred biases b̃ = b + Wλ, c̃ = c + Wᵀμ, and the
// optimizer steps in those coordinates; the offsets μ and λ are constants of
// the graph, moved after every update toward the means of the data (and,
// with ModelMeans, of the chain end) by an exponential moving average of
// Rate. The model keeps the un-centred parameters b = b̃ - Wλ, c = c̃ - Wᵀμ
// throughout: the chains, the monitors and the saved models see the same
// distribution any RBM of its layers has.
type CenterConfig struct {
	// Rate is the weight of each update's means in the offsets' moving
	// averages, in (0, 1]; the offsets start at the first batch's means.
	Rate float64
	// ModelMeans moves the offsets toward the mean of the data's and the
	// chain end's means, instead of the data's alone.
	ModelMeans bool
}

// Validate reports a rate outside (0, 1].
func (c CenterConfig) Validate() error {
	if !(c.Rate > 0 && c.Rate <= 1) {
		return fmt.Errorf("rbm: the centring offsets' rate must be in (0, 1], got %v", c.Rate)
	}
	return nil
}

// centering is a Trainer's centring: the centred layers the cost graph
// differentiates, and the offsets.
type centering[T Float] struct {
	cfg          CenterConfig
	model        *RBM[T]
	vis, hid     Layer[T]      // copies of the model's layers holding b̃ and c̃
	vb, hb       *graph.Param  // the model's biases b and c
	vbc, hbc     *graph.Param  // the centred biases b̃ and c̃
	mu, lambda   *tensor.Dense // the offsets, bound by the cost graph
	started      bool          // whether the offsets hold means
	dataV, dataH []float64     // the update's means, for the offsets
	hmean, hin   []T           // scratch
}

// Center makes the trainer centre its model (see CenterConfig): it
// recompiles the cost graph for the centred energy. It must be called
// before the first epoch, and before SetState. The visible and the hidden
// layer must be binary, spin, or other Linear units of two states whose
// only parameter is their field (CanCenter says).
func (t *Trainer[T]) Center(cfg CenterConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if t.epoch > 0 {
		return errors.New("rbm: a trainer is centred before its first epoch")
	}
	c, err := newCentering(t.Model, cfg)
	if err != nil {
		return err
	}
	b := t.Config.BatchSize
	cost, err := graph.NewCenteredCost(dtypeOf[T](), c.vis, c.hid, t.Model.W, b, b, c.mu, c.lambda)
	if err != nil {
		return err
	}
	params := make([]optim.Param[T], 0, len(cost.Params()))
	for _, p := range cost.Params() {
		params = append(params, optim.Param[T]{Name: p.Name, Value: data[T](p), Group: p.Group, Shape: p.Value.Shape().Clone()})
	}
	t.cost, t.params, t.centre = cost, params, c
	return nil
}

// Centered reports whether the trainer centres its model.
func (t *Trainer[T]) Centered() bool { return t.centre != nil }

// Offsets returns copies of the centring's offsets μ (visible) and λ
// (hidden), nil if the trainer does not centre or has not begun.
func (t *Trainer[T]) Offsets() (mu, lambda []T) {
	if t.centre == nil || !t.centre.started {
		return nil, nil
	}
	return slices.Clone(t.centre.mu.Data().([]T)), slices.Clone(t.centre.lambda.Data().([]T))
}

func newCentering[T Float](m *RBM[T], cfg CenterConfig) (*centering[T], error) {
	c := &centering[T]{cfg: cfg, model: m}
	var err error
	if c.vis, c.vb, c.vbc, err = centredCopy(m.Visible, "v"); err != nil {
		return nil, fmt.Errorf("rbm: centring the visible layer: %w", err)
	}
	if c.hid, c.hb, c.hbc, err = centredCopy(m.Hidden, "h"); err != nil {
		return nil, fmt.Errorf("rbm: centring the hidden layer: %w", err)
	}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	c.mu = tensor.New(tensor.WithShape(nv), tensor.WithBacking(make([]T, nv)))
	c.lambda = tensor.New(tensor.WithShape(nh), tensor.WithBacking(make([]T, nh)))
	return c, nil
}

// centredCopy returns a layer of l's kind and shape with parameters of its
// own, named as l's are (prefix "v" or "h", as NewLayer names them), and the
// field of each.
func centredCopy[T Float](l Layer[T], prefix string) (Layer[T], *graph.Param, *graph.Param, error) {
	field, err := centredField(l)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := NewLayer[T](l.Kind(), prefix, l.Shape()...)
	if err != nil {
		return nil, nil, nil, err
	}
	cf, err := centredField(c)
	if err != nil {
		return nil, nil, nil, err
	}
	if cf.Name != field.Name {
		return nil, nil, nil, fmt.Errorf("centring names the %s units' field %q, the model names it %q", l.Kind(), cf.Name, field.Name)
	}
	return c, field, cf, nil
}

// centredField returns the field of units that centring serves: Linear
// units of two states a site (binary, spin, or a program's own), whose
// only parameter is that field; else an error naming what l lacks.
func centredField(l UnitType) (*graph.Param, error) {
	lin, isLinear := As[Linear](l)
	fin, isFinite := As[Finite](l)
	if !isLinear || !isFinite {
		return nil, fmt.Errorf("centring is for Finite and Linear units of two states (binary, spin), not %s", l.Kind())
	}
	per, states := fin.SiteStates()
	field, params := lin.LinearField(), l.Params()
	if _, _, ok := siteTwoStates(per, states); !ok || len(params) != 1 || params[0] != field {
		return nil, fmt.Errorf("centring is for units of two states whose only parameter is their field (binary, spin), not %s", l.Kind())
	}
	return field, nil
}

// CanCenter reports whether Trainer.Center can centre units l, and if not,
// why.
func CanCenter[T Float](l Layer[T]) error {
	_, err := centredField(l)
	return err
}

// toCentred writes b̃ = b + Wλ and c̃ = c + Wᵀμ from the model's parameters.
func (c *centering[T]) toCentred() {
	c.convert(1)
}

// fromCentred writes the model's b = b̃ - Wλ and c = c̃ - Wᵀμ.
func (c *centering[T]) fromCentred() {
	c.convert(-1)
}

// convert writes the centred biases from the model's (sign 1) or the
// model's from the centred ones (sign -1).
func (c *centering[T]) convert(sign float64) {
	nv, nh := c.model.Visible.Len(), c.model.Hidden.Len()
	w := c.model.Weights()
	mu, lambda := c.mu.Data().([]T), c.lambda.Data().([]T)
	src, dst := data[T](c.vb), data[T](c.vbc)
	if sign < 0 {
		src, dst = dst, src
	}
	for i := range nv {
		var s float64
		for j := range nh {
			s += float64(w[i*nh+j]) * float64(lambda[j])
		}
		dst[i] = T(float64(src[i]) + sign*s)
	}
	src, dst = data[T](c.hb), data[T](c.hbc)
	if sign < 0 {
		src, dst = dst, src
	}
	acc := make([]float64, nh)
	for i := range nv {
		if mu[i] == 0 {
			continue
		}
		for j := range nh {
			acc[j] += float64(w[i*nh+j]) * float64(mu[i])
		}
	}
	for j := range nh {
		dst[j] = T(float64(src[j]) + sign*acc[j])
	}
}

// see keeps the update's means: the data batch's visible states and hidden
// means (from data.HIn, under the parameters before the update), averaged
// with the chain end's when ModelMeans.
func (c *centering[T]) see(data *Chains[T], vModel []T) {
	m := c.model
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	c.dataV, c.dataH = rowMeans(data.V, nv), c.hiddenMeans(data.HIn, nh)
	if !c.cfg.ModelMeans {
		return
	}
	if len(c.hin) != len(data.HIn) {
		c.hin = make([]T, len(data.HIn))
	}
	m.PropUp(vModel, c.hin)
	mv, mh := rowMeans(vModel, nv), c.hiddenMeans(c.hin, nh)
	for i := range c.dataV {
		c.dataV[i] = (c.dataV[i] + mv[i]) / 2
	}
	for j := range c.dataH {
		c.dataH[j] = (c.dataH[j] + mh[j]) / 2
	}
}

func (c *centering[T]) hiddenMeans(in []T, nh int) []float64 {
	if len(c.hmean) != len(in) {
		c.hmean = make([]T, len(in))
	}
	c.model.Hidden.Mean(in, c.hmean)
	return rowMeans(c.hmean, nh)
}

// rowMeans returns the mean of the rows of x, of n values each.
func rowMeans[T Float](x []T, n int) []float64 {
	out := make([]float64, n)
	for i, v := range x {
		out[i%n] += float64(v)
	}
	rows := float64(len(x) / n)
	for i := range out {
		out[i] /= rows
	}
	return out
}

// moveOffsets moves the offsets toward the means see kept: to them at the
// first update, by Rate after.
func (c *centering[T]) moveOffsets() {
	r := c.cfg.Rate
	if !c.started {
		r = 1
	}
	ema := func(dst []T, means []float64) {
		for i, x := range means {
			dst[i] = T((1-r)*float64(dst[i]) + r*x)
		}
	}
	ema(c.mu.Data().([]T), c.dataV)
	ema(c.lambda.Data().([]T), c.dataH)
	c.started = true
}

// state returns the offsets, arrays "mu" and "lambda" (none before the
// first update).
func (c *centering[T]) state() []StateArray[T] {
	if !c.started {
		return nil
	}
	mu, lambda := c.mu.Data().([]T), c.lambda.Data().([]T)
	return []StateArray[T]{
		{Name: "mu", Shape: []int{len(mu)}, Data: slices.Clone(mu)},
		{Name: "lambda", Shape: []int{len(lambda)}, Data: slices.Clone(lambda)},
	}
}

// setState restores the offsets state returned; none starts them anew.
func (c *centering[T]) setState(arrays []StateArray[T]) error {
	mu, lambda := c.mu.Data().([]T), c.lambda.Data().([]T)
	if len(arrays) == 0 {
		clear(mu)
		clear(lambda)
		c.started = false
		return nil
	}
	m, l := stateArray(arrays, "mu"), stateArray(arrays, "lambda")
	if len(m) != len(mu) || len(l) != len(lambda) {
		return fmt.Errorf("centring offsets of %d and %d values for %d visible and %d hidden units", len(m), len(l), len(mu), len(lambda))
	}
	for _, x := range append(slices.Clone(m), l...) {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("centring offset %v", x)
		}
	}
	copy(mu, m)
	copy(lambda, l)
	c.started = true
	return nil
}
