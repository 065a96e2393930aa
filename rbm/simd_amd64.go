package rbm

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

// sampleBinary32AVX2 is bernoullis32 on the first len(o)&^7 elements, in
// simd_amd64.s. It rounds exactly as the portable code, so results do not
// depend on whether the processor has AVX2.
//
//go:noescape
func sampleBinary32AVX2(th, x, u, o []float32)

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
