package data

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
)

// writeNpy writes a as a .npy file: the member of a one-array archive.
func writeNpy(t testing.TB, path string, a npz.Array) {
	t.Helper()
	var buf bytes.Buffer
	if err := npz.Write(&buf, []npz.Array{a}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	npy, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, npy, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	write := func(name, text string) {
		if err := os.WriteFile(p(name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("plain.csv", "1,0,1\n0,0.5,1\n")
	write("header.csv", "a, b, c\n1, 0, 1\n0, 0.5, 1\n")
	write("ragged.csv", "1,0,1\n0,1\n")
	write("nan.csv", "x,y\n1,0\n0,NaN\n")
	write("text.csv", "1,0\n0,zero\n")
	write("empty.csv", "a,b\n")
	write("data.txt", "1,2\n")
	if err := npz.WriteFile(p("one.npz"), []npz.Array{{Name: "pixels", Shape: []int{2, 2, 3}, Data: []float32{1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1}}}); err != nil {
		t.Fatal(err)
	}
	if err := npz.WriteFile(p("named.npz"), []npz.Array{{Name: "labels", Shape: []int{2}, Data: []int64{3, 4}}, {Name: "x", Shape: []int{2, 3}, Data: []float64{1, 0, 1, 0, 0.5, 1}}}); err != nil {
		t.Fatal(err)
	}
	if err := npz.WriteFile(p("two.npz"), []npz.Array{{Name: "a", Shape: []int{1, 1}, Data: []float64{1}}, {Name: "b", Shape: []int{1, 1}, Data: []float64{1}}}); err != nil {
		t.Fatal(err)
	}
	if err := npz.WriteFile(p("vector.npz"), []npz.Array{{Name: "x", Shape: []int{3}, Data: []float64{1, 2, 3}}}); err != nil {
		t.Fatal(err)
	}
	writeNpy(t, p("ints.npy"), npz.Array{Name: "x", Shape: []int{2, 3}, Data: []int64{1, 0, 1, 0, 0, 1}})
	for _, tc := range []struct {
		file          string
		n, dim, h, w  int
		first, second []float64
		err           string
	}{
		{file: "plain.csv", n: 2, dim: 3, first: []float64{1, 0, 1}, second: []float64{0, 0.5, 1}},
		{file: "header.csv", n: 2, dim: 3, first: []float64{1, 0, 1}, second: []float64{0, 0.5, 1}},
		{file: "one.npz", n: 2, dim: 6, h: 2, w: 3, first: []float64{1, 0, 1, 0, 1, 0}, second: []float64{0, 0, 1, 1, 1, 1}},
		{file: "named.npz", n: 2, dim: 3, first: []float64{1, 0, 1}, second: []float64{0, 0.5, 1}},
		{file: "ints.npy", n: 2, dim: 3, first: []float64{1, 0, 1}, second: []float64{0, 0, 1}},
		{file: "ragged.csv", err: "line 2 has 2 values, the first has 3"},
		{file: "nan.csv", err: `line 3, column 2: "NaN" is not a finite number`},
		{file: "text.csv", err: `line 2, column 2: "zero"`},
		{file: "empty.csv", err: "no samples"},
		{file: "data.txt", err: "unknown kind of file"},
		{file: "two.npz", err: `holds 2 arrays (a, b)`},
		{file: "vector.npz", err: "want n×d samples or n×h×w pictures"},
		{file: "missing.csv", err: "no such file"},
	} {
		s, err := ReadFile[float64](p(tc.file))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.file, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if s.N != tc.n || s.Dim != tc.dim || s.Height != tc.h || s.Width != tc.w || !slices.Equal(s.Row(0), tc.first) || !slices.Equal(s.Row(1), tc.second) {
			t.Errorf("%s: %d×%d (%d×%d pictures), rows %v %v", tc.file, s.N, s.Dim, s.Height, s.Width, s.Row(0), s.Row(1))
		}
	}
	if _, err := ReadFile[float32](p("nan.csv")); !errors.Is(err, ErrData) {
		t.Errorf("error %v does not wrap ErrData", err)
	}
}

// An array that claims more than MaxValues values is refused from its
// header.
func TestReadFileRefusesHugeClaims(t *testing.T) {
	hdr := "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }"
	for (10+len(hdr)+1)%64 != 0 {
		hdr += " "
	}
	npy := append([]byte("\x93NUMPY\x01\x00"), byte(len(hdr)+1), 0)
	npy = append(append(npy, hdr...), '\n')
	path := filepath.Join(t.TempDir(), "huge.npy")
	if err := os.WriteFile(path, npy, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile[float32](path); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("error %v, want a refusal of the size", err)
	}
}

func TestSplitAndShape(t *testing.T) {
	s := &Set[float32]{N: 10, Dim: 4, Rows: make([]float32, 40)}
	for i := range s.Rows {
		s.Rows[i] = float32(i / 4)
	}
	rest, part, err := s.Split(0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if rest.N != 8 || part.N != 2 || len(rest.Rows) != 32 || len(part.Rows) != 8 {
		t.Fatalf("split into %d and %d rows", rest.N, part.N)
	}
	seen := map[float32]bool{}
	for _, set := range []*Set[float32]{rest, part} {
		for i := range set.N {
			seen[set.Row(i)[0]] = true
		}
	}
	if len(seen) != 10 {
		t.Errorf("the parts hold %d distinct rows of 10", len(seen))
	}
	for _, f := range []float64{0, 1, 0.01, -0.5} {
		if _, _, err := s.Split(f, rand.New(rand.NewPCG(1, 1))); err == nil {
			t.Errorf("Split(%g) accepted", f)
		}
	}
	if err := s.SetShape(2, 2); err != nil || s.Height != 2 {
		t.Errorf("SetShape(2, 2): %v", err)
	}
	if err := s.SetShape(3, 2); err == nil {
		t.Error("SetShape(3, 2) accepted for rows of 4")
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"1,0,1\n0,0.5,1\n", "a,b\n1,2\n", "1\n", "\"1\",\"2\"\n3,4", "1e400,1\n", ",\n,\n",
		"\xEF\xBB\xBFa,b\n1,2\n", "\xEF\xBB\xBF1,2\n", "-nan,1\n0,1\n", "\"1,0\",1\n", "x\n\n\n1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := ReadFile[float64](path)
		if err != nil {
			if !errors.Is(err, ErrData) {
				t.Fatalf("error %v does not wrap ErrData", err)
			}
			return
		}
		if s.N < 1 || s.Dim < 1 || len(s.Rows) != s.N*s.Dim {
			t.Fatalf("%d rows of %d values in %d", s.N, s.Dim, len(s.Rows))
		}
		// No row is lost: every line holding a number is a sample, but a
		// first line that is a header.
		numbered, first := 0, true
		for _, line := range strings.Split(strings.TrimPrefix(string(b), "\xEF\xBB\xBF"), "\n") {
			if strings.TrimSpace(line) == "" || strings.ContainsAny(line, "\"\r") {
				continue
			}
			if !first || !isHeader(strings.Split(line, ",")) {
				numbered++
			}
			first = false
		}
		if !strings.ContainsAny(string(b), "\"\r") && s.N != numbered {
			t.Fatalf("read %d samples from %d lines of numbers:\n%q", s.N, numbered, b)
		}
	})
}
