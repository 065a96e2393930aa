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
