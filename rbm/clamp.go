package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/internal/parallel"
)

// Clamped is a set of block Gibbs chains whose observed visible units are
// held at given values: alternating draws of the hidden units given the
// visible ones and of the free visible units given the hidden ones, a chain
// whose stationary distribution is the model's conditional p(v_free | v_obs).
// It is what completing a partly observed sample (a picture with a part
// hidden) needs. The visible units of a layer are independent given the
// hidden units, so a draw of the free units is a draw of every visible unit
// with the observed ones put back; a site of several units (one Potts site)
// must be observed or free as a whole.
//
// Chains holds the states; its V always holds the observed values.
type Clamped[T Float] struct {
	Chains   *Chains[T]
	observed []bool // rows·nv: true where the unit is held
	values   []T    // rows·nv: the values it is held at
}

// NewClamped returns one clamped chain per row of v (rows of
// m.Visible.Len() values). mask tells which units are observed: one row of
// m.Visible.Len() flags for every row of v, or one flag per value of v. The
// observed units are held at v's values, which must be finite; the free ones
// start at the visible layer's mean given no input from the hidden units
// (v's values there are not read). Chain r draws from the PCG stream
// (seed, stream+r).
func NewClamped[T Float](m *RBM[T], v []T, mask []bool, seed, stream uint64) (*Clamped[T], error) {
	nv := m.Visible.Len()
	if len(v) == 0 || len(v)%nv != 0 {
		return nil, fmt.Errorf("rbm: clamped chains: %d visible values are not whole rows of %d", len(v), nv)
	}
	rows := len(v) / nv
	if len(mask) != nv && len(mask) != len(v) {
		return nil, fmt.Errorf("rbm: clamped chains: a mask of %d flags, want %d (one row) or %d (one per row)", len(mask), nv, len(v))
	}
	if err := checkMaskSites(m.Visible, mask); err != nil {
		return nil, err
	}
	c, err := NewChains(m, rows, seed, stream)
	if err != nil {
		return nil, err
	}
	cl := &Clamped[T]{Chains: c, observed: make([]bool, len(v)), values: make([]T, len(v))}
	for r := range rows {
		row := mask
		if len(mask) == len(v) {
			row = mask[r*nv : (r+1)*nv]
		}
		copy(cl.observed[r*nv:], row)
	}
	for i, x := range v {
		if !cl.observed[i] {
			continue
		}
		if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("rbm: clamped chains: observed value %v at row %d, unit %d", f, i/nv, i%nv)
		}
		cl.values[i] = x
	}
	// Free units start at the mean given zero input; VIn is zero.
	m.Visible.Mean(c.VIn, c.V)
	cl.clamp(0, rows)
	return cl, nil
}

// checkMaskSites refuses a mask that splits a site of several units.
func checkMaskSites[T Float](l Layer[T], mask []bool) error {
	fin, ok := As[Finite](l)
	if !ok {
		return nil
	}
	per, _ := fin.SiteStates()
	if per <= 1 {
		return nil
	}
	for s := 0; s+per <= len(mask); s += per {
		for u := s + 1; u < s+per; u++ {
			if mask[u] != mask[s] {
				return fmt.Errorf("rbm: clamped chains: the mask splits the site of units %d to %d (sites of %d units are observed or free as a whole)", s%l.Len(), s%l.Len()+per-1, per)
			}
		}
	}
	return nil
}

// clamp puts the observed values back into the rows [lo, hi) of V.
func (c *Clamped[T]) clamp(lo, hi int) {
	nv := c.Chains.Model.Visible.Len()
	for i := lo * nv; i < hi*nv; i++ {
		if c.observed[i] {
			c.Chains.V[i] = c.values[i]
		}
	}
}

// Gibbs runs k steps v → h → v with the observed units held.
func (c *Clamped[T]) Gibbs(k int) {
	ch := c.Chains
	parallel.For(ch.Rows, 1, func(lo, hi int) {
		for range k {
			ch.up(lo, hi)
			ch.down(lo, hi)
			c.clamp(lo, hi)
		}
	})
}

// Mean writes into out (as long as V) the mean visible states given the
// hidden states of the last step, E[v_free | h], with the observed units at
// their values: averaged over steps, a Rao-Blackwellised estimate of
// E[v_free | v_obs].
func (c *Clamped[T]) Mean(out []T) {
	c.Chains.VisibleMean(out)
	for i, o := range c.observed {
		if o {
			out[i] = c.values[i]
		}
	}
}
