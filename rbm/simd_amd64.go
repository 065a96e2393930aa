package rbm

import (
	"golang.org/x/sys/cpu"
	"gonum.org/v1/gonum/blas/gonum"
)

// Kernels in simd_amd64.s. Each rounds exactly as the portable code it
// replaces, so results do not depend on whether the processor has them.
var (
	haveAVX  = cpu.X86.HasAVX
	haveAVX2 = cpu.X86.HasAVX2
)

// saxpyAVX adds a·x to y[:len(x)]; y must be at least as long as x.
//
//go:noescape
func saxpyAVX(a float32, x, y []float32)

// sampleBinary32AVX2 is bernoullis32 on the first len(o)&^7 elements.
//
//go:noescape
func sampleBinary32AVX2(th, x, u, o []float32)

// saxpy adds a·x to y (of the same length).
func saxpy(a float32, x, y []float32) {
	if haveAVX {
		saxpyAVX(a, x, y[:len(x)])
		return
	}
	gonum.Implementation{}.Saxpy(len(x), a, x, 1, y, 1)
}

// bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o).
func bernoullis32(th, x, u, o []float32) {
	i := 0
	if haveAVX2 {
		n := len(o)
		sampleBinary32AVX2(th[:n], x[:n], u[:n], o)
		i = n &^ 7
	}
	bernoullis32Go(th[i:], x[i:], u[i:], o[i:])
}
