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
			s, err := NewSampler(o, m, 100, 1)
			if err != nil {
				b.Fatal(err)
			}
			timeSteps(b, rng, s.SetVisible, s.Sweep, s.Sweep)
		})
	}
	b.Run("rbm-gibbs-step", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		m := benchModel(b, 200, rng)
		c, err := rbm.NewChains(m, 100, 1, 0)
		if err != nil {
			b.Fatal(err)
		}
		timeSteps(b, rng, c.SetVisible, c.SampleHGivenV, func() { c.GibbsHVH(1) })
	})
}

// timeSteps sets a sampler's visible states to a benchBatch, takes its first
// step outside the timing and times b.N steps, reporting their CPU time: the
// same set-up for the ORBM's sweeps and the RBM's Gibbs steps, so that the
// two time the same amount of work.
func timeSteps(b *testing.B, rng *rand.Rand, setVisible func([]float64) error, first, step func()) {
	if err := setVisible(benchBatch(rng)); err != nil {
		b.Fatal(err)
	}
	first()
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		step()
	}
	reportCPU(b, cpu)
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
