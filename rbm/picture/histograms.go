package picture

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Values is a named set of numbers to draw as a histogram.
type Values struct {
	Name   string
	Values []float64
}

// Histograms draws one histogram of each set, in a grid of cols columns
// (rows as needed), under a title: the figure by which the "RBMs revisited
// in TensorFlow 2" article watches weights and biases converge. NaN and
// ±Inf values are counted and named in the panel's title, not drawn.
func Histograms(title string, sets []Values, cols int) (image.Image, error) {
	if len(sets) == 0 || cols < 1 {
		return nil, fmt.Errorf("picture: histograms need at least one set and one column")
	}
	rows := (len(sets) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for i, set := range sets {
		p := plot.New()
		finite := make(plotter.Values, 0, len(set.Values))
		bad := 0
		for _, v := range set.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bad++
				continue
			}
			finite = append(finite, v)
		}
		p.Title.Text = fmt.Sprintf("%s (%d values)", set.Name, len(set.Values))
		if bad > 0 {
			p.Title.Text = fmt.Sprintf("%s (%d values, %d not finite)", set.Name, len(set.Values), bad)
		}
		p.Y.Label.Text = "count"
		if len(finite) > 0 {
			bins := max(1, min(50, len(finite)/2))
			lo, hi := finite[0], finite[0]
			for _, v := range finite {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			if lo == hi {
				bins = 1 // gonum's histogram needs a spread to make bins of
				finite = append(finite, lo+math.Max(1e-12, math.Abs(lo)*1e-9))
			}
			h, err := plotter.NewHist(finite, bins)
			if err != nil {
				return nil, fmt.Errorf("picture: histogram of %s: %w", set.Name, err)
			}
			h.FillColor = color.RGBA{R: 31, G: 119, B: 180, A: 255}
			h.LineStyle.Width = vg.Points(0.3)
			p.Add(h)
		}
		plots[i/cols][i%cols] = p
	}
	for r := range plots {
		for c := range plots[r] {
			if plots[r][c] == nil {
				plots[r][c] = plot.New()
				plots[r][c].HideAxes()
			}
		}
	}
	img := vgimg.New(vg.Points(float64(300*cols)), vg.Points(float64(40+220*rows)))
	dc := draw.New(img)
	top := plot.New()
	top.Title.Text = title
	head := draw.Crop(dc, 0, 0, dc.Max.Y-dc.Min.Y-vg.Points(30), 0)
	top.HideAxes()
	top.Draw(head)
	body := draw.Crop(dc, 0, 0, 0, -vg.Points(30))
	canvases := plot.Align(plots, draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(15), PadY: vg.Points(15), PadTop: vg.Points(5), PadBottom: vg.Points(5), PadLeft: vg.Points(5), PadRight: vg.Points(10)}, body)
	for r := range plots {
		for c := range plots[r] {
			plots[r][c].Draw(canvases[r][c])
		}
	}
	return img.Image(), nil
}
