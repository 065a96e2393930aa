//go:build amd64 && !noasm

package kernel

import "testing"

// forEachKernel runs test with the widest kernels this processor has, then
// again with each narrower set, down to the portable code, so that every
// kernel a processor might pick is held to the same test here.
func forEachKernel(t *testing.T, test func(*testing.T)) {
	saved := [...]bool{haveAVX512F, haveAVX2, haveAVX}
	defer func() { haveAVX512F, haveAVX2, haveAVX = saved[0], saved[1], saved[2] }()
	for _, level := range []struct {
		name              string
		avx512, avx2, avx bool
	}{
		{"avx512", true, true, true},
		{"avx2", false, true, true},
		{"avx", false, false, true},
		{"portable", false, false, false},
	} {
		haveAVX512F, haveAVX2, haveAVX = saved[0] && level.avx512, saved[1] && level.avx2, saved[2] && level.avx
		t.Run(level.name, test)
	}
}
