package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Parameter groups, used by optimizers to give weights and biases their own
// learning rates.
const (
	Weights = "weights"
	Biases  = "biases"
)

// Param is a named parameter tensor of a model. A graph binds its Value by
// reference, so an optimizer that updates Value in place is seen by the next run
// of every graph built on it.
type Param struct {
	Name  string        // unique within a model, e.g. "W", "vbias", "hgamma_p"
	Value *tensor.Dense // the parameter's storage
	Group string        // Weights or Biases
}

// Expr is what a layer of units contributes to the graphs: its energy and its
// cgf written as graph expressions, from which gradients are derived.
type Expr interface {
	// EnergyExpr returns the per-sample energy of states x (batch×n) as a
	// vector of length batch.
	EnergyExpr(b *Builder, x *G.Node) (*G.Node, error)
	// CGFExpr returns, per sample, the sum over units of the log of the
	// integral of exp(-energy(x) + x·in) over the unit states: a vector of
	// length batch for inputs in (batch×n).
	CGFExpr(b *Builder, in *G.Node) (*G.Node, error)
}

// Builder holds an expression graph under construction and the nodes bound to
// each model parameter.
type Builder struct {
	Graph *G.ExprGraph
	Dtype tensor.Dtype
	nodes map[*Param]*G.Node
	order []*Param
}

// NewBuilder returns a builder of a new graph whose values have type dt
// (tensor.Float32 or tensor.Float64).
func NewBuilder(dt tensor.Dtype) (*Builder, error) {
	if dt != tensor.Float32 && dt != tensor.Float64 {
		return nil, fmt.Errorf("graph: unsupported dtype %v (want float32 or float64)", dt)
	}
	return &Builder{Graph: G.NewGraph(), Dtype: dt, nodes: map[*Param]*G.Node{}}, nil
}

// Param returns the node bound to p, creating it on first use.
func (b *Builder) Param(p *Param) *G.Node {
	if n, ok := b.nodes[p]; ok {
		return n
	}
	n := G.NodeFromAny(b.Graph, p.Value, G.WithName(p.Name))
	b.nodes[p] = n
	b.order = append(b.order, p)
	return n
}

// Params returns the parameters bound so far, in the order they were first used.
func (b *Builder) Params() []*Param { return b.order }

// Input returns a new input matrix node of the given shape, fed with G.Let.
func (b *Builder) Input(name string, rows, cols int) *G.Node {
	return G.NewMatrix(b.Graph, b.Dtype, G.WithShape(rows, cols), G.WithName(name))
}

// Scalar returns a constant scalar node of the builder's dtype.
func (b *Builder) Scalar(x float64) *G.Node {
	if b.Dtype == tensor.Float32 {
		return G.NewConstant(float32(x))
	}
	return G.NewConstant(x)
}

// FreeEnergy returns the per-sample free energy F(v) = E_vis(v) - CGF_hid(v·W)
// of visible states v (batch×nv), for weights w (nv×nh).
func FreeEnergy(b *Builder, vis, hid Expr, w *Param, v *G.Node) (*G.Node, error) {
	var c Chain
	ev := c.named("visible energy", func() (*G.Node, error) { return vis.EnergyExpr(b, v) })
	in := c.named("v·W", func() (*G.Node, error) { return G.Mul(v, b.Param(w)) })
	ch := c.named("hidden cgf", func() (*G.Node, error) { return hid.CGFExpr(b, in) })
	if c.err != nil {
		return nil, c.err
	}
	return G.Sub(ev, ch)
}

// DtypeOf returns the tensor dtype of T, tensor.Float32 or tensor.Float64:
// the dtype of the graphs of models and classifiers of T.
func DtypeOf[T float32 | float64]() tensor.Dtype {
	var z T
	if _, ok := any(z).(float32); ok {
		return tensor.Float32
	}
	return tensor.Float64
}
