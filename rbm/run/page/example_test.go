package page_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/rbm/run"
	"github.com/rbmgo/rbm/rbm/run/page"
)

// The page of a folder that holds a monitors.csv: index.html beside it,
// with a curve a monitor (NaN cells are gaps), and monitors.png.
func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	csv := "epoch,pseudo_likelihood,validation_pseudo_likelihood\n0,-0.69,NaN\n1,-0.52,-0.55\n2,-0.47,-0.50\n"
	os.WriteFile(filepath.Join(dir, run.MonitorsFile), []byte(csv), 0o644)
	err := page.Write(dir, page.Config{Title: "a small run", Best: run.Criterion{Column: "pseudo_likelihood", Larger: true}})
	fmt.Println(err)
	for _, f := range []string{page.File, page.CurvesFile} {
		st, err := os.Stat(filepath.Join(dir, f))
		fmt.Println(f, err == nil && st.Size() > 0)
	}
	// Output:
	// <nil>
	// index.html true
	// monitors.png true
}
