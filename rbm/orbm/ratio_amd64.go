package orbm

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

// ratioLanesAVX2 is ratioLanesGo with AVX2, in ratio_amd64.s.
//
//go:noescape
func ratioLanesAVX2(e, ew, sc, eo []float64, acc *[8]float64)

func ratioLanes(e, ew, sc, eo []float64, acc *[8]float64) {
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
