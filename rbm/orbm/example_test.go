package orbm_test

import (
	"fmt"

	"github.com/rbmgo/rbm/rbm/orbm"
)

// The correction one visible unit makes to a hidden unit's input: A alone
// would leave the unit off (φA = −5) but both models together turn it on
// (φB = 10), so an active visible unit is already explained by B and A's
// unit loses about W.
func ExampleMethod_Correction() {
	for _, m := range orbm.Methods() {
		fmt.Printf("%-9s %.3f\n", m, m.Correction(-5, 10, 3, 0))
	}
	fmt.Printf("gain for W = -10: %.4f\n", orbm.Gain(-10))
	// Output:
	// exact     -2.873
	// a         -2.960
	// b         -2.841
	// c         -2.841
	// c-nogain  -2.908
	// gain for W = -10: 0.3946
}

// Exact inference on the two-bit model: the picture 11, which each model
// alone rarely draws, is most probably one model drawing 10 and the other 01.
func ExampleORBM_Posterior() {
	o, err := orbm.XORModels()
	if err != nil {
		panic(err)
	}
	post, err := o.Posterior([]float64{1, 1})
	if err != nil {
		panic(err)
	}
	for k, p := range post {
		if p > 0.1 {
			hA, hB := orbm.State(k, 2, 2)
			fmt.Printf("hA %v hB %v: %.3f\n", hA, hB, p)
		}
	}
	// Output:
	// hA [0 1] hB [1 0]: 0.415
	// hA [1 0] hB [0 1]: 0.415
}
