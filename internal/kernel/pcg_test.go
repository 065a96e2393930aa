package kernel

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// PCG draws math/rand/v2's PCG's numbers and writes and reads its states.
func TestPCGMatchesStandardLibrary(t *testing.T) {
	for _, seed := range [][2]uint64{{0, 0}, {1, 2}, {1 << 63, 12345}, {^uint64(0), ^uint64(0)}} {
		ours, std := NewPCG(seed[0], seed[1]), rand.NewPCG(seed[0], seed[1])
		for i := range 1000 {
			if a, b := ours.Uint64(), std.Uint64(); a != b {
				t.Fatalf("seed %v, number %d: %x, rand.PCG %x", seed, i, a, b)
			}
		}
		a, _ := ours.MarshalBinary()
		b, _ := std.MarshalBinary()
		if !bytes.Equal(a, b) {
			t.Fatalf("seed %v: state %x, rand.PCG's %x", seed, a, b)
		}
		var back PCG
		if err := back.UnmarshalBinary(b); err != nil || back != *ours {
			t.Fatalf("seed %v: read back %v (%v), want %v", seed, back, err, *ours)
		}
	}
	if err := new(PCG).UnmarshalBinary([]byte("pcg:short")); err == nil {
		t.Error("a short state was read")
	}
}

// SampleBinary32PCG draws the states SampleBinary32 draws from the same
// stream, for rows shorter and longer than its block of uniforms.
func TestSampleBinary32PCG(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, n := range []int{0, 1, 7, 255, 256, 257, 784} {
		th, x := make([]float32, n), make([]float32, n)
		for i := range th {
			th[i], x[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64()*3)
		}
		a, b := make([]float32, n), make([]float32, n)
		SampleBinary32(rand.New(rand.NewPCG(9, uint64(n))), th, x, a)
		SampleBinary32PCG(NewPCG(9, uint64(n)), th, x, b)
		if !bytes.Equal(f32bytes(a), f32bytes(b)) {
			t.Fatalf("n=%d: the states differ", n)
		}
	}
}

func f32bytes(x []float32) []byte {
	var b []byte
	for _, v := range x {
		b = append(b, byte(int(v)))
	}
	return b
}
