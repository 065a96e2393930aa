package ops

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/internal/kernel"
	"github.com/rbmgo/rbm/internal/parallel"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LogErfcx returns the elementwise log(erfcx(x)) = log(exp(x²)·erfc(x)), finite
// for inputs from -1e150 to 1e300, with derivative 2x - 2/(√π·erfcx(x)).
func LogErfcx(x *G.Node) (*G.Node, error) {
	return G.ApplyOp(elementwise{name: "LogErfcx", f: special.LogErfcx, deriv: special.LogErfcxDeriv}, x)
}

// Softplus returns the elementwise log(1 + exp(x)), with derivative the
// logistic sigmoid: in float64 accurate to the last bit for every x (G.Softplus
// returns x itself for x > 16, an absolute error up to 1.1e-7), in float32
// within 3 ulps (kernel.Softplus32, the sigmoid kernel.Sigmoid32 within 2.5).
func Softplus(x *G.Node) (*G.Node, error) {
	return G.ApplyOp(elementwise{name: "Softplus", f: special.Softplus, f32: kernel.Softplus32,
		deriv: special.Sigmoid, deriv32: kernel.Sigmoid32}, x)
}

// LogAddExp returns the elementwise log(exp(a) + exp(b)), written as
// a + softplus(b - a), which neither overflows nor loses small terms.
func LogAddExp(a, b *G.Node) (*G.Node, error) {
	d, err := G.Sub(b, a)
	if err != nil {
		return nil, err
	}
	sp, err := Softplus(d)
	if err != nil {
		return nil, err
	}
	return G.Add(a, sp)
}

// LogSumExp returns, for a matrix x, log Σⱼ exp(x[i,j]) of every row i: a
// vector. Its gradient is the softmax of each row.
func LogSumExp(x *G.Node) (*G.Node, error) {
	if x.Dims() != 2 {
		return nil, fmt.Errorf("ops: LogSumExp needs a matrix, got shape %v", x.Shape())
	}
	return G.ApplyOp(logSumExpOp{}, x)
}

// elementwise is a unary op applying f to every element (in float64, or
// with f32 to the whole of a float32 tensor when f32 is set), whose derivative
// is the op applying deriv (deriv32).
type elementwise struct {
	name         string
	f, deriv     func(float64) float64
	f32, deriv32 func(x, out []float32)
}

func (op elementwise) Arity() int { return 1 }
func (op elementwise) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(a, a)
}
func (op elementwise) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("ops: %s: input shape of type %T", op.name, in[0])
	}
	return s.Clone(), nil
}
func (op elementwise) Do(vals ...G.Value) (G.Value, error) {
	if len(vals) != 1 {
		return nil, fmt.Errorf("ops: %s takes one input, got %d", op.name, len(vals))
	}
	if x, ok := vals[0].(*tensor.Dense); ok && op.f32 != nil {
		if d, ok := x.Data().([]float32); ok {
			out := tensor.New(tensor.Of(x.Dtype()), tensor.WithShape(x.Shape().Clone()...))
			o := out.Data().([]float32)
			parallel.For(len(d), parallelLen, func(lo, hi int) { op.f32(d[lo:hi], o[lo:hi]) })
			return out, nil
		}
	}
	return mapValue(vals[0], op.f, op.name)
}
func (op elementwise) ReturnsPtr() bool      { return false }
func (op elementwise) CallsExtern() bool     { return false }
func (op elementwise) OverwritesInput() int  { return -1 }
func (op elementwise) WriteHash(h hash.Hash) { fmt.Fprint(h, op.name) }
func (op elementwise) Hashcode() uint32      { return hashOf(op.name) }
func (op elementwise) String() string        { return op.name }

// DiffWRT reports that the op is differentiable if it has a derivative.
func (op elementwise) DiffWRT(int) []bool { return []bool{op.deriv != nil} }

// SymDiff returns grad ⊙ deriv(x).
func (op elementwise) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	if op.deriv == nil {
		return nil, fmt.Errorf("ops: %s has no derivative", op.name)
	}
	d, err := G.ApplyOp(elementwise{name: op.name + "Deriv", f: op.deriv, f32: op.deriv32}, in[0])
	if err != nil {
		return nil, err
	}
	g, err := G.HadamardProd(grad, d)
	return G.Nodes{g}, err
}

// mapValue applies f to every element of a float32 or float64 tensor or scalar.
func mapValue(v G.Value, f func(float64) float64, name string) (G.Value, error) {
	switch x := v.(type) {
	case *tensor.Dense:
		out := tensor.New(tensor.Of(x.Dtype()), tensor.WithShape(x.Shape().Clone()...))
		switch d := x.Data().(type) {
		case []float64:
			mapSlice(d, out.Data().([]float64), f)
		case []float32:
			mapSlice(d, out.Data().([]float32), f)
		case float64:
			return tensor.New(tensor.FromScalar(f(d))), nil
		case float32:
			return tensor.New(tensor.FromScalar(float32(f(float64(d))))), nil
		default:
			return nil, fmt.Errorf("ops: %s: unsupported element type %T", name, d)
		}
		return out, nil
	case *G.F64:
		r := G.F64(f(float64(*x)))
		return &r, nil
	case *G.F32:
		r := G.F32(float32(f(float64(*x))))
		return &r, nil
	}
	return nil, fmt.Errorf("ops: %s: unsupported value %T", name, v)
}

// parallelLen is the length from which mapSlice spreads its work over the
// cores.
const parallelLen = 8192

// mapSlice sets o[i] = f(d[i]), computed in float64, spread over the cores
// for long slices.
func mapSlice[E float32 | float64](d, o []E, f func(float64) float64) {
	do := func(lo, hi int) {
		for i, e := range d[lo:hi] {
			o[lo+i] = E(f(float64(e)))
		}
	}
	parallel.For(len(d), parallelLen/2, do)
}

// logSumExpOp reduces each row of a matrix to the log of the sum of the
// exponentials of its elements.
type logSumExpOp struct{}

func (logSumExpOp) Arity() int { return 1 }
func (logSumExpOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(G.TensorType{Dims: 2, Of: a}, G.TensorType{Dims: 1, Of: a})
}
func (logSumExpOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok || len(s) != 2 {
		return nil, fmt.Errorf("ops: LogSumExp needs a matrix, got %v", in[0])
	}
	return tensor.Shape{s[0]}, nil
}
func (logSumExpOp) Do(vals ...G.Value) (G.Value, error) {
	x, ok := vals[0].(*tensor.Dense)
	if !ok || x.Dims() != 2 {
		return nil, fmt.Errorf("ops: LogSumExp needs a matrix value, got %T", vals[0])
	}
	rows, cols := x.Shape()[0], x.Shape()[1]
	out := tensor.New(tensor.Of(x.Dtype()), tensor.WithShape(rows))
	row := make([]float64, cols)
	switch d := x.Data().(type) {
	case []float64:
		o := out.Data().([]float64)
		for r := range o {
			o[r] = special.LogSumExp(d[r*cols : (r+1)*cols])
		}
	case []float32:
		o := out.Data().([]float32)
		for r := range o {
			for j := range row {
				row[j] = float64(d[r*cols+j])
			}
			o[r] = float32(special.LogSumExp(row))
		}
	default:
		return nil, fmt.Errorf("ops: LogSumExp: unsupported element type %v", x.Dtype())
	}
	return out, nil
}
func (logSumExpOp) ReturnsPtr() bool      { return false }
func (logSumExpOp) CallsExtern() bool     { return false }
func (logSumExpOp) OverwritesInput() int  { return -1 }
func (logSumExpOp) WriteHash(h hash.Hash) { fmt.Fprint(h, "LogSumExpRows") }
func (logSumExpOp) Hashcode() uint32      { return hashOf("LogSumExpRows") }
func (logSumExpOp) String() string        { return "LogSumExpRows" }
func (logSumExpOp) DiffWRT(int) []bool    { return []bool{true} }

// SymDiff returns grad[i]·softmax(x[i,:]) = grad[i]·exp(x[i,j] - lse[i]).
func (logSumExpOp) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	shifted, err := G.BroadcastSub(in[0], out, nil, []byte{1})
	if err != nil {
		return nil, err
	}
	soft, err := G.Exp(shifted)
	if err != nil {
		return nil, err
	}
	g, err := G.BroadcastHadamardProd(soft, grad, nil, []byte{1})
	return G.Nodes{g}, err
}

func hashOf(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
