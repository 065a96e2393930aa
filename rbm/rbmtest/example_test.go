package rbmtest_test

import (
	"fmt"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// A unit type's test holds it to its expressions: here the built-in binary
// units, whose hand-written energy, cgf, mean, moments and sampler must
// agree with what their graph expressions derive. In a test, call
// rbmtest.CheckLayer(t, layer) instead.
func ExampleCheck() {
	l, err := rbm.NewLayer[float64]("binary", "v", 5)
	if err != nil {
		panic(err)
	}
	for i := range l.Params()[0].Value.Data().([]float64) {
		l.Params()[0].Value.Data().([]float64)[i] = 0.3 * float64(i-2)
	}
	fmt.Println("binary units agree with their expressions:", rbmtest.Check(l) == nil)
	// Output: binary units agree with their expressions: true
}
