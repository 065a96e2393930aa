package kernel

// ratioLanesGo multiplies, for i < len(e) (a multiple of 4), the exact
// correction's numerators (1+Tb)(1+Tc) into acc[i%4] and denominators
// (1+Ta)(1+Td) into acc[4+i%4], with Ta = e·sc (e when sc is empty),
// Tb = Ta·ew, Tc = Ta·eo, Td = Tb·eo. It is the portable RatioLanes.
func ratioLanesGo(e, ew, sc, eo []float64, acc *[8]float64) {
	n := len(e) &^ 3
	ew, eo = ew[:n], eo[:n]
	if len(sc) > 0 {
		sc = sc[:n]
	}
	for i := 0; i < n; i += 4 {
		for l := range 4 {
			ta := e[i+l]
			if len(sc) > 0 {
				ta = float64(ta * sc[i+l])
			}
			tb := float64(ta * ew[i+l])
			tc := float64(ta * eo[i+l])
			td := float64(tb * eo[i+l])
			acc[l] = float64(acc[l] * float64((1+tb)*(1+tc)))
			acc[4+l] = float64(acc[4+l] * float64((1+ta)*(1+td)))
		}
	}
}
