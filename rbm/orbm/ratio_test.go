package orbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRatioLanes: the kernel in use gives the same bits as the portable
// code, with and without the scale, and ratioLog matches the sum of the
// logs of the ratios.
func TestRatioLanes(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{0, 4, 8, 100, 784, 787} {
		e, ew, sc, eo := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range e {
			e[i], ew[i], sc[i], eo[i] = math.Exp(10*rng.NormFloat64()), math.Exp(rng.NormFloat64()), math.Exp(rng.NormFloat64()), math.Exp(10*rng.NormFloat64())
		}
		for _, s := range [][]float64{nil, sc} {
			got, want := [8]float64{1, 1, 1, 1, 1, 1, 1, 1}, [8]float64{1, 1, 1, 1, 1, 1, 1, 1}
			m := n &^ 3
			var ss []float64
			if s != nil {
				ss = s[:m]
			}
			ratioLanes(e[:m], ew[:m], ss, eo[:m], &got)
			ratioLanesGo(e[:m], ew[:m], ss, eo[:m], &want)
			if got != want {
				t.Fatalf("n=%d scaled=%v: kernel %v, portable %v", n, s != nil, got, want)
			}
			sum := 0.0
			for i := range n {
				ta := e[i]
				if s != nil {
					ta *= s[i]
				}
				tb := ta * ew[i]
				sum += math.Log((1 + tb) * (1 + ta*eo[i]) / ((1 + ta) * (1 + tb*eo[i])))
			}
			if r := ratioLog(e, ew, s, eo, 2); math.Abs(r-sum) > 1e-9*max(1, math.Abs(sum)) {
				t.Fatalf("n=%d scaled=%v: ratioLog %v, sum of logs %v", n, s != nil, r, sum)
			}
		}
	}
}
