// Package rbmtest holds a layer to what its expressions say: the conformance
// check every unit type, built in or a user's, should pass.
//
// A layer's graph expressions (its energy and cgf) are the definition of its
// units; whatever else it computes by hand (numeric energy and cgf, mean,
// sampler) is a fast path that must agree with what rbm.Reference derives
// from the expressions. Check compares them on random states and inputs and
// tests the sampler against the derived distribution with a fixed seed, so
// a check that passes once passes every time.
//
// It also holds what the tests of several packages build their cases from:
// Ternary, an example unit type written outside the library, BinaryModel,
// NewModel and Randomize.
package rbmtest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

// CheckLayer reports through t every way in which l departs from its
// expressions (see Check).
func CheckLayer[T rbm.Float](t testing.TB, l rbm.Layer[T]) {
	t.Helper()
	if err := Check(l); err != nil {
		t.Errorf("%s units: %v", kindOf(l), err)
	}
}

func kindOf[T rbm.Float](l rbm.Layer[T]) string {
	if l == nil {
		return "no"
	}
	return l.Kind()
}

// Rows is the number of random states and inputs Check compares values on;
// Draws is the number of samples it tests a sampler with.
const (
	Rows  = 16
	Draws = 4000
)

// Check holds l, with its parameters as they are, to the layer
// rbm.Reference derives from its expressions, and returns every departure:
//
//   - Len is the product of Shape; parameters are named, unique, of
//     element type T; Validate accepts them;
//   - Energy and CGF equal the expressions' values, and Mean their
//     derivative ∂Σcgf/∂input, within float tolerances;
//   - for Finite units: the energy is a sum over sites, the cgf is the log
//     of the sum over states of exp(-energy + states·input), the mean is the
//     states' exact mean, and the sampler's frequencies pass a chi-square
//     test against the exact probabilities;
//   - for continuous units: the sampler's means and variances agree with
//     the derived mean and its derivative (z-tests at 5 standard errors);
//   - the moments of rbm.Moments, if l has them, equal the derivatives of
//     the expressions with respect to the parameters;
//   - draws from the same seed are the same, and pass CheckData.
func Check[T rbm.Float](l rbm.Layer[T]) error {
	if l == nil {
		return errors.New("no layer")
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	n, err := rbm.Units(l.Shape()...)
	if err != nil {
		return fmt.Errorf("shape: %w", err)
	}
	if l.Len() != n {
		fail("Len is %d, the product of Shape %v is %d", l.Len(), l.Shape(), n)
		return errors.Join(errs...)
	}
	if err := checkParams[T](l); err != nil {
		errs = append(errs, err)
	}
	if err := l.Validate(); err != nil {
		fail("Validate refuses the parameters checked: %v", err)
	}
	ref, err := rbm.Reference[T](l)
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("deriving the reference: %w", err))...)
	}
	tol := 1e-9
	if _, ok := any(T(0)).(float32); ok {
		tol = 2e-4
	}
	rng := rand.New(rand.NewPCG(1, 2))
	in := make([]T, Rows*n)
	for i := range in {
		in[i] = T(1.5 * rng.NormFloat64())
	}
	x := make([]T, Rows*n)
	l.Sample(rng, in, x)

	// Energy and cgf, row by row, against the expressions.
	re, rerr := rows(ref, "Energies", x)
	rc, cerr := rows(ref, "CGFs", in)
	if err := errors.Join(rerr, cerr); err != nil {
		return errors.Join(append(errs, err)...)
	}
	for r := range Rows {
		if e := l.Energy(x[r*n : (r+1)*n]); !near(e, re[r], tol) {
			fail("Energy of row %d is %v, the energy expression gives %v", r, e, re[r])
			break
		}
	}
	for r := range Rows {
		if c := l.CGF(in[r*n : (r+1)*n]); !near(c, rc[r], tol) {
			fail("CGF of row %d is %v, the cgf expression gives %v", r, c, rc[r])
			break
		}
	}
	mean, want := make([]T, len(in)), make([]T, len(in))
	l.Mean(in, mean)
	ref.Mean(in, want)
	for i := range mean {
		if !near(float64(mean[i]), float64(want[i]), tol) {
			fail("Mean of unit %d of row %d is %v, ∂cgf/∂input is %v", i%n, i/n, mean[i], want[i])
			break
		}
	}

	if m, ok := l.(rbm.Moments[T]); ok {
		errs = append(errs, checkMoments(l, m, ref.(rbm.Moments[T]), x, in, tol)...)
	}

	// The sampler: the same seed gives the same draws, which are states.
	one := in[:n]
	draws := make([]T, Draws*n)
	rep := make([]T, Draws*n)
	for r := range Draws {
		copy(rep[r*n:], one)
	}
	l.Sample(rand.New(rand.NewPCG(3, 4)), rep, draws)
	again := make([]T, n)
	l.Sample(rand.New(rand.NewPCG(3, 4)), one, again)
	if !slices.Equal(again, draws[:n]) {
		fail("Sample draws %v and then %v from the same seed", draws[:n], again)
	}
	if dc, ok := l.(rbm.DataChecker[T]); ok {
		if err := dc.CheckData(draws); err != nil {
			fail("CheckData refuses the sampler's draws: %v", err)
		}
	}
	if fin, ok := rbm.As[rbm.Finite](l); ok {
		errs = append(errs, checkFinite(l, ref, fin, x, in, draws, tol)...)
	} else {
		errs = append(errs, checkDraws(ref, one, draws)...)
	}
	return errors.Join(errs...)
}

// checkParams reports unnamed, repeated or mistyped parameters.
func checkParams[T rbm.Float](l rbm.Layer[T]) error {
	seen := map[string]bool{}
	for i, p := range l.Params() {
		switch {
		case p == nil || p.Value == nil:
			return fmt.Errorf("parameter %d has no value", i)
		case p.Name == "":
			return fmt.Errorf("parameter %d has no name", i)
		case seen[p.Name]:
			return fmt.Errorf("two parameters are named %q", p.Name)
		}
		seen[p.Name] = true
		if _, ok := p.Value.Data().([]T); !ok {
			return fmt.Errorf("parameter %q holds %T, want []%T", p.Name, p.Value.Data(), T(0))
		}
	}
	return nil
}

// rows calls the reference's batched evaluation named what.
func rows[T rbm.Float](ref rbm.Layer[T], what string, x []T) ([]float64, error) {
	type batched interface {
		Energies(x []T) ([]float64, error)
		CGFs(in []T) ([]float64, error)
	}
	b, ok := ref.(batched)
	if !ok {
		return nil, fmt.Errorf("the reference layer %T evaluates no rows", ref)
	}
	if what == "Energies" {
		return b.Energies(x)
	}
	return b.CGFs(x)
}

// near reports |a-b| ≤ tol·max(1, |a|, |b|), false for NaN or Inf.
func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// checkMoments holds a layer's hand-written moments to the derivatives of
// its expressions with respect to its parameters.
func checkMoments[T rbm.Float](l rbm.Layer[T], m, ref rbm.Moments[T], x, in []T, tol float64) []error {
	var errs []error
	for _, c := range []struct {
		name      string
		got, want func(g [][]T)
	}{
		{"AddEnergyGrad", func(g [][]T) { m.AddEnergyGrad(x, 0.5, g) }, func(g [][]T) { ref.AddEnergyGrad(x, 0.5, g) }},
		{"AddMeanEnergyGrad", func(g [][]T) { m.AddMeanEnergyGrad(in, 0.5, g) }, func(g [][]T) { ref.AddMeanEnergyGrad(in, 0.5, g) }},
	} {
		got, want := grads(l), grads(l)
		c.got(got)
		c.want(want)
	params:
		for i, p := range l.Params() {
			for k := range got[i] {
				if !near(float64(got[i][k]), float64(want[i][k]), 10*tol*float64(len(in)/l.Len())) {
					errs = append(errs, fmt.Errorf("%s of %s[%d] is %v, the derivative of the expression %v", c.name, p.Name, k, got[i][k], want[i][k]))
					break params
				}
			}
		}
	}
	return errs
}

// grads returns zero slices shaped as l's parameters.
func grads[T rbm.Float](l rbm.Layer[T]) [][]T {
	g := make([][]T, len(l.Params()))
	for i, p := range l.Params() {
		g[i] = make([]T, p.Value.Shape().TotalSize())
	}
	return g
}
