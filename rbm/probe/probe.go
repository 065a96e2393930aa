// Package probe measures what a model's hidden units learnt: it trains a
// softmax classifier (multinomial logistic regression) on features, such
// as a model's hidden means given each row (Features), and reports its
// accuracy on held-out rows. The classifier's cost, the mean cross-entropy
//
//	mean over rows of log Σₖ exp(zₖ) - z_y,   z = x·W + b,
//
// plus an optional L2 penalty ½·λ·‖W‖², is a gorgonia graph (package
// graph's Builder), differentiated by gorgonia, and the parameters are
// updated by an optimizer of package optim.
package probe

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/internal/kernel"
	"github.com/rbmgo/rbm/internal/linalg"
	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// MaxClasses bounds the number of classes (labels are bytes).
const MaxClasses = 256

// Config says how the classifier is trained.
type Config struct {
	// Epochs is the number of passes over the rows, each in an order drawn
	// from the Seed; the rows that do not fill a last batch wait for the
	// next epoch's order.
	Epochs int
	// Batch is the number of rows of a step.
	Batch int
	// Optimizer is "sgd" or "adam".
	Optimizer string
	// LearningRate is the optimizer's rate, for the weights and the biases.
	LearningRate float64
	// Momentum is SGD's momentum, in [0,1).
	Momentum float64
	// WeightDecay is λ of the penalty ½·λ·‖W‖² added to the cost.
	WeightDecay float64
	// Seed chooses the order of the rows.
	Seed uint64
	// Progress, if not nil, is called after every epoch with its number
	// (from 1) and the mean cost of its steps.
	Progress func(epoch int, cost float64)
}

// Classifier is a softmax classifier of rows of Dim features into Classes
// classes: class k scores row x by x·W[:,k] + B[k].
type Classifier[T rbm.Float] struct {
	W, B         *graph.Param // Dim×Classes weights and Classes biases
	Dim, Classes int
}

// Train trains a classifier of the rows of x (dim features a row) with
// labels in [0, classes), from zero weights: NewClassifier, then Fit.
func Train[T rbm.Float](x []T, labels []uint8, dim, classes int, cfg Config) (*Classifier[T], error) {
	c, err := NewClassifier[T](dim, classes)
	if err != nil {
		return nil, err
	}
	if err := c.Fit(x, labels, cfg); err != nil {
		return nil, err
	}
	return c, nil
}

// NewClassifier returns a classifier of dim features into classes classes
// with zero weights and biases.
func NewClassifier[T rbm.Float](dim, classes int) (*Classifier[T], error) {
	switch {
	case dim < 1 || dim > rbm.MaxUnits:
		return nil, fmt.Errorf("probe: %d features; want 1 to %d", dim, rbm.MaxUnits)
	case classes < 2 || classes > MaxClasses:
		return nil, fmt.Errorf("probe: %d classes; want 2 to %d", classes, MaxClasses)
	}
	return &Classifier[T]{
		W:   rbm.NewParam[T]("W", graph.Weights, dim, classes),
		B:   rbm.NewParam[T]("b", graph.Biases, classes),
		Dim: dim, Classes: classes,
	}, nil
}

// Fit trains the classifier further on the rows of x (Dim features a row)
// with labels in [0, Classes). Progress may read the classifier between
// epochs (its accuracy on held-out rows, say).
func (c *Classifier[T]) Fit(x []T, labels []uint8, cfg Config) error {
	if err := check(x, labels, c.Dim, c.Classes, cfg); err != nil {
		return err
	}
	opt, err := newOptimizer[T](cfg)
	if err != nil {
		return err
	}
	s, err := newStep(c, cfg.Batch, cfg.WeightDecay)
	if err != nil {
		return err
	}
	n := len(labels)
	rng := rand.New(rand.NewPCG(cfg.Seed, 11))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	params := []optim.Param[T]{
		{Name: c.W.Name, Value: data[T](c.W.Value), Group: c.W.Group},
		{Name: c.B.Name, Value: data[T](c.B.Value), Group: c.B.Group},
	}
	for e := 1; e <= cfg.Epochs; e++ {
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		var sum float64
		steps := n / cfg.Batch
		for b := range steps {
			cost, err := s.run(x, labels, order[b*cfg.Batch:(b+1)*cfg.Batch], params)
			if err != nil {
				return fmt.Errorf("probe: epoch %d, step %d: %w", e, b+1, err)
			}
			if err := opt.Step(params); err != nil {
				return fmt.Errorf("probe: epoch %d, step %d: %w", e, b+1, err)
			}
			sum += cost
		}
		if cfg.Progress != nil {
			cfg.Progress(e, sum/float64(steps))
		}
	}
	return nil
}

// check refuses rows, labels and settings that Train cannot use.
func check[T rbm.Float](x []T, labels []uint8, dim, classes int, cfg Config) error {
	switch {
	case dim < 1 || len(x) == 0 || len(x)%dim != 0:
		return fmt.Errorf("probe: %d values are not whole rows of %d features", len(x), dim)
	case len(x)/dim != len(labels):
		return fmt.Errorf("probe: %d rows but %d labels", len(x)/dim, len(labels))
	case classes < 2 || classes > MaxClasses:
		return fmt.Errorf("probe: %d classes; want 2 to %d", classes, MaxClasses)
	case cfg.Epochs < 1:
		return fmt.Errorf("probe: need at least one epoch, got %d", cfg.Epochs)
	case cfg.Batch < 1 || cfg.Batch > len(labels):
		return fmt.Errorf("probe: a batch of %d rows from %d rows", cfg.Batch, len(labels))
	case !(cfg.WeightDecay >= 0) || math.IsInf(cfg.WeightDecay, 1):
		return fmt.Errorf("probe: weight decay must be finite and not negative, got %v", cfg.WeightDecay)
	case !(cfg.LearningRate > 0) || math.IsInf(cfg.LearningRate, 1):
		return fmt.Errorf("probe: learning rate must be positive and finite, got %v", cfg.LearningRate)
	}
	for i, l := range labels {
		if int(l) >= classes {
			return fmt.Errorf("probe: label %d of row %d is not a class of [0, %d)", l, i, classes)
		}
	}
	if i := kernel.FirstNonFinite(x); i >= 0 {
		return fmt.Errorf("probe: feature %d of row %d is %v", i%dim, i/dim, x[i])
	}
	return nil
}

// newOptimizer returns the optimizer cfg names.
func newOptimizer[T rbm.Float](cfg Config) (optim.Optimizer[T], error) {
	groups := optim.Groups(cfg.LearningRate, 1)
	switch cfg.Optimizer {
	case "sgd":
		return optim.NewSGD[T](optim.SGDConfig{Groups: groups, Momentum: cfg.Momentum})
	case "adam":
		return optim.NewAdam[T](optim.AdamConfig{Groups: groups})
	}
	return nil, fmt.Errorf("probe: optimizer %q; want sgd or adam", cfg.Optimizer)
}

func data[T rbm.Float](d *tensor.Dense) []T { return d.Data().([]T) }

// step is the compiled cost of a batch and its gradients.
type step[T rbm.Float] struct {
	c          *Classifier[T]
	x, y       *G.Node
	cost       *G.Node
	grads      G.Nodes
	vm         G.VM
	xBuf, yBuf []T
	xT, yT     *tensor.Dense
}

// newStep builds and compiles the cost of batches of rows.
func newStep[T rbm.Float](c *Classifier[T], batch int, decay float64) (*step[T], error) {
	b, err := graph.NewBuilder(graph.DtypeOf[T]())
	if err != nil {
		return nil, err
	}
	s := &step[T]{c: c, xBuf: make([]T, batch*c.Dim), yBuf: make([]T, batch*c.Classes)}
	s.xT = tensor.New(tensor.WithShape(batch, c.Dim), tensor.WithBacking(s.xBuf))
	s.yT = tensor.New(tensor.WithShape(batch, c.Classes), tensor.WithBacking(s.yBuf))
	s.x, s.y = b.Input("x", batch, c.Dim), b.Input("y", batch, c.Classes)
	if s.cost, err = Cost(b, c.W, c.B, s.x, s.y, decay); err != nil {
		return nil, err
	}
	w, bias := b.Param(c.W), b.Param(c.B)
	if s.grads, err = G.Grad(s.cost, w, bias); err != nil {
		return nil, fmt.Errorf("probe: deriving gradients: %w", err)
	}
	prog, locMap, err := G.CompileFunction(b.Graph, G.Nodes{s.x, s.y}, append(G.Nodes{s.cost}, s.grads...))
	if err != nil {
		return nil, fmt.Errorf("probe: compiling the cost: %w", err)
	}
	s.vm = G.NewTapeMachine(b.Graph, G.WithPrecompiled(prog, locMap))
	return s, nil
}

// Cost returns the mean cross-entropy of the softmax classifier of weights
// w (features×classes) and biases bias (classes) on rows x (batch×features)
// with one-hot labels y (batch×classes), plus ½·decay·‖W‖²: a scalar node
// whose gradients gorgonia derives.
func Cost(b *graph.Builder, w, bias *graph.Param, x, y *G.Node, decay float64) (*G.Node, error) {
	xw, err := G.Mul(x, b.Param(w))
	if err != nil {
		return nil, fmt.Errorf("probe: x·W: %w", err)
	}
	logits, err := G.BroadcastAdd(xw, b.Param(bias), nil, []byte{0})
	if err != nil {
		return nil, fmt.Errorf("probe: x·W + b: %w", err)
	}
	lse, err := ops.LogSumExp(logits)
	if err != nil {
		return nil, err
	}
	picked, err := G.HadamardProd(y, logits)
	if err != nil {
		return nil, err
	}
	if picked, err = G.Sum(picked, 1); err != nil {
		return nil, err
	}
	ce, err := G.Sub(lse, picked)
	if err != nil {
		return nil, err
	}
	cost, err := G.Mean(ce)
	if err != nil || decay == 0 {
		return cost, err
	}
	sq, err := G.Square(b.Param(w))
	if err != nil {
		return nil, err
	}
	pen, err := G.Sum(sq)
	if err != nil {
		return nil, err
	}
	if pen, err = G.Mul(pen, b.Scalar(decay/2)); err != nil {
		return nil, err
	}
	return G.Add(cost, pen)
}

// run computes the cost and gradients of the rows idx of x, and points the
// parameters' gradients at them.
func (s *step[T]) run(x []T, labels []uint8, idx []int, params []optim.Param[T]) (float64, error) {
	dim, k := s.c.Dim, s.c.Classes
	clear(s.yBuf)
	for i, r := range idx {
		copy(s.xBuf[i*dim:(i+1)*dim], x[r*dim:(r+1)*dim])
		s.yBuf[i*k+int(labels[r])] = 1
	}
	if err := G.Let(s.x, s.xT); err != nil {
		return 0, err
	}
	if err := G.Let(s.y, s.yT); err != nil {
		return 0, err
	}
	defer s.vm.Reset()
	if err := s.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("running the cost: %w", err)
	}
	for i, g := range s.grads {
		d, ok := g.Value().(*tensor.Dense)
		if !ok {
			return 0, fmt.Errorf("no gradient of %s", params[i].Name)
		}
		params[i].Grad = d.Data().([]T)
	}
	switch v := s.cost.Value().Data().(type) {
	case float32:
		return float64(v), nil
	case float64:
		return v, nil
	}
	return 0, fmt.Errorf("the cost is not a scalar")
}

// Predict returns the class of highest score of every row of x.
func (c *Classifier[T]) Predict(x []T) ([]uint8, error) {
	if len(x)%c.Dim != 0 {
		return nil, fmt.Errorf("probe: %d values are not whole rows of %d features", len(x), c.Dim)
	}
	if i := kernel.FirstNonFinite(x); i >= 0 {
		return nil, fmt.Errorf("probe: feature %d of row %d is %v", i%c.Dim, i/c.Dim, x[i])
	}
	n := len(x) / c.Dim
	scores := make([]T, n*c.Classes)
	linalg.Mul(x, n, c.Dim, data[T](c.W.Value), c.Classes, scores)
	bias := data[T](c.B.Value)
	out := make([]uint8, n)
	for r := range out {
		row := scores[r*c.Classes : (r+1)*c.Classes]
		best := 0
		for k := range row {
			if row[k]+bias[k] > row[best]+bias[best] {
				best = k
			}
		}
		out[r] = uint8(best)
	}
	return out, nil
}

// Accuracy returns the fraction of the rows of x that the classifier puts
// in their labels' classes.
func (c *Classifier[T]) Accuracy(x []T, labels []uint8) (float64, error) {
	pred, err := c.Predict(x)
	if err != nil {
		return 0, err
	}
	if len(pred) != len(labels) || len(pred) == 0 {
		return 0, fmt.Errorf("probe: %d rows but %d labels", len(pred), len(labels))
	}
	right := 0
	for i, p := range pred {
		if p == labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(pred)), nil
}
