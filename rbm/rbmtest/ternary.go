package rbmtest

import (
	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/rbm"
	G "gorgonia.org/gorgonia"
)

// Ternary is an example unit type for tests: units that take the states -1,
// 0 and +1, with fields θ, energy -Σθx and cgf Σ log(1 + e^a + e^-a),
// a = θ + input. It says only what rbm.UnitType asks, so a test that derives
// a layer from it (rbm.Derive) exercises the library as a unit type written
// outside it would.
//
// It is a copy, on purpose, of the type rbm's Example_newLayerType defines:
// that one is documentation and must show the whole of a unit type in one
// place, this one is the same units for the tests of other packages to share.
type Ternary[T rbm.Float] struct {
	Field *graph.Param
	shape []int
}

// NewTernary returns ternary units of the given shape, their field named
// prefix+"field"; its signature is the one rbm.Register takes.
func NewTernary[T rbm.Float](prefix string, shape ...int) (*Ternary[T], error) {
	n, err := rbm.Units(shape...)
	if err != nil {
		return nil, err
	}
	return &Ternary[T]{rbm.NewParam[T](prefix+"field", graph.Biases, n), shape}, nil
}

// Kind returns "ternary".
func (l *Ternary[T]) Kind() string { return "ternary" }

// Shape returns the units' shape.
func (l *Ternary[T]) Shape() []int { return l.shape }

// Params returns the field.
func (l *Ternary[T]) Params() []*graph.Param { return []*graph.Param{l.Field} }

// SiteStates lists the states of one unit: -1, 0 and +1.
func (l *Ternary[T]) SiteStates() (int, [][]float64) { return 1, [][]float64{{-1}, {0}, {1}} }

// EnergyExpr returns -x·θ.
func (l *Ternary[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	return G.Neg(G.Must(G.Mul(x, b.Param(l.Field))))
}

// CGFExpr returns Σ log(1 + e^a + e^-a), a = θ + input, per row.
func (l *Ternary[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	a := G.Must(G.BroadcastAdd(in, b.Param(l.Field), nil, []byte{0}))
	return G.Sum(G.Must(ops.Softplus(G.Must(ops.LogAddExp(a, G.Must(G.Neg(a)))))), 1)
}

// NewTernaryLayer returns the layer rbm.Derive makes of NewTernary's units.
func NewTernaryLayer[T rbm.Float](prefix string, shape ...int) (rbm.Layer[T], error) {
	u, err := NewTernary[T](prefix, shape...)
	if err != nil {
		return nil, err
	}
	return rbm.Derive[T](u)
}
