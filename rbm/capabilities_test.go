package rbm_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
	G "gorgonia.org/gorgonia"
)

// twoLevel are units of states -2 and +3 with fields θ and energy -Σθx,
// written as a program outside the library would (so in the shape of
// rbmtest.Ternary and Example_newLayerType, the shape every unit type
// takes): Finite and Linear, so
// InitVisibleFields and centring serve them as they serve the built-in
// types. The tests register them as "twolevel".
type twoLevel[T rbm.Float] struct {
	field *graph.Param
	shape []int
}

func init() {
	if err := rbm.Register("twolevel", newTwoLevel[float32], newTwoLevel[float64]); err != nil {
		panic(err)
	}
}

func newTwoLevel[T rbm.Float](prefix string, shape ...int) (*twoLevel[T], error) {
	n, err := rbm.Units(shape...)
	if err != nil {
		return nil, err
	}
	return &twoLevel[T]{rbm.NewParam[T](prefix+"field", graph.Biases, n), shape}, nil
}

func (l *twoLevel[T]) Kind() string                   { return "twolevel" }
func (l *twoLevel[T]) Shape() []int                   { return l.shape }
func (l *twoLevel[T]) Params() []*graph.Param         { return []*graph.Param{l.field} }
func (l *twoLevel[T]) LinearField() *graph.Param      { return l.field }
func (l *twoLevel[T]) SiteStates() (int, [][]float64) { return 1, [][]float64{{-2}, {3}} }

func (l *twoLevel[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	return G.Neg(G.Must(G.Mul(x, b.Param(l.field))))
}

// CGFExpr returns Σ log(e^(-2a) + e^(3a)), a = θ + input, per row.
func (l *twoLevel[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	a := G.Must(G.BroadcastAdd(in, b.Param(l.field), nil, []byte{0}))
	lo := G.Must(G.Mul(a, G.NewConstant(T(-2))))
	hi := G.Must(G.Mul(a, G.NewConstant(T(3))))
	return G.Sum(G.Must(ops.LogAddExp(lo, hi)), 1)
}

// A unit type defined outside the library gets its fields from the data's
// means through the Finite and Linear capabilities: the model's means, with
// zero weights, are the data's.
func TestInitVisibleFieldsServesFiniteLinearUnits(t *testing.T) {
	vis, err := rbm.NewLayer[float64]("twolevel", "v", 4)
	if err != nil {
		t.Fatal(err)
	}
	if err := rbm.FieldsFromData(vis); err != nil {
		t.Fatalf("FieldsFromData: %v", err)
	}
	hid, _ := rbm.NewBinary[float64]("h", 2)
	rng := rand.New(rand.NewPCG(3, 3))
	m, err := rbm.New(vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	clear(m.Weights())
	const rows = 500
	x := make([]float64, rows*4)
	for i := range x {
		x[i] = -2
		if rng.Float64() < 0.15+0.2*float64(i%4) {
			x[i] = 3
		}
	}
	if err := rbm.InitVisibleFields(m, x, 1e-3); err != nil {
		t.Fatal(err)
	}
	got := make([]float64, 4)
	vis.Mean(make([]float64, 4), got)
	for i := range got {
		var want float64
		for r := range rows {
			want += x[r*4+i] / rows
		}
		if !(math.Abs(got[i]-want) <= 1e-9) {
			t.Errorf("unit %d: model mean %v, data mean %v", i, got[i], want)
		}
	}
}

// Units without the capabilities are refused, the error naming what they
// lack.
func TestFieldsFromDataNamesWhatUnitsLack(t *testing.T) {
	gaussian, _ := rbm.NewGaussian[float64]("v", 3)
	ternary, err := rbmtest.NewTernaryLayer[float64]("v", 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		layer rbm.Layer[float64]
		want  string
	}{
		{gaussian, "gaussian units are not Finite or Linear"},
		{ternary, "ternary units are not Linear"},
	} {
		err := rbm.FieldsFromData(tc.layer)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.layer.Kind(), err, tc.want)
		}
		hid, _ := rbm.NewBinary[float64]("h", 2)
		m, err := rbm.New(tc.layer, hid, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if err := rbm.InitVisibleFields(m, make([]float64, 6), 1e-3); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: InitVisibleFields gave %v", tc.layer.Kind(), err)
		}
	}
	for _, kind := range []string{"binary", "spin", "potts"} {
		l, err := rbm.NewLayer[float64](kind, "v", 2, 3)
		if err != nil {
			t.Fatal(err)
		}
		if err := rbm.FieldsFromData(l); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
	}
}

// CanCenter, CanZeroSum and CanRescale answer for every built-in type, as the command
// asks them, and name the units they refuse.
func TestCapabilityPredicates(t *testing.T) {
	for _, kind := range []string{"binary", "spin", "potts", "gaussian", "relu", "drelu", "prelu", "xrelu"} {
		l, err := rbm.NewLayer[float64](kind, "v", 2)
		if err != nil {
			t.Fatal(err)
		}
		centred := kind == "binary" || kind == "spin"
		if err := rbm.CanCenter(l); (err == nil) != centred || err != nil && !strings.Contains(err.Error(), "not "+kind) {
			t.Errorf("CanCenter(%s) = %v", kind, err)
		}
		if err := rbm.CanZeroSum(l); (err == nil) != (kind == "potts") || err != nil && !strings.Contains(err.Error(), "not "+kind) {
			t.Errorf("CanZeroSum(%s) = %v", kind, err)
		}
		continuous := slices.Contains([]string{"gaussian", "relu", "drelu", "prelu", "xrelu"}, kind)
		if err := rbm.CanRescale(l); (err == nil) != continuous || err != nil && !strings.Contains(err.Error(), "not "+kind) {
			t.Errorf("CanRescale(%s) = %v", kind, err)
		}
	}
}

// ownGaussian is a program's own kind of continuous units: Gaussian units
// under another name, Rescalable through the methods they carry.
type ownGaussian struct{ *rbm.Gaussian[float64] }

func (ownGaussian) Kind() string { return "own-gaussian" }

// RescaleHidden and HiddenStd ask the units for their capability, not their
// type: a program's own Rescalable units are rescaled to unit standard
// deviation as Gaussian ones are.
func TestRescaleServesRescalableUnits(t *testing.T) {
	g, _ := rbm.NewGaussian[float64]("h", 3)
	hid := ownGaussian{g}
	vis, _ := rbm.NewBinary[float64]("v", 5)
	rng := rand.New(rand.NewPCG(4, 4))
	m, err := rbm.New[float64](vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, 200*5)
	for i := range x {
		x[i] = float64(rng.IntN(2))
	}
	std, err := rbm.HiddenStd(m, x)
	if err != nil {
		t.Fatal(err)
	}
	if err := rbm.RescaleHidden(m, std); err != nil {
		t.Fatal(err)
	}
	after, err := rbm.HiddenStd(m, x)
	if err != nil {
		t.Fatal(err)
	}
	for j, s := range after {
		if !(math.Abs(s-1) <= 1e-9) || !(std[j] != 1) {
			t.Errorf("unit %d: standard deviation %v before, %v after rescaling", j, std[j], s)
		}
	}
}
