package orbm

import (
	"errors"
	"fmt"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/rbm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// WakeSleepCost is the compiled wake/sleep cost of one of the two models (say
// A), as a gorgonia graph with its gradient:
//
//	cost = −mean_wake log P*(hA, hB, v) + mean_sleep log P*_A(hA_sleep)
//
// where the wake rows hold v, the hidden state hA drawn by the ORBM's chain
// given v and the other model's input φB (fixed, so it is an input node), and
// the sleep rows hold states of A's own free-running chain. log P*_A(hA) is
// −E_hid(hA) + CGF_vis(hA·Wᵀ), both the layers' own graph expressions;
// log P(v | hA, hB) is Σ_i v_i φAB_i − softplus(φAB_i). Minimising the cost
// climbs the likelihood: its gradient is the notes' wake rule minus the sleep
// rule, derived by gorgonia.Grad.
//
// The graph holds the terms that depend on the model's parameters; the
// wake rows' −mean log P*_B(hB) of the other model is a constant to it, left
// out of the graph (so that its gradient is the same) and subtracted by
// Trainer.Step, whose costs are the whole cost above (see MeanLogPHidden).
type WakeSleepCost struct {
	v, h, phiO, hs *G.Node
	cost           *G.Node
	params         []*graph.Param
	grads          G.Nodes
	vm             G.VM
}

// NewWakeSleepCost compiles the cost of model m (binary visible and hidden
// units) for wakeRows rows of data and sleepRows sleep states.
func NewWakeSleepCost[T rbm.Float](m *rbm.RBM[T], wakeRows, sleepRows int) (*WakeSleepCost, error) {
	if wakeRows < 1 || sleepRows < 1 {
		return nil, fmt.Errorf("orbm: the cost needs wake and sleep rows, got %d and %d", wakeRows, sleepRows)
	}
	if err := checkModel(m); err != nil {
		return nil, fmt.Errorf("orbm: %w", err)
	}
	vbias := biasOf(m.Visible)
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	dt := graph.DtypeOf[T]()
	b, err := graph.NewBuilder(dt)
	if err != nil {
		return nil, err
	}
	c := &WakeSleepCost{
		v: b.Input("v", wakeRows, nv), h: b.Input("h_wake", wakeRows, nh),
		phiO: b.Input("phi_other", wakeRows, nv), hs: b.Input("h_sleep", sleepRows, nh),
	}
	ch := &graph.Chain{}
	// log P*(h) for the wake and the sleep rows at once.
	both := ch.Do(func() (*G.Node, error) { return G.Concat(0, c.h, c.hs) })
	wt := ch.Do(func() (*G.Node, error) { return G.Transpose(b.Param(m.W)) })
	in := ch.Do(func() (*G.Node, error) { return G.Mul(both, wt) }) // h·Wᵀ
	eh := ch.Do(func() (*G.Node, error) { return m.Hidden.EnergyExpr(b, both) })
	cg := ch.Do(func() (*G.Node, error) { return m.Visible.CGFExpr(b, in) })
	logPh := ch.Do(func() (*G.Node, error) { return G.Sub(cg, eh) })
	// log P(v | h, hO) for the wake rows.
	// (Slicing the wake rows out of in would drop the row dimension of a
	// single row; a second product keeps every shape a matrix.)
	inWake := ch.Do(func() (*G.Node, error) { return G.Mul(c.h, wt) })
	phi := ch.Do(func() (*G.Node, error) { return G.BroadcastAdd(inWake, b.Param(vbias), nil, []byte{0}) })
	phiAB := ch.Do(func() (*G.Node, error) { return G.Add(phi, c.phiO) })
	vphi := ch.Do(func() (*G.Node, error) { return G.HadamardProd(c.v, phiAB) })
	sp := ch.Do(func() (*G.Node, error) { return ops.Softplus(phiAB) })
	ll := ch.Do(func() (*G.Node, error) { return G.Sub(vphi, sp) })
	llRows := ch.Do(func() (*G.Node, error) { return G.Sum(ll, 1) })
	// Weights −1/wakeRows on the wake rows, +1/sleepRows on the sleep rows.
	coef := make([]float64, wakeRows+sleepRows)
	for i := range coef {
		if i < wakeRows {
			coef[i] = -1 / float64(wakeRows)
		} else {
			coef[i] = 1 / float64(sleepRows)
		}
	}
	cn := G.NewConstant(dense(dt, coef), G.WithName("coefficients"))
	cw := G.NewConstant(dense(dt, coef[:wakeRows]), G.WithName("wake_coefficients"))
	t1 := ch.Do(func() (*G.Node, error) { return G.HadamardProd(logPh, cn) })
	t2 := ch.Do(func() (*G.Node, error) { return G.HadamardProd(llRows, cw) })
	s1 := ch.Do(func() (*G.Node, error) { return G.Sum(t1) })
	s2 := ch.Do(func() (*G.Node, error) { return G.Sum(t2) })
	c.cost = ch.Do(func() (*G.Node, error) { return G.Add(s1, s2) })
	if ch.Err() != nil {
		return nil, fmt.Errorf("orbm: building the wake/sleep graph: %w", ch.Err())
	}
	c.params = append([]*graph.Param(nil), b.Params()...)
	wrt := make(G.Nodes, len(c.params))
	for i, p := range c.params {
		wrt[i] = b.Param(p)
	}
	if c.grads, err = G.Grad(c.cost, wrt...); err != nil {
		return nil, fmt.Errorf("orbm: deriving the wake/sleep gradient: %w", err)
	}
	prog, locMap, err := G.CompileFunction(b.Graph, G.Nodes{c.v, c.h, c.phiO, c.hs}, append(G.Nodes{c.cost}, c.grads...))
	if err != nil {
		return nil, fmt.Errorf("orbm: compiling the wake/sleep graph: %w", err)
	}
	c.vm = G.NewTapeMachine(b.Graph, G.WithPrecompiled(prog, locMap))
	return c, nil
}

func dense(dt tensor.Dtype, x []float64) *tensor.Dense {
	if dt == tensor.Float32 {
		y := make([]float32, len(x))
		for i, e := range x {
			y[i] = float32(e)
		}
		return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(y))
	}
	return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(append([]float64(nil), x...)))
}

// Params returns the parameters of the cost, in the order of Grad.
func (c *WakeSleepCost) Params() []*graph.Param { return c.params }

// Run evaluates the cost and its gradient for wake rows v, h and φO (the other
// model's input, its visible bias included) and sleep rows hs, and returns
// the cost.
func (c *WakeSleepCost) Run(v, h, phiO, hs *tensor.Dense) (float64, error) {
	for _, b := range []struct {
		n *G.Node
		x *tensor.Dense
	}{{c.v, v}, {c.h, h}, {c.phiO, phiO}, {c.hs, hs}} {
		if err := G.Let(b.n, b.x); err != nil {
			return 0, fmt.Errorf("orbm: binding %s: %w", b.n.Name(), err)
		}
	}
	defer c.vm.Reset()
	if err := c.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("orbm: running the wake/sleep graph: %w", err)
	}
	x, err := graph.Float64s(c.cost.Value())
	if err != nil || len(x) != 1 {
		return 0, errors.New("orbm: the wake/sleep cost is not a scalar")
	}
	return x[0], nil
}

// Grad returns the gradient with respect to Params()[i] from the last Run;
// its storage belongs to the graph.
func (c *WakeSleepCost) Grad(i int) (*tensor.Dense, error) {
	d, ok := c.grads[i].Value().(*tensor.Dense)
	if !ok || d == nil {
		return nil, fmt.Errorf("orbm: gradient of %q is not available (run the cost first)", c.params[i].Name)
	}
	return d, nil
}

// MeanLogPHidden returns the mean over the rows of h (hidden states of m,
// rows×nh) of log P*(h) = −E_hid(h) + CGF_vis(h·Wᵀ), the unnormalised log
// probability of hidden states with the visible units summed out: the term
// of the other model that the wake/sleep cost of one model holds as a
// constant.
func MeanLogPHidden[T rbm.Float](m *rbm.RBM[T], h []float64) float64 {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	rows := len(h) / nh
	if rows == 0 {
		return 0
	}
	w := m.Weights() // nv×nh
	hr, in := make([]T, nh), make([]T, nv)
	sum := 0.0
	for r := range rows {
		for j := range hr {
			hr[j] = T(h[r*nh+j])
		}
		for i := range in {
			acc := 0.0
			for j, x := range hr {
				acc += float64(w[i*nh+j]) * float64(x)
			}
			in[i] = T(acc)
		}
		sum += m.Visible.CGF(in) - m.Hidden.Energy(hr)
	}
	return sum / float64(rows)
}
