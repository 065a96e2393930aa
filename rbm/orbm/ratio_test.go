package orbm

import (
	"math"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
)

// ratioLog matches the sum of the logs of the ratios, with and without the
// scale.
func TestRatioLog(t *testing.T) {
	// The inputs are those of internal/kernel's TestRatioLanesMatchesPortable:
	// the assembly and ratioLog are checked on the same numbers.
	for _, c := range testutil.RatioCases() {
		n, e, ew, eo := len(c.E), c.E, c.EW, c.EO
		for _, s := range [][]float64{nil, c.SC} {
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
