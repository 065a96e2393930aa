package data

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
)

func TestReadLabelled(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	arrays := func(name string, a ...npz.Array) string {
		p := filepath.Join(dir, name)
		if err := npz.WriteFile(p, a); err != nil {
			t.Fatal(err)
		}
		return p
	}
	x := npz.Array{Name: "x", Shape: []int{3, 2}, Data: []float64{1, 2, 3, 4, 5, 6}}
	for _, c := range []struct {
		path     string
		col, max int
		rows     []float64
		labels   []uint8
	}{
		{file("last.csv", "1,2,0\n3,4,2\n5,6,1\n"), -1, 0, []float64{1, 2, 3, 4, 5, 6}, []uint8{0, 2, 1}},
		{file("first.csv", "a,b,c\n0,1,2\n7,3,4\n"), 0, 0, []float64{1, 2, 3, 4}, []uint8{0, 7}},
		{file("max.csv", "1,2,0\n3,4,2\n5,6,1\n"), -1, 2, []float64{1, 2, 3, 4}, []uint8{0, 2}},
		{arrays("xy.npz", x, npz.Array{Name: "y", Shape: []int{3}, Data: []int64{9, 0, 255}}), -1, 0, []float64{1, 2, 3, 4, 5, 6}, []uint8{9, 0, 255}},
		{arrays("xyf.npz", x, npz.Array{Name: "y", Shape: []int{3}, Data: []float32{1, 2, 3}}), -1, 1, []float64{1, 2}, []uint8{1}},
	} {
		s, err := ReadLabelled[float64](c.path, c.col, c.max)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if !reflect.DeepEqual(s.Rows, c.rows) || !reflect.DeepEqual(s.Labels, c.labels) || s.N != len(c.labels) || s.Dim != len(c.rows)/len(c.labels) {
			t.Errorf("%s: rows %v labels %v (N %d, Dim %d), want %v and %v", c.path, s.Rows, s.Labels, s.N, s.Dim, c.rows, c.labels)
		}
	}
	for _, c := range []struct {
		path string
		col  int
		want string
	}{
		{file("frac.csv", "1,2,0.5\n"), -1, "label 0.5 is not a whole number"},
		{file("neg.csv", "1,2,-1\n"), -1, "label -1 is not"},
		{file("big.csv", "1,2,256\n"), -1, "label 256 is not"},
		{file("col.csv", "1,2,0\n"), 3, "label column 3 of rows of 3 values"},
		{file("one.csv", "1\n"), -1, "label column -1 of rows of 1 values"},
		{arrays("noy.npz", x, npz.Array{Name: "z", Shape: []int{3}, Data: []int64{0, 1, 2}}), -1, "arrays \"x\" (samples) and \"y\" (labels)"},
		{arrays("shorty.npz", x, npz.Array{Name: "y", Shape: []int{2}, Data: []int64{0, 1}}), -1, "array \"y\" of shape [2] for 3 rows"},
		{arrays("nany.npz", x, npz.Array{Name: "y", Shape: []int{3}, Data: []float64{0, 1, 0.0 / zero}}), -1, "y[2]"},
		{filepath.Join(dir, "none.csv"), -1, "no such file"},
	} {
		if _, err := ReadLabelled[float32](c.path, c.col, 0); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
	}
}

var zero = 0.0

// Whatever the bytes of a CSV file, ReadLabelled returns whole rows with a
// label each, or an error.
func FuzzReadLabelled(f *testing.F) {
	f.Add([]byte("1,2,0\n3,4,1\n"), -1)
	f.Add([]byte("a,b\n1,2\n"), 0)
	f.Add([]byte("1,2,2.5\n"), 2)
	f.Add([]byte("1e999,0\n"), 1)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte, col int) {
		p := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := ReadLabelled[float32](p, col, 0)
		if err != nil {
			return
		}
		if s.N < 1 || s.Dim < 1 || len(s.Rows) != s.N*s.Dim || len(s.Labels) != s.N {
			t.Fatalf("%d rows of %d: %d values, %d labels", s.N, s.Dim, len(s.Rows), len(s.Labels))
		}
	})
}
