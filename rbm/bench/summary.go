package bench

import (
	"fmt"
	"io"
	"slices"
)

// Median returns the median of sorted values.
func Median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// Summary is what the rounds of a timing measured: this program's seconds
// over the floor in every round and, with a peer, the peer's seconds over
// this program's.
type Summary struct {
	Floor       Floor
	OverFloor   []float64 // rbm/floor of every round
	Peer        string    // the peer program, "" for none
	PeerThreads int
	Ratios      []float64 // peer/rbm of every round
}

// Report writes the medians of the ratios and their ranges.
func (s Summary) Report(w io.Writer) {
	if len(s.Ratios) > 0 {
		r := slices.Sorted(slices.Values(s.Ratios))
		fmt.Fprintf(w, "peer    %s with %d thread(s)\n", s.Peer, s.PeerThreads)
		fmt.Fprintf(w, "ratio   peer/rbm = %.2f, the median of %d rounds (from %.2f to %.2f; above 1: rbm is faster)\n",
			Median(r), len(r), r[0], r[len(r)-1])
	}
	if len(s.OverFloor) == 0 {
		return
	}
	f := slices.Sorted(slices.Values(s.OverFloor))
	fmt.Fprintf(w, "floor   rbm/floor = %.2f, the median of %d rounds (from %.2f to %.2f; the floor %s s an epoch: dense %s on one core)\n",
		Median(f), len(f), f[0], f[len(f)-1], Seconds(s.Floor.EpochSec), s.Floor.GEMM)
}
