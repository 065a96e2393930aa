package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/rbmgo/rbm/internal/atomicfile"

	"github.com/rbmgo/rbm/rbm"
	"github.com/schollz/progressbar/v3"
)

func newBar(quiet bool, n int, desc string) *progressbar.ProgressBar {
	if quiet {
		return progressbar.DefaultSilent(int64(n), desc)
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
	)
}

// monitorFile is the monitors.csv of a run. It is rewritten whole after
// every row, through a temporary file renamed into place, so that it is
// never half-written and an earlier run's file stays until the first row of
// the new one is ready.
type monitorFile struct {
	path string
	rows [][]string
}

var monitorColumns = []string{"epoch", "pseudo_likelihood", "exact_pseudo_likelihood", "reconstruction_cross_entropy", "cost", "seconds"}

func newMonitorFile(path string) *monitorFile {
	return &monitorFile{path: path, rows: [][]string{monitorColumns}}
}

// writeRow adds a row and writes the file.
func (m *monitorFile) writeRow(row []string) error {
	m.rows = append(m.rows, row)
	return atomicfile.Write(m.path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(m.rows); err != nil {
			return err
		}
		return cw.Error()
	})
}

// report prints an epoch's monitors and adds them to the CSV; exact is the
// exact pseudo-likelihood, NaN when not computed.
func (m *monitorFile) report(st rbm.EpochStats, exact float64) error {
	what := fmt.Sprintf("epoch %2d", st.Epoch)
	if st.Epoch == 0 {
		what = "before training"
	}
	ex := ""
	if !math.IsNaN(exact) {
		ex = fmt.Sprintf(" (exact %.4f)", exact)
	}
	fmt.Printf("%s: pseudo-likelihood %.4f%s, reconstruction cross-entropy %.4f, %.1f s\n", what, st.PseudoLikelihood, ex, st.Reconstruction, st.Seconds)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	return m.writeRow([]string{strconv.Itoa(st.Epoch), f(st.PseudoLikelihood), f(exact), f(st.Reconstruction), f(st.Cost), f(st.Seconds)})
}
