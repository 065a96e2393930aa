package graph

import (
	"strings"
	"testing"

	_ "go4.org/unsafe/assume-no-moving-gc"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// bias is a minimal binary layer for tests of the package alone.
type bias struct{ p *Param }

func (l bias) EnergyExpr(b *Builder, x *G.Node) (*G.Node, error) {
	xb, err := G.Mul(x, b.Param(l.p))
	if err != nil {
		return nil, err
	}
	return G.Neg(xb)
}

func (l bias) CGFExpr(b *Builder, in *G.Node) (*G.Node, error) {
	pre, err := G.BroadcastAdd(in, b.Param(l.p), nil, []byte{0})
	if err != nil {
		return nil, err
	}
	sp, err := G.Softplus(pre)
	if err != nil {
		return nil, err
	}
	return G.Sum(sp, 1)
}

func vec(name string, x ...float64) *Param {
	return &Param{Name: name, Group: Biases, Value: tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(x))}
}

func TestNewCostErrors(t *testing.T) {
	w := &Param{Name: "W", Group: Weights, Value: tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(make([]float64, 6)))}
	vis, hid := bias{vec("vbias", 0, 0)}, bias{vec("hbias", 0, 0, 0)}
	if _, err := NewCost(tensor.Float64, vis, hid, w, 0, 3); err == nil || !strings.Contains(err.Error(), "at least one") {
		t.Errorf("zero rows: %v", err)
	}
	if _, err := NewCost(tensor.Int, vis, hid, w, 2, 2); err == nil || !strings.Contains(err.Error(), "dtype") {
		t.Errorf("int dtype: %v", err)
	}
	w3 := &Param{Name: "W", Value: tensor.New(tensor.WithShape(2, 3, 1), tensor.WithBacking(make([]float64, 6)))}
	if _, err := NewCost(tensor.Float64, vis, hid, w3, 2, 2); err == nil || !strings.Contains(err.Error(), "matrix") {
		t.Errorf("3-d weights: %v", err)
	}
	c, err := NewCost(tensor.Float64, vis, hid, w, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Run(tensor.New(tensor.WithShape(3, 2), tensor.WithBacking(make([]float64, 6))), tensor.New(tensor.WithShape(2, 2), tensor.WithBacking(make([]float64, 4)))); err == nil {
		t.Error("a data batch of the wrong shape was accepted")
	}
}

// With zero weights and biases, F(v) = -nh·log 2 for every v, so the cost is 0
// and the cost of equal batches is 0 whatever the parameters.
func TestCostOfEqualBatchesIsZero(t *testing.T) {
	w := &Param{Name: "W", Group: Weights, Value: tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, -2, 0.5, 0.3, 0.1, -1}))}
	c, err := NewCost(tensor.Float64, bias{vec("vbias", 0.2, -0.1)}, bias{vec("hbias", 1, 0, -1)}, w, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	v := func() *tensor.Dense {
		return tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 0, 1, 1}))
	}
	got, err := c.Run(v(), v())
	if err != nil {
		t.Fatal(err)
	}
	if got != 0 {
		t.Errorf("cost of equal batches = %g, want 0", got)
	}
	if len(c.Params()) != 3 {
		t.Errorf("cost depends on %d parameters, want 3", len(c.Params()))
	}
}
