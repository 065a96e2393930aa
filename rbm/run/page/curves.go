package page

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Series is one monitor's values over the epochs.
type Series struct {
	Name string
	X, Y []float64 // the epochs and the values; NaN in Y where there is none
}

// Finite returns the number of finite values of s.
func (s Series) Finite() int {
	n := 0
	for _, y := range s.Y {
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			n++
		}
	}
	return n
}

// maxMonitorsBytes bounds the monitors.csv Write reads.
const maxMonitorsBytes = 64 << 20

// ReadMonitors reads the rows of a monitors.csv file, the header first.
// Rows may be shorter or longer than the header.
func ReadMonitors(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMonitorsBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxMonitorsBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxMonitorsBytes)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// ParseMonitors returns the series of monitors rows (the header, then a
// row an epoch): one a column but "epoch", in the header's order, over the
// "epoch" column (or the row's number when there is none, or its cell is
// not a number). Cells that are missing or not numbers are NaN.
func ParseMonitors(rows [][]string) ([]Series, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, errors.New("page: monitors without a header")
	}
	head := rows[0]
	epochCol := -1
	for i, name := range head {
		if name == "epoch" {
			epochCol = i
			break
		}
	}
	var out []Series
	for i, name := range head {
		if i == epochCol {
			continue
		}
		s := Series{Name: name, X: make([]float64, 0, len(rows)-1), Y: make([]float64, 0, len(rows)-1)}
		for r, row := range rows[1:] {
			x := float64(r)
			if epochCol >= 0 {
				if e := cell(row, epochCol); !math.IsNaN(e) {
					x = e
				}
			}
			s.X = append(s.X, x)
			s.Y = append(s.Y, cell(row, i))
		}
		out = append(out, s)
	}
	return out, nil
}

// cell returns row[i] as a number, NaN when it is missing or not one.
func cell(row []string, i int) float64 {
	if i >= len(row) {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(row[i]), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// Panel size, in points.
const (
	panelWidth  = 330
	panelHeight = 210
)

var curveColor = color.RGBA{R: 31, G: 119, B: 180, A: 255}

// dotsUpTo is the number of points up to which Panel marks every point by
// a dot; beyond it, only the points without a neighbour.
const dotsUpTo = 40

// Panel returns the plot of a series: its finite values joined by lines
// where they follow one another, gaps where a value is missing, and dots
// on the points (of a long series, on those a gap isolates).
func Panel(s Series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = s.Name
	p.X.Label.Text = "epoch"
	var dots plotter.XYs
	var segment plotter.XYs
	all := s.Finite() <= dotsUpTo
	flush := func() error {
		if len(segment) == 1 || all {
			dots = append(dots, segment...)
		}
		if len(segment) > 1 {
			l, err := plotter.NewLine(segment)
			if err != nil {
				return err
			}
			l.Color = curveColor
			l.Width = vg.Points(1.2)
			p.Add(l)
		}
		segment = nil
		return nil
	}
	for i, y := range s.Y {
		x := s.X[i]
		if math.IsNaN(y) || math.IsInf(y, 0) || math.IsNaN(x) || math.IsInf(x, 0) {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		segment = append(segment, plotter.XY{X: x, Y: y})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(dots) > 0 {
		sc, err := plotter.NewScatter(dots)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = curveColor
		sc.GlyphStyle.Radius = vg.Points(1.6)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(sc)
	}
	if p.X.Min == p.X.Max { // one epoch: give the axis a width
		p.X.Min, p.X.Max = p.X.Min-1, p.X.Max+1
	}
	if p.Y.Min == p.Y.Max {
		d := math.Max(1e-9, math.Abs(p.Y.Min)*1e-3)
		p.Y.Min, p.Y.Max = p.Y.Min-d, p.Y.Max+d
	}
	if err := drawable(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max); err != nil {
		return nil, err
	}
	return p, nil
}

// maxDrawn bounds the magnitude of the values Panel draws: the plotting
// library's ticks over a span near the largest float64 run without end.
const maxDrawn = 1e300

// drawable reports axes whose values are too large to draw.
func drawable(xmin, xmax, ymin, ymax float64) error {
	for _, v := range []float64{xmin, xmax, ymin, ymax} {
		if !(math.Abs(v) <= maxDrawn) {
			return fmt.Errorf("values beyond ±%g", maxDrawn)
		}
	}
	return nil
}

// drawSafely draws p on c, turning a panic of the plotting library (which
// some ranges of values provoke) into an error.
func drawSafely(p *plot.Plot, c draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("page: drawing %q: %v", p.Title.Text, r)
		}
	}()
	p.Draw(c)
	return nil
}

// SVG returns the plot as an <svg> element to put inside an HTML page.
func SVG(p *plot.Plot) (string, error) {
	c := vgsvg.New(vg.Points(panelWidth), vg.Points(panelHeight))
	if err := drawSafely(p, draw.New(c)); err != nil {
		return "", err
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", err
	}
	s := b.String()
	i := strings.Index(s, "<svg")
	if i < 0 {
		return "", errors.New("page: the plotting library wrote no <svg> element")
	}
	return s[i:], nil
}

// Figure draws the plots in a grid of cols columns (rows as needed); with
// none, a panel that says there are no monitors yet.
func Figure(plots []*plot.Plot, cols int) (*vgimg.Canvas, error) {
	if len(plots) == 0 {
		p := plot.New()
		p.Title.Text = "no monitors yet"
		p.HideAxes()
		plots = []*plot.Plot{p}
	}
	cols = max(1, min(cols, len(plots)))
	rows := (len(plots) + cols - 1) / cols
	// 72 dots an inch: a pixel a point, which keeps the picture quick to
	// draw and encode every epoch.
	img := vgimg.NewWith(vgimg.UseWH(vg.Points(float64(panelWidth*cols)), vg.Points(float64(panelHeight*rows))), vgimg.UseDPI(72))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(10), PadY: vg.Points(10), PadTop: vg.Points(5), PadBottom: vg.Points(5), PadLeft: vg.Points(5), PadRight: vg.Points(10)}
	for i, p := range plots {
		if err := drawSafely(p, tiles.At(dc, i%cols, i/cols)); err != nil {
			return nil, err
		}
	}
	return img, nil
}
