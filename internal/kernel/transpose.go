package kernel

// transposeGo writes dst[c·rows+r] = src[r·cols+c] for r in [r0, r1) and c
// in [c0, c1).
func transposeGo[T float32 | float64](src []T, rows, cols int, dst []T, r0, r1, c0, c1 int) {
	for r := r0; r < r1; r++ {
		for c, v := range src[r*cols+c0 : r*cols+c1] {
			dst[(c0+c)*rows+r] = v
		}
	}
}

// checkTranspose panics unless src and dst hold rows×cols values.
func checkTranspose[T float32 | float64](src []T, rows, cols int, dst []T) {
	if rows < 0 || cols < 0 || len(src) < rows*cols || len(dst) < rows*cols {
		panic("kernel: transpose of a matrix larger than its slices")
	}
}
