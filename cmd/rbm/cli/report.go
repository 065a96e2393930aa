package cli

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/rbmgo/rbm/rbm/picture"

	"github.com/rbmgo/rbm/internal/atomicfile"

	"github.com/rbmgo/rbm/rbm"
)

// monitorFile is the monitors.csv of a run. It is rewritten whole after
// every row, through a temporary file renamed into place, so that it is
// never half-written and an earlier run's file stays until the first row of
// the new one is ready.
type monitorFile struct {
	path string
	rows [][]string // the header, then a row an epoch
}

// monitorColumns are the columns every monitors.csv begins with.
var monitorColumns = []string{"epoch", "pseudo_likelihood", "exact_pseudo_likelihood", "reconstruction_cross_entropy", "cost", "seconds"}

func newMonitorFile(path string, columns []string) *monitorFile {
	return &monitorFile{path: path, rows: [][]string{columns}}
}

// writeRow adds a row and writes the file.
func (m *monitorFile) writeRow(row []string) error {
	m.rows = append(m.rows, row)
	return m.write()
}

// write writes the file.
func (m *monitorFile) write() error {
	return atomicfile.Write(m.path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(m.rows); err != nil {
			return err
		}
		return cw.Error()
	})
}

// writeHistograms draws the histograms of every parameter of m and of its
// change since before (the parameters at the start of the epoch).
func writeHistograms[T rbm.Float](path string, epoch int, m *rbm.RBM[T], before [][]float64) error {
	var sets []picture.Values
	for i, p := range m.Params() {
		now := toFloat64(p.Value.Data().([]T))
		change := make([]float64, len(now))
		for j := range now {
			change[j] = now[j] - before[i][j]
		}
		sets = append(sets, picture.Values{Name: p.Name, Values: now}, picture.Values{Name: "change of " + p.Name + " over the epoch", Values: change})
	}
	img, err := picture.Histograms(fmt.Sprintf("epoch %d: the parameters and their change over the epoch", epoch), sets, 2)
	if err != nil {
		return err
	}
	return picture.WritePNG(path, img)
}
