package rbm

import (
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/optim"
)

// Float is the element type of a model: float32 or float64 (the optimizers'
// element type, so that a model's parameters are theirs to update).
type Float = optim.Float

// UnitType is what a new unit type must say: its parameters, and its energy and
// cgf as graph expressions. Everything else a Layer does is derived from
// these (see Derive): the numeric energy and cgf evaluate the same
// expressions, the mean is ∂cgf/∂input by autodiff, and units with a finite
// list of states (Finite) get an exact sampler. Units whose states are
// continuous must also implement Sampler.
//
// The energy must be a sum over the units' sites (one unit, or one group of
// units for one-hot states): the units of a layer are independent given
// their inputs.
type UnitType interface {
	// Expr gives the energy and the cgf as graph expressions, so gradients of
	// any cost built from them are derived by gorgonia.
	graph.Expr
	// Kind names the unit type, e.g. "binary"; it is saved with a model.
	Kind() string
	// Shape is the shape of the layer's units; states are flattened.
	Shape() []int
	// Params returns the layer's parameters; Value is shared with graphs
	// and holds []T for a layer of element type T.
	Params() []*graph.Param
}

// Layer is one layer of units with its own parameters, as the rest of the
// library uses it: a UnitType with every derivable method. States and inputs are
// row-major matrices with Len() columns, one row a sample; a unit's input is
// what the other layer sends it (v·W or h·Wᵀ), to which the layer adds its own
// fields. Derive turns a UnitType into a Layer; the built-in types implement
// Layer themselves, with hand-written fast paths that rbmtest.CheckLayer
// holds to the derived values.
type Layer[T Float] interface {
	UnitType
	// Len is the number of units (the product of Shape).
	Len() int
	// Validate reports parameters outside their domain, naming them.
	Validate() error
	Energizer[T]
	CGFer[T]
	Meaner[T]
	Sampler[T]
}

// The optional methods of a UnitType. A type that has one is used as it is; one
// that lacks it gets it derived.
type (
	// Validator reports parameters outside their domain, naming them (a
	// precision that must be positive, say). Derived layers always report
	// parameters that are not finite.
	Validator interface {
		Validate() error
	}

	// Energizer computes the energy of one sample's states x (length Len);
	// derived, it evaluates EnergyExpr.
	Energizer[T Float] interface {
		Energy(x []T) float64
	}

	// CGFer computes the sum over units of the cgf of one sample's inputs;
	// derived, it evaluates CGFExpr.
	CGFer[T Float] interface {
		CGF(in []T) float64
	}

	// Meaner writes the mean states given inputs; in and out have equal
	// length, a whole number of samples. Derived, it is ∂Σcgf/∂in by
	// autodiff of CGFExpr.
	Meaner[T Float] interface {
		Mean(in, out []T)
	}

	// Sampler draws exact states given inputs, rows of in into rows of out,
	// using rng for every draw in row order. Units with continuous states
	// must implement it; Finite units get one derived from their energies.
	Sampler[T Float] interface {
		Sample(rng *rand.Rand, in, out []T)
	}
)

// Finite is implemented by units whose every site takes one of a finite list
// of states: a site is unitsPerSite consecutive units (1 for binary, spin or
// ternary units; q for a Potts site written one-hot), and states lists the
// values a site may take, each of length unitsPerSite. Binary units give
// (1, {{0}, {1}}), spin units (1, {{-1}, {+1}}), q-state Potts units
// (q, the q one-hot vectors). It is what exact log Z, enumeration, the
// derived sampler and the base-rate model of AIS need.
type Finite interface {
	SiteStates() (unitsPerSite int, states [][]float64)
}

// Linear is implemented by units whose energy is -θ·x, linear in the states,
// for a parameter θ of one value a unit (binary, spin and Potts units): their
// fields can be tempered (AIS's fields path) and moved (reviving idle
// units).
type Linear interface {
	LinearField() *graph.Param
}

// Rescalable is implemented by continuous units whose states can be
// measured in other units, h' = h/s, without changing the distribution of
// the other layer (RescaleHidden, UnitVariance): ScaledParams returns the
// parameters that scale as the states (fields) and those that scale as
// their squares (precisions); StateMoments returns, for the current
// parameters, the first two moments of unit j's state given its input.
type Rescalable interface {
	ScaledParams() (linear, quadratic []*graph.Param)
	StateMoments() func(j int, in float64) (mean, second float64)
}

// InputFielder is implemented by units with fields to which a constant added
// to a unit's input can be moved instead, the model's distribution
// unchanged (the zero-sum gauge moves the weights' means there). Linear
// units need not implement it: their field is such a parameter.
type InputFielder interface {
	InputFields() []*graph.Param
}

// TwoState is implemented by layers whose units have two states (binary,
// spin), so that the pseudo-likelihood can flip one unit.
type TwoState[T Float] interface {
	// Flip returns the other state.
	Flip(x T) T
	// Round returns the state nearest to x.
	Round(x T) T
}

// DataChecker is implemented by layers whose states are constrained beyond
// being finite numbers (Potts sites are one-hot); trainers refuse data that
// fails the check. Derived layers of Finite units check that every site
// holds one of its states.
type DataChecker[T Float] interface {
	CheckData(x []T) error
}

// BinaryField returns θ when l's units are binary in effect, whatever their
// kind: one unit a site, states 0 and 1 (Finite), energy -θ·x (Linear).
// Reviving idle units and the ORBM need such units.
func BinaryField[T Float](l Layer[T]) (*graph.Param, bool) {
	fin, ok1 := As[Finite](l)
	lin, ok2 := As[Linear](l)
	if !ok1 || !ok2 {
		return nil, false
	}
	per, states := fin.SiteStates()
	if per != 1 || len(states) != 2 || len(states[0]) != 1 || len(states[1]) != 1 || states[0][0] != 0 || states[1][0] != 1 {
		return nil, false
	}
	th := lin.LinearField()
	if th == nil || th.Value == nil || th.Value.Shape().TotalSize() != l.Len() {
		return nil, false
	}
	if _, ok := th.Value.Data().([]T); !ok {
		return nil, false
	}
	return th, true
}
