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

// ratioLanesAVX2 is RatioLanes with AVX2, in ratio_amd64.s.
//
//go:noescape
func ratioLanesAVX2(e, ew, sc, eo []float64, acc *[8]float64)

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

// RatioLanes multiplies, for i < len(e) rounded down to a multiple of 4,
// the ORBM's exact correction's numerators (1+Tb)(1+Tc) into acc[i%4] and
// denominators (1+Ta)(1+Td) into acc[4+i%4], with Ta = e·sc (e when sc is
// empty), Tb = Ta·ew, Tc = Ta·eo, Td = Tb·eo; ew, eo (and sc, when not
// empty) are at least as long as e. The AVX2 kernel does the same
// operations in the same order, so both give the same bits.
func RatioLanes(e, ew, sc, eo []float64, acc *[8]float64) {
	if haveAVX2 {
		n := len(e) &^ 3
		if len(sc) > 0 {
			sc = sc[:n]
		}
		ratioLanesAVX2(e[:n], ew[:n], sc, eo[:n], acc)
		return
	}
	ratioLanesGo(e, ew, sc, eo, acc)
}
