package rbm

import "math/rand/v2"

// A NegativeSampler draws the negative phase of each update: the visible
// states v_model at which the cost graph evaluates its second term,
// mean F(v_model), as a constant (the chain end). Block Gibbs chains (CD-k
// and PCD-k, see Gibbs) are one; parallel tempering would be another.
//
// A Trainer calls Start once, then Negative for every batch and Refresh
// after every update of the parameters.
type NegativeSampler[T Float] interface {
	// Start is called once, before the first batch of training, with the
	// training rows (n×nv) and the trainer's shuffling stream, from which a
	// sampler that starts its chains at training rows picks them.
	Start(x []T, shuffle *rand.Rand) error
	// Negative returns the chain end of one batch, BatchSize rows of
	// visible states. data holds the batch's rows in V and the hidden
	// states drawn from them in H (CD starts its chains there); the sampler
	// must not change them. The slice returned belongs to the sampler and
	// must stay unchanged until the next call.
	Negative(data *Chains[T]) ([]T, error)
	// Refresh is called after the model's parameters change.
	Refresh()
}

// A SamplerCheckpointer is a NegativeSampler whose state a checkpoint keeps,
// so that training resumed from it continues bit for bit.
type SamplerCheckpointer[T Float] interface {
	NegativeSampler[T]
	// SamplerState returns a copy of the sampler's state.
	SamplerState() (SamplerState[T], error)
	// SetSamplerState replaces the sampler's state with a copy of s, which
	// SamplerState returned for a sampler of the same configuration.
	SetSamplerState(s SamplerState[T]) error
}

// SamplerState is what a negative-phase sampler carries from one update to
// the next: random streams as math/rand/v2's PCG marshals them, and named
// arrays of states. A checkpoint file keeps each array as the entry
// "state/chain_NAME".
type SamplerState[T Float] struct {
	Streams [][]byte
	Arrays  []StateArray[T]
}

// StateArray is one named array of a sampler's state.
type StateArray[T Float] struct {
	Name  string // a checkpoint's entry is "state/chain_" + Name
	Shape []int
	Data  []T
}

// array returns the named array, or nil.
func (s SamplerState[T]) array(name string) []T {
	for _, a := range s.Arrays {
		if a.Name == name {
			return a.Data
		}
	}
	return nil
}
