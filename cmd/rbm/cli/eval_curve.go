package cli

import (
	"encoding/csv"
	"fmt"
	"image/color"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// paperFigures are the test log-likelihoods of 500-hidden-unit RBMs on
// MNIST in Salakhutdinov & Murray (2008), drawn as reference lines.
var paperFigures = []struct {
	name string
	ll   float64
}{{"CD-1 (paper)", -125.53}, {"CD-3 (paper)", -105.50}, {"CD-25 (paper)", -86.34}}

// maxCurveRows bounds the rows read from a likelihood.csv.
const maxCurveRows = 1_000_000

// plotCurve draws the test log-likelihood against epochs from a CSV file
// into a PNG, beside the paper's figures: the monitors.csv of "rbm train
// --eval-every" (whose test_log_likelihood_ais… column is NaN on the epochs
// not evaluated, which are left out), or any file with "epoch" and
// "test_log_likelihood" columns.
func plotCurve(csvPath, pngPath string) error {
	f, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", csvPath, err)
	}
	if len(rows) < 2 || len(rows) > maxCurveRows {
		return fmt.Errorf("%s: want a header and 1 to %d rows, found %d lines", csvPath, maxCurveRows-1, len(rows))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		if strings.HasPrefix(name, "test_log_likelihood") {
			name = "test_log_likelihood"
		}
		col[name] = i
	}
	for _, name := range []string{"epoch", "test_log_likelihood"} {
		if _, ok := col[name]; !ok {
			return fmt.Errorf("%s: no %q column", csvPath, name)
		}
	}
	var pts plotter.XYs
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, r := range rows[1:] {
		if len(r) != len(rows[0]) {
			return fmt.Errorf("%s: row %d has %d fields, the header %d", csvPath, i+2, len(r), len(rows[0]))
		}
		x, err1 := strconv.ParseFloat(r[col["epoch"]], 64)
		y, err2 := strconv.ParseFloat(r[col["test_log_likelihood"]], 64)
		if strings.HasPrefix(rows[0][col["test_log_likelihood"]], "test_log_likelihood_ais") && math.IsNaN(y) {
			continue // an epoch --eval-every did not evaluate
		}
		if err1 != nil || err2 != nil || math.IsNaN(y) || math.IsInf(y, 0) || math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: row %d: epoch %q, test log-likelihood %q are not finite numbers", csvPath, i+2, r[col["epoch"]], r[col["test_log_likelihood"]])
		}
		pts = append(pts, plotter.XY{X: x, Y: y})
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	if len(pts) == 0 {
		return fmt.Errorf("%s: no epoch with a test log-likelihood", csvPath)
	}
	p := plot.New()
	p.Title.Text = "Test log-likelihood (AIS)"
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "nats"
	line, points, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	line.Width = vg.Points(1.5)
	p.Add(line, points)
	p.Legend.Add("this model", line, points)
	p.Legend.Top = false
	p.Legend.Left = false
	xmax := pts[len(pts)-1].X
	for i, ref := range paperFigures {
		if ref.ll < lo-10 {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: ref.ll}, {X: xmax, Y: ref.ll}})
		if err != nil {
			return err
		}
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		l.Color = []color.Color{color.RGBA{200, 0, 0, 255}, color.RGBA{0, 120, 0, 255}, color.RGBA{0, 0, 200, 255}}[i]
		p.Add(l)
		p.Legend.Add(ref.name, l)
		hi = math.Max(hi, ref.ll)
	}
	p.Y.Max = hi + 2
	p.Add(plotter.NewGrid())
	return p.Save(6*vg.Inch, 4*vg.Inch, pngPath)
}
