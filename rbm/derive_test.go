package rbm_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// continuous is units with expressions but neither states nor a sampler.
type continuous struct{ *Ternary[float64] }

func (continuous) SiteStates() {} // hides Ternary's: not rbm.Finite

// badStates lists states of two values for sites of one unit.
type badStates struct{ *Ternary[float64] }

func (badStates) SiteStates() (int, [][]float64) { return 1, [][]float64{{0, 1}} }

// badExpr panics while it builds its energy expression, as G.Must does
// on an error.
type badExpr struct{ *Ternary[float64] }

func (badExpr) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	return G.Must(nil, errors.New("no such node")), nil
}

func ternary(t *testing.T, n int) *Ternary[float64] {
	t.Helper()
	u, err := NewTernary[float64]("v", n)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestDeriveRefuses(t *testing.T) {
	u32, err := NewTernary[float32]("v", 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		u    rbm.UnitType
		want string
	}{
		{"no units", nil, "no units"},
		{"no states, no sampler", continuous{ternary(t, 3)}, "neither a finite list of states (rbm.Finite) nor a sampler (rbm.Sampler)"},
		{"states of the wrong length", badStates{ternary(t, 3)}, "state 0 has 2 values, want 1"},
		{"float32 parameters", u32, "holds []float32, want []float64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := rbm.Derive[float64](tc.u); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// An expression that panics while it is built gives an error, not a
// crash, wherever it is built.
func TestDerivedExpressionPanics(t *testing.T) {
	l, err := rbm.Derive[float64](badExpr{ternary(t, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if e := l.Energy([]float64{1, 0, -1}); !math.IsNaN(e) {
		t.Fatalf("energy %v, want NaN", e)
	}
	hid, err := rbm.NewBinary[float64]("h", 2)
	if err != nil {
		t.Fatal(err)
	}
	m, err := rbm.New(l, hid, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := graph.NewCost(tensor.Float64, m.Visible, m.Hidden, m.W, 2, 2); err == nil || !strings.Contains(err.Error(), "building the energy expression") {
		t.Fatalf("error %v, want one about building the energy expression", err)
	}
}

// A registered type comes out of NewLayer with the capabilities its states
// give: a finite list, data checks and moments.
func TestDerivedCapabilities(t *testing.T) {
	l, err := rbm.NewLayer[float64]("ternary", "v", 4)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.(rbm.Finite); !ok {
		t.Error("not rbm.Finite")
	}
	if _, ok := l.(rbm.Moments[float64]); !ok {
		t.Error("not rbm.Moments")
	}
	if _, ok := rbm.As[*Ternary[float64]](l); !ok {
		t.Error("rbm.As does not find the units")
	}
	dc, ok := l.(rbm.DataChecker[float64])
	if !ok {
		t.Fatal("not rbm.DataChecker")
	}
	if err := dc.CheckData([]float64{1, 0, -1, 1}); err != nil {
		t.Fatal(err)
	}
	if err := dc.CheckData([]float64{1, 0, 0.5, 1}); err == nil || !strings.Contains(err.Error(), "units 2 to 2") {
		t.Fatalf("error %v, want one naming unit 2", err)
	}
}

// The derived sampler follows the parameters as they change.
func TestDerivedSamplerFollowsParameters(t *testing.T) {
	l, err := rbm.NewLayer[float64]("ternary", "v", 3)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	in, out := make([]float64, 3), make([]float64, 3)
	for _, field := range []float64{40, -40, 40} {
		for i := range 3 {
			l.Params()[0].Value.Data().([]float64)[i] = field
		}
		l.Sample(rng, in, out)
		for _, x := range out {
			if x != math.Copysign(1, field) {
				t.Fatalf("fields %v: drew %v", field, out)
			}
		}
	}
}

// binaryUnits is units of states 0 and 1 with fields, written as a user
// would: the pseudo-likelihood reaches them through the derived TwoState.
type binaryUnits struct{ *Ternary[float64] }

func (binaryUnits) SiteStates() (int, [][]float64) { return 1, [][]float64{{0}, {1}} }

func (u binaryUnits) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	a := G.Must(G.BroadcastAdd(in, b.Param(u.Field), nil, []byte{0}))
	return G.Sum(G.Must(ops.Softplus(a)), 1)
}

// A user's two-state units get the pseudo-likelihood the built-in binary
// units of the same parameters get.
func TestDerivedTwoState(t *testing.T) {
	vis, visErr := rbm.Derive[float64](binaryUnits{ternary(t, 4)})
	bin, binErr := rbm.NewBinary[float64]("v", 4)
	hid, hidErr := rbm.NewBinary[float64]("h", 3)
	rng := rand.New(rand.NewPCG(2, 2))
	m := rbmtest.NewModel[float64](t, vis, hid, rng, visErr, binErr, hidErr)
	for _, p := range m.Params() {
		for i := range p.Value.Data().([]float64) {
			p.Value.Data().([]float64)[i] = rng.NormFloat64()
		}
	}
	copy(bin.Bias.Value.Data().([]float64), vis.Params()[0].Value.Data().([]float64))
	ref := &rbm.RBM[float64]{Visible: bin, Hidden: hid, W: m.W}
	v := []float64{1, 0, 0, 1, 0, 1, 1, 1}
	got, err := m.PseudoLikelihood(v, -1)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ref.PseudoLikelihood(v, -1)
	if err != nil {
		t.Fatal(err)
	}
	if !(math.Abs(got-want) < 1e-9) {
		t.Fatalf("pseudo-likelihood %v, binary units give %v", got, want)
	}
}
