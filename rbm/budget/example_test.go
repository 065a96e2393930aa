package budget_test

import (
	"fmt"
	"time"

	"github.com/rbmgo/rbm/rbm/budget"
)

// A training run of 300,000 hidden units with batches of 5,000 is refused
// under a bound of 16 GiB: its chains alone need more than 100 GiB.
func ExampleTraining() {
	run := budget.Training{Visible: 784, Hidden: 300000, ElemSize: 4, Batch: 5000, Rows: 70000}
	var limit budget.Limit
	if err := limit.Set("16GiB"); err != nil {
		panic(err)
	}
	fmt.Println(run.Estimate().Check("this run", &limit, "--max-memory"))
	// Output:
	// this run would allocate about 119.3 GiB (chains and cost-graph buffers 112.1 GiB, parameters, their copies and gradients 7.0 GiB, data 209.4 MiB), which exceeds the bound of --max-memory 16.0 GiB; make it smaller, or raise --max-memory if the machine holds it
}

// Sampling 2⁶³ Gibbs steps is refused, with the time it would take.
func ExampleCheckTime() {
	work := budget.GibbsWork(20, 784, 500, 1<<63)
	fmt.Println(budget.CheckTime("sampling", work, time.Hour, "--max-time"))
	// Output:
	// sampling would take about 2.29e+09 years (1.45e+26 multiply-adds at 2e+09 a second), which exceeds the bound of --max-time 1 hour; make it smaller, or raise --max-time
}
