package orbm

import (
	"math/rand/v2"
	"syscall"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// benchModel returns a 784×nh binary model with the tutorial's initial
// weights and biases like a trained model's.
func benchModel(b *testing.B, nh int, rng *rand.Rand) *rbm.RBM[float64] {
	m := rbmtest.BinaryModel[float64](b, 784, nh, rng)
	vis, hid := m.Visible.(*rbm.Binary[float64]), m.Hidden.(*rbm.Binary[float64])
	for i := range vis.Bias.Value.Data().([]float64) {
		vis.Bias.Value.Data().([]float64)[i] = -2
	}
	for i := range hid.Bias.Value.Data().([]float64) {
		hid.Bias.Value.Data().([]float64)[i] = -1
	}
	return m
}

func benchBatch(rng *rand.Rand) []float64 {
	x := make([]float64, 100*784)
	for i := range x {
		if rng.Float64() < 0.2 {
			x[i] = 1
		}
	}
	return x
}

// BenchmarkSweep times one sweep of 100 chains of an ORBM of two 784×100
// models, exact and approximate, beside one Gibbs step h→v→h of 100 chains of
// an ordinary 784×200 RBM (the same number of weights).
func BenchmarkSweep(b *testing.B) {
	for _, m := range []Method{Exact, ApproxA, ApproxB} {
		b.Run("orbm-"+m.String(), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			o, err := New(benchModel(b, 100, rng), benchModel(b, 100, rng))
			if err != nil {
				b.Fatal(err)
			}
			// The set-up below is the RBM benchmark's, step by step, so
			// that the two time the same amount of work.
			s, err := NewSampler(o, m, 100, 1)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.SetVisible(benchBatch(rng)); err != nil {
				b.Fatal(err)
			}
			s.Sweep()
			b.ResetTimer()
			cpu := cpuTime()
			for range b.N {
				s.Sweep()
			}
			reportCPU(b, cpu)
		})
	}
	b.Run("rbm-gibbs-step", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		m := benchModel(b, 200, rng)
		c, err := rbm.NewChains(m, 100, 1, 0)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.SetVisible(benchBatch(rng)); err != nil {
			b.Fatal(err)
		}
		c.SampleHGivenV()
		b.ResetTimer()
		cpu := cpuTime()
		for range b.N {
			c.GibbsHVH(1)
		}
		reportCPU(b, cpu)
	})
}

// cpuTime returns the CPU time the process has used, in nanoseconds: on a
// shared machine it varies less than the wall-clock time.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// reportCPU adds the CPU time per operation since start as "cpu-ns/op".
func reportCPU(b *testing.B, start int64) {
	if start > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}
