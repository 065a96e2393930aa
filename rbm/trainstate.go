package rbm

import (
	"errors"
	"fmt"
	"slices"

	"github.com/rbmgo/rbm/optim"
)

// TrainState is what a Trainer carries from one batch to the next besides
// the model's parameters: with the parameters and the same data, enough to
// continue training exactly, bit for bit, as if it had never stopped. Its
// slices are copies.
type TrainState[T Float] struct {
	Epoch int        // epochs begun, the one under way included
	Batch int        // batches done of the epoch under way; 0 between epochs
	Perm  []int      // the order of the rows in the epoch under way (Batch > 0)
	Sums  EpochStats // the monitors' sums over its batches done (Batch > 0)

	Bit                  int     // the pseudo-likelihood's cycling unit
	LowestReconstruction float64 // the lowest reconstruction error seen
	SeenReconstruction   bool    // whether LowestReconstruction holds one

	// Random streams, as math/rand/v2's PCG marshals them: the shuffling
	// stream and one for each data chain.
	Shuffle     []byte
	DataStreams [][]byte
	// The negative-phase sampler's state: for Gibbs chains, their streams
	// and states (the persistent chains of PCD).
	Sampler SamplerState[T]

	Optimizer optim.State[T]

	// Transforms holds the state of each of the trainer's Transforms that
	// is a TransformCheckpointer, at its index (nil for the others).
	Transforms [][]StateArray[T]

	// Centering holds the offsets of a trainer that centres its model
	// (arrays "mu" and "lambda"; none before its first update).
	Centering []StateArray[T]

	// The mean of the parameters (see StartAveraging): whether it is kept,
	// the updates in it, and one slice per parameter in the model's order.
	Averaging    bool
	AverageCount int
	Average      [][]float64
}

// State returns the trainer's state, for a checkpoint. The optimizer must be
// an optim.Checkpointer and the sampler a SamplerCheckpointer.
func (t *Trainer[T]) State() (*TrainState[T], error) {
	opt, ok := t.opt.(optim.Checkpointer[T])
	if !ok {
		return nil, fmt.Errorf("rbm: the optimizer %T cannot save its state", t.opt)
	}
	sampler, ok := t.Sampler.(SamplerCheckpointer[T])
	if !ok {
		return nil, fmt.Errorf("rbm: the sampler %T cannot save its state", t.Sampler)
	}
	shuffle, err := t.shuffleSrc.MarshalBinary()
	if err != nil {
		return nil, err
	}
	ss, err := sampler.SamplerState()
	if err != nil {
		return nil, err
	}
	ds, err := t.data.streams()
	if err != nil {
		return nil, err
	}
	st := &TrainState[T]{
		Epoch: t.epoch, Batch: t.batch, Bit: t.bit,
		LowestReconstruction: t.lowestRec, SeenReconstruction: t.seenRec,
		Shuffle: shuffle, DataStreams: ds, Sampler: ss,
		Optimizer: opt.State(),
	}
	st.Transforms = make([][]StateArray[T], len(t.Transforms))
	for i, tf := range t.Transforms {
		if tc, ok := tf.(TransformCheckpointer[T]); ok {
			st.Transforms[i] = tc.TransformState()
		}
	}
	if t.centre != nil {
		st.Centering = t.centre.state()
	}
	avg := t.avg.clone()
	st.Averaging, st.AverageCount, st.Average = avg.on, avg.count, avg.mean
	if t.batch > 0 {
		st.Perm, st.Sums = slices.Clone(t.perm), t.sums
	}
	return st, nil
}

// SetState puts the trainer in state s, which State returned for a trainer
// of the same model shape and configuration, and makes the current
// parameters the last good ones (those a stopped epoch puts back).
func (t *Trainer[T]) SetState(s *TrainState[T]) error {
	if err := t.setState(s); err != nil {
		return fmt.Errorf("rbm: training state: %w", err)
	}
	t.refresh()
	t.keepGood()
	return nil
}

func (t *Trainer[T]) setState(s *TrainState[T]) error {
	opt, ok := t.opt.(optim.Checkpointer[T])
	if !ok {
		return fmt.Errorf("the optimizer %T cannot restore a state", t.opt)
	}
	sampler, ok := t.Sampler.(SamplerCheckpointer[T])
	if !ok {
		return fmt.Errorf("the sampler %T cannot restore a state", t.Sampler)
	}
	b, nv := t.Config.BatchSize, t.Model.Visible.Len()
	switch {
	case s == nil:
		return errors.New("no state")
	case s.Epoch < 0 || s.Batch < 0 || (s.Batch > 0 && s.Epoch == 0):
		return fmt.Errorf("epoch %d, batch %d", s.Epoch, s.Batch)
	case s.Batch > 0 && (len(s.Perm) < b || s.Sums.Batches != len(s.Perm)/b || s.Batch >= s.Sums.Batches):
		return fmt.Errorf("batch %d of an epoch of %d rows in batches of %d", s.Batch, len(s.Perm), b)
	case s.Bit < 0 || s.Bit >= nv:
		return fmt.Errorf("pseudo-likelihood unit %d of %d", s.Bit, nv)
	}
	if s.Batch > 0 {
		seen := make([]bool, len(s.Perm))
		for _, i := range s.Perm {
			if i < 0 || i >= len(s.Perm) || seen[i] {
				return fmt.Errorf("the epoch's order of rows is not a permutation")
			}
			seen[i] = true
		}
	}
	if err := checkAverages(t.Model, s.AverageCount, s.Average); err != nil {
		return fmt.Errorf("mean of the parameters: %w", err)
	}
	if s.AverageCount > 0 && !s.Averaging {
		return errors.New("a mean of the parameters without averaging")
	}
	if err := t.shuffleSrc.UnmarshalBinary(s.Shuffle); err != nil {
		return fmt.Errorf("shuffling stream: %w", err)
	}
	if err := sampler.SetSamplerState(s.Sampler); err != nil {
		return err
	}
	if err := t.data.setStreams(s.DataStreams); err != nil {
		return fmt.Errorf("data chains: %w", err)
	}
	if err := opt.SetState(s.Optimizer); err != nil {
		return err
	}
	if t.centre != nil {
		if err := t.centre.setState(s.Centering); err != nil {
			return err
		}
	} else if len(s.Centering) > 0 {
		return errors.New("the state of a centred trainer for one that does not centre")
	}
	for i := len(t.Transforms); i < len(s.Transforms); i++ {
		if len(s.Transforms[i]) > 0 {
			return fmt.Errorf("the state of gradient transform %d, and %d transforms", i, len(t.Transforms))
		}
	}
	for i, tf := range t.Transforms {
		if tc, ok := tf.(TransformCheckpointer[T]); ok {
			var arrays []StateArray[T]
			if i < len(s.Transforms) {
				arrays = s.Transforms[i]
			}
			if err := tc.SetTransformState(arrays); err != nil {
				return fmt.Errorf("gradient transform %d (%T): %w", i, tf, err)
			}
		}
	}
	t.epoch, t.batch, t.bit = s.Epoch, s.Batch, s.Bit
	t.lowestRec, t.seenRec = s.LowestReconstruction, s.SeenReconstruction
	t.perm, t.sums = nil, EpochStats{}
	if s.Batch > 0 {
		t.perm, t.sums = slices.Clone(s.Perm), s.Sums
	}
	t.avg = averages{on: s.Averaging, count: s.AverageCount, mean: s.Average}.clone()
	return nil
}
