package optim_test

import (
	"fmt"

	"github.com/rbmgo/rbm/optim"
)

// Weights and biases learn at different rates: here the biases at a tenth of
// the weights' rate, as the TensorFlow 2 article trains RBMs with Adam.
func ExampleNewAdam() {
	opt, err := optim.NewAdam[float64](optim.AdamConfig{Groups: optim.Groups(0.01, 0.1)})
	if err != nil {
		panic(err)
	}
	w, b := []float64{1}, []float64{1}
	params := []optim.Param[float64]{
		{Name: "W", Value: w, Grad: []float64{0.3}, Group: "weights"},
		{Name: "bias", Value: b, Grad: []float64{0.3}, Group: "biases"},
	}
	if err := opt.Step(params); err != nil {
		panic(err)
	}
	fmt.Printf("W %.4f, bias %.4f\n", w[0], b[0])
	// Output: W 0.9900, bias 0.9990
}
