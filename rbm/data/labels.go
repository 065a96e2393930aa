package data

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/rbmgo/rbm/rbm/npz"
)

// ReadLabelled reads rows with a class label each, up to maxRows rows when
// maxRows > 0: from an .npz file, the samples of array "x" (as ReadFile
// reads them) and the labels of array "y", one a row; from any other file
// ReadFile reads (CSV, .npy), the column labelColumn of every row (-1: the
// last), removed from the samples. Labels are whole numbers from 0 to 255.
func ReadLabelled[T float32 | float64](path string, labelColumn, maxRows int) (*Set[T], error) {
	if strings.ToLower(filepath.Ext(path)) == ".npz" {
		return readLabelledNpz[T](path, maxRows)
	}
	s, err := ReadFileRows[T](path, maxRows)
	if err != nil {
		return nil, err
	}
	col := labelColumn
	if col == -1 {
		col = s.Dim - 1
	}
	if col < 0 || col >= s.Dim || s.Dim < 2 {
		return nil, fmt.Errorf("data: %s: label column %d of rows of %d values (and at least one feature)", path, labelColumn, s.Dim)
	}
	out := &Set[T]{N: s.N, Dim: s.Dim - 1, Rows: make([]T, 0, s.N*(s.Dim-1)), Labels: make([]uint8, s.N)}
	for r := range s.N {
		row := s.Row(r)
		if out.Labels[r], err = label(float64(row[col])); err != nil {
			return nil, fmt.Errorf("data: %s: row %d: %w", path, r, err)
		}
		out.Rows = append(append(out.Rows, row[:col]...), row[col+1:]...)
	}
	if maxRows > 0 && out.N > maxRows {
		out.N, out.Rows, out.Labels = maxRows, out.Rows[:maxRows*out.Dim], out.Labels[:maxRows]
	}
	return out, nil
}

// readLabelledNpz reads the arrays x and y of an .npz file.
func readLabelledNpz[T float32 | float64](path string, maxRows int) (*Set[T], error) {
	s, err := ReadFile[T](path)
	if err != nil {
		return nil, err
	}
	r, err := npz.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w: %w", path, ErrData, err)
	}
	defer r.Close()
	if r.Lookup("x") == nil || r.Lookup("y") == nil {
		return nil, fmt.Errorf("data: %s: %w: a labelled .npz holds arrays \"x\" (samples) and \"y\" (labels)", path, ErrData)
	}
	a, err := r.Read("y", s.N)
	if err != nil {
		return nil, fmt.Errorf("data: %s: array \"y\": %w: %w", path, ErrData, err)
	}
	var ys []float64
	switch d := a.Data.(type) {
	case []int64:
		for _, v := range d {
			ys = append(ys, float64(v))
		}
	case []float32:
		for _, v := range d {
			ys = append(ys, float64(v))
		}
	case []float64:
		ys = d
	}
	if len(a.Shape) != 1 || len(ys) != s.N {
		return nil, fmt.Errorf("data: %s: array \"y\" of shape %v for %d rows of \"x\"; want (%d,)", path, a.Shape, s.N, s.N)
	}
	s.Labels = make([]uint8, s.N)
	for i, v := range ys {
		if s.Labels[i], err = label(v); err != nil {
			return nil, fmt.Errorf("data: %s: y[%d]: %w", path, i, err)
		}
	}
	if maxRows > 0 && s.N > maxRows {
		s.N, s.Rows, s.Labels = maxRows, s.Rows[:maxRows*s.Dim], s.Labels[:maxRows]
	}
	return s, nil
}

// label reads a class label: a whole number from 0 to 255.
func label(v float64) (uint8, error) {
	if !(v >= 0 && v <= 255) || v != math.Trunc(v) {
		return 0, fmt.Errorf("%w: label %v is not a whole number from 0 to 255", ErrData, v)
	}
	return uint8(v), nil
}
