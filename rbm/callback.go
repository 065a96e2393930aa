package rbm

// BatchStats are the monitors of one update.
type BatchStats struct {
	Epoch            int     // 1 for the first epoch
	Batch            int     // the batches done of the epoch, this one included
	Batches          int     // the batches of the epoch
	PseudoLikelihood float64 // NaN if the visible units are not two-state
	Reconstruction   float64
	Cost             float64
}

// A Callback is told of training's progress: monitors, checkpoints and
// evaluations hang on a Trainer's Callbacks instead of being written into
// its loop.
//
// An error a callback returns stops the epoch: after AfterBatch, the epoch
// stays under way at the next batch (as after an interruption, its state can
// be checkpointed and continued); after AfterEpoch, the epoch is complete.
// Either way the trainer returns the error, wrapped, and calls no later
// callback for that batch or epoch.
type Callback[T Float] interface {
	// AfterBatch is called after each update, with its monitors.
	AfterBatch(t *Trainer[T], st BatchStats) error
	// AfterEpoch is called after each epoch that ended finite, with the
	// epoch's monitors, once the parameters are kept as the last good ones.
	AfterEpoch(t *Trainer[T], st EpochStats) error
}

// OnBatch is a Callback of the function called after every update.
type OnBatch[T Float] func(t *Trainer[T], st BatchStats) error

// AfterBatch calls f.
func (f OnBatch[T]) AfterBatch(t *Trainer[T], st BatchStats) error { return f(t, st) }

// AfterEpoch does nothing.
func (f OnBatch[T]) AfterEpoch(*Trainer[T], EpochStats) error { return nil }

// OnEpoch is a Callback of the function called after every epoch.
type OnEpoch[T Float] func(t *Trainer[T], st EpochStats) error

// AfterBatch does nothing.
func (f OnEpoch[T]) AfterBatch(*Trainer[T], BatchStats) error { return nil }

// AfterEpoch calls f.
func (f OnEpoch[T]) AfterEpoch(t *Trainer[T], st EpochStats) error { return f(t, st) }
