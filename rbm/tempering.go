package rbm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/rbmgo/rbm/graph"
)

// streamTempering+r<<20+row: the chain of a row in replica r ≥ 1 of a
// Tempering sampler; streamTempering itself: its swaps.
const streamTempering uint64 = 4 << 32

// Tempering is the negative phase of parallel tempering (Desjardins et al.
// 2010; Cho, Raiko & Ilin 2010): one persistent chain per row of a batch in
// each of N replicas, replica r drawing from
//
//	p_β(v, h) ∝ exp(-E_vis(v) - E_hid(h) + β·vᵀWh),  β = Betas[r],
//
// the model with its weights scaled by β (Betas[0] = 1 is the model itself;
// β = 0 its independent layers). Each update runs K block Gibbs steps in
// every replica, then offers each row's neighbouring replicas, from the
// top, to swap their states, accepting by the Metropolis rule
// min(1, exp((β_r - β_{r+1})(I_{r+1} - I_r))), I = vᵀWh. The chain end is
// replica 0's states.
//
// With one replica it is PCD-k, draw for draw: replica 0 uses the streams
// and the start of Gibbs's persistent chains.
type Tempering[T Float] struct {
	K     int       // Gibbs steps per update in every replica, at least 1
	Betas []float64 // the ladder: Betas[0] = 1, decreasing, not below 0

	model    *RBM[T]
	replicas []*Chains[T] // replica r samples models[r]
	models   []*RBM[T]    // models[0] is the model; the others share its layers, with β·W
	swapSrc  *rand.PCG
	swap     *rand.Rand
	tried    []int64 // swaps offered between replicas r and r+1, since ResetSwapRates
	accepted []int64
	inter    [][]float64 // scratch: vᵀWh of each replica's rows
}

// Ladder returns n inverse temperatures spaced evenly from 1 down to
// betaMin: 1 when n is 1.
func Ladder(n int, betaMin float64) ([]float64, error) {
	if n < 1 {
		return nil, fmt.Errorf("rbm: tempering needs at least one replica, got %d", n)
	}
	if !(betaMin >= 0 && betaMin < 1) {
		return nil, fmt.Errorf("rbm: the lowest inverse temperature must be in [0, 1), got %v", betaMin)
	}
	b := make([]float64, n)
	for r := range b {
		if n == 1 {
			b[r] = 1
			break
		}
		b[r] = 1 - (1-betaMin)*float64(r)/float64(n-1)
	}
	return b, nil
}

// NewTempering returns the replicas of the ladder betas for m, each of
// cfg.BatchSize persistent chains, K = cfg.K Gibbs steps, drawing from
// streams of cfg.Seed.
func NewTempering[T Float](m *RBM[T], cfg TrainConfig, betas []float64) (*Tempering[T], error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := checkLadder(betas); err != nil {
		return nil, err
	}
	if len(betas) >= 1<<11 || cfg.BatchSize >= 1<<20 {
		return nil, fmt.Errorf("rbm: tempering takes fewer than 2048 replicas of fewer than 2²⁰ chains, got %d of %d", len(betas), cfg.BatchSize)
	}
	pt := &Tempering[T]{K: cfg.K, Betas: slices.Clone(betas), model: m}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	for r := range betas {
		rm, stream := m, streamChains
		if r > 0 {
			rm = &RBM[T]{Visible: m.Visible, Hidden: m.Hidden, W: newParam[T]("W", graph.Weights, nv, nh)}
			stream = streamTempering + uint64(r)<<20
		}
		pt.models = append(pt.models, rm)
		pt.scale(r)
		c, err := NewChains(rm, cfg.BatchSize, cfg.Seed, stream)
		if err != nil {
			return nil, err
		}
		pt.replicas = append(pt.replicas, c)
		pt.inter = append(pt.inter, make([]float64, cfg.BatchSize))
	}
	pt.swapSrc = rand.NewPCG(cfg.Seed, streamTempering)
	pt.swap = rand.New(pt.swapSrc)
	pt.tried, pt.accepted = make([]int64, len(betas)-1), make([]int64, len(betas)-1)
	return pt, nil
}

// checkLadder reports a ladder that does not start at 1 or does not
// decrease to a value not below 0.
func checkLadder(betas []float64) error {
	if len(betas) == 0 || betas[0] != 1 {
		return fmt.Errorf("rbm: a tempering ladder starts at β = 1, got %v", betas)
	}
	for r := 1; r < len(betas); r++ {
		if !(betas[r] < betas[r-1] && betas[r] >= 0) {
			return fmt.Errorf("rbm: a tempering ladder decreases to a β not below 0, got %v", betas)
		}
	}
	return nil
}

// scale writes β·W into replica r's weights.
func (pt *Tempering[T]) scale(r int) {
	if r == 0 {
		return
	}
	b := T(pt.Betas[r])
	dst := pt.models[r].Weights()
	for i, w := range pt.model.Weights() {
		dst[i] = b * w
	}
}

// Replica returns the chains of replica r, whose states are those of the
// last update.
func (pt *Tempering[T]) Replica(r int) *Chains[T] { return pt.replicas[r] }

// Start starts every replica's chains at the hidden states of random rows
// of x, picked from shuffle, replica 0 first.
func (pt *Tempering[T]) Start(x []T, shuffle *rand.Rand) error {
	nv := pt.model.Visible.Len()
	n := len(x) / nv
	if n < 1 {
		return fmt.Errorf("rbm: %w: no training rows to start the tempering chains at", ErrData)
	}
	for _, c := range pt.replicas {
		for r := 0; r < c.Rows; r++ {
			i := shuffle.IntN(n)
			copy(c.V[r*nv:(r+1)*nv], x[i*nv:(i+1)*nv])
		}
		c.SampleHGivenV()
	}
	return nil
}

// Negative runs K Gibbs steps in every replica, offers the swaps, and
// returns replica 0's visible states.
func (pt *Tempering[T]) Negative(*Chains[T]) ([]T, error) {
	for _, c := range pt.replicas {
		c.GibbsHVH(pt.K)
	}
	if len(pt.replicas) > 1 {
		pt.swaps()
	}
	return pt.replicas[0].V, nil
}

// swaps offers every row's neighbouring replicas, from the top, to swap.
func (pt *Tempering[T]) swaps() {
	for r, c := range pt.replicas {
		pt.interaction(r, c)
	}
	nv, nh := pt.model.Visible.Len(), pt.model.Hidden.Len()
	rows := pt.replicas[0].Rows
	for row := 0; row < rows; row++ {
		for r := 0; r+1 < len(pt.replicas); r++ {
			a, b := pt.replicas[r], pt.replicas[r+1]
			ia, ib := pt.inter[r][row], pt.inter[r+1][row]
			logA := (pt.Betas[r] - pt.Betas[r+1]) * (ib - ia)
			u := pt.swap.Float64()
			pt.tried[r]++
			if logA >= 0 || u < math.Exp(logA) {
				pt.accepted[r]++
				swapRows(a.V, b.V, row, nv)
				swapRows(a.H, b.H, row, nh)
				pt.inter[r][row], pt.inter[r+1][row] = ib, ia
			}
		}
	}
}

// interaction writes vᵀWh of each of replica r's rows into pt.inter[r]: from
// the hidden inputs β·vW the last Gibbs step left, or from W when β = 0.
func (pt *Tempering[T]) interaction(r int, c *Chains[T]) {
	nv, nh := pt.model.Visible.Len(), pt.model.Hidden.Len()
	beta := pt.Betas[r]
	w := pt.model.Weights()
	for row := 0; row < c.Rows; row++ {
		h := c.H[row*nh : (row+1)*nh]
		var s float64
		if beta > 0 {
			in := c.HIn[row*nh : (row+1)*nh]
			for j, hj := range h {
				s += float64(in[j]) * float64(hj)
			}
			s /= beta
		} else {
			s = vWh(w, c.V[row*nv:(row+1)*nv], h)
		}
		pt.inter[r][row] = s
	}
}

func swapRows[T Float](a, b []T, row, n int) {
	x, y := a[row*n:(row+1)*n], b[row*n:(row+1)*n]
	for i := range x {
		x[i], y[i] = y[i], x[i]
	}
}

// Refresh re-reads the model's weights into every replica.
func (pt *Tempering[T]) Refresh() {
	for r, c := range pt.replicas {
		pt.scale(r)
		c.Refresh()
	}
}

// SwapRates returns, for each pair of neighbouring replicas (r, r+1), the
// fraction of the swaps offered since ResetSwapRates that were accepted
// (NaN if none was offered).
func (pt *Tempering[T]) SwapRates() []float64 {
	out := make([]float64, len(pt.tried))
	for r := range out {
		out[r] = float64(pt.accepted[r]) / float64(pt.tried[r])
	}
	return out
}

// ResetSwapRates starts the counts of SwapRates anew (for instance at the
// start of each epoch).
func (pt *Tempering[T]) ResetSwapRates() {
	clear(pt.tried)
	clear(pt.accepted)
}

// SamplerState returns every replica's random streams and states (arrays
// "v" and "h" for replica 0, as Gibbs's; "v_R" and "h_R" for replica R),
// the swaps' stream last, and the swap counts (array "swaps": offered,
// then accepted, per pair).
func (pt *Tempering[T]) SamplerState() (SamplerState[T], error) {
	var s SamplerState[T]
	for r, c := range pt.replicas {
		streams, err := c.streams()
		if err != nil {
			return SamplerState[T]{}, err
		}
		s.Streams = append(s.Streams, streams...)
		sfx := ""
		if r > 0 {
			sfx = fmt.Sprintf("_%d", r)
		}
		s.Arrays = append(s.Arrays,
			StateArray[T]{Name: "v" + sfx, Shape: []int{c.Rows, c.Model.Visible.Len()}, Data: slices.Clone(c.V)},
			StateArray[T]{Name: "h" + sfx, Shape: []int{c.Rows, c.Model.Hidden.Len()}, Data: slices.Clone(c.H)})
	}
	b, err := pt.swapSrc.MarshalBinary()
	if err != nil {
		return SamplerState[T]{}, err
	}
	s.Streams = append(s.Streams, b)
	counts := make([]T, 0, 2*len(pt.tried))
	for _, n := range append(slices.Clone(pt.tried), pt.accepted...) {
		counts = append(counts, T(n))
	}
	s.Arrays = append(s.Arrays, StateArray[T]{Name: "swaps", Shape: []int{2, len(pt.tried)}, Data: counts})
	return s, nil
}

// SetSamplerState restores what SamplerState returned.
func (pt *Tempering[T]) SetSamplerState(s SamplerState[T]) error {
	rows := pt.replicas[0].Rows
	if len(s.Streams) != len(pt.replicas)*rows+1 {
		return fmt.Errorf("%d random streams for %d replicas of %d chains and their swaps", len(s.Streams), len(pt.replicas), rows)
	}
	counts := s.array("swaps")
	if len(counts) != 2*len(pt.tried) {
		return fmt.Errorf("%d swap counts for %d pairs of replicas", len(counts), len(pt.tried))
	}
	for r, c := range pt.replicas {
		sfx := ""
		if r > 0 {
			sfx = fmt.Sprintf("_%d", r)
		}
		v, h := s.array("v"+sfx), s.array("h"+sfx)
		if len(v) != len(c.V) || len(h) != len(c.H) {
			return fmt.Errorf("replica %d: chains of %d and %d values, want %d×%d and %d×%d", r, len(v), len(h), c.Rows, c.Model.Visible.Len(), c.Rows, c.Model.Hidden.Len())
		}
		if err := c.setStreams(s.Streams[r*rows : (r+1)*rows]); err != nil {
			return fmt.Errorf("replica %d: %w", r, err)
		}
		copy(c.V, v)
		copy(c.H, h)
	}
	if err := pt.swapSrc.UnmarshalBinary(s.Streams[len(s.Streams)-1]); err != nil {
		return fmt.Errorf("swap stream: %w", err)
	}
	n := len(pt.tried)
	for r := range n {
		pt.tried[r], pt.accepted[r] = int64(counts[r]), int64(counts[n+r])
	}
	return nil
}

// StartAt starts every replica's chains at the visible rows v (one per
// chain) and the hidden states drawn from them: for sampling from a
// model, rather than for training.
func (pt *Tempering[T]) StartAt(v []T) error {
	for r, c := range pt.replicas {
		if err := c.SetVisible(v); err != nil {
			return fmt.Errorf("replica %d: %w", r, err)
		}
		c.SampleHGivenV()
	}
	return nil
}

// Sample runs steps sweeps: one Gibbs step h → v → h in every replica, then
// the swaps. Replica 0's chains then hold draws from the model.
func (pt *Tempering[T]) Sample(steps int) {
	for range steps {
		for _, c := range pt.replicas {
			c.GibbsHVH(1)
		}
		if len(pt.replicas) > 1 {
			pt.swaps()
		}
	}
}
