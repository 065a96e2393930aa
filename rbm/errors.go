package rbm

import (
	"context"
	"errors"
)

// Errors a caller may need to tell apart, matched with errors.Is; the error
// that wraps one says what happened. (A block of sentinel errors, alike in
// shape to package npz's: one documented errors.New each.)
var (
	// ErrStopped is wrapped by the error of a training epoch that stopped
	// because the parameters left their domain (a NaN, a precision below
	// zero); the model then holds the parameters of the end of the last
	// good epoch, fit to be saved.
	ErrStopped = errors.New("training stopped")
	// ErrInterrupted is wrapped by the error of an epoch stopped between
	// two batches because its context was done; the trainer continues it
	// on the next call.
	ErrInterrupted = errors.New("training interrupted")
	// ErrData is wrapped by the errors of data a model cannot take: rows of
	// the wrong length, too few rows, NaN or Inf, states outside the visible
	// units' domain.
	ErrData = errors.New("bad data")
	// ErrModelFile is wrapped by the errors of a file that is not a model
	// this package can read: no settings, an unknown format or unit type,
	// missing arrays, arrays of the wrong shape or with non-finite values.
	ErrModelFile = errors.New("not a valid model file")
)

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// interruption is the error of training stopped because its context was
// done: it wraps ErrInterrupted and the context's error, and reads
// "training interrupted", with the cause only when it is not a plain
// cancellation (a deadline, say).
type interruption struct{ cause error }

func (e interruption) Error() string {
	if e.cause == nil || errors.Is(e.cause, context.Canceled) {
		return ErrInterrupted.Error()
	}
	return ErrInterrupted.Error() + ": " + e.cause.Error()
}

func (e interruption) Unwrap() []error { return []error{ErrInterrupted, e.cause} }
