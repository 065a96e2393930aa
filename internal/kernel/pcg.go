package kernel

import (
	"encoding/binary"
	"errors"
	"math/bits"
)

// PCG is math/rand/v2's PCG generator: the same algorithm, state and binary
// encoding, so it draws the same numbers from the same seeds and reads the
// states rand.PCG writes. Samplers given a *PCG draw from it without an
// interface call, which the sampling of binary units spends much of its time
// on otherwise.
type PCG struct{ hi, lo uint64 }

// NewPCG returns a generator seeded as rand.NewPCG(seed1, seed2) is.
func NewPCG(seed1, seed2 uint64) *PCG { return &PCG{seed1, seed2} }

// Uint64 returns the next 64 random bits of the stream.
func (p *PCG) Uint64() uint64 {
	const (
		mulHi    = 2549297995355413924
		mulLo    = 4865540595714422341
		incHi    = 6364136223846793005
		incLo    = 1442695040888963407
		cheapMul = 0xda942042e4dd58b5
	)
	hi, lo := bits.Mul64(p.lo, mulLo)
	hi += p.hi*mulLo + p.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	p.lo, p.hi = lo, hi
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// MarshalBinary returns the state in rand.PCG's encoding.
func (p *PCG) MarshalBinary() ([]byte, error) {
	b := append(make([]byte, 0, 20), "pcg:"...)
	b = binary.BigEndian.AppendUint64(b, p.hi)
	return binary.BigEndian.AppendUint64(b, p.lo), nil
}

// UnmarshalBinary sets the state from rand.PCG's encoding.
func (p *PCG) UnmarshalBinary(data []byte) error {
	if len(data) != 20 || string(data[:4]) != "pcg:" {
		return errors.New("kernel: invalid PCG state")
	}
	p.hi = binary.BigEndian.Uint64(data[4:])
	p.lo = binary.BigEndian.Uint64(data[12:])
	return nil
}

// SampleBinary32PCG is SampleBinary32 drawing from src: the same uniforms in
// the same order, so the same states as SampleBinary32 with rand.New(src).
func SampleBinary32PCG(src *PCG, th, x, o []float32) {
	sampleBinary32Blocks(th, x, o, func(u []float32) { uniforms32PCG(src, u) })
}

// uniforms32PCG is uniforms32 drawing from src without an interface call.
// It is written out, not shared through a type parameter: *PCG and
// *rand.Rand have one GC shape, so a generic version would call Uint64
// through a dictionary and lose what this copy is for.
func uniforms32PCG(src *PCG, u []float32) {
	const scale = 1.0 / (1 << 24)
	i := 0
	for ; i+1 < len(u); i += 2 {
		b := src.Uint64()
		u[i] = float32(b>>40) * scale
		u[i+1] = float32(b>>8&(1<<24-1)) * scale
	}
	if i < len(u) {
		u[i] = float32(src.Uint64()>>40) * scale
	}
}
