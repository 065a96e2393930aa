package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/rbm/run/page"
)

// The run page: "rbm train" writes index.html and monitors.png (package
// run/page) into the run folder when the run begins, after every epoch and
// once the samples are drawn.

// pageOutputs are the run page's files, removed with a run that --overwrite
// replaces.
var pageOutputs = []string{page.File, page.CurvesFile}

// startPage writes the run's page before its first epoch and says where it
// is.
func (r *trainRun[T]) startPage(rows [][]string) {
	if r.writePage(rows, "under way") {
		path, err := filepath.Abs(filepath.Join(r.o.out, page.File))
		if err != nil {
			path = filepath.Join(r.o.out, page.File)
		}
		fmt.Printf("run page (rewritten after every epoch): %s\n", path)
	}
}

// writePage writes the run's page with monitors rows and says whether it
// could. A page that cannot be written is reported once on standard error;
// the training goes on.
func (r *trainRun[T]) writePage(rows [][]string, state string) bool {
	o := r.o
	notes := []string{r.summary, fmt.Sprintf("Epochs: %d of %d, %s.", max(0, len(rows)-2), o.epochs, state)}
	err := page.Write(o.out, page.Config{Rows: rows, Best: criterion(o.bestBy), Notes: notes})
	if err != nil && !r.pageFailed {
		fmt.Fprintf(os.Stderr, "rbm train: the run page: %v (training goes on)\n", err)
		r.pageFailed = true
	}
	return err == nil
}
