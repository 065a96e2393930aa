package orbm

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph/special"
)

// maxEnumerate is the largest nA+nB whose joint hidden states Posterior and
// Stationary enumerate.
const maxEnumerate = 16

// LogJoint returns log P*(hA, hB, v) for one sample, computed directly from
// the definition with softplus.
func (o *ORBM[T]) LogJoint(v, hA, hB []float64) float64 {
	a, b := newSide(o.A), newSide(o.B)
	return logJoint(a, b, v, hA, hB)
}

func logJoint(a, b *side, v, hA, hB []float64) float64 {
	pa, pb := make([]float64, a.nv), make([]float64, a.nv)
	a.phi(hA, pa)
	b.phi(hB, pb)
	l := dot(a.c, hA) + dot(b.c, hB)
	for i := range pa {
		ab := pa[i] + pb[i]
		l += softplus(pa[i]) + softplus(pb[i]) + v[i]*ab - softplus(ab)
	}
	return l
}

// State returns the hidden states of joint state number k: bit j of k is
// hA_j, bit nA+j is hB_j.
func State(k, nA, nB int) (hA, hB []float64) {
	hA, hB = make([]float64, nA), make([]float64, nB)
	for j := range hA {
		hA[j] = float64(k >> j & 1)
	}
	for j := range hB {
		hB[j] = float64(k >> (nA + j) & 1)
	}
	return hA, hB
}

// StateIndex returns the number of the joint state (hA, hB) (see State).
func StateIndex(hA, hB []float64) int {
	k := 0
	for j, x := range hA {
		if x != 0 {
			k |= 1 << j
		}
	}
	for j, x := range hB {
		if x != 0 {
			k |= 1 << (len(hA) + j)
		}
	}
	return k
}

func (o *ORBM[T]) checkEnumerable(v []float64) error {
	if n := o.HiddenA() + o.HiddenB(); n > maxEnumerate {
		return fmt.Errorf("orbm: %d hidden units are too many to enumerate (at most %d)", n, maxEnumerate)
	}
	if len(v) != o.Visible() {
		return fmt.Errorf("orbm: visible state has %d values, want %d", len(v), o.Visible())
	}
	return nil
}

// Posterior returns the exact P(hA, hB | v) of every joint state, indexed as
// State numbers them, by enumeration (nA+nB at most 16).
func (o *ORBM[T]) Posterior(v []float64) ([]float64, error) {
	if err := o.checkEnumerable(v); err != nil {
		return nil, err
	}
	a, b := newSide(o.A), newSide(o.B)
	n := 1 << (a.nh + b.nh)
	l := make([]float64, n)
	for k := range l {
		hA, hB := State(k, a.nh, b.nh)
		l[k] = logJoint(a, b, v, hA, hB)
	}
	z := special.LogSumExp(l)
	for k := range l {
		l[k] = math.Exp(l[k] - z)
	}
	return l, nil
}

// Stationary returns the stationary distribution over joint hidden states of
// the chain that method m runs given v, from its transition matrix (by
// enumeration, nA+nB at most 16, and power iteration). For Exact it is the
// posterior.
func (o *ORBM[T]) Stationary(m Method, v []float64) ([]float64, error) {
	if m == Exact {
		return o.Posterior(v)
	}
	if err := o.checkEnumerable(v); err != nil {
		return nil, err
	}
	a, b := newSide(o.A), newSide(o.B)
	na, nb := a.nh, b.nh
	n := 1 << (na + nb)
	nv := a.nv
	// psiOf returns the approximate inputs of side s's units given (h, ho).
	phi, phiO, u := make([]float64, nv), make([]float64, nv), make([]float64, nv)
	psiOf := func(s, so *side, h, ho []float64) []float64 {
		s.phi(h, phi)
		so.phi(ho, phiO)
		psi := make([]float64, s.nh)
		layerPsi(m, s, v, h, phi, phiO, u, psi)
		return psi
	}
	prob := func(psi []float64, x int) float64 {
		p := 1.0
		for j := range psi {
			if x>>j&1 == 1 {
				p *= sigmoid(psi[j])
			} else {
				p *= sigmoid(-psi[j])
			}
		}
		return p
	}
	trans := make([]float64, n*n) // trans[from*n+to]
	for from := 0; from < n; from++ {
		hA, hB := State(from, na, nb)
		psiA := psiOf(a, b, hA, hB)
		for xa := 0; xa < 1<<na; xa++ {
			pa := prob(psiA, xa)
			newA, _ := State(xa, na, 0)
			psiB := psiOf(b, a, hB, newA)
			for xb := 0; xb < 1<<nb; xb++ {
				trans[from*n+(xa|xb<<na)] = pa * prob(psiB, xb)
			}
		}
	}
	pi := make([]float64, n)
	next := make([]float64, n)
	for k := range pi {
		pi[k] = 1 / float64(n)
	}
	for it := 0; it < 100000; it++ {
		clear(next)
		for from, p := range pi {
			row := trans[from*n : (from+1)*n]
			for to, t := range row {
				next[to] += p * t
			}
		}
		diff := 0.0
		for k := range pi {
			diff += math.Abs(next[k] - pi[k])
		}
		pi, next = next, pi
		if diff < 1e-15 {
			break
		}
	}
	return pi, nil
}

// TotalVariation returns ½ Σ |p − q|.
func TotalVariation(p, q []float64) float64 {
	s := 0.0
	for i := range p {
		s += math.Abs(p[i] - q[i])
	}
	return s / 2
}

// hiddenMarginal returns log P*_X(h) of every hidden state of side s and its
// log normaliser log Z.
func hiddenMarginal(s *side) (logp []float64, logZ float64) {
	logp = make([]float64, 1<<s.nh)
	phi := make([]float64, s.nv)
	for k := range logp {
		h, _ := State(k, s.nh, 0)
		s.phi(h, phi)
		l := dot(s.c, h)
		for _, p := range phi {
			l += softplus(p)
		}
		logp[k] = l
	}
	return logp, special.LogSumExp(logp)
}

// LogProb returns the exact log P(v) of the ORBM for one picture, by
// enumeration (nA+nB at most 16): the causes are the two RBMs' own
// distributions over hidden states and v is drawn by the belief net.
func (o *ORBM[T]) LogProb(v []float64) (float64, error) {
	if err := o.checkEnumerable(v); err != nil {
		return 0, err
	}
	a, b := newSide(o.A), newSide(o.B)
	_, za := hiddenMarginal(a)
	_, zb := hiddenMarginal(b)
	l := make([]float64, 1<<(a.nh+b.nh))
	for k := range l {
		hA, hB := State(k, a.nh, b.nh)
		l[k] = logJoint(a, b, v, hA, hB)
	}
	return special.LogSumExp(l) - za - zb, nil
}

// Generate draws n pictures (and their causes) from the ORBM exactly, by
// enumerating each model's hidden states (at most 16 units each): hA and hB
// from the RBMs' own distributions, then v ~ σ(φA + φB).
func (o *ORBM[T]) Generate(rng *rand.Rand, n int) (v, hA, hB []float64, err error) {
	a, b := newSide(o.A), newSide(o.B)
	if a.nh > maxEnumerate || b.nh > maxEnumerate {
		return nil, nil, nil, fmt.Errorf("orbm: models with more than %d hidden units are too large to enumerate", maxEnumerate)
	}
	pa, za := hiddenMarginal(a)
	pb, zb := hiddenMarginal(b)
	pick := func(lp []float64, z float64) int {
		u := rng.Float64()
		for k, l := range lp {
			if u -= math.Exp(l - z); u < 0 {
				return k
			}
		}
		return len(lp) - 1
	}
	nv := a.nv
	v = make([]float64, n*nv)
	phiA, phiB := make([]float64, nv), make([]float64, nv)
	for r := range n {
		x, _ := State(pick(pa, za), a.nh, 0)
		y, _ := State(pick(pb, zb), b.nh, 0)
		hA, hB = append(hA, x...), append(hB, y...)
		a.phi(x, phiA)
		b.phi(y, phiB)
		for i := range phiA {
			if rng.Float64() < sigmoid(phiA[i]+phiB[i]) {
				v[r*nv+i] = 1
			}
		}
	}
	return v, hA, hB, nil
}
