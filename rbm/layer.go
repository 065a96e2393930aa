package rbm

import (
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/optim"
)

// Float is the element type of a model: float32 or float64 (the optimizers'
// element type, so that a model's parameters are theirs to update).
type Float = optim.Float

// Layer is one layer of units with its own parameters. States and inputs are
// row-major matrices with Len() columns, one row a sample; a unit's input is
// what the other layer sends it (v·W or h·Wᵀ), to which the layer adds its own
// fields.
type Layer[T Float] interface {
	// Expr gives the energy and the cgf as graph expressions, so gradients of
	// any cost built from them are derived by gorgonia.
	graph.Expr

	// Kind names the unit type, e.g. "binary"; it is saved with a model.
	Kind() string
	// Shape is the shape of the layer's units; states are flattened.
	Shape() []int
	// Len is the number of units (the product of Shape).
	Len() int
	// Params returns the layer's parameters; Value is shared with graphs.
	Params() []*graph.Param
	// Validate reports parameters outside their domain, naming them.
	Validate() error

	// Energy returns the energy of one sample's states x (length Len).
	Energy(x []T) float64
	// CGF returns the sum over units of the cgf of one sample's inputs.
	CGF(in []T) float64
	// Mean writes the mean states given inputs; in and out have equal length,
	// a whole number of samples.
	Mean(in, out []T)
	// Sample draws exact states given inputs, rows of in into rows of out,
	// using rng for every draw in row order.
	Sample(rng *rand.Rand, in, out []T)
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
// fails the check.
type DataChecker[T Float] interface {
	CheckData(x []T) error
}
