package data

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		rows     int     // samples read; 0: an error is expected
		first    float64 // the first value read
		err      string  // part of the error
	}{
		{"plain", "1,0\n0,1\n", 2, 1, ""},
		{"byte-order mark", "\xEF\xBB\xBF1,0\n0,1\n", 2, 1, ""},
		{"byte-order mark and header", "\xEF\xBB\xBFa,b\n1,0\n0,1\n", 2, 1, ""},
		{"header", "x1,x2\n0.5,1\n", 1, 0.5, ""},
		{"quoted numbers are numbers", "\"1\",\"0\"\n", 1, 1, ""},
		{"first row out of range", "1e999,1\n0,1\n", 0, 0, "line 1, column 1"},
		{"first row NaN", "-nan,1\n0,1\n", 0, 0, "line 1, column 1"},
		{"first row infinite", "1,inf\n0,1\n", 0, 0, "line 1, column 2"},
		{"first row with a quoted pair", "\"1,0\",1\n0,1\n", 0, 0, "line 1, column 1"},
		{"blank lines counted", "1,0\n\n\n0,x\n", 0, 0, "line 4, column 2"},
		{"ragged", "1,0\n\n1\n", 0, 0, "line 3 has 1 values"},
		{"header only", "a,b\n", 0, 0, "no samples"},
		{"empty", "", 0, 0, "no samples"},
		{"byte-order mark only", "\xEF\xBB\xBF", 0, 0, "no samples"},
		{"bad quote", "1,\"0\n", 0, 0, "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadCSV[float64](strings.NewReader(tc.in), 0)
			if tc.rows == 0 {
				if err == nil {
					t.Fatalf("read %d rows, want an error", s.N)
				}
				if !errors.Is(err, ErrData) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %q, want ErrData naming %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.N != tc.rows || s.Rows[0] != tc.first {
				t.Errorf("%d rows starting %v, want %d starting %v", s.N, s.Rows[0], tc.rows, tc.first)
			}
		})
	}
}

// failAfter returns r's bytes, then an error instead of io.EOF: a reader that
// must not be read to its end.
type failAfter struct{ r io.Reader }

func (f failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("read past the rows asked for")
	}
	return n, err
}

func TestReadCSVStopsAtMaxRows(t *testing.T) {
	rows := strings.Repeat("1,0,1\n", 100000)
	s, err := ReadCSV[float32](failAfter{strings.NewReader(rows)}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if s.N != 3 || len(s.Rows) != 9 {
		t.Errorf("read %d rows (%d values), want 3", s.N, len(s.Rows))
	}
}

func TestLineLimiter(t *testing.T) {
	l := &lineLimiter{r: bufio.NewReader(strings.NewReader("12345\n1234567")), max: 6}
	if _, err := io.ReadAll(l); err == nil || !strings.Contains(err.Error(), "longer than 6 bytes") {
		t.Errorf("a 7-byte line passed a limit of 6: %v", err)
	}
	l = &lineLimiter{r: bufio.NewReader(strings.NewReader("123456\n123456\n")), max: 6}
	if b, err := io.ReadAll(l); err != nil || len(b) != 14 {
		t.Errorf("lines of 6 bytes under a limit of 6: %d bytes, %v", len(b), err)
	}
}

func TestReadFileRefusesDevices(t *testing.T) {
	_, err := ReadFile[float32]("/dev/zero.csv")
	if err == nil {
		t.Fatal("a missing file was read")
	}
	if _, err := readCSV[float32]("/dev/zero", 0); err == nil || !errors.Is(err, ErrData) || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("/dev/zero: %v, want a refusal of a device", err)
	}
}
