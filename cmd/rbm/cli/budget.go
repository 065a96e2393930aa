package cli

import (
	"fmt"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/spf13/pflag"
)

// maxMemoryUsage is the help of --max-memory.
const maxMemoryUsage = "refuse to start when the memory the run will allocate is estimated above this size (e.g. 16GiB; auto: 3/4 of the machine's memory)"

// maxTimeUsage is the help of --max-time.
const maxTimeUsage = "refuse to start when the work asked for is estimated to take longer than this (e.g. 30m, 10h)"

// registerMaxTime adds --max-time to fs.
func registerMaxTime(fs *pflag.FlagSet, d *time.Duration) {
	fs.DurationVar(d, "max-time", budget.DefaultMaxTime, maxTimeUsage)
}

// trainingBudget is the memory estimate of "rbm train" on set.
func trainingBudget[T rbm.Float](o *trainOptions, set *trainingSet[T]) budget.Estimate {
	var z T
	rows := (len(set.train) + len(set.validation) + len(set.test) + len(set.intensities)) / set.nv
	nh, _ := rbm.Units(o.hidShape...)
	_, f32 := any(z).(float32)
	size := 8
	if f32 {
		size = 4
	}
	return budget.Training{
		Visible: set.nv, Hidden: nh, ElemSize: size, Batch: o.batch, Rows: rows,
		Optimizer: o.optimizer, Momentum: o.momentum != 0, Averaging: o.averageFrom > 0,
		Histograms: o.histograms, Filters: set.height > 0 && o.filtersEvery > 0,
	}.Estimate()
}

// gradcheckBudget refuses a gradient check whose model, of layers of the
// given shapes, and chains of batch rows would allocate more than limit.
func gradcheckBudget(vshape, hshape []int, batch int, limit *budget.Limit) error {
	nv, err := rbm.Units(vshape...)
	if err != nil {
		return fmt.Errorf("--visible: %w", err)
	}
	nh, err := rbm.Units(hshape...)
	if err != nil {
		return fmt.Errorf("--hidden: %w", err)
	}
	e := budget.Training{Visible: nv, Hidden: nh, ElemSize: 8, Batch: batch}.Estimate()
	return e.Check("gradcheck", limit, "--max-memory")
}

// gradcheckWork is the multiply-adds of a gradient check of a model of
// nv×nh with batch rows and k Gibbs steps: two evaluations of the cost
// (two free energies of batch rows) for each parameter, besides the chain.
func gradcheckWork(nv, nh, batch, k int) float64 {
	params := float64(nv)*float64(nh) + budget.FieldsPerUnit*float64(nv+nh)
	return 2*params*budget.GibbsWork(2*batch, nv, nh, 0.5) + budget.GibbsWork(batch, nv, nh, float64(k))
}

// checkSampling refuses a samples figure (o) of a model of nv×nh, pictures
// of height×width, whose figure would allocate more than limit or whose
// Gibbs steps would take longer than maxTime; timeHint says how to raise
// the bound of time.
func checkSampling(o sampleOptions, nv, nh, elemSize, height, width int, limit *budget.Limit, maxTime time.Duration, timeHint string) error {
	if o.rows == 0 || height == 0 {
		return nil // no figure
	}
	e := budget.Sampling(o.chains, o.rows, nv, nh, elemSize, height, width)
	if err := e.Check(fmt.Sprintf("a samples figure of --sample-rows %d × --sample-chains %d", o.rows, o.chains), limit, "--max-memory"); err != nil {
		return err
	}
	work := budget.GibbsWork(o.chains, nv, nh, float64(o.rows)*float64(o.steps))
	return budget.CheckTime(fmt.Sprintf("a samples figure of --sample-rows %d × --sample-steps %d Gibbs steps", o.rows, o.steps), work, maxTime, timeHint)
}
