package rbm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/special"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Derive returns the Layer of element type T that units u define. A u that
// is a Layer[T] already (the built-in types) is returned as it is. Otherwise
// every method u lacks is derived from its graph expressions:
//
//   - Len is the product of Shape;
//   - Energy and CGF evaluate EnergyExpr and CGFExpr (compiled graphs, one
//     per batch size, cached); for Finite units they are sums over sites of
//     the site energies (below), which rbmtest holds to the expressions;
//   - Mean is ∂(Σ cgf)/∂input, by autodiff of CGFExpr;
//   - Sample, for Finite units, draws each site from p(s) ∝ exp(-e(s) +
//     s·input), e(s) the site's energies taken from EnergyExpr (cached, and
//     recomputed when the parameters change);
//   - Validate reports parameters that are not finite, then calls u's own
//     Validate if it has one;
//   - CheckData, for Finite units, reports sites that hold none of the states;
//   - Flip and Round (TwoState), for Finite units of two states a unit.
//
// An expression that fails to build or to run gives NaN from Energy, CGF
// and Mean (the training graphs report the error itself). Site energies
// take one evaluation of the energy of a row per (site, state) pair, in
// batches: their cost grows as the square of the number of units.
//
// Units with continuous states must implement Sampler. The derived layer
// also has the moments of Moments (by autodiff), so MomentGradient and
// GradCheck work with it. It is safe for concurrent use as the trainer and
// the likelihood estimators use layers (parameters change between calls,
// never during one).
func Derive[T Float](u UnitType) (Layer[T], error) {
	if l, ok := u.(Layer[T]); ok {
		return l, nil
	}
	return derive[T](u, true)
}

// Reference returns the layer derived from u's expressions alone, ignoring
// the Energy, CGF, Mean and moments (Moments) that u has, and its Sample
// when u is Finite: the values rbmtest.CheckLayer holds those fast paths
// to. Units with continuous states keep their sampler, which has no
// reference.
func Reference[T Float](u UnitType) (Layer[T], error) { return derive[T](u, false) }

func derive[T Float](u UnitType, fast bool) (Layer[T], error) {
	if u == nil {
		return nil, errors.New("rbm: Derive: no units")
	}
	kind := u.Kind()
	n, err := Units(u.Shape()...)
	if err != nil {
		return nil, fmt.Errorf("rbm: %s units: %w", kind, err)
	}
	for _, p := range u.Params() {
		if p == nil || p.Value == nil {
			return nil, fmt.Errorf("rbm: %s units: a parameter has no value", kind)
		}
		if _, ok := p.Value.Data().([]T); !ok {
			return nil, fmt.Errorf("rbm: %s units: parameter %q holds %T, want []%T", kind, p.Name, p.Value.Data(), *new(T))
		}
	}
	d := &derived[T]{u: u, n: n, graphs: map[graphKey]*evaluator{}, fast: fast}
	if fast {
		d.energy, _ = u.(Energizer[T])
		d.cgf, _ = u.(CGFer[T])
		d.mean, _ = u.(Meaner[T])
		d.moments, _ = u.(Moments[T])
	}
	d.sampler, _ = u.(Sampler[T])
	fin, ok := u.(Finite)
	if ok && !fast {
		d.sampler = nil
	}
	if !ok {
		if d.sampler == nil {
			return nil, fmt.Errorf("rbm: %s units have neither a finite list of states (rbm.Finite) nor a sampler (rbm.Sampler)", kind)
		}
		return d, nil
	}
	per, states := fin.SiteStates()
	if err := checkSiteStates(per, states, n); err != nil {
		return nil, fmt.Errorf("rbm: %s units: %w", kind, err)
	}
	f := &derivedFinite[T]{derived: d, per: per, states: states}
	if per == 1 && len(states) == 2 && states[0][0] != states[1][0] {
		return &derivedTwoState[T]{f}, nil
	}
	return f, nil
}

// checkSiteStates reports a list of site states that does not fit n units.
func checkSiteStates(per int, states [][]float64, n int) error {
	if per < 1 || n%per != 0 {
		return fmt.Errorf("%d units a site do not divide %d units", per, n)
	}
	if len(states) < 1 {
		return errors.New("a finite list of states needs at least one state")
	}
	for k, s := range states {
		if len(s) != per {
			return fmt.Errorf("state %d has %d values, want %d (the units of a site)", k, len(s), per)
		}
		for _, x := range s {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("state %d holds %v", k, x)
			}
		}
	}
	return nil
}

// As returns l, or the UnitType a derived layer was made from, as a C: how a
// feature asks a layer for an optional capability (Finite, Linear, TwoState,
// a fast path) whether the layer is a built-in type or derived.
func As[C any](l any) (C, bool) {
	if c, ok := l.(C); ok {
		return c, true
	}
	if w, ok := l.(interface{ UnitType() UnitType }); ok {
		c, ok := w.UnitType().(C)
		return c, ok
	}
	var zero C
	return zero, false
}

// derived is the layer Derive makes of units without finite states.
type derived[T Float] struct {
	u       UnitType
	n       int
	energy  Energizer[T]
	cgf     CGFer[T]
	mean    Meaner[T]
	sampler Sampler[T]
	moments Moments[T]
	fast    bool // numbers may come from site energies (not a Reference)

	mu     sync.Mutex
	graphs map[graphKey]*evaluator
}

// derivedFinite adds to derived what a finite list of states gives: a
// sampler, data checks, and site energies.
type derivedFinite[T Float] struct {
	*derived[T]
	per    int
	states [][]float64

	smu   sync.Mutex
	seen  [][]T       // the parameter values site energies were computed at
	sites [][]float64 // sites[i][k]: the energy of state k at site i, minus that of state 0
	e0    float64     // the energy of state 0 at every site
}

// UnitType returns the unit type the layer was derived from.
func (d *derived[T]) UnitType() UnitType { return d.u }

// Kind names the unit type.
func (d *derived[T]) Kind() string { return d.u.Kind() }

// Shape returns the shape of the layer's units.
func (d *derived[T]) Shape() []int { return d.u.Shape() }

// Len returns the number of units.
func (d *derived[T]) Len() int { return d.n }

// Params returns the units' parameters.
func (d *derived[T]) Params() []*graph.Param { return d.u.Params() }

// EnergyExpr returns the units' energy expression; a panic while building
// it (G.Must, say) is returned as an error.
func (d *derived[T]) EnergyExpr(b *graph.Builder, x *G.Node) (n *G.Node, err error) {
	defer recoverExpr(d.u.Kind(), "energy", &err)
	return d.u.EnergyExpr(b, x)
}

// CGFExpr returns the units' cgf expression; a panic while building it is
// returned as an error.
func (d *derived[T]) CGFExpr(b *graph.Builder, in *G.Node) (n *G.Node, err error) {
	defer recoverExpr(d.u.Kind(), "cgf", &err)
	return d.u.CGFExpr(b, in)
}

// recoverExpr turns a panic while building an expression into *err.
func recoverExpr(kind, what string, err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(error); ok {
			*err = fmt.Errorf("rbm: %s units: building the %s expression: %w", kind, what, e)
			return
		}
		*err = fmt.Errorf("rbm: %s units: building the %s expression: %v", kind, what, r)
	}
}

// Validate reports non-finite parameters, then what the units' own Validate
// reports.
func (d *derived[T]) Validate() error {
	for _, p := range d.u.Params() {
		if err := checkFinite(p); err != nil {
			return err
		}
	}
	if v, ok := d.u.(Validator); ok {
		return v.Validate()
	}
	return nil
}

// Energy returns the energy of one sample's states.
func (d *derived[T]) Energy(x []T) float64 {
	if d.energy != nil {
		return d.energy.Energy(x)
	}
	return d.value(exprEnergy, x)
}

// CGF returns the sum over units of the cgf of one sample's inputs.
func (d *derived[T]) CGF(in []T) float64 {
	if d.cgf != nil {
		return d.cgf.CGF(in)
	}
	return d.value(exprCGF, in)
}

// value returns the per-row expression what at one sample's x, or NaN when
// it fails to evaluate.
func (d *derived[T]) value(what exprKind, x []T) float64 {
	out, err := d.run(what, x, 1)
	if err != nil {
		return math.NaN()
	}
	return float64(out[0])
}

// Mean writes ∂(Σ cgf)/∂in, the mean states given inputs; an expression
// that fails to evaluate gives NaN.
func (d *derived[T]) Mean(in, out []T) {
	if d.mean != nil {
		d.mean.Mean(in, out)
		return
	}
	res, err := d.run(exprMean, in, len(in)/d.n)
	if err != nil {
		for i := range out {
			out[i] = T(math.NaN())
		}
		return
	}
	copy(out, res)
}

// Sample draws states with the units' own sampler.
func (d *derived[T]) Sample(rng *rand.Rand, in, out []T) { d.sampler.Sample(rng, in, out) }

// Energies returns the energy of every row of x (rows of Len units),
// evaluating EnergyExpr in one graph run; rbmtest uses it to hold fast paths
// to the expressions.
func (d *derived[T]) Energies(x []T) ([]float64, error) {
	return d.rows(exprEnergy, x)
}

// CGFs returns the cgf of every row of inputs in, evaluating CGFExpr.
func (d *derived[T]) CGFs(in []T) ([]float64, error) { return d.rows(exprCGF, in) }

func (d *derived[T]) rows(what exprKind, x []T) ([]float64, error) {
	if len(x) == 0 || len(x)%d.n != 0 {
		return nil, fmt.Errorf("rbm: %d values are not rows of %d units", len(x), d.n)
	}
	out, err := d.run(what, x, len(x)/d.n)
	if err != nil {
		return nil, err
	}
	f := make([]float64, len(out))
	for i, v := range out {
		f[i] = float64(v)
	}
	return f, nil
}

// Sample draws every site from its exact distribution given its input, one
// rng.Float64 a site in row order, unless the units have a sampler of their
// own.
func (d *derivedFinite[T]) Sample(rng *rand.Rand, in, out []T) {
	if d.sampler != nil {
		d.sampler.Sample(rng, in, out)
		return
	}
	e, err := d.siteEnergies()
	if err != nil {
		for i := range out {
			out[i] = T(math.NaN())
		}
		return
	}
	p := make([]float64, len(d.states))
	sites := d.n / d.per
	for s := 0; s*d.per < len(in); s++ {
		site := in[s*d.per : (s+1)*d.per]
		d.probabilities(e[s%sites], site, p)
		k := special.Categorical(rng.Float64(), p)
		for i, x := range d.states[k] {
			out[s*d.per+i] = T(x)
		}
	}
}

// probabilities writes into p the probability of each state of a site with
// energies e given its inputs in.
func (d *derivedFinite[T]) probabilities(e []float64, in []T, p []float64) {
	for k, st := range d.states {
		a := -e[k]
		for i, x := range st {
			a += x * float64(in[i])
		}
		p[k] = a
	}
	special.Softmax(p)
}

// Energy returns the energy of one sample's states: for states of the
// list, the sum of their site energies (one batched run of EnergyExpr
// while the parameters stay), else the expression's value.
func (d *derivedFinite[T]) Energy(x []T) float64 {
	if d.energy != nil || !d.fast {
		return d.derived.Energy(x)
	}
	e, e0, err := d.siteTable()
	if err != nil {
		return math.NaN()
	}
	sum := e0
	for s := range e {
		k := stateIndex(x[s*d.per:(s+1)*d.per], d.states)
		if k < 0 {
			return d.derived.Energy(x)
		}
		sum += e[s][k]
	}
	return sum
}

// CGF returns the cgf of one sample's inputs as the sum over sites of the
// log of the sum over states of exp(-energy + state·input), from the site
// energies: what CGFExpr gives (rbmtest checks that it does), without a
// graph run.
// It opens as Energy does (its own method or the expression, else the
// table); only the sum over the table differs.
func (d *derivedFinite[T]) CGF(in []T) float64 {
	if d.cgf != nil || !d.fast {
		return d.derived.CGF(in)
	}
	e, e0, err := d.siteTable()
	if err != nil {
		return math.NaN()
	}
	c := -e0
	for s := range e {
		m := math.Inf(-1)
		for k, st := range d.states {
			a := -e[s][k]
			for i, x := range st {
				a += x * float64(in[s*d.per+i])
			}
			m = math.Max(m, a)
		}
		var z float64
		for k, st := range d.states {
			a := -e[s][k]
			for i, x := range st {
				a += x * float64(in[s*d.per+i])
			}
			z += math.Exp(a - m)
		}
		c += m + math.Log(z)
	}
	return c
}

// stateIndex returns the index of the state a site holds, or -1.
func stateIndex[T Float](site []T, states [][]float64) int {
	for k, st := range states {
		if sameSite(site, st) {
			return k
		}
	}
	return -1
}

func sameSite[T Float](site []T, st []float64) bool {
	for i, v := range st {
		if float64(site[i]) != v {
			return false
		}
	}
	return true
}

// derivedTwoState adds Flip and Round to finite units of two states a unit.
type derivedTwoState[T Float] struct {
	*derivedFinite[T]
}

// Flip returns the other state.
func (d *derivedTwoState[T]) Flip(x T) T {
	if float64(x) == d.states[0][0] {
		return T(d.states[1][0])
	}
	return T(d.states[0][0])
}

// Round returns the state nearest to x (the second on a tie).
func (d *derivedTwoState[T]) Round(x T) T {
	a, b := d.states[0][0], d.states[1][0]
	if math.Abs(float64(x)-a) < math.Abs(float64(x)-b) {
		return T(a)
	}
	return T(b)
}

// SiteStates returns the units' list of site states.
func (d *derivedFinite[T]) SiteStates() (int, [][]float64) { return d.per, d.states }

// CheckData reports the first site of x that holds none of the states, then
// what the units' own CheckData reports.
func (d *derivedFinite[T]) CheckData(x []T) error {
	if err := checkSites(x, d.n, d.per, d.states); err != nil {
		return fmt.Errorf("%s units: %w", d.Kind(), err)
	}
	if c, ok := d.u.(DataChecker[T]); ok {
		return c.CheckData(x)
	}
	return nil
}

// checkSites reports the first site of rows x (of n units) whose values are
// none of the states.
func checkSites[T Float](x []T, n, per int, states [][]float64) error {
	for s := 0; s*per < len(x); s++ {
		site := x[s*per : (s+1)*per]
		if stateIndex(site, states) < 0 {
			return fmt.Errorf("row %d, units %d to %d hold %v, not one of the states %v", s*per/n, s*per%n, s*per%n+per-1, site, states)
		}
	}
	return nil
}

// SiteEnergies returns e[i][k], the energy of state k at site i less that of
// state 0, assuming the energy is a sum over sites. They come from one
// batched run of EnergyExpr, kept until the parameters change.
func (d *derivedFinite[T]) SiteEnergies() ([][]float64, error) {
	e, _, err := d.siteTable()
	return e, err
}

func (d *derivedFinite[T]) siteEnergies() ([][]float64, error) {
	e, _, err := d.siteTable()
	return e, err
}

// siteTable returns the site energies and the energy of the row of state 0
// everywhere, computing them when the parameters changed.
func (d *derivedFinite[T]) siteTable() ([][]float64, float64, error) {
	d.smu.Lock()
	defer d.smu.Unlock()
	ps := d.u.Params()
	same := d.sites != nil && len(d.seen) == len(ps)
	for i := 0; same && i < len(ps); i++ {
		same = slices.Equal(d.seen[i], ps[i].Value.Data().([]T))
	}
	if same {
		return d.sites, d.e0, nil
	}
	e, e0, err := siteEnergies(d.n, d.per, d.states, func(x []T) ([]float64, error) { return d.rows(exprEnergy, x) })
	if err != nil {
		return nil, 0, err
	}
	d.seen = make([][]T, len(ps))
	for i, p := range ps {
		d.seen[i] = slices.Clone(p.Value.Data().([]T))
	}
	d.sites, d.e0 = e, e0
	return e, e0, nil
}

// siteEnergies returns the energy of every state at every site less that of
// state 0, and the energy of the row of state 0 at every site, from the
// energies of rows that hold state 0 everywhere but at one site; energies
// evaluates rows, at most siteChunk at a time.
func siteEnergies[T Float](n, per int, states [][]float64, energies func(x []T) ([]float64, error)) ([][]float64, float64, error) {
	sites, K := n/per, len(states)
	ref := make([]T, n)
	for s := range sites {
		for i, v := range states[0] {
			ref[s*per+i] = T(v)
		}
	}
	base, err := energies(ref)
	if err != nil {
		return nil, 0, err
	}
	e := make([][]float64, sites)
	for s := range e {
		e[s] = make([]float64, K)
	}
	// Row j of all (site, state ≥ 1) pairs: site j/(K-1), state j%(K-1)+1.
	total := sites * (K - 1)
	for lo := 0; lo < total; lo += siteChunk {
		rows := min(siteChunk, total-lo)
		x := make([]T, rows*n)
		for r := range rows {
			row := x[r*n : (r+1)*n]
			copy(row, ref)
			s, k := (lo+r)/(K-1), (lo+r)%(K-1)+1
			for i, v := range states[k] {
				row[s*per+i] = T(v)
			}
		}
		f, err := energies(x)
		if err != nil {
			return nil, 0, err
		}
		for r, v := range f {
			e[(lo+r)/(K-1)][(lo+r)%(K-1)+1] = v - base[0]
		}
	}
	return e, base[0], nil
}

// siteChunk bounds the rows of one graph run of site energies.
const siteChunk = 256

// exprKind names a compiled graph of a derived layer.
type exprKind int

const (
	exprEnergy     exprKind = iota // per-row energy of states
	exprCGF                        // per-row cgf of inputs
	exprMean                       // ∂Σcgf/∂in
	exprEnergyGrad                 // ∂ΣE/∂θ for every parameter θ
	exprCGFGrad                    // ∂Σcgf/∂θ for every parameter θ
)

type graphKey struct {
	what exprKind
	rows int
}

// maxGraphs bounds the compiled graphs a derived layer keeps.
const maxGraphs = 16

// evaluator is one compiled graph: an input matrix and its outputs, run
// with Let → RunAll → Reset. For parameter gradients, outs[i] is the
// gradient of Params()[params[i]] (parameters the expression does not use
// have none).
type evaluator struct {
	mu     sync.Mutex
	in     *G.Node
	outs   G.Nodes
	params []int
	vm     G.VM
}

// run evaluates graph what on rows rows of x and returns its first output's
// values (a copy).
func (d *derived[T]) run(what exprKind, x []T, rows int) ([]T, error) {
	outs, _, err := d.runAll(what, x, rows)
	if err != nil {
		return nil, err
	}
	return outs[0], nil
}

// runAll evaluates graph what on rows rows of x and returns the values of
// all its outputs (copies), with the evaluator's parameter indices.
func (d *derived[T]) runAll(what exprKind, x []T, rows int) ([][]T, []int, error) {
	if rows < 1 || len(x) != rows*d.n {
		return nil, nil, fmt.Errorf("rbm: %d values are not rows of %d units", len(x), d.n)
	}
	ev, err := d.evaluator(what, rows)
	if err != nil {
		return nil, nil, err
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if err := G.Let(ev.in, tensor.New(tensor.WithShape(rows, d.n), tensor.WithBacking(x))); err != nil {
		return nil, nil, err
	}
	defer ev.vm.Reset()
	if err := ev.vm.RunAll(); err != nil {
		return nil, nil, fmt.Errorf("rbm: %s units: %w", d.u.Kind(), err)
	}
	outs := make([][]T, len(ev.outs))
	for i, o := range ev.outs {
		v, ok := o.Value().Data().([]T)
		if !ok {
			return nil, nil, fmt.Errorf("rbm: %s units: an expression gave %T, want []%T", d.u.Kind(), o.Value().Data(), *new(T))
		}
		outs[i] = slices.Clone(v)
	}
	return outs, ev.params, nil
}

// evaluator returns the compiled graph what for rows rows, compiling it on
// first use.
func (d *derived[T]) evaluator(what exprKind, rows int) (*evaluator, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	key := graphKey{what, rows}
	if ev, ok := d.graphs[key]; ok {
		return ev, nil
	}
	ev, err := d.compile(what, rows)
	if err != nil {
		return nil, err
	}
	if len(d.graphs) >= maxGraphs {
		for k := range d.graphs {
			delete(d.graphs, k)
			break
		}
	}
	d.graphs[key] = ev
	return ev, nil
}

func (d *derived[T]) compile(what exprKind, rows int) (*evaluator, error) {
	b, err := graph.NewBuilder(dtypeOf[T]())
	if err != nil {
		return nil, err
	}
	ev := &evaluator{in: b.Input("x", rows, d.n)}
	kind := d.u.Kind()
	var out *G.Node
	switch what {
	case exprEnergy, exprEnergyGrad:
		out, err = d.EnergyExpr(b, ev.in)
	default:
		out, err = d.CGFExpr(b, ev.in)
	}
	if err != nil {
		return nil, err
	}
	if s := out.Shape(); s.TotalSize() != rows || (len(s) > 1 && s[0] != rows) {
		return nil, fmt.Errorf("rbm: %s units: an expression has shape %v for %d rows, want (%d)", kind, s, rows, rows)
	}
	ev.outs = G.Nodes{out}
	if what != exprEnergy && what != exprCGF {
		sum, err := G.Sum(out)
		if err != nil {
			return nil, fmt.Errorf("rbm: %s units: a sum over rows: %w", kind, err)
		}
		wrt := G.Nodes{ev.in}
		if what != exprMean {
			wrt = nil
			used := map[*graph.Param]bool{}
			for _, p := range b.Params() {
				used[p] = true
			}
			for i, p := range d.u.Params() {
				if used[p] {
					ev.params = append(ev.params, i)
					wrt = append(wrt, b.Param(p))
				}
			}
		}
		if len(wrt) == 0 {
			ev.outs = nil
		} else if ev.outs, err = G.Grad(sum, wrt...); err != nil {
			return nil, fmt.Errorf("rbm: %s units: deriving gradients: %w", kind, err)
		}
	}
	if len(ev.outs) == 0 {
		ev.outs = G.Nodes{out}
	}
	prog, locMap, err := G.CompileFunction(b.Graph, G.Nodes{ev.in}, ev.outs)
	if err != nil {
		return nil, fmt.Errorf("rbm: %s units: compiling: %w", kind, err)
	}
	ev.vm = G.NewTapeMachine(b.Graph, G.WithPrecompiled(prog, locMap))
	return ev, nil
}

// AddEnergyGrad adds scale·∂E/∂θ, summed over the rows of states x, to g
// (one slice per parameter, in Params order), by autodiff of EnergyExpr
// (see Moments).
func (d *derived[T]) AddEnergyGrad(x []T, scale float64, g [][]T) {
	if d.moments != nil {
		d.moments.AddEnergyGrad(x, scale, g)
		return
	}
	d.addGrad(exprEnergyGrad, x, scale, g)
}

// AddMeanEnergyGrad adds scale·E[∂E/∂θ | in] = -scale·∂CGF/∂θ, summed over
// the rows of inputs in, to g, by autodiff of CGFExpr (see Moments).
func (d *derived[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	if d.moments != nil {
		d.moments.AddMeanEnergyGrad(in, scale, g)
		return
	}
	d.addGrad(exprCGFGrad, in, -scale, g)
}

func (d *derived[T]) addGrad(what exprKind, x []T, scale float64, g [][]T) {
	outs, params, err := d.runAll(what, x, len(x)/d.n)
	if err != nil {
		for _, gi := range g {
			for k := range gi {
				gi[k] = T(math.NaN())
			}
		}
		return
	}
	for i, pi := range params {
		for k, v := range outs[i] {
			g[pi][k] += T(scale * float64(v))
		}
	}
}

// SiteEnergies returns e[i][k], the energy of state k at site i of a layer
// of Finite units less that of state 0, assuming the energy is a sum over
// sites. Derived layers keep them until their parameters change; for other
// layers they come from Energy, one row a (site, state) pair.
func SiteEnergies[T Float](l Layer[T]) ([][]float64, error) {
	if d, ok := l.(interface{ SiteEnergies() ([][]float64, error) }); ok {
		return d.SiteEnergies()
	}
	fin, ok := As[Finite](l)
	if !ok {
		return nil, fmt.Errorf("rbm: site energies need units with a finite list of states (rbm.Finite); %s units have none", l.Kind())
	}
	per, states := fin.SiteStates()
	n := l.Len()
	if err := checkSiteStates(per, states, n); err != nil {
		return nil, fmt.Errorf("rbm: %s units: %w", l.Kind(), err)
	}
	e, _, err := siteEnergies(n, per, states, func(x []T) ([]float64, error) {
		e := make([]float64, len(x)/n)
		for r := range e {
			e[r] = l.Energy(x[r*n : (r+1)*n])
		}
		return e, nil
	})
	return e, err
}
