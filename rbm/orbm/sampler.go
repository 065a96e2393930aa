package orbm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/rbmgo/rbm/rbm"
)

// Sampler holds rows of Gibbs chains over (hA, hB) with the visible states v
// clamped, one chain a row, each drawing from its own PCG stream (seed, row),
// so results do not depend on how rows are spread over cores.
//
// The inputs φA = W^A·hA + b^A and φB are kept up to date as hidden units
// change: the exact sweep costs O(nv·(nA+nB)) a row, a layer update of the
// approximations the same. V, HA, HB, PhiA and PhiB are row-major and are
// meant to be read; change them only through the methods.
type Sampler[T rbm.Float] struct {
	model      *ORBM[T]
	method     Method
	rows       int
	a, b       *side
	V, HA, HB  []float64
	PhiA, PhiB []float64
	ea, eb     []float64
	vinA, vinB []float64 // each model's own inputs v·W, rows×nA and rows×nB
	scratch    [][]float64
	rngs       []*rand.Rand
	sweeps     []int // per row, sweeps since exp(φ) was last recomputed
}

// NewSampler returns rows chains of o that update their hidden units by
// method; chain r draws from the PCG stream (seed, r). Set the visible states
// with SetVisible before sweeping.
func NewSampler[T rbm.Float](o *ORBM[T], method Method, rows int, seed uint64) (*Sampler[T], error) {
	if rows < 1 {
		return nil, fmt.Errorf("orbm: need at least one chain, got %d", rows)
	}
	if method < Exact || method > ApproxCNoGain {
		return nil, fmt.Errorf("orbm: unknown method %v", method)
	}
	nv, na, nb := o.Visible(), o.HiddenA(), o.HiddenB()
	s := &Sampler[T]{model: o, method: method, rows: rows, a: newSide(o.A), b: newSide(o.B),
		V: make([]float64, rows*nv), HA: make([]float64, rows*na), HB: make([]float64, rows*nb),
		PhiA: make([]float64, rows*nv), PhiB: make([]float64, rows*nv),
		ea: make([]float64, rows*nv), eb: make([]float64, rows*nv),
		vinA: make([]float64, rows*na), vinB: make([]float64, rows*nb),
		scratch: make([][]float64, rows), rngs: make([]*rand.Rand, rows), sweeps: make([]int, rows)}
	for r := range s.rngs {
		s.rngs[r] = rand.New(rand.NewPCG(seed, uint64(r)))
		s.scratch[r] = make([]float64, nv+max(na, nb))
	}
	for r := 0; r < rows; r++ {
		s.updatePhi(r)
	}
	return s, nil
}

// Rows returns the number of chains.
func (s *Sampler[T]) Rows() int { return s.rows }

// Method returns how the sampler updates hidden units.
func (s *Sampler[T]) Method() Method { return s.method }

// Refresh re-reads both models' parameters (call it after training them) and
// recomputes φA and φB.
func (s *Sampler[T]) Refresh() {
	s.a.refresh(s.model.A)
	s.b.refresh(s.model.B)
	for r := 0; r < s.rows; r++ {
		s.updatePhi(r)
	}
}

// SetVisible clamps the visible states to v (rows×nv, values in [0,1]; binary
// values are the model's, others are used as given) and starts each chain's
// hidden units from a draw of each RBM alone, hA ~ P_A(hA | v), hB ~ P_B(hB | v).
func (s *Sampler[T]) SetVisible(v []T) error {
	if len(v) != len(s.V) {
		return fmt.Errorf("orbm: visible states have %d values, the sampler holds %d (%d rows of %d)", len(v), len(s.V), s.rows, s.a.nv)
	}
	for i, x := range v {
		if f := float64(x); math.IsNaN(f) || f < 0 || f > 1 {
			return fmt.Errorf("orbm: visible value %v at index %d is outside [0, 1]", x, i)
		}
		s.V[i] = float64(x)
	}
	s.parallel(func(r int) {
		nv := s.a.nv
		v := s.V[r*nv : (r+1)*nv]
		drawAlone(s.a, s.rngs[r], v, s.HA[r*s.a.nh:(r+1)*s.a.nh])
		drawAlone(s.b, s.rngs[r], v, s.HB[r*s.b.nh:(r+1)*s.b.nh])
		s.updatePhi(r)
	})
	return nil
}

// SetHidden sets the hidden states of every chain (rows×nA and rows×nB
// values of 0 and 1).
func (s *Sampler[T]) SetHidden(hA, hB []float64) error {
	if len(hA) != len(s.HA) || len(hB) != len(s.HB) {
		return fmt.Errorf("orbm: hidden states have %d and %d values, want %d and %d", len(hA), len(hB), len(s.HA), len(s.HB))
	}
	for _, h := range [][]float64{hA, hB} {
		for i, x := range h {
			if x != 0 && x != 1 {
				return fmt.Errorf("orbm: hidden value %v at index %d is not 0 or 1", x, i)
			}
		}
	}
	copy(s.HA, hA)
	copy(s.HB, hB)
	for r := 0; r < s.rows; r++ {
		s.updatePhi(r)
	}
	return nil
}

// drawAlone draws h from the RBM's own conditional given v.
func drawAlone(s *side, rng *rand.Rand, v, h []float64) {
	for j := range h {
		psi := s.c[j] + dot(s.wt[j*s.nv:(j+1)*s.nv], v)
		h[j] = bernoulli(rng, psi)
	}
}

func dot(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1 float64
	i := 0
	for ; i+1 < len(x); i += 2 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
	}
	if i < len(x) {
		s0 += x[i] * y[i]
	}
	return s0 + s1
}

func bernoulli(rng *rand.Rand, psi float64) float64 {
	if rng.Float64() < sigmoid(psi) {
		return 1
	}
	return 0
}

func (s *Sampler[T]) updatePhi(r int) {
	s.sweeps[r] = 0
	nv := s.a.nv
	v := s.V[r*nv : (r+1)*nv]
	for _, x := range []struct {
		s   *side
		vin []float64
	}{{s.a, s.vinA[r*s.a.nh : (r+1)*s.a.nh]}, {s.b, s.vinB[r*s.b.nh : (r+1)*s.b.nh]}} {
		for j := range x.vin {
			x.vin[j] = dot(x.s.wt[j*nv:(j+1)*nv], v)
		}
	}
	s.a.phi(s.HA[r*s.a.nh:(r+1)*s.a.nh], s.PhiA[r*nv:(r+1)*nv])
	s.b.phi(s.HB[r*s.b.nh:(r+1)*s.b.nh], s.PhiB[r*nv:(r+1)*nv])
}

// Sweep updates every hidden unit of every chain once: all of A's given B,
// then all of B's given the new A.
func (s *Sampler[T]) Sweep() { s.Sweeps(1) }

// Sweeps runs n sweeps.
func (s *Sampler[T]) Sweeps(n int) {
	if s.method == Exact {
		s.parallelBlocks(func(lo, hi int) {
			for range n {
				s.exactSweep(lo, hi)
			}
		})
		return
	}
	s.parallel(func(r int) {
		for range n {
			s.sweepRow(r)
		}
	})
}

// rowBlock is how many chains the exact sweep advances together, unit by
// unit, so that each hidden unit's weights are read once for all of them.
var rowBlock = 4

// parallelBlocks runs f over blocks of at most rowBlock rows, the blocks
// spread over the cores.
func (s *Sampler[T]) parallelBlocks(f func(lo, hi int)) {
	blocks := (s.rows + rowBlock - 1) / rowBlock
	run := func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			f(b*rowBlock, min(s.rows, (b+1)*rowBlock))
		}
	}
	workers := min(runtime.GOMAXPROCS(0), blocks)
	if workers <= 1 {
		run(0, blocks)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { run(blocks*w/workers, blocks*(w+1)/workers) })
	}
	wg.Wait()
}

// exactSweep runs one exact sweep of rows [lo, hi).
func (s *Sampler[T]) exactSweep(lo, hi int) {
	nv, na, nb := s.a.nv, s.a.nh, s.b.nh
	ra, rb := make([]chainRow, 0, hi-lo), make([]chainRow, 0, hi-lo)
	for r := lo; r < hi; r++ {
		v := s.V[r*nv : (r+1)*nv]
		pa, pb := s.PhiA[r*nv:(r+1)*nv], s.PhiB[r*nv:(r+1)*nv]
		ea, eb := s.ea[r*nv:(r+1)*nv], s.eb[r*nv:(r+1)*nv]
		// exp(φA) and exp(φB) follow φ through every change; they are
		// recomputed every 16 sweeps against rounding drift.
		if s.sweeps[r]%16 == 0 {
			for i := range pa {
				ea[i], eb[i] = expClamped(pa[i]), expClamped(pb[i])
			}
		}
		s.sweeps[r]++
		ra = append(ra, chainRow{v: v, vin: s.vinA[r*na : (r+1)*na], h: s.HA[r*na : (r+1)*na], phi: pa, phiO: pb, e: ea, eO: eb, rng: s.rngs[r]})
		rb = append(rb, chainRow{v: v, vin: s.vinB[r*nb : (r+1)*nb], h: s.HB[r*nb : (r+1)*nb], phi: pb, phiO: pa, e: eb, eO: ea, rng: s.rngs[r]})
	}
	exactLayer(s.a, ra)
	exactLayer(s.b, rb)
}

// parallel runs f for every row, rows spread over the cores.
func (s *Sampler[T]) parallel(f func(r int)) {
	workers := min(runtime.GOMAXPROCS(0), s.rows)
	if workers <= 1 {
		for r := 0; r < s.rows; r++ {
			f(r)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := s.rows*w/workers, s.rows*(w+1)/workers
		wg.Go(func() {
			for r := lo; r < hi; r++ {
				f(r)
			}
		})
	}
	wg.Wait()
}

func (s *Sampler[T]) sweepRow(r int) {
	nv, na, nb := s.a.nv, s.a.nh, s.b.nh
	v := s.V[r*nv : (r+1)*nv]
	pa, pb := s.PhiA[r*nv:(r+1)*nv], s.PhiB[r*nv:(r+1)*nv]
	ha, hb := s.HA[r*na:(r+1)*na], s.HB[r*nb:(r+1)*nb]
	rng := s.rngs[r]
	if s.method == Exact {
		s.exactSweep(r, r+1)
		return
	}
	sc := s.scratch[r]
	approxLayer(s.method, s.a, rng, v, ha, pa, pb, sc[:nv], sc[nv:nv+na])
	approxLayer(s.method, s.b, rng, v, hb, pb, pa, sc[:nv], sc[nv:nv+nb])
}

// The exact sweep writes each visible unit's correction as the log of the
// ratio (1+Tb)(1+Tc)/((1+Ta)(1+Td)) of Ta = exp(φA0), Tb = Ta·exp(W),
// Tc = Ta·exp(φB), Td = Tb·exp(φB), and multiplies numerators and
// denominators over the visible units before taking one log (ratioLog), in
// place of four softplus per weight. exp(φ) is kept for every visible unit
// and exp(±W) precomputed. Where |φA|+|φB| is too large for the exponentials
// (beyond expLimit), the correction is computed with softplus instead.
const (
	expLimit = 300
	expClamp = 350
)

func expClamped(x float64) float64 { return exp(max(-expClamp, min(expClamp, x))) }

// exactPsi returns unit j's exact input ψ_j given the current state; vin
// holds the RBM's own inputs Σ_i W_ij v_i, e and eO hold exp(φ) and exp(φO)
// for the units within the limit. With safe > 0, every visible unit is known
// to be within it, the checks are skipped and numerators and denominators
// are multiplied in blocks of safe units (ratioLog).
func exactPsi(s *side, j int, v, vin, h, phi, phiO, e, eO []float64, safe int) float64 {
	nv := s.nv
	w := s.wt[j*nv : (j+1)*nv]
	if safe > 0 {
		var sc []float64
		if h[j] != 0 {
			sc = s.iew[j*nv : (j+1)*nv]
		}
		return s.c[j] + vin[j] + ratioLog(e, s.ew[j*nv:(j+1)*nv], sc, eO, safe)
	}
	lim := expLimit - 2*s.maxAbsW
	hj := h[j]
	psi, corr := s.c[j], 0.0
	for i := 0; i < nv; i++ {
		wi := w[i]
		psi += wi * v[i]
		p, q := phi[i], phiO[i]
		if abs(p)+abs(q) > lim {
			corr += Exact.Correction(p, q, wi, hj)
			continue
		}
		ta := e[i]
		if hj != 0 {
			ta *= s.iew[j*nv+i]
		}
		tb := ta * s.ew[j*nv+i]
		corr += math.Log(((1 + tb) * (1 + ta*eO[i])) / ((1 + ta) * (1 + tb*eO[i])))
	}
	return psi + corr
}

// blockFor returns how many visible units' numerators (1+Tb)(1+Tc) and
// denominators (1+Ta)(1+Td) can be multiplied without overflow when every
// |φ|+|φO| is at most bound: each factor is below exp(bound+2·max|W|)+1.
func (s *side) blockFor(bound float64) int {
	return max(1, min(s.nv, int(650/(2*(bound+2*s.maxAbsW)+2))))
}

// chainRow is one chain's view for a layer update: the clamped v, the
// layer's hidden states, its input φ and the other model's φO, exp of both,
// and the chain's random stream.
type chainRow struct {
	v, vin, h, phi, phiO, e, eO []float64
	rng                         *rand.Rand
	bound                       float64 // at least every |φ_i| + |φO_i|
}

// exactLayer updates the hidden units of side s one by one with their exact
// conditionals in every chain of rows, keeping φ (and exp φ) up to date after
// every change. Unit j is updated in all the chains before unit j+1, so its
// weights are read once; each chain sees the same order of updates and draws
// as when run alone.
func exactLayer(s *side, rows []chainRow) {
	for k := range rows {
		c := &rows[k]
		var maxP, maxQ float64
		for i := range c.phi {
			maxP, maxQ = max(maxP, abs(c.phi[i])), max(maxQ, abs(c.phiO[i]))
		}
		// Each change moves every φ_i by at most max|W|: while the bound
		// holds, all units are within the limit.
		c.bound = maxP + maxQ
	}
	lim := expLimit - 2*s.maxAbsW
	nv := s.nv
	for j := 0; j < s.nh; j++ {
		for k := range rows {
			c := &rows[k]
			safe := 0
			if c.bound <= lim {
				safe = s.blockFor(c.bound)
			}
			psi := exactPsi(s, j, c.v, c.vin, c.h, c.phi, c.phiO, c.e, c.eO, safe)
			x := bernoulli(c.rng, psi)
			if x == c.h[j] {
				continue
			}
			d := x - c.h[j]
			c.h[j] = x
			c.bound += s.maxAbsW
			w := s.wt[j*nv : (j+1)*nv]
			mult := s.ew[j*nv : (j+1)*nv]
			if d < 0 {
				mult = s.iew[j*nv : (j+1)*nv]
			}
			phi, e := c.phi, c.e
			if c.bound <= expClamp {
				// Every φ_i stays within the clamp: exp(φ) follows exactly.
				w, mult, e = w[:len(phi)], mult[:len(phi)], e[:len(phi)]
				for i := range phi {
					phi[i] += d * w[i]
					e[i] *= mult[i]
				}
				continue
			}
			for i := range phi {
				old := phi[i]
				phi[i] = old + d*w[i]
				if abs(old) <= expClamp-s.maxAbsW && abs(phi[i]) <= expClamp-s.maxAbsW {
					e[i] *= mult[i]
				} else {
					e[i] = expClamped(phi[i])
				}
			}
		}
	}
}

// layerPsi writes every unit's approximate input ψ_j of side s given the
// current state; u is scratch of length nv.
func layerPsi(m Method, s *side, v, h, phi, phiO, u, psi []float64) {
	nv := s.nv
	if m == ApproxA {
		for i := range u {
			u[i] = v[i] + sigmoid(phi[i]) - sigmoid(phi[i]+phiO[i])
		}
		for j := range psi {
			psi[j] = s.c[j] + dot(s.wt[j*nv:(j+1)*nv], u)
		}
		return
	}
	for j := range psi {
		w, g := s.wt[j*nv:(j+1)*nv], s.gain[j*nv:(j+1)*nv]
		hj := h[j]
		sum := s.c[j]
		switch m {
		case ApproxB:
			for i, wi := range w {
				x := phi[i] - hj*wi + wi/2
				sum += wi * (v[i] + sigmoid(g[i]*x) - sigmoid(g[i]*(x+phiO[i])))
			}
		case ApproxC:
			hh := hj - 0.5
			for i, wi := range w {
				sum += wi * (v[i] + sigmoid(g[i]*(phi[i]-hh*wi)) - sigmoid(g[i]*(phi[i]+phiO[i]-hh*wi)))
			}
		case ApproxCNoGain:
			hh := hj - 0.5
			for i, wi := range w {
				sum += wi * (v[i] + sigmoid(phi[i]-hh*wi) - sigmoid(phi[i]+phiO[i]-hh*wi))
			}
		}
		psi[j] = sum
	}
}

// approxLayer draws the whole hidden layer of side s at once from the
// approximate inputs, then recomputes φ.
func approxLayer(m Method, s *side, rng *rand.Rand, v, h, phi, phiO, u, psi []float64) {
	layerPsi(m, s, v, h, phi, phiO, u, psi)
	for j := range h {
		h[j] = bernoulli(rng, psi[j])
	}
	s.phi(h, phi)
}

// Reconstruct writes, for every chain, each cause's picture given its hidden
// state alone: σ(φA) into a and σ(φB) into b (rows×nv each; nil skips one).
func (s *Sampler[T]) Reconstruct(a, b []float64) {
	for i := range a {
		a[i] = sigmoid(s.PhiA[i])
	}
	for i := range b {
		b[i] = sigmoid(s.PhiB[i])
	}
}
