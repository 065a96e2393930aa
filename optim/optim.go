package optim

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/internal/kernel"
)

// Float is the element type of parameters: float32 or float64.
type Float interface{ float32 | float64 }

// Param is one parameter's storage with its gradient and its group.
type Param[T Float] struct {
	Name  string
	Value []T    // updated in place
	Grad  []T    // gradient of the cost to minimise; only read
	Group string // the name of a Group
	Shape []int  // the shape of Value, for transforms that need it (a matrix's rows and columns); may be nil
}

// Group gives a set of parameters its learning rate. Penalties such as L2
// weight decay are not the optimizer's: they change the gradient before the
// step (see the gradient transforms of package rbm).
type Group struct {
	Name         string
	LearningRate float64
}

// Optimizer updates parameters from their gradients.
type Optimizer[T Float] interface {
	// Step applies one update to every parameter. If any gradient is not
	// finite it returns an error naming the parameter and changes nothing.
	Step(params []Param[T]) error
}

// Groups returns the usual two groups: "weights" with learning rate lr and
// "biases" with learning rate lr·biasFactor.
func Groups(lr, biasFactor float64) []Group {
	return []Group{
		{Name: "weights", LearningRate: lr},
		{Name: "biases", LearningRate: lr * biasFactor},
	}
}

func validateGroups(groups []Group) (map[string]Group, error) {
	if len(groups) == 0 {
		return nil, fmt.Errorf("optim: no parameter groups")
	}
	byName := map[string]Group{}
	for _, g := range groups {
		if _, dup := byName[g.Name]; dup {
			return nil, fmt.Errorf("optim: group %q given twice", g.Name)
		}
		if !finiteNonNegative(g.LearningRate) {
			return nil, fmt.Errorf("optim: group %q: learning rate must be finite and not negative, got %v", g.Name, g.LearningRate)
		}
		byName[g.Name] = g
	}
	return byName, nil
}

func finiteNonNegative(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// check returns each parameter's group, appended to gs[:0], or an error for
// unknown groups, mismatched lengths and non-finite gradients, before anything
// is updated.
func check[T Float](params []Param[T], groups map[string]Group, gs []Group) ([]Group, error) {
	gs = gs[:0]
	for _, p := range params {
		g, ok := groups[p.Group]
		if !ok {
			return nil, fmt.Errorf("optim: parameter %q is in unknown group %q", p.Name, p.Group)
		}
		if len(p.Value) != len(p.Grad) {
			return nil, fmt.Errorf("optim: parameter %q has %d values but %d gradients", p.Name, len(p.Value), len(p.Grad))
		}
		if j := kernel.FirstNonFinite(p.Grad); j >= 0 {
			return nil, fmt.Errorf("optim: gradient of %q is %v at index %d", p.Name, p.Grad[j], j)
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// grain is the number of elements below which an update is not worth
// spreading over the cores. Shorter parameters are updated without creating
// a closure, so that a step allocates nothing.
const grain = 1 << 14

// state returns per-parameter buffers keyed by name, allocating them on first
// use and refusing a parameter whose length changed.
func state[T Float](m map[string][]T, p Param[T]) ([]T, error) {
	s, ok := m[p.Name]
	if !ok {
		s = make([]T, len(p.Value))
		m[p.Name] = s
	}
	if len(s) != len(p.Value) {
		return nil, fmt.Errorf("optim: parameter %q changed length from %d to %d", p.Name, len(s), len(p.Value))
	}
	return s, nil
}
