package orbm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/rbmgo/rbm/rbm"
)

// XORModels returns the two-bit demonstration: A and B are the same RBM of
// two visible and two hidden units with W = 3·[[1,−1],[−1,1]] and zero
// biases. Alone, each mostly draws one of the patterns 10 and 01; together
// opposite causes cancel (φ = 0) and make 00 and 11, which neither makes
// often alone.
func XORModels() (*ORBM[float64], error) {
	mk := func() (*rbm.RBM[float64], error) {
		vis, err := rbm.NewBinary[float64]("v", 2)
		if err != nil {
			return nil, err
		}
		hid, err := rbm.NewBinary[float64]("h", 2)
		if err != nil {
			return nil, err
		}
		m, err := rbm.New[float64](vis, hid, rand.New(rand.NewPCG(0, 0)))
		if err != nil {
			return nil, err
		}
		copy(m.Weights(), []float64{3, -3, -3, 3})
		return m, nil
	}
	a, err := mk()
	if err != nil {
		return nil, err
	}
	b, err := mk()
	if err != nil {
		return nil, err
	}
	return New(a, b)
}

// Recovery is how often a way of inferring the causes finds the hidden
// states that generated a picture.
type Recovery struct {
	Name string
	// Joint is the fraction of draws whose (hA, hB) is recovered exactly;
	// Either the fraction where it is, up to swapping A and B (which matters
	// when the two models are the same).
	Joint, Either float64
}

// RecoverCauses draws n pictures from the ORBM o (exactly, by enumeration),
// then infers their causes by each method's chain run for sweeps sweeps from
// the RBMs-alone start, by the RBMs alone (one draw of each model's own
// conditional), and by the exact posterior's most probable state (the best
// any method can do), and reports the fractions recovered. The line "ideal
// sampler" is the expected fraction of a perfect posterior sampler, the mean
// posterior probability of the true causes.
func RecoverCauses(o *ORBM[float64], n, sweeps int, seed uint64) ([]Recovery, error) {
	if n < 1 || sweeps < 0 {
		return nil, fmt.Errorf("orbm: need at least one draw and no negative sweeps, got %d and %d", n, sweeps)
	}
	rng := rand.New(rand.NewPCG(seed, 100))
	v, hA, hB, err := o.Generate(rng, n)
	if err != nil {
		return nil, err
	}
	na, nb, nv := o.HiddenA(), o.HiddenB(), o.Visible()
	score := func(name string, gotA, gotB []float64) Recovery {
		r := Recovery{Name: name}
		for k := range n {
			ta, tb := hA[k*na:(k+1)*na], hB[k*nb:(k+1)*nb]
			ga, gb := gotA[k*na:(k+1)*na], gotB[k*nb:(k+1)*nb]
			if slices.Equal(ta, ga) && slices.Equal(tb, gb) {
				r.Joint++
				r.Either++
			} else if na == nb && slices.Equal(ta, gb) && slices.Equal(tb, ga) {
				r.Either++
			}
		}
		r.Joint /= float64(n)
		r.Either /= float64(n)
		return r
	}
	var out []Recovery
	for _, m := range Methods() {
		s, err := NewSampler(o, m, n, seed)
		if err != nil {
			return nil, err
		}
		if err := s.SetVisible(v); err != nil {
			return nil, err
		}
		if m == Exact {
			out = append(out, score("RBMs alone", s.HA, s.HB))
		}
		s.Sweeps(sweeps)
		out = append(out, score(m.String(), s.HA, s.HB))
	}
	modeA, modeB := make([]float64, n*na), make([]float64, n*nb)
	ideal := Recovery{Name: "ideal sampler"}
	for k := range n {
		post, err := o.Posterior(v[k*nv : (k+1)*nv])
		if err != nil {
			return nil, err
		}
		ta, tb := hA[k*na:(k+1)*na], hB[k*nb:(k+1)*nb]
		ideal.Joint += post[StateIndex(ta, tb)] / float64(n)
		ideal.Either += post[StateIndex(ta, tb)] / float64(n)
		if na == nb && !slices.Equal(ta, tb) {
			ideal.Either += post[StateIndex(tb, ta)] / float64(n)
		}
		best := 0
		for i, p := range post {
			if p > post[best] {
				best = i
			}
		}
		a, b := State(best, na, nb)
		copy(modeA[k*na:], a)
		copy(modeB[k*nb:], b)
	}
	out = append(out, ideal, score("posterior mode", modeA, modeB))
	return out, nil
}

// Separate runs the ORBM's chain of method m on each row of v (pictures of
// nv values in [0, 1]) for sweeps sweeps and returns each cause's
// reconstruction, σ(φA) and σ(φB), averaged over the second half of the
// sweeps.
func Separate[T rbm.Float](o *ORBM[T], m Method, v []T, sweeps int, seed uint64) (recA, recB []float64, err error) {
	nv := o.Visible()
	if len(v) == 0 || len(v)%nv != 0 {
		return nil, nil, fmt.Errorf("orbm: %d values are not whole pictures of %d", len(v), nv)
	}
	if sweeps < 1 {
		return nil, nil, fmt.Errorf("orbm: need at least one sweep, got %d", sweeps)
	}
	s, err := NewSampler(o, m, len(v)/nv, seed)
	if err != nil {
		return nil, nil, err
	}
	if err := s.SetVisible(v); err != nil {
		return nil, nil, err
	}
	recA, recB = make([]float64, len(v)), make([]float64, len(v))
	a, b := make([]float64, len(v)), make([]float64, len(v))
	burn := sweeps / 2
	s.Sweeps(burn)
	for range sweeps - burn {
		s.Sweep()
		s.Reconstruct(a, b)
		for i := range a {
			recA[i] += a[i] / float64(sweeps-burn)
			recB[i] += b[i] / float64(sweeps-burn)
		}
	}
	return recA, recB, nil
}

// Alone is the baseline: model m alone explains each picture of v; it returns
// σ(W·h + b) averaged over draws draws of h ~ P(h | v).
func Alone[T rbm.Float](m *rbm.RBM[T], v []T, draws int, seed uint64) ([]float64, error) {
	if err := checkModel(m); err != nil {
		return nil, fmt.Errorf("orbm: %w", err)
	}
	s := newSide(m)
	if len(v) == 0 || len(v)%s.nv != 0 || draws < 1 {
		return nil, fmt.Errorf("orbm: %d values are not whole pictures of %d, or %d draws", len(v), s.nv, draws)
	}
	rng := rand.New(rand.NewPCG(seed, 200))
	out := make([]float64, len(v))
	vf := make([]float64, s.nv)
	h := make([]float64, s.nh)
	phi := make([]float64, s.nv)
	for r := 0; r < len(v)/s.nv; r++ {
		for i := range vf {
			vf[i] = float64(v[r*s.nv+i])
		}
		o := out[r*s.nv : (r+1)*s.nv]
		for range draws {
			drawAlone(s, rng, vf, h)
			s.phi(h, phi)
			for i := range o {
				o[i] += sigmoid(phi[i]) / float64(draws)
			}
		}
	}
	return out, nil
}

// Score compares reconstructions p (probabilities) with the true binary
// pictures t, nv values each, and returns per picture the cross-entropy
// −Σ t log p + (1−t) log(1−p) (p clipped to [1e-6, 1−1e-6]) and the fraction of
// the truth's on-pixels with p > ½ (NaN for a blank truth).
func Score(p, t []float64, nv int) (ce, recovered []float64) {
	n := len(t) / nv
	ce, recovered = make([]float64, n), make([]float64, n)
	for r := range n {
		on, hit := 0, 0
		for i := r * nv; i < (r+1)*nv; i++ {
			q := math.Min(math.Max(p[i], 1e-6), 1-1e-6)
			if t[i] > 0.5 {
				ce[r] -= math.Log(q)
				on++
				if p[i] > 0.5 {
					hit++
				}
			} else {
				ce[r] -= math.Log(1 - q)
			}
		}
		recovered[r] = float64(hit) / float64(on)
		if on == 0 {
			recovered[r] = math.NaN()
		}
	}
	return ce, recovered
}

// ComposeOR returns the pixelwise OR (maximum) of two sets of pictures.
func ComposeOR[T rbm.Float](a, b []T) ([]T, error) {
	if len(a) != len(b) {
		return nil, fmt.Errorf("orbm: composing %d values with %d", len(a), len(b))
	}
	out := make([]T, len(a))
	for i := range a {
		out[i] = max(a[i], b[i])
	}
	return out, nil
}

// ComposeSBN returns composites drawn by the ORBM's own belief net: for each
// pair of pictures, hA ~ P_A(hA | a) and hB ~ P_B(hB | b) are drawn from
// each model alone, then v ~ σ(φA + φB).
func ComposeSBN[T rbm.Float](o *ORBM[T], a, b []T, seed uint64) ([]T, error) {
	nv := o.Visible()
	if len(a) != len(b) || len(a)%nv != 0 {
		return nil, fmt.Errorf("orbm: composing %d values with %d, pictures of %d", len(a), len(b), nv)
	}
	sa, sb := newSide(o.A), newSide(o.B)
	rng := rand.New(rand.NewPCG(seed, 300))
	out := make([]T, len(a))
	va, vb := make([]float64, nv), make([]float64, nv)
	ha, hb := make([]float64, sa.nh), make([]float64, sb.nh)
	pa, pb := make([]float64, nv), make([]float64, nv)
	for r := 0; r < len(a)/nv; r++ {
		for i := range va {
			va[i], vb[i] = float64(a[r*nv+i]), float64(b[r*nv+i])
		}
		drawAlone(sa, rng, va, ha)
		drawAlone(sb, rng, vb, hb)
		sa.phi(ha, pa)
		sb.phi(hb, pb)
		for i := range pa {
			if rng.Float64() < sigmoid(pa[i]+pb[i]) {
				out[r*nv+i] = 1
			}
		}
	}
	return out, nil
}
