package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// MaxLineBytes bounds one line of a CSV file, so that a file without line
// breaks (or a device that never ends) is refused before it fills memory.
const MaxLineBytes = 1 << 26

// utf8BOM is the byte-order mark that spreadsheets write at the start of a
// UTF-8 file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readCSV reads a CSV file of one sample a row, up to maxRows rows when
// maxRows > 0 (see ReadCSV).
func readCSV[T float32 | float64](path string, maxRows int) (*Set[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Mode()&(os.ModeDevice|os.ModeDir) != 0 {
		return nil, fmt.Errorf("%w: not a regular file (%v)", ErrData, st.Mode().Type())
	}
	return ReadCSV[T](f, maxRows)
}

// ReadCSV reads samples from CSV text, one sample a row, values separated by
// commas, stopping after maxRows samples when maxRows > 0 (the rest of the
// input is not read). A UTF-8 byte-order mark at the start is skipped. The
// first row is a header when none of its cells is a number; any other row
// whose cells are not all finite numbers is an error that names its line
// (1-based, blank lines counted) and column. Errors wrap ErrData.
func ReadCSV[T float32 | float64](r io.Reader, maxRows int) (*Set[T], error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(head, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(&lineLimiter{r: br, max: MaxLineBytes})
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1 // rows of another length are refused below, with their line
	s := &Set[T]{}
	first := true
	for maxRows <= 0 || s.N < maxRows {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%w: line %d: %w", ErrData, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%w: %w", ErrData, err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if isHeader(rec) {
				continue
			}
		}
		if s.Dim == 0 {
			s.Dim = len(rec)
		}
		if len(rec) != s.Dim {
			return nil, fmt.Errorf("%w: line %d has %d values, the first has %d", ErrData, line, len(rec), s.Dim)
		}
		if len(s.Rows)+s.Dim > MaxValues {
			return nil, fmt.Errorf("%w: more than %d values", ErrData, MaxValues)
		}
		for col, field := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: line %d, column %d: %q is not a finite number", ErrData, line, col+1, field)
			}
			s.Rows = append(s.Rows, T(v))
		}
		s.N++
	}
	if s.N == 0 {
		return nil, fmt.Errorf("%w: no samples", ErrData)
	}
	return s, nil
}

// isHeader reports whether none of a row's cells is a number. A cell that
// parses as a number out of float64's range (1e999), NaN or an infinity is
// a number for this test, so that a first row holding one is reported as
// bad data, not taken for a header.
func isHeader(rec []string) bool {
	for _, field := range rec {
		_, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
		if err == nil || errors.Is(err, strconv.ErrRange) {
			return false
		}
	}
	return true
}

// lineLimiter passes r's bytes through, failing once a line grows past max
// bytes.
type lineLimiter struct {
	r    *bufio.Reader
	max  int
	line int // bytes since the last line break
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.line = 0
			continue
		}
		l.line++
		if l.line > l.max {
			return 0, fmt.Errorf("a line longer than %d bytes", l.max)
		}
	}
	return n, err
}
