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
	for _, bad := range []float64{0, math.Inf(1)} {
		if _, err := CorrectionFigure(Methods(), bad, 40); err == nil {
			t.Errorf("weight %g accepted", bad)
		}
	}
}
