package rbm

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/graph/special"
	G "gorgonia.org/gorgonia"
)

// Binary is a layer of units with states {0, 1} and fields θ (the biases):
// energy -Σ θᵢxᵢ, cgf Σ special.Softplus(θᵢ+inᵢ), mean special.Sigmoid(θᵢ+inᵢ).
type Binary[T Float] struct {
	shape []int
	Bias  *graph.Param
}

// NewBinary returns a binary layer of the given shape whose bias parameter is
// named prefix+"bias" (the tutorial's vbias and hbias), initialised to zero.
func NewBinary[T Float](prefix string, shape ...int) (*Binary[T], error) {
	n, err := shapeLen(shape)
	if err != nil {
		return nil, err
	}
	return &Binary[T]{shape: append([]int(nil), shape...), Bias: newParam[T](prefix+"bias", graph.Biases, n)}, nil
}

// Kind returns "binary".
func (l *Binary[T]) Kind() string { return "binary" }

// Shape returns the shape of the layer's units.
func (l *Binary[T]) Shape() []int { return l.shape }

// Len returns the number of units.
func (l *Binary[T]) Len() int { return l.Bias.Value.Shape().TotalSize() }

// Params returns the bias.
func (l *Binary[T]) Params() []*graph.Param { return []*graph.Param{l.Bias} }

// Validate reports a non-finite bias.
func (l *Binary[T]) Validate() error { return checkFinite(l.Bias) }

// Flip returns 1-x.
func (l *Binary[T]) Flip(x T) T { return 1 - x }

// Round returns 1 for x ≥ 0.5, else 0.
func (l *Binary[T]) Round(x T) T {
	if x >= 0.5 {
		return 1
	}
	return 0
}

// EnergyExpr returns -x·θ per sample.
func (l *Binary[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	xb, err := G.Mul(x, b.Param(l.Bias))
	if err != nil {
		return nil, err
	}
	return G.Neg(xb)
}

// CGFExpr returns Σ special.Softplus(in+θ) per sample.
func (l *Binary[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	pre, err := G.BroadcastAdd(in, b.Param(l.Bias), nil, []byte{0})
	if err != nil {
		return nil, err
	}
	sp, err := ops.Softplus(pre)
	if err != nil {
		return nil, err
	}
	return G.Sum(sp, 1)
}

// Energy returns -Σ θᵢxᵢ.
func (l *Binary[T]) Energy(x []T) float64 {
	th := data[T](l.Bias)
	var e float64
	for i, xi := range x {
		e -= float64(th[i]) * float64(xi)
	}
	return e
}

// CGF returns Σ special.Softplus(θᵢ+inᵢ).
func (l *Binary[T]) CGF(in []T) float64 {
	th := data[T](l.Bias)
	var s float64
	for i, x := range in {
		s += special.Softplus(float64(th[i]) + float64(x))
	}
	return s
}

// Mean writes special.Sigmoid(θ+in).
func (l *Binary[T]) Mean(in, out []T) {
	th := data[T](l.Bias)
	n := len(th)
	for i, x := range in {
		out[i] = T(special.Sigmoid(float64(th[i%n]) + float64(x)))
	}
}

// Sample draws each unit 1 with probability special.Sigmoid(θ+in).
func (l *Binary[T]) Sample(rng *rand.Rand, in, out []T) {
	th := data[T](l.Bias)
	n := len(th)
	if th32, ok := any(th).([]float32); ok {
		in32, out32 := any(in).([]float32), any(out).([]float32)
		for r := 0; r < len(in); r += n {
			sampleBinary32(rng, th32, in32[r:r+n], out32[r:r+n])
		}
		return
	}
	for r := 0; r < len(in); r += n {
		x, o := in[r:r+n], out[r:r+n]
		i := 0
		for ; i+1 < n; i += 2 {
			u0, u1 := uniformPair(rng.Uint64())
			o[i] = T(bernoulli(u0, float64(th[i])+float64(x[i])))
			o[i+1] = T(bernoulli(u1, float64(th[i+1])+float64(x[i+1])))
		}
		if i < n {
			u, _ := uniformPair(rng.Uint64())
			o[i] = T(bernoulli(u, float64(th[i])+float64(x[i])))
		}
	}
}

func shapeLen(shape []int) (int, error) {
	if len(shape) == 0 {
		return 0, fmt.Errorf("rbm: a layer needs a shape")
	}
	n := 1
	for _, s := range shape {
		if s < 1 {
			return 0, fmt.Errorf("rbm: layer shape %v has a dimension below 1", shape)
		}
		n *= s
	}
	return n, nil
}
