package npz_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/rbm/npz"
)

// A model loader reads its settings with a bound on their length, derives
// the shapes it expects from them, and reads only those arrays, each bounded
// by its expected shape. Other arrays in the file are not decompressed.
func ExampleReader() {
	dir, _ := os.MkdirTemp("", "npz")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.npz")
	npz.WriteFile(path, []npz.Array{
		{Name: "settings", Data: `{"visible": 3, "hidden": 2}`},
		{Name: "W", Shape: []int{3, 2}, Data: []float32{1, 2, 3, 4, 5, 6}},
		{Name: "unused", Shape: []int{4}, Data: []int64{1, 2, 3, 4}},
	})

	r, err := npz.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for _, e := range r.Entries {
		h, _ := e.Header()
		fmt.Println(h.Name, h.Dtype, h.Shape)
	}
	settings, err := r.ReadString("settings", 1<<20)
	fmt.Println(settings, err)
	w, err := r.ReadShape("W", 3, 2) // the shape the settings call for
	fmt.Println(w.Data, err)
	// Output:
	// settings <U27 []
	// W <f4 [3 2]
	// unused <i8 [4]
	// {"visible": 3, "hidden": 2} <nil>
	// [1 2 3 4 5 6] <nil>
}
