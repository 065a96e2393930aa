package rbm

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/graph/special"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func init() { mustRegister("potts", NewPotts[float32], NewPotts[float64]) }

// Potts is a layer of sites, each in one of q states written one-hot: the
// last dimension of its shape is q. Energy -Σθ·x, cgf Σ_sites log Σ_states
// exp(θ+in), mean the softmax over each site's states.
type Potts[T Float] struct {
	linearField[T]
	q     int
	Field *graph.Param
}

// NewPotts returns a Potts layer of the given shape, whose last dimension is
// the number of states q ≥ 2, with zero fields named prefix+"field".
func NewPotts[T Float](prefix string, shape ...int) (*Potts[T], error) {
	f, err := newLinearField[T]("potts", prefix+"field", shape)
	if err != nil {
		return nil, err
	}
	q := shape[len(shape)-1]
	if q < 2 {
		return nil, fmt.Errorf("rbm: a potts layer needs at least 2 states in its last dimension, shape %v", shape)
	}
	return &Potts[T]{linearField: f, q: q, Field: f.theta}, nil
}

// CheckData reports rows whose sites are not one-hot.
func (l *Potts[T]) CheckData(x []T) error {
	for s := 0; s*l.q < len(x); s++ {
		var ones, others int
		for _, v := range x[s*l.q : (s+1)*l.q] {
			switch v {
			case 1:
				ones++
			case 0:
			default:
				others++
			}
		}
		if ones != 1 || others != 0 {
			return fmt.Errorf("potts states must be one-hot: row %d, site %d holds %d ones and %d values other than 0 and 1", s*l.q/l.n, (s*l.q%l.n)/l.q, ones, others)
		}
	}
	return nil
}

// CGFExpr returns Σ_sites logsumexp(θ+in) per sample.
func (l *Potts[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	a := c.addRows(in, b.Param(l.Field))
	batch := in.Shape()[0]
	sites := c.Do(func() (*G.Node, error) { return G.Reshape(a, tensor.Shape{batch * l.n / l.q, l.q}) })
	lse := c.Do(func() (*G.Node, error) { return ops.LogSumExp(sites) })
	perRow := c.Do(func() (*G.Node, error) { return G.Reshape(lse, tensor.Shape{batch, l.n / l.q}) })
	return c.result(c.sumRows(perRow))
}

// CGF returns Σ_sites logsumexp(θ+in).
func (l *Potts[T]) CGF(in []T) float64 {
	th := data[T](l.Field)
	a := make([]float64, l.q)
	var s float64
	for site := 0; site < l.n; site += l.q {
		for k := range a {
			a[k] = float64(th[site+k]) + float64(in[site+k])
		}
		s += special.LogSumExp(a)
	}
	return s
}

// Mean writes the softmax of θ+in over each site.
func (l *Potts[T]) Mean(in, out []T) {
	l.sites(in, func(p []float64, o []T) {
		for k, v := range p {
			o[k] = T(v)
		}
	}, out)
}

// Sample draws each site's state from its softmax by inverse CDF.
func (l *Potts[T]) Sample(rng *rand.Rand, in, out []T) {
	l.sites(in, func(p []float64, o []T) {
		chosen := special.Categorical(rng.Float64(), p)
		for k := range o {
			o[k] = 0
		}
		o[chosen] = 1
	}, out)
}

// sites calls f with the state probabilities of every site of every row.
func (l *Potts[T]) sites(in []T, f func(p []float64, out []T), out []T) {
	th := data[T](l.Field)
	p := make([]float64, l.q)
	for s := 0; s*l.q < len(in); s++ {
		off := s * l.q
		for k := range p {
			p[k] = float64(th[(off+k)%l.n]) + float64(in[off+k])
		}
		special.Softmax(p)
		f(p, out[off:off+l.q])
	}
}

// AddMeanEnergyGrad adds -scale·Σ softmax(θ+in).
func (l *Potts[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	l.addMeanEnergyGrad(l.Mean, in, scale, g)
}

// SiteStates returns the states of a site: the q one-hot vectors (see
// Finite).
func (l *Potts[T]) SiteStates() (int, [][]float64) {
	s := make([][]float64, l.q)
	for k := range s {
		s[k] = make([]float64, l.q)
		s[k][k] = 1
	}
	return l.q, s
}
