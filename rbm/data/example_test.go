package data_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/rbmgo/rbm/rbm/data"
)

// A Spec names the rows and their transform; Load reads and transforms
// them, and Settings is what a model file keeps to read the same rows again.
func ExampleLoad() {
	path := filepath.Join(os.TempDir(), "example_rows.csv")
	if err := os.WriteFile(path, []byte("x,y\n0.2,0.9\n0.6,0.4\n0.7,0.8\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	defer os.Remove(path)
	spec := data.Spec{Path: path, TrainSize: 2, Transform: data.Transform{Binarize: data.Threshold, Threshold: 0.5}}
	src, err := data.Load[float32](spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(src.Train.N, "rows of", src.Train.Dim, "values:", src.Train.Rows)
	saved := data.SavedSpec(map[string]any{"binarize": "threshold", "train_size": 2.0})
	fmt.Println("read back:", saved.Binarize, saved.TrainSize)
	// Output:
	// 2 rows of 2 values: [0 1 1 0]
	// read back: threshold 2
}

// A run that draws its training rows' binarisation anew every epoch keeps
// the intensities beside the rows and calls Redraw before each epoch: epoch
// 1 trains on the binarisation Apply drew, every later epoch on its own.
func ExampleRedraw() {
	p := []float64{0, 1, 0.5, 0.5, 0.5, 0.5} // three rows of two intensities
	x := slices.Clone(p)
	data.Apply(data.Transform{Binarize: data.Stochastic, Seed: 3}, 2, x)
	for epoch := 1; epoch <= 3; epoch++ {
		if err := data.Redraw(x, p, 2, 3, epoch); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("epoch", epoch, "trains on", x) // the first pixel is always 0, the second 1
	}
	fmt.Println(data.Redraw(x, p, 2, 3, 0))
	// Output:
	// epoch 1 trains on [0 1 1 0 1 1]
	// epoch 2 trains on [0 1 1 1 1 1]
	// epoch 3 trains on [0 1 1 0 0 1]
	// data: redrawing the binarisation of epoch 0 (epochs are 1 to 2147483647)
}
