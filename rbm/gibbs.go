package rbm

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Gibbs is the negative phase of contrastive divergence: one block Gibbs
// chain per row of a batch, each running K steps h → v → h. CD-k starts the
// chains at the hidden states drawn from the batch's rows; PCD-k
// (Persistent) carries them from one update to the next, starting them once
// at the hidden states of random training rows.
type Gibbs[T Float] struct {
	K          int  // Gibbs steps per update, at least 1
	Persistent bool // PCD-k instead of CD-k

	chains *Chains[T]
	shared bool // the chains read a transposed copy of the weights kept fresh by their owner
}

// NewGibbs returns the Gibbs chains of cfg (K, Persistent, BatchSize rows)
// for m, drawing from the streams of cfg.Seed that a Trainer's chains use.
func NewGibbs[T Float](m *RBM[T], cfg TrainConfig) (*Gibbs[T], error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c, err := NewChains(m, cfg.BatchSize, cfg.Seed, streamChains)
	if err != nil {
		return nil, err
	}
	return &Gibbs[T]{K: cfg.K, Persistent: cfg.Persistent, chains: c}, nil
}

// Chains returns the chains, whose states are those of the last update's
// chain end.
func (g *Gibbs[T]) Chains() *Chains[T] { return g.chains }

// Start starts persistent chains at the hidden states of random rows of x,
// picked from shuffle; CD's chains need no start.
func (g *Gibbs[T]) Start(x []T, shuffle *rand.Rand) error {
	if !g.Persistent {
		return nil
	}
	c := g.chains
	nv := c.Model.Visible.Len()
	n := len(x) / nv
	if n < 1 {
		return fmt.Errorf("rbm: %w: no training rows to start the persistent chains at", ErrData)
	}
	for r := 0; r < c.Rows; r++ {
		i := shuffle.IntN(n)
		copy(c.V[r*nv:(r+1)*nv], x[i*nv:(i+1)*nv])
	}
	c.SampleHGivenV()
	return nil
}

// Negative runs K Gibbs steps, from data's hidden states for CD, and returns
// the chains' visible states.
func (g *Gibbs[T]) Negative(data *Chains[T]) ([]T, error) {
	c := g.chains
	if !g.Persistent {
		if len(data.H) != len(c.H) {
			return nil, fmt.Errorf("rbm: %d rows of data for %d chains", data.Rows, c.Rows)
		}
		copy(c.H, data.H)
	}
	c.GibbsHVH(g.K)
	return c.V, nil
}

// Refresh re-reads the model's weights.
func (g *Gibbs[T]) Refresh() {
	if !g.shared {
		g.chains.Refresh()
	}
}

// SamplerState returns the chains' random streams and their states, the
// arrays "v" and "h".
func (g *Gibbs[T]) SamplerState() (SamplerState[T], error) {
	c := g.chains
	streams, err := c.streams()
	if err != nil {
		return SamplerState[T]{}, err
	}
	return SamplerState[T]{Streams: streams, Arrays: []StateArray[T]{
		{Name: "v", Shape: []int{c.Rows, c.Model.Visible.Len()}, Data: slices.Clone(c.V)},
		{Name: "h", Shape: []int{c.Rows, c.Model.Hidden.Len()}, Data: slices.Clone(c.H)},
	}}, nil
}

// SetSamplerState restores what SamplerState returned.
func (g *Gibbs[T]) SetSamplerState(s SamplerState[T]) error {
	c := g.chains
	v, h := s.array("v"), s.array("h")
	if len(v) != len(c.V) || len(h) != len(c.H) {
		return fmt.Errorf("chains of %d and %d values, want %d×%d and %d×%d", len(v), len(h), c.Rows, c.Model.Visible.Len(), c.Rows, c.Model.Hidden.Len())
	}
	if err := c.setStreams(s.Streams); err != nil {
		return fmt.Errorf("model chains: %w", err)
	}
	copy(c.V, v)
	copy(c.H, h)
	return nil
}
