package optim

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/internal/parallel"
)

// AdamConfig configures Adam. Zero Beta1, Beta2 and Epsilon take the usual
// defaults 0.9, 0.999 and 1e-8.
type AdamConfig struct {
	Groups       []Group
	Beta1, Beta2 float64
	Epsilon      float64
}

// Adam is the Adam optimizer (Kingma and Ba) with bias correction, written as
// one fused pass per parameter over its moments and values. A coupled L2
// weight decay is a term added to the gradient before the step, so the
// moments see it (not AdamW's decoupled decay of the parameters).
type Adam[T Float] struct {
	cfg    AdamConfig
	groups map[string]Group
	gs     []Group // scratch: the groups of a step's parameters
	m, v   map[string][]T
	t      int
	ms, vs [][]T // scratch: the moments of the parameters of a step
}

// NewAdam returns an Adam optimizer, or an error for invalid settings.
func NewAdam[T Float](cfg AdamConfig) (*Adam[T], error) {
	groups, err := validateGroups(cfg.Groups)
	if err != nil {
		return nil, err
	}
	if cfg.Beta1 == 0 {
		cfg.Beta1 = 0.9
	}
	if cfg.Beta2 == 0 {
		cfg.Beta2 = 0.999
	}
	if cfg.Epsilon == 0 {
		cfg.Epsilon = 1e-8
	}
	switch {
	case !(cfg.Beta1 > 0 && cfg.Beta1 < 1):
		return nil, fmt.Errorf("optim: beta1 must be in (0,1), got %v", cfg.Beta1)
	case !(cfg.Beta2 > 0 && cfg.Beta2 < 1):
		return nil, fmt.Errorf("optim: beta2 must be in (0,1), got %v", cfg.Beta2)
	case !(cfg.Epsilon > 0) || math.IsInf(cfg.Epsilon, 1):
		return nil, fmt.Errorf("optim: epsilon must be positive and finite, got %v", cfg.Epsilon)
	}
	return &Adam[T]{cfg: cfg, groups: groups, m: map[string][]T{}, v: map[string][]T{}}, nil
}

// Step applies one update to every parameter.
func (o *Adam[T]) Step(params []Param[T]) error {
	gs, err := check(params, o.groups, o.gs)
	o.gs = gs
	if err != nil {
		return err
	}
	ms, vs := o.ms[:0], o.vs[:0]
	for _, p := range params {
		m, err := state(o.m, p)
		if err != nil {
			return err
		}
		v, err := state(o.v, p)
		if err != nil {
			return err
		}
		ms, vs = append(ms, m), append(vs, v)
	}
	o.ms, o.vs = ms, vs
	o.t++
	b1, b2 := o.cfg.Beta1, o.cfg.Beta2
	c1 := 1 / (1 - math.Pow(b1, float64(o.t)))
	c2 := 1 / (1 - math.Pow(b2, float64(o.t)))
	for i, p := range params {
		lr := gs[i].LearningRate
		// w -= lr·m̂/(sqrt(v̂)+ε) with m̂ = c1·m, v̂ = c2·v.
		step, eps := T(lr*c1), T(o.cfg.Epsilon)
		sc2 := T(math.Sqrt(c2))
		tb1, tb2 := T(b1), T(b2)
		w, g, m, v := p.Value, p.Grad[:len(p.Value)], ms[i][:len(p.Value)], vs[i][:len(p.Value)]
		if len(w) < 2*grain {
			adamRange(w, g, m, v, tb1, tb2, step, sc2, eps)
		} else {
			parallel.For(len(w), grain, func(lo, hi int) {
				adamRange(w[lo:hi], g[lo:hi], m[lo:hi], v[lo:hi], tb1, tb2, step, sc2, eps)
			})
		}
	}
	return nil
}

// adamRange applies one Adam update with bias-corrected step and sc2 = √c2.
func adamRange[T Float](w, g, m, v []T, b1, b2, step, sc2, eps T) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for j := range w {
		gj := g[j]
		m[j] = b1*m[j] + (1-b1)*gj
		v[j] = b2*v[j] + (1-b2)*gj*gj
		w[j] -= step * m[j] / (sc2*sqrt(v[j]) + eps)
	}
}

func sqrt[T Float](x T) T { return T(math.Sqrt(float64(x))) }
