package orbm

import (
	"math"
	"testing"
)

func TestFigures(t *testing.T) {
	img, err := CorrectionFigure(Methods(), 3, 40)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 1000 {
		t.Errorf("contour figure is %v", b)
	}
	if _, err := SigmoidFigure(-10, 10); err != nil {
		t.Fatal(err)
	}
}

// Weights, spans and ε that would panic in the contour code, never finish
// (levels closer than a float64's spacing, axes at infinity) or draw
// nothing are refused at once.
func TestFiguresRefuseBadArguments(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name           string
		w, reach       float64
		sw, eps        float64
		correction, sg bool // whether each figure is refused
	}{
		{"zero weight", 0, 40, 0, 10, true, true},
		{"NaN weight", nan, 40, nan, 10, true, true},
		{"infinite weight", inf, 40, -inf, 10, true, true},
		{"tiny weight", 1e-20, 40, 1e-20, 10, true, true},
		{"huge weight", 1e9, 40, 1e9, 10, true, true},
		{"NaN reach and ε", 3, nan, -10, nan, true, true},
		{"infinite reach and ε", 3, inf, -10, inf, true, true},
		{"huge reach and ε", 3, 1e308, -10, 1e308, true, true},
		{"zero reach", 3, 0, -10, 0, true, false},
		{"negative reach", 3, -1, -10, -1, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := CorrectionFigure(Methods(), tc.w, tc.reach); (err != nil) != tc.correction {
				t.Errorf("CorrectionFigure(W %g, reach %g): %v", tc.w, tc.reach, err)
			}
			if _, err := SigmoidFigure(tc.sw, tc.eps); (err != nil) != tc.sg {
				t.Errorf("SigmoidFigure(W %g, ε %g): %v", tc.sw, tc.eps, err)
			}
		})
	}
}

// The extreme arguments allowed draw in bounded time.
func TestFiguresAtTheirBounds(t *testing.T) {
	for _, w := range []float64{MinFigureWeight, -MaxFigureWeight} {
		for _, reach := range []float64{MinReach, MaxReach} {
			if _, err := CorrectionFigure(Methods(), w, reach); err != nil {
				t.Errorf("CorrectionFigure(W %g, reach %g): %v", w, reach, err)
			}
		}
		if _, err := SigmoidFigure(w, MaxReach); err != nil {
			t.Errorf("SigmoidFigure(W %g, ε %g): %v", w, MaxReach, err)
		}
	}
}
