//go:build !amd64

package orbm

func ratioLanes(e, ew, sc, eo []float64, acc *[8]float64) { ratioLanesGo(e, ew, sc, eo, acc) }
