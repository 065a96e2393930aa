package rbm

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// An epoch stopped by a cancelled context says that training was
// interrupted, not that a context was cancelled; a deadline is named.
func TestInterruptionMessage(t *testing.T) {
	m := tinyBinary[float64](t, 6, 4, 1)
	x := randomBinary[float64](rand.New(rand.NewPCG(2, 2)), 40, 6)
	tr, err := NewTrainer(m, sgd[float64](t, 0.1), TrainConfig{K: 1, BatchSize: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = tr.EpochContext(ctx, x, nil)
	if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want ErrInterrupted and context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "training interrupted") || strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error %q", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	_, err = tr.EpochContext(ctx, x, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("deadline: error %q", err)
	}
}
