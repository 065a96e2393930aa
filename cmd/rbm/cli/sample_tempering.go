package cli

import (
	"image"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/picture"
)

// drawTempered writes the samples figure by parallel tempering: every
// replica's chains start at the rows of start, and every o.steps sweeps
// (a Gibbs step in each replica, then the swaps) the visible means given
// replica 0's hidden states form one row.
func drawTempered[T rbm.Float](path string, m *rbm.RBM[T], start []T, height, width int, o sampleOptions, quiet bool) error {
	ladder, err := rbm.Ladder(o.tempering, o.betaMin)
	if err != nil {
		return err
	}
	pt, err := rbm.NewTempering(m, rbm.TrainConfig{K: 1, BatchSize: o.chains, Seed: o.seed}, ladder)
	if err != nil {
		return err
	}
	if err := pt.StartAt(start); err != nil {
		return err
	}
	bar := newBar(quiet, o.rows, "sampling")
	defer bar.Finish()
	in, mean := make([]T, len(start)), make([]T, len(start))
	var rows []*image.Gray
	for range o.rows {
		pt.Sample(o.steps)
		m.PropDown(pt.Replica(0).H, in, nil)
		m.Visible.Mean(in, mean)
		rows = append(rows, picture.Tile(toFloat64(mean), height, width, 1, o.chains, 1, false))
		bar.Add(1)
	}
	return picture.WritePNG(path, picture.Stack(rows...))
}
