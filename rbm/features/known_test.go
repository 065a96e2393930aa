package features_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm/features"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// Features of a model built with known weights are its hidden means.
func TestFeatures(t *testing.T) {
	m := rbmtest.BinaryModel[float64](t, 2, 2, rand.New(rand.NewPCG(1, 1)))
	copy(m.Weights(), []float64{1, -2, 0, 3})
	got, err := features.Of(m, []float64{1, 1, 0, 1}, features.Options{})
	sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	want := []float64{sig(1), sig(1), sig(0), sig(3)}
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("feature %d: %v, want %v", i, got[i], want[i])
		}
	}
	if _, err := features.Of(m, []float64{1, 1, 0}, features.Options{}); err == nil || !strings.Contains(err.Error(), "2") {
		t.Errorf("rows of the wrong length: %v", err)
	}
	if _, err := features.Of(m, []float64{1, math.NaN()}, features.Options{}); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN: %v", err)
	}
}
