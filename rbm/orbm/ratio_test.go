package orbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ratioLog matches the sum of the logs of the ratios, with and without the
// scale.
func TestRatioLog(t *testing.T) {
	// The inputs are those of internal/kernel's TestRatioLanesMatchesPortable,
	// drawn the same way on purpose: the assembly and ratioLog are checked on
	// the same numbers.
	rng := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{0, 4, 8, 100, 784, 787} {
		e, ew, sc, eo := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range e {
			e[i], ew[i], sc[i], eo[i] = math.Exp(10*rng.NormFloat64()), math.Exp(rng.NormFloat64()), math.Exp(rng.NormFloat64()), math.Exp(10*rng.NormFloat64())
		}
		for _, s := range [][]float64{nil, sc} {
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
