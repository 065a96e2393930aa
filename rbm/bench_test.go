package rbm

import (
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"gorgonia.org/tensor"
)

// benchSetup returns the tutorial's model (784×500), a batch of 20 sparse
// binary rows like MNIST digits, and 20 persistent chains.
func benchSetup[T Float](b *testing.B) (*RBM[T], []T, *Chains[T]) {
	rng := rand.New(rand.NewPCG(1, 1))
	vis, _ := NewBinary[T]("v", 784)
	hid, _ := NewBinary[T]("h", 500)
	m, err := New[T](vis, hid, rng)
	if err != nil {
		b.Fatal(err)
	}
	fill[T](hid.Bias, -1)
	fill[T](vis.Bias, -2)
	x := make([]T, 20*784)
	for i := range x {
		if rng.Float64() < 0.13 {
			x[i] = 1
		}
	}
	c, err := NewChains(m, 20, 1, 0)
	if err != nil {
		b.Fatal(err)
	}
	c.SetVisible(x)
	c.SampleHGivenV()
	return m, x, c
}

func BenchmarkPCD15Step(b *testing.B) {
	b.Run("graph/float32", benchGraphStep[float32])
	b.Run("graph/float64", benchGraphStep[float64])
	b.Run("moments/float32", benchMomentStep[float32])
	b.Run("moments/float64", benchMomentStep[float64])
	b.Run("chain-only/float32", benchChain[float32])
	b.Run("cost-only/float32", benchCost[float32])
}

func benchCost[T Float](b *testing.B) {
	m, x, c := benchSetup[T](b)
	cost, err := graph.NewCost(dtypeOf[T](), m.Visible, m.Hidden, m.W, 20, 20)
	if err != nil {
		b.Fatal(err)
	}
	c.GibbsHVH(15)
	vd := tensor.New(tensor.WithShape(20, 784), tensor.WithBacking(x))
	vm := tensor.New(tensor.WithShape(20, 784), tensor.WithBacking(c.V))
	b.ResetTimer()
	for range b.N {
		if _, err := cost.Run(vd, vm); err != nil {
			b.Fatal(err)
		}
	}
}

func benchGraphStep[T Float](b *testing.B) {
	m, x, c := benchSetup[T](b)
	cost, err := graph.NewCost(dtypeOf[T](), m.Visible, m.Hidden, m.W, 20, 20)
	if err != nil {
		b.Fatal(err)
	}
	vd := tensor.New(tensor.WithShape(20, 784), tensor.WithBacking(x))
	vm := tensor.New(tensor.WithShape(20, 784), tensor.WithBacking(c.V))
	benchStep(b, c, func() error {
		_, err := cost.Run(vd, vm)
		return err
	})
}

func benchMomentStep[T Float](b *testing.B) {
	m, x, c := benchSetup[T](b)
	benchStep(b, c, func() error {
		_, err := m.MomentGradient(x, c.V)
		return err
	})
}

// benchStep times a PCD-15 step whose gradient comes from grad.
func benchStep[T Float](b *testing.B, c *Chains[T], grad func() error) {
	b.ResetTimer()
	for range b.N {
		c.Refresh()
		c.GibbsHVH(15)
		if err := grad(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchChain[T Float](b *testing.B) {
	_, _, c := benchSetup[T](b)
	b.ResetTimer()
	for range b.N {
		c.Refresh()
		c.GibbsHVH(15)
	}
}
