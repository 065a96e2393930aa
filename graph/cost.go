package graph

import (
	"errors"
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Cost is a compiled contrastive-divergence cost
//
//	mean F(v_data) - mean F(v_model)
//
// together with its gradient with respect to every model parameter. v_data and
// v_model are input nodes: the chain end is fed in as a value, so it is a
// constant of the graph. The two batches share one product with W (they are
// stacked inside the graph), which halves the matrix products of a step.
//
// A Cost is compiled once for a model and batch shape and run once per batch.
// It is not safe for concurrent use.
type Cost struct {
	b             *Builder
	vData, vModel *G.Node
	cost          *G.Node
	params        []*Param
	grads         G.Nodes
	vm            G.VM
}

// NewCost compiles the cost for data batches of dataRows rows and chains of
// modelRows rows, for a model with visible and hidden layers vis and hid and
// weights w (nv×nh). Gradients are derived for every parameter the graph uses.
func NewCost(dt tensor.Dtype, vis, hid Expr, w *Param, dataRows, modelRows int) (*Cost, error) {
	return newCost(dt, w, dataRows, modelRows, func(b *Builder, v *G.Node) (*G.Node, error) {
		return FreeEnergy(b, vis, hid, w, v)
	})
}

// NewCenteredCost compiles the cost of NewCost for the centred energy
//
//	E(v,h) = -(v-μ)ᵀW(h-λ) + E_vis(v-μ) + E_hid(h-λ)
//
// of layers whose energies are linear in the states (binary, spin), whose
// free energy is CenteredFreeEnergy. The offsets mu (nv) and lambda (nh)
// are bound by reference, like parameters, but no gradient is taken with
// respect to them: change their values in place between runs.
func NewCenteredCost(dt tensor.Dtype, vis, hid Expr, w *Param, dataRows, modelRows int, mu, lambda *tensor.Dense) (*Cost, error) {
	return newCost(dt, w, dataRows, modelRows, func(b *Builder, v *G.Node) (*G.Node, error) {
		muN := G.NodeFromAny(b.Graph, mu, G.WithName("offset_visible"))
		lambdaN := G.NodeFromAny(b.Graph, lambda, G.WithName("offset_hidden"))
		return CenteredFreeEnergy(b, vis, hid, w, v, muN, lambdaN)
	})
}

// CenteredFreeEnergy returns, per sample, the free energy of the centred
// energy of NewCenteredCost up to a constant of the samples,
//
//	F(v) = E_vis(v-μ) + (v-μ)ᵀWλ - CGF_hid((v-μ)ᵀW),
//
// for offsets mu (a vector of nv) and lambda (of nh).
func CenteredFreeEnergy(b *Builder, vis, hid Expr, w *Param, v, mu, lambda *G.Node) (*G.Node, error) {
	var c Chain
	vc := c.named("v-μ", func() (*G.Node, error) { return G.BroadcastSub(v, mu, nil, []byte{0}) })
	ev := c.named("visible energy", func() (*G.Node, error) { return vis.EnergyExpr(b, vc) })
	// (v-μ)·W as v·W - 1·(μᵀW): the product with the states keeps the
	// sparse kernel of 0/1 rows, and μᵀW is one row.
	vw := c.named("v·W", func() (*G.Node, error) { return G.Mul(v, b.Param(w)) })
	muRow := c.named("μ as a row", func() (*G.Node, error) { return G.Reshape(mu, tensor.Shape{1, mu.Shape().TotalSize()}) })
	muw := c.named("μᵀW", func() (*G.Node, error) { return G.Mul(muRow, b.Param(w)) })
	in := c.named("(v-μ)·W", func() (*G.Node, error) { return G.BroadcastSub(vw, muw, nil, []byte{0}) })
	ch := c.named("hidden cgf", func() (*G.Node, error) { return hid.CGFExpr(b, in) })
	lin := c.named("(v-μ)·W·λ", func() (*G.Node, error) { return G.Mul(in, lambda) })
	f := c.Do(func() (*G.Node, error) { return G.Add(ev, lin) })
	if c.err != nil {
		return nil, c.err
	}
	return G.Sub(f, ch)
}

// newCost compiles mean F(v_data) - mean F(v_model) for the free energy fe
// of stacked rows, and its gradients.
func newCost(dt tensor.Dtype, w *Param, dataRows, modelRows int, fe func(b *Builder, v *G.Node) (*G.Node, error)) (*Cost, error) {
	if dataRows < 1 || modelRows < 1 {
		return nil, fmt.Errorf("graph: cost needs at least one data row and one chain, got %d and %d", dataRows, modelRows)
	}
	shape := w.Value.Shape()
	if len(shape) != 2 {
		return nil, fmt.Errorf("graph: weights %q must be a matrix, have shape %v", w.Name, shape)
	}
	b, err := NewBuilder(dt)
	if err != nil {
		return nil, err
	}
	nv := shape[0]
	c := &Cost{b: b}
	c.vData = b.Input("v_data", dataRows, nv)
	c.vModel = b.Input("v_model", modelRows, nv)
	both, err := G.Concat(0, c.vData, c.vModel)
	if err != nil {
		return nil, fmt.Errorf("graph: stacking data and chain end: %w", err)
	}
	f, err := fe(b, both)
	if err != nil {
		return nil, err
	}
	// Weights +1/dataRows on data rows and -1/modelRows on chain rows: the
	// weighted sum is mean F(v_data) - mean F(v_model).
	coef := make([]float64, dataRows+modelRows)
	for i := range coef {
		if i < dataRows {
			coef[i] = 1 / float64(dataRows)
		} else {
			coef[i] = -1 / float64(modelRows)
		}
	}
	cn := G.NewConstant(denseOf(dt, coef, len(coef)), G.WithName("mean_coefficients"))
	prod, err := G.HadamardProd(f, cn)
	if err != nil {
		return nil, fmt.Errorf("graph: weighting free energies: %w", err)
	}
	if c.cost, err = G.Sum(prod); err != nil {
		return nil, fmt.Errorf("graph: cost: %w", err)
	}
	c.params = append([]*Param(nil), b.Params()...)
	wrt := make(G.Nodes, len(c.params))
	for i, p := range c.params {
		wrt[i] = b.Param(p)
	}
	if c.grads, err = G.Grad(c.cost, wrt...); err != nil {
		return nil, fmt.Errorf("graph: deriving gradients: %w", err)
	}
	outputs := append(G.Nodes{c.cost}, c.grads...)
	prog, locMap, err := G.CompileFunction(b.Graph, G.Nodes{c.vData, c.vModel}, outputs)
	if err != nil {
		return nil, fmt.Errorf("graph: compiling cost: %w", err)
	}
	c.vm = G.NewTapeMachine(b.Graph, G.WithPrecompiled(prog, locMap))
	return c, nil
}

// Params returns the parameters the cost depends on, in the order of Grad.
func (c *Cost) Params() []*Param { return c.params }

// Run evaluates the cost and its gradients for the data batch vData
// (dataRows×nv) and the chain end vModel (modelRows×nv), and returns the cost.
func (c *Cost) Run(vData, vModel *tensor.Dense) (float64, error) {
	if err := G.Let(c.vData, vData); err != nil {
		return 0, fmt.Errorf("graph: binding data batch: %w", err)
	}
	if err := G.Let(c.vModel, vModel); err != nil {
		return 0, fmt.Errorf("graph: binding chain end: %w", err)
	}
	defer c.vm.Reset()
	if err := c.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("graph: running cost: %w", err)
	}
	return scalarOf(c.cost.Value())
}

// Grad returns the gradient of the cost with respect to Params()[i] computed by
// the last Run. Its storage belongs to the graph and changes on the next Run.
func (c *Cost) Grad(i int) (*tensor.Dense, error) {
	v := c.grads[i].Value()
	d, ok := v.(*tensor.Dense)
	if !ok || d == nil {
		return nil, fmt.Errorf("graph: gradient of %q is not available (run the cost first)", c.params[i].Name)
	}
	return d, nil
}

func scalarOf(v G.Value) (float64, error) {
	switch x := v.(type) {
	case nil:
		return 0, errors.New("graph: no value (the graph has not run)")
	case *G.F64:
		return float64(*x), nil
	case *G.F32:
		return float64(*x), nil
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case float64:
			return d, nil
		case float32:
			return float64(d), nil
		case []float64:
			if len(d) == 1 {
				return d[0], nil
			}
		case []float32:
			if len(d) == 1 {
				return float64(d[0]), nil
			}
		}
	}
	return 0, fmt.Errorf("graph: expected a scalar value, got %T", v)
}

// denseOf returns a vector of type dt holding x.
func denseOf(dt tensor.Dtype, x []float64, n int) *tensor.Dense {
	if dt == tensor.Float32 {
		y := make([]float32, n)
		for i := range y {
			y[i] = float32(x[i])
		}
		return tensor.New(tensor.WithShape(n), tensor.WithBacking(y))
	}
	return tensor.New(tensor.WithShape(n), tensor.WithBacking(append([]float64(nil), x...)))
}
