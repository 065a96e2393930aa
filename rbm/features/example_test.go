package features_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/features"
)

// The hidden means of three rows of a 4×2 binary model with zero
// parameters are all one half; a row outside the units' range is refused.
// Like every example, it builds its model in place, so that it reads on
// its own.
func ExampleOf() {
	vis, _ := rbm.NewBinary[float64]("v", 4)
	hid, _ := rbm.NewBinary[float64]("h", 2)
	m, _ := rbm.New(vis, hid, rand.New(rand.NewPCG(1, 1)))
	clear(m.Weights()) // zero weights: every mean is σ(0)
	f, err := features.Of(m, []float64{0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0}, features.Options{})
	fmt.Println(f, err)
	_, err = features.Of(m, []float64{0, 2, 0, 1}, features.Options{})
	fmt.Println(err)
	// Output:
	// [0.5 0.5 0.5 0.5 0.5 0.5] <nil>
	// features: row 1, column 2 is 2, outside [0, 1], the range of the model's binary visible units
}
