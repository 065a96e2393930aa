package graph_test

import (
	"fmt"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/rbm"
	"gorgonia.org/tensor"
)

// Build the contrastive-divergence cost of a model, run it on a data batch
// and a chain end, and read the gradients gorgonia derived. With zero
// parameters every state has the same free energy, so the cost is 0, and
// every hidden unit is on with probability 1/2, so the gradient of W is
// -(mean v_data - mean v_model)/2 in every column.
// Like every example, it builds its model in place, so that it reads on
// its own.
func ExampleNewCost() {
	vis, _ := rbm.NewBinary[float64]("v", 3)
	hid, _ := rbm.NewBinary[float64]("h", 2)
	w := &graph.Param{Name: "W", Group: graph.Weights, Value: tensor.New(tensor.WithShape(3, 2), tensor.WithBacking(make([]float64, 6)))}
	cost, err := graph.NewCost(tensor.Float64, vis, hid, w, 2, 2)
	if err != nil {
		panic(err)
	}
	data := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 1, 0, 1, 0, 0}))
	chainEnd := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{0, 0, 0, 0, 0, 1}))
	c, err := cost.Run(data, chainEnd)
	if err != nil {
		panic(err)
	}
	fmt.Printf("cost %.3f\n", c)
	for i, p := range cost.Params() {
		g, _ := cost.Grad(i)
		fmt.Println(p.Name, g.Data())
	}
	// Output:
	// cost 0.000
	// vbias [-1 -0.5 0.5]
	// W [-0.5 -0.5 -0.25 -0.25 0.25 0.25]
	// hbias [0 0]
}
