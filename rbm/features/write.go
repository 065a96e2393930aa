package features

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rbmgo/rbm/internal/atomicfile"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/npz"
)

// Table is a table of values being written: rows × cols values of T, given
// to Write a batch of whole rows at a time.
type Table[T rbm.Float] struct {
	rows, cols, done int
	w                io.Writer
	csv              bool
	line             []byte
}

// WriteTable writes a table of rows × cols values to path, in the format
// its extension names: .npy (an array of rows × cols), .npz (an archive
// whose one array, "data", is that) or .csv (one row a line, no header).
// write is given the table and must Write exactly rows rows, in order; the
// values are streamed, never held whole, and the file appears at path only
// once they all have been written (atomicfile).
func WriteTable[T rbm.Float](path string, rows, cols int, write func(t *Table[T]) error) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".npy" && ext != ".npz" && ext != ".csv" {
		return fmt.Errorf("features: %s: want a .npy, .npz or .csv file", path)
	}
	if rows < 0 || cols < 1 {
		return fmt.Errorf("features: a table of %d×%d", rows, cols)
	}
	err := atomicfile.Write(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		t := &Table[T]{rows: rows, cols: cols, w: bw, csv: ext == ".csv"}
		var zw *zip.Writer
		if ext == ".npz" {
			zw = zip.NewWriter(bw)
			f, err := zw.CreateHeader(&zip.FileHeader{Name: "data.npy", Method: zip.Deflate})
			if err != nil {
				return err
			}
			t.w = f
		}
		if !t.csv {
			if err := npz.WriteHeader(t.w, descr[T](), []int{rows, cols}); err != nil {
				return err
			}
		}
		if err := write(t); err != nil {
			return err
		}
		if t.done != rows {
			return fmt.Errorf("features: %d rows written, the table has %d", t.done, rows)
		}
		if zw != nil {
			if err := zw.Close(); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("features: %s: %w", path, err)
	}
	return nil
}

// descr is numpy's name of T.
func descr[T rbm.Float]() string {
	var z T
	if _, ok := any(z).(float32); ok {
		return "<f4"
	}
	return "<f8"
}

// Write appends whole rows to the table.
func (t *Table[T]) Write(x []T) error {
	if len(x)%t.cols != 0 || t.done+len(x)/t.cols > t.rows {
		return fmt.Errorf("features: %d values are not whole rows of %d, or more than the table's %d rows", len(x), t.cols, t.rows)
	}
	t.done += len(x) / t.cols
	if !t.csv {
		return binary.Write(t.w, binary.LittleEndian, x)
	}
	var z T
	bits := int(8 * binary.Size(z))
	for i, v := range x {
		t.line = strconv.AppendFloat(t.line, float64(v), 'g', -1, bits)
		if (i+1)%t.cols == 0 {
			t.line = append(t.line, '\n')
			if _, err := t.w.Write(t.line); err != nil {
				return err
			}
			t.line = t.line[:0]
		} else {
			t.line = append(t.line, ',')
		}
	}
	return nil
}
