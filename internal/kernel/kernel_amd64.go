//go:build !noasm

package kernel

import "golang.org/x/sys/cpu"

var (
	haveAVX  = cpu.X86.HasAVX
	haveAVX2 = cpu.X86.HasAVX2
)

// saxpyAVX adds a·x to y[:len(x)]; y must be at least as long as x. It rounds
// as the portable code does (a product, then a sum), so results do not depend
// on whether the processor has AVX.
//
//go:noescape
func saxpyAVX(a float32, x, y []float32)

// sampleBinary32AVX2 is Bernoullis32 on the first len(o)&^7 elements. It
// rounds exactly as the portable code, so results do not depend on whether
// the processor has AVX2.
//
//go:noescape
func sampleBinary32AVX2(th, x, u, o []float32)

// Saxpy adds a·x to y, which must be at least as long as x.
func Saxpy(a float32, x, y []float32) {
	if haveAVX {
		saxpyAVX(a, x, y[:len(x)])
		return
	}
	saxpyGo(a, x, y)
}

// Bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o); th,
// x and u must be at least as long as o.
func Bernoullis32(th, x, u, o []float32) {
	i := 0
	if haveAVX2 {
		n := len(o)
		sampleBinary32AVX2(th[:n], x[:n], u[:n], o)
		i = n &^ 7
	}
	bernoullis32Go(th[i:], x[i:], u[i:], o[i:])
}
