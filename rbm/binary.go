package rbm

import (
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/internal/kernel"
	G "gorgonia.org/gorgonia"
)

// The layer files share this layout (imports, registration, a type over its
// base, its constructor) so that each reads alone; see the package doc.
func init() { mustRegister("binary", NewBinary[float32], NewBinary[float64]) }

// Binary is a layer of units with states {0, 1} and fields θ (the biases):
// energy -Σ θᵢxᵢ, cgf Σ special.Softplus(θᵢ+inᵢ), mean special.Sigmoid(θᵢ+inᵢ).
type Binary[T Float] struct {
	linearField[T]
	Bias *graph.Param
}

// NewBinary returns a binary layer of the given shape whose bias parameter is
// named prefix+"bias" (the tutorial's vbias and hbias), initialised to zero.
func NewBinary[T Float](prefix string, shape ...int) (*Binary[T], error) {
	f, err := newLinearField[T]("binary", prefix+"bias", shape)
	if err != nil {
		return nil, err
	}
	return &Binary[T]{linearField: f, Bias: f.theta}, nil
}

// Flip returns 1-x.
func (l *Binary[T]) Flip(x T) T { return 1 - x }

// Round returns 1 for x ≥ 0.5, else 0.
func (l *Binary[T]) Round(x T) T {
	if x >= 0.5 {
		return 1
	}
	return 0
}

// CGFExpr returns Σ special.Softplus(in+θ) per sample.
func (l *Binary[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	pre := c.addRows(in, b.Param(l.Bias))
	sp := c.Do(func() (*G.Node, error) { return ops.Softplus(pre) })
	return c.result(c.sumRows(sp))
}

// CGF returns Σ special.Softplus(θᵢ+inᵢ), summed in float64; float32 layers
// compute each term in float32 (kernel.SoftplusSum32, within 3 ulps).
func (l *Binary[T]) CGF(in []T) float64 {
	th := data[T](l.Bias)
	if th32, ok := any(th).([]float32); ok {
		return kernel.SoftplusSum32(th32, any(in).([]float32))
	}
	var s float64
	for i, x := range in {
		s += special.Softplus(float64(th[i]) + float64(x))
	}
	return s
}

// Mean writes special.Sigmoid(θ+in).
func (l *Binary[T]) Mean(in, out []T) {
	th := data[T](l.Bias)
	for i, x := range in {
		out[i] = T(special.Sigmoid(float64(th[i%l.n]) + float64(x)))
	}
}

// Sample draws each unit 1 with probability special.Sigmoid(θ+in).
func (l *Binary[T]) Sample(rng *rand.Rand, in, out []T) {
	switch th := any(data[T](l.Bias)).(type) {
	case []float32:
		in, out := any(in).([]float32), any(out).([]float32)
		for r := 0; r < len(in); r += l.n {
			kernel.SampleBinary32(rng, th, in[r:r+l.n], out[r:r+l.n])
		}
	case []float64:
		in, out := any(in).([]float64), any(out).([]float64)
		for r := 0; r < len(in); r += l.n {
			kernel.SampleBinary64(rng, th, in[r:r+l.n], out[r:r+l.n])
		}
	}
}

// samplePCG draws one row of float32 states from src (see pcgSampler).
func (l *Binary[T]) samplePCG(src *kernel.PCG, in, out []T) bool {
	th, ok := any(data[T](l.Bias)).([]float32)
	if ok {
		kernel.SampleBinary32PCG(src, th, any(in).([]float32), any(out).([]float32))
	}
	return ok
}

// AddMeanEnergyGrad adds -scale·Σ special.Sigmoid(θ+in).
func (l *Binary[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	l.addMeanEnergyGrad(l.Mean, in, scale, g)
}

// CheckData reports the first value outside [0, 1].
func (l *Binary[T]) CheckData(x []T) error {
	return checkRange(x, l.n, 0, 1, "states and means of binary units")
}

// SiteStates returns the states of a unit: 0 and 1 (see Finite).
func (l *Binary[T]) SiteStates() (int, [][]float64) { return 1, [][]float64{{0}, {1}} }
