package picture

import (
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTile(t *testing.T) {
	// Two 2×2 images on a 1×3 grid with spacing 1: 2 rows, 3·3-1 = 8 columns.
	x := []float64{0, 1, 2, 3, -1, 0.5, 2, 0.25}
	for _, tc := range []struct {
		name  string
		scale bool
		want  [][]uint8
	}{
		{"scaled", true, [][]uint8{
			{0, 85, 0, 0, 127, 0, 0, 0},
			{170, 255, 0, 255, 106, 0, 0, 0},
		}},
		{"clipped", false, [][]uint8{
			{0, 255, 0, 0, 128, 0, 0, 0},
			{255, 255, 0, 255, 64, 0, 0, 0},
		}},
	} {
		img := Tile(x, 2, 2, 1, 3, 1, tc.scale)
		if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 2 {
			t.Fatalf("%s: size %v", tc.name, b)
		}
		for y, row := range tc.want {
			for xx, want := range row {
				if got := img.GrayAt(xx, y).Y; got != want {
					t.Errorf("%s: pixel (%d,%d) = %d, want %d", tc.name, xx, y, got, want)
				}
			}
		}
	}
}

func TestFiltersTakesColumns(t *testing.T) {
	// W is 4 visible × 2 hidden; filter 1 is column 1: 1, 3, 5, 7.
	w := []float64{0, 1, 2, 3, 4, 5, 6, 7}
	img := Filters(w, 4, 2, 2, 2, 1, 2)
	if got := img.GrayAt(3, 0).Y; got != 0 {
		t.Errorf("filter 1 top-left %d, want 0 (its minimum)", got)
	}
	if got := img.GrayAt(4, 1).Y; got != 255 {
		t.Errorf("filter 1 bottom-right %d, want 255 (its maximum)", got)
	}
}

func TestStackAndUpscale(t *testing.T) {
	a := Tile([]float64{1, 1}, 1, 2, 1, 1, 0, false)
	b := Tile([]float64{0, 1}, 1, 2, 1, 1, 0, false)
	s := Stack(a, b)
	if s.Bounds().Dy() != 3 || s.GrayAt(0, 1).Y != 0 || s.GrayAt(1, 2).Y != 255 || s.GrayAt(0, 0).Y != 255 {
		t.Errorf("stack %v", s.Pix)
	}
	u := Upscale(b, 3)
	if u.Bounds().Dx() != 6 || u.GrayAt(2, 2).Y != 0 || u.GrayAt(3, 0).Y != 255 {
		t.Errorf("upscale %v", u.Pix)
	}
}

func TestWritePNG(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	img := Tile([]float64{0, 0.5, 1, 0.25}, 2, 2, 1, 1, 0, false)
	if err := WritePNG(p, img); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(p)
	defer f.Close()
	back, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if back.(*image.Gray).GrayAt(1, 0).Y != 128 {
		t.Error("round trip changed a pixel")
	}
	err = WritePNG(filepath.Join(dir, "missing", "x.png"), img)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "missing", "x.png")) {
		t.Errorf("error %v does not name the path", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestDReLUFigure(t *testing.T) {
	img, gaps, err := DReLUFigure(200000, 1)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 600 {
		t.Errorf("figure is %v", b)
	}
	// Histograms of 2·10⁵ samples in bins of width 0.1 lie within a few
	// standard errors (√(p/(nw)) ≤ 0.015 for densities up to 0.5) of the density.
	for i, panel := range gaps {
		for j, g := range panel {
			if !(g <= 0.05) {
				t.Errorf("panel %d curve %d: histogram departs from the density by %.3f", i, j, g)
			}
		}
	}
	if _, _, err := DReLUFigure(0, 1); err == nil {
		t.Error("zero samples accepted")
	}
}

func TestHistograms(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	w := make([]float64, 1000)
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	img, err := Histograms("epoch 3", []Values{{"W", w}, {"vbias", []float64{0, 0, 0}}, {"dW", []float64{1, math.NaN()}}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 400 {
		t.Errorf("image of %v", b)
	}
	if _, err := Histograms("none", nil, 2); err == nil {
		t.Error("no sets accepted")
	}
}

func TestColumnLabels(t *testing.T) {
	tile := Upscale(Tile(make([]float64, 3*4), 2, 2, 1, 3, 1, false), 10) // 3 columns of 20 pixels, 10 between
	img, err := ColumnLabels(tile, 20, 10, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	b, tb := img.Bounds(), tile.Bounds()
	if b.Dx() != tb.Dx() || b.Dy() != tb.Dy()+labelHeight {
		t.Fatalf("labelled picture %v from %v", b, tb)
	}
	// The band is white but for the labels' ink; the picture below is as it was.
	dark := 0
	for y := 0; y < labelHeight; y++ {
		for x := 0; x < b.Dx(); x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				dark++
			}
		}
	}
	if dark == 0 || dark > b.Dx()*labelHeight/4 {
		t.Errorf("%d dark pixels in the band of labels", dark)
	}
	for y := 0; y < tb.Dy(); y++ {
		for x := 0; x < tb.Dx(); x++ {
			r, _, _, _ := img.At(x, y+labelHeight).RGBA()
			if want, _, _, _ := tile.At(x, y).RGBA(); r>>8 != want>>8 {
				t.Fatalf("pixel (%d, %d) is %d, was %d", x, y, r>>8, want>>8)
			}
		}
	}
	for _, bad := range []struct {
		cell, spacing int
		labels        []string
	}{{20, 10, nil}, {0, 10, []string{"a"}}, {20, -1, []string{"a"}}, {20, 10, []string{"a", "b", "c", "d"}}} {
		if _, err := ColumnLabels(tile, bad.cell, bad.spacing, bad.labels); err == nil {
			t.Errorf("columns of %d pixels, %d between, labels %q accepted", bad.cell, bad.spacing, bad.labels)
		}
	}
}
