package orbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

func mat(rows, cols int, x []float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(append([]float64(nil), x...)))
}

// TestWakeSleepGradient holds gorgonia's gradient of the wake/sleep cost
// against the notes' rules: ΔW_ij ∝ [v_i + σ(φA_i) − σ(φAB_i)] h_j on wake
// rows and −σ(φA_i) h_j on sleep rows (biases likewise), to 1e-10.
func TestWakeSleepGradient(t *testing.T) {
	for _, c := range []struct {
		name                 string
		nv, na, nb, wake, sl int
		wstd, bstd           float64
	}{
		{"small", 7, 3, 4, 5, 6, 1, 1},
		{"one row each", 5, 2, 3, 1, 1, 1, 1},
		{"large inputs", 12, 5, 2, 3, 4, 6, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := randomORBM(t, c.nv, c.na, c.nb, c.wstd, c.bstd, 31)
			a, b := newSide(o.A), newSide(o.B)
			rng := rand.New(rand.NewPCG(32, 1))
			v, h, hb, hs := randomBits(c.wake*c.nv, rng), randomBits(c.wake*c.na, rng), randomBits(c.wake*c.nb, rng), randomBits(c.sl*c.na, rng)
			phiB := make([]float64, c.wake*c.nv)
			for r := range c.wake {
				b.phi(hb[r*c.nb:(r+1)*c.nb], phiB[r*c.nv:(r+1)*c.nv])
			}
			cost, err := NewWakeSleepCost(o.A, c.wake, c.sl)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cost.Run(mat(c.wake, c.nv, v), mat(c.wake, c.na, h), mat(c.wake, c.nv, phiB), mat(c.sl, c.na, hs)); err != nil {
				t.Fatal(err)
			}
			// The notes' rules, as the gradient of the cost to minimise.
			gW := make([]float64, c.nv*c.na)
			gb := make([]float64, c.nv)
			gc := make([]float64, c.na)
			phi := make([]float64, c.nv)
			for r := range c.wake {
				hr := h[r*c.na : (r+1)*c.na]
				a.phi(hr, phi)
				for i := range phi {
					u := v[r*c.nv+i] + sigmoid(phi[i]) - sigmoid(phi[i]+phiB[r*c.nv+i])
					gb[i] -= u / float64(c.wake)
					for j, x := range hr {
						gW[i*c.na+j] -= u * x / float64(c.wake)
					}
				}
				for j, x := range hr {
					gc[j] -= x / float64(c.wake)
				}
			}
			for r := range c.sl {
				hr := hs[r*c.na : (r+1)*c.na]
				a.phi(hr, phi)
				for i := range phi {
					gb[i] += sigmoid(phi[i]) / float64(c.sl)
					for j, x := range hr {
						gW[i*c.na+j] += sigmoid(phi[i]) * x / float64(c.sl)
					}
				}
				for j, x := range hr {
					gc[j] += x / float64(c.sl)
				}
			}
			want := map[string][]float64{"W": gW, "vbias": gb, "hbias": gc}
			if len(cost.Params()) != 3 {
				t.Fatalf("the cost depends on %d parameters, want 3", len(cost.Params()))
			}
			for k, p := range cost.Params() {
				g, err := cost.Grad(k)
				if err != nil {
					t.Fatal(err)
				}
				got := g.Data().([]float64)
				w := want[p.Name]
				if len(got) != len(w) {
					t.Fatalf("%s: %d gradient values, want %d", p.Name, len(got), len(w))
				}
				for i := range w {
					if !finite(got[i]) || math.Abs(got[i]-w[i]) > 1e-10 {
						t.Fatalf("%s[%d]: autodiff %.15g, notes' rule %.15g", p.Name, i, got[i], w[i])
					}
				}
			}
		})
	}
}
