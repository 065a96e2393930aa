package likelihood

import (
	"strings"
	"testing"
)

func TestDisagreement(t *testing.T) {
	for _, tc := range []struct {
		ais, raise, se float64
		speaks         bool
	}{
		{-90.2, -90.5, 0.2, false},
		{-74.0, -90.0, 0.5, true}, // the tutorial model's 16 nats
		{-90.0, -93.0, 0.5, true},
		{-90.0, -92.0, 1.0, false}, // within three standard errors and a nat
	} {
		got := Disagreement(tc.ais, tc.raise, tc.se)
		if (got != "") != tc.speaks {
			t.Errorf("Disagreement(%g, %g, %g) = %q, want speaking %v", tc.ais, tc.raise, tc.se, got, tc.speaks)
		}
		if got != "" && (!strings.Contains(got, "--betas") || !strings.Contains(got, "--runs") || !strings.Contains(got, "unreliable")) {
			t.Errorf("%q does not say what to do", got)
		}
	}
}

// ExactLogZProgress reports every block of states once, up to the total,
// and gives ExactLogZ's value, bit for bit.
func TestExactLogZProgress(t *testing.T) {
	m := model(t, "binary", []int{30}, "binary", []int{15}, 0.3, 0.3, 4) // 2^15 states: 8 blocks
	calls, last, total := 0, 0, 0
	got, err := ExactLogZProgress(m, 0, func(done, n int) { calls, last, total = calls+1, done, n })
	if err != nil {
		t.Fatal(err)
	}
	plain, err := ExactLogZ(m, 0)
	if err != nil || got.LogZ != plain.LogZ || !finite(got.LogZ) {
		t.Errorf("with progress log Z %v, without %v (%v)", got.LogZ, plain.LogZ, err)
	}
	if total != 8 || calls != 8 || last != 8 {
		t.Errorf("progress called %d times, last %d of %d; want 8 of 8", calls, last, total)
	}
}
