package optim

import (
	"fmt"

	"github.com/rbmgo/rbm/internal/kernel"
	"github.com/rbmgo/rbm/internal/parallel"
)

// SGDConfig configures stochastic gradient descent.
type SGDConfig struct {
	Groups   []Group
	Momentum float64 // in [0,1); 0 is plain SGD
}

// SGD is stochastic gradient descent with momentum: per element
// v ← momentum·v - lr·g, w ← w + v. Without momentum it is exactly
// w ← w - lr·g.
type SGD[T Float] struct {
	cfg      SGDConfig
	groups   map[string]Group
	gs       []Group // scratch: the groups of a step's parameters
	velocity map[string][]T
}

// NewSGD returns an SGD optimizer, or an error for invalid settings.
func NewSGD[T Float](cfg SGDConfig) (*SGD[T], error) {
	groups, err := validateGroups(cfg.Groups)
	if err != nil {
		return nil, err
	}
	if !(cfg.Momentum >= 0 && cfg.Momentum < 1) {
		return nil, fmt.Errorf("optim: momentum must be in [0,1), got %v", cfg.Momentum)
	}
	return &SGD[T]{cfg: cfg, groups: groups, velocity: map[string][]T{}}, nil
}

// Step applies one update to every parameter.
func (o *SGD[T]) Step(params []Param[T]) error {
	gs, err := check(params, o.groups, o.gs)
	o.gs = gs
	if err != nil {
		return err
	}
	for i, p := range params {
		lr := T(gs[i].LearningRate)
		w, g := p.Value, p.Grad[:len(p.Value)]
		if o.cfg.Momentum == 0 {
			if len(w) < 2*grain {
				sgdRange(w, g, lr)
			} else {
				parallel.For(len(w), grain, func(lo, hi int) { sgdRange(w[lo:hi], g[lo:hi], lr) })
			}
			continue
		}
		v, err := state(o.velocity, p)
		if err != nil {
			return err
		}
		mom := T(o.cfg.Momentum)
		v = v[:len(w)]
		if len(w) < 2*grain {
			momentumRange(w, g, v, lr, mom)
		} else {
			parallel.For(len(w), grain, func(lo, hi int) { momentumRange(w[lo:hi], g[lo:hi], v[lo:hi], lr, mom) })
		}
	}
	return nil
}

// sgdRange applies w ← w - lr·g.
func sgdRange[T Float](w, g []T, lr T) {
	g = g[:len(w)]
	if w32, ok := any(w).([]float32); ok {
		// w + (-lr)·g rounds as w - lr·g does.
		kernel.Saxpy(float32(-lr), any(g).([]float32), w32)
		return
	}
	for j := range w {
		w[j] -= lr * g[j]
	}
}

// momentumRange applies v ← mom·v - lr·g, w ← w + v.
func momentumRange[T Float](w, g, v []T, lr, mom T) {
	g, v = g[:len(w)], v[:len(w)]
	for j := range w {
		v[j] = mom*v[j] - lr*g[j]
		w[j] += v[j]
	}
}
