package rbm

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/internal/kernel"
	"github.com/rbmgo/rbm/internal/linalg"

	"github.com/rbmgo/rbm/internal/parallel"
)

// Chains is a set of block Gibbs chains of a model, one per row, each drawing
// from its own random stream so that results do not depend on how rows are
// spread over goroutines. V and H are the current visible and hidden states;
// VIn and HIn the inputs each layer last received (v·W and h·Wᵀ).
//
// The chains read the model's weights through a transposed copy for the
// downward pass: call Refresh after the parameters change.
type Chains[T Float] struct {
	Model    *RBM[T]
	Rows     int
	V, H     []T
	VIn, HIn []T
	rngs     []*rand.Rand
	sources  []*kernel.PCG // the rngs' sources, whose state a checkpoint keeps
	wt       []T
}

// NewChains returns rows chains with zero states. Chain r draws from the PCG
// stream (seed, stream+r).
func NewChains[T Float](m *RBM[T], rows int, seed, stream uint64) (*Chains[T], error) {
	if rows < 1 {
		return nil, fmt.Errorf("rbm: need at least one chain, got %d", rows)
	}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	c := &Chains[T]{
		Model: m, Rows: rows,
		V: make([]T, rows*nv), H: make([]T, rows*nh),
		VIn: make([]T, rows*nv), HIn: make([]T, rows*nh),
		rngs: make([]*rand.Rand, rows), sources: make([]*kernel.PCG, rows),
	}
	for r := range c.rngs {
		c.sources[r] = kernel.NewPCG(seed, stream+uint64(r))
		c.rngs[r] = rand.New(c.sources[r])
	}
	c.Refresh()
	return c, nil
}

// Refresh re-reads the model's weights; call it after they change.
func (c *Chains[T]) Refresh() { c.wt = c.Model.Transpose(c.wt) }

// SetVisible copies rows of visible states into V.
func (c *Chains[T]) SetVisible(v []T) error {
	if len(v) != len(c.V) {
		return fmt.Errorf("rbm: visible states have %d values, chains hold %d (%d rows of %d)", len(v), len(c.V), c.Rows, c.Model.Visible.Len())
	}
	copy(c.V, v)
	return nil
}

// SampleHGivenV sets HIn = V·W and draws H from the hidden layer given HIn.
func (c *Chains[T]) SampleHGivenV() { parallel.For(c.Rows, 1, c.up) }

// SampleVGivenH sets VIn = H·Wᵀ and draws V from the visible layer given VIn.
func (c *Chains[T]) SampleVGivenH() { parallel.For(c.Rows, 1, c.down) }

// GibbsHVH runs k steps h → v → h, starting from H.
func (c *Chains[T]) GibbsHVH(k int) {
	// Chains are independent: each core runs all k steps of its rows.
	parallel.For(c.Rows, 1, func(lo, hi int) {
		for range k {
			c.down(lo, hi)
			c.up(lo, hi)
		}
	})
}

// GibbsVHV runs k steps v → h → v, starting from V.
func (c *Chains[T]) GibbsVHV(k int) {
	parallel.For(c.Rows, 1, func(lo, hi int) {
		for range k {
			c.up(lo, hi)
			c.down(lo, hi)
		}
	})
}

// VisibleMean writes the mean visible states given VIn into out.
func (c *Chains[T]) VisibleMean(out []T) { c.Model.Visible.Mean(c.VIn, out) }

// up samples the hidden states of rows [lo, hi) given their visible states.
func (c *Chains[T]) up(lo, hi int) {
	nv, nh := c.Model.Visible.Len(), c.Model.Hidden.Len()
	linalg.MulRows(c.V[lo*nv:hi*nv], hi-lo, nv, c.Model.Weights(), nh, c.HIn[lo*nh:hi*nh])
	c.sample(c.Model.Hidden, c.HIn, c.H, lo, hi)
}

// down samples the visible states of rows [lo, hi) given their hidden states.
func (c *Chains[T]) down(lo, hi int) {
	nv, nh := c.Model.Visible.Len(), c.Model.Hidden.Len()
	linalg.MulRows(c.H[lo*nh:hi*nh], hi-lo, nh, c.wt, nv, c.VIn[lo*nv:hi*nv])
	c.sample(c.Model.Visible, c.VIn, c.V, lo, hi)
}

func (c *Chains[T]) sample(l Layer[T], in, out []T, lo, hi int) {
	n := l.Len()
	fast, _ := l.(pcgSampler[T])
	for r := lo; r < hi; r++ {
		if fast == nil || !fast.samplePCG(c.sources[r], in[r*n:(r+1)*n], out[r*n:(r+1)*n]) {
			l.Sample(c.rngs[r], in[r*n:(r+1)*n], out[r*n:(r+1)*n])
		}
	}
}

// pcgSampler is a layer that can draw one row of states from a chain's
// generator itself, without the interface calls of a rand.Rand; samplePCG
// reports whether it did. The states are those Sample draws from a
// rand.Rand on the same generator.
type pcgSampler[T Float] interface {
	samplePCG(src *kernel.PCG, in, out []T) bool
}

// streams returns the state of every chain's random stream.
func (c *Chains[T]) streams() ([][]byte, error) {
	out := make([][]byte, len(c.sources))
	for r, src := range c.sources {
		b, err := src.MarshalBinary()
		if err != nil {
			return nil, err
		}
		out[r] = b
	}
	return out, nil
}

// setStreams restores the chains' random streams from streams' result.
func (c *Chains[T]) setStreams(states [][]byte) error {
	if len(states) != len(c.sources) {
		return fmt.Errorf("%d random streams for %d chains", len(states), len(c.sources))
	}
	for r, b := range states {
		if err := c.sources[r].UnmarshalBinary(b); err != nil {
			return fmt.Errorf("random stream of chain %d: %w", r, err)
		}
	}
	return nil
}
