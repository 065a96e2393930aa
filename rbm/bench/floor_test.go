package bench

import (
	"math"
	"strings"
	"testing"
	"time"
)

// One batch of PCD-k or CD-k runs 2k+5 products with the operations of 2k+7
// of the data batch by W.
func TestBatchProducts(t *testing.T) {
	for _, k := range []int{1, 15} {
		shapes := BatchProducts(20, 784, 500, k)
		var products int
		var flops float64
		for _, s := range shapes {
			products += s.Count
			flops += float64(s.Count) * s.Flops()
		}
		if products != 2*k+5 || flops != float64(2*k+7)*2*20*784*500 {
			t.Errorf("k=%d: %d products, %g FLOPs; want %d and %d of 20×784·784×500", k, products, flops, 2*k+5, 2*k+7)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{1, 2, 10}, 2},
		{[]float64{1, 2, 3, 10}, 2.5},
	} {
		if got := Median(tc.in); got != tc.want {
			t.Errorf("Median(%v) = %g, want %g", tc.in, got, tc.want)
		}
	}
}

// The floor of a small model is a positive time, reported with its
// products, and the summary gives the medians of the rounds.
func TestFloorAndSummary(t *testing.T) {
	defer func(d time.Duration) { MinTime = d }(MinTime)
	MinTime = time.Millisecond
	f := MeasureFloor[float32](4, 16, 8, 1)
	if f.GEMM != "sgemm" || len(f.Seconds) != len(f.Products) || !(f.EpochSec > 0) || math.IsInf(f.EpochSec, 0) {
		t.Fatalf("floor %+v", f)
	}
	var b strings.Builder
	f.Report(&b, "gonum", 1)
	Summary{Floor: f, OverFloor: []float64{3, 1, 2}, Peer: "peer.py", PeerThreads: 1, Ratios: []float64{2, 4}}.Report(&b)
	for _, want := range []string{"floor    3 × 4×16·16×8 ", "dense floor: ", "ratio   peer/rbm = 3.00, the median of 2 rounds (from 2.00 to 4.00", "floor   rbm/floor = 2.00, the median of 3 rounds"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report\n%s\nwants %q", b.String(), want)
		}
	}
}
