package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"time"

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

// monitorFile is the monitors.csv of a run, flushed after every row.
type monitorFile struct {
	f *os.File
	w *csv.Writer
}

var monitorColumns = []string{"epoch", "pseudo_likelihood", "exact_pseudo_likelihood", "reconstruction_cross_entropy", "cost", "seconds"}

func newMonitorFile(path string) (*monitorFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	m := &monitorFile{f: f, w: csv.NewWriter(f)}
	if err := m.writeRow(monitorColumns); err != nil {
		f.Close()
		return nil, err
	}
	return m, nil
}

func (m *monitorFile) writeRow(row []string) error {
	if err := m.w.Write(row); err != nil {
		return fmt.Errorf("%s: %w", m.f.Name(), err)
	}
	m.w.Flush()
	if err := m.w.Error(); err != nil {
		return fmt.Errorf("%s: %w", m.f.Name(), err)
	}
	return nil
}

// close flushes and closes the file, reporting what failed.
func (m *monitorFile) close() error {
	m.w.Flush()
	err := m.w.Error()
	if cerr := m.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", m.f.Name(), err)
	}
	return nil
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
