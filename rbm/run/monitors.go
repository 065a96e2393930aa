package run

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/rbmgo/rbm/internal/atomicfile"
)

// Monitors is the monitors.csv of a run. It is rewritten whole after every
// row, through a temporary file renamed into place, so that it is never
// half-written and an earlier run's file stays until the first row of the
// new one is ready.
type Monitors struct {
	Path string
	Rows [][]string // the header, then a row an epoch
}

// NewMonitors returns the monitors of a new run, of the given columns, to
// be written to path.
func NewMonitors(path string, columns []string) *Monitors {
	return &Monitors{Path: path, Rows: [][]string{columns}}
}

// Append adds a row and writes the file.
func (m *Monitors) Append(row []string) error {
	m.Rows = append(m.Rows, row)
	return m.Write()
}

// Write writes the file.
func (m *Monitors) Write() error {
	return atomicfile.Write(m.Path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(m.Rows); err != nil {
			return err
		}
		return cw.Error()
	})
}

// savedRows returns the monitors rows saved with a checkpoint.
func savedRows(extra map[string]any) ([][]string, error) {
	raw, ok := extra["monitors"].([]any)
	if !ok || len(raw) == 0 {
		return nil, errors.New("no monitors saved with the checkpoint")
	}
	rows := make([][]string, len(raw))
	for i, r := range raw {
		cells, ok := r.([]any)
		if !ok {
			return nil, fmt.Errorf("monitors row %d is not a list", i)
		}
		for _, c := range cells {
			s, ok := c.(string)
			if !ok {
				return nil, fmt.Errorf("monitors row %d holds %v", i, c)
			}
			rows[i] = append(rows[i], s)
		}
	}
	return rows, nil
}
