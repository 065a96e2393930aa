package likelihood

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// BenchmarkAIS times AIS with 100 runs on a 784×500 binary model of float32
// values whose weights and fields are of the size MNIST models reach. The
// paper's schedule takes minutes an operation: run it with -benchtime 1x,
//
//	go test -run - -bench 'AIS/betas=14500' -benchtime 1x ./rbm/likelihood
func BenchmarkAIS(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := rbmtest.BinaryModel[float32](b, 784, 500, rng)
	if err := m.InitNormal(0.05, rng); err != nil {
		b.Fatal(err)
	}
	for i, f := range []float32{-2, -1} {
		th := []rbm.Layer[float32]{m.Visible, m.Hidden}[i].Params()[0].Value.Data().([]float32)
		for j := range th {
			th[j] = f + 0.5*float32(rng.NormFloat64())
		}
	}
	for _, betas := range []int{1000, DefaultBetas} {
		b.Run(fmt.Sprintf("betas=%d", betas), func(b *testing.B) {
			for b.Loop() {
				if _, err := AIS(m, Config{Betas: betas, Runs: DefaultRuns, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
