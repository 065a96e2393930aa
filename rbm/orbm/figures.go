package orbm

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// grid is a correction evaluated on a square grid of (φA, φB).
type grid struct {
	n     int
	reach float64
	z     []float64
}

// Dims, Z, X and Y make grid a plotter.GridXYZ.
func (g grid) Dims() (c, r int)   { return g.n, g.n }
func (g grid) Z(c, r int) float64 { return g.z[r*g.n+c] }
func (g grid) X(c int) float64    { return -g.reach + 2*g.reach*float64(c)/float64(g.n-1) }
func (g grid) Y(r int) float64    { return -g.reach + 2*g.reach*float64(r)/float64(g.n-1) }

// CorrectionGrid evaluates method m's correction for one visible unit over
// (φA, φB) ∈ [−reach, reach]² on an n×n grid, for weight w and hidden state h;
// row r, column c holds φB = Y(r), φA = X(c).
func CorrectionGrid(m Method, w, h, reach float64, n int) []float64 {
	g := grid{n: n, reach: reach, z: make([]float64, n*n)}
	for r := range n {
		for c := range n {
			g.z[r*n+c] = m.Correction(g.X(c), g.Y(r), w, h)
		}
	}
	return g.z
}

// The figures' weights and spans are bounded so that their colour levels are
// few enough to draw and their axes hold finite numbers.
const (
	MinFigureWeight = 0.1    // the least |W| of a figure
	MaxFigureWeight = 1000.0 // the greatest |W| of a figure
	MinReach        = 0.01   // the least half-width of the contour plots' square
	MaxReach        = 1e6    // the greatest half-width of the contour plots' square, and bound of |ε|
)

// checkFigureWeight reports a weight whose |W| is outside
// [MinFigureWeight, MaxFigureWeight], NaN included.
func checkFigureWeight(w float64) error {
	if a := math.Abs(w); !(a >= MinFigureWeight && a <= MaxFigureWeight) {
		return fmt.Errorf("orbm: the figure's weight must have |W| in [%g, %g], got %g", MinFigureWeight, MaxFigureWeight, w)
	}
	return nil
}

// CorrectionFigure draws the notes' contour plots of the correction to a
// hidden unit's input from one visible unit, over φA (A's input, across) and
// φB (B's input, up) in [−reach, reach]², weight w: one row per method, the
// columns for h = 0 and h = 1. Eleven bands of colour span −|w|−½ to |w|+½;
// a colour key under the panels maps them to values.
func CorrectionFigure(methods []Method, w, reach float64) (image.Image, error) {
	if err := checkFigureWeight(w); err != nil {
		return nil, err
	}
	if !(reach >= MinReach && reach <= MaxReach) {
		return nil, fmt.Errorf("orbm: the figure's reach must be in [%g, %g], got %g", MinReach, MaxReach, reach)
	}
	// The bands of colour are the contours: gonum/plot's contour tracer
	// panics on some of these grids and, on others, runs without end.
	const n = 161
	lo, hi := -math.Abs(w)-0.5, math.Abs(w)+0.5
	pal, err := brewer.GetPalette(brewer.TypeDiverging, "RdYlGn", 11)
	if err != nil {
		return nil, err
	}
	plots := make([][]*plot.Plot, len(methods))
	for r, m := range methods {
		plots[r] = make([]*plot.Plot, 2)
		for c, h := range []float64{0, 1} {
			g := grid{n: n, reach: reach, z: CorrectionGrid(m, w, h, reach, n)}
			p := plot.New()
			p.Title.Text = fmt.Sprintf("%s, h_j = %g", methodTitle(m), h)
			p.X.Label.Text = "φA (input from A)"
			p.Y.Label.Text = "φB (input from B)"
			hm := plotter.NewHeatMap(g, pal)
			hm.Min, hm.Max = lo, hi
			hm.Rasterized = true
			p.Add(hm)
			axes := plotter.NewFunction(func(x float64) float64 { return -x })
			axes.Color = color.Black
			axes.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
			p.Add(axes)
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -reach, reach, -reach, reach
			plots[r][c] = p
		}
	}
	return tile(plots, 4*vg.Inch, 3.4*vg.Inch, colourKey(pal, lo, hi))
}

// colourKey is the key of a heat map of pal over [lo, hi]: a strip of the
// palette's bands over the values they stand for. The heat map gives band
// k of n the values within half a step of lo + k·(hi−lo)/(n−1).
func colourKey(pal palette.Palette, lo, hi float64) *plot.Plot {
	n := len(pal.Colors())
	step := (hi - lo) / float64(n-1)
	z := make([]float64, n)
	for k := range z {
		z[k] = lo + float64(k)*step
	}
	p := plot.New()
	p.Title.Text = "colour key: the correction to the hidden unit's input (white: outside the key)"
	hm := plotter.NewHeatMap(keyStrip{z: z}, pal)
	hm.Min, hm.Max = lo, hi
	p.Add(hm)
	// The end bands reach half a step beyond lo and hi; a hair more keeps
	// every band inside the axes (the heat map leaves out those that are not).
	pad := step * 0.501
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = -0.01, 1.01
	p.Y.Tick.Marker = plot.ConstantTicks(nil)
	p.Y.LineStyle.Width = 0
	p.X.Tick.Marker = keyTicks{lo: lo, step: step, n: n}
	return p
}

// keyStrip is one row of a colour key's values, a plotter.GridXYZ.
type keyStrip struct{ z []float64 }

func (k keyStrip) Dims() (c, r int)   { return len(k.z), 1 }
func (k keyStrip) Z(c, _ int) float64 { return k.z[c] }
func (k keyStrip) X(c int) float64    { return k.z[c] }
func (k keyStrip) Y(int) float64      { return 0.5 }

// keyTicks labels a colour key's bands by their middle values and marks
// the edges between them.
type keyTicks struct {
	lo, step float64
	n        int
}

func (t keyTicks) Ticks(_, _ float64) []plot.Tick {
	var ticks []plot.Tick
	for k := range t.n {
		ticks = append(ticks, plot.Tick{Value: t.lo + float64(k)*t.step, Label: strconv.FormatFloat(t.lo+float64(k)*t.step, 'g', 3, 64)})
		if k < t.n-1 {
			ticks = append(ticks, plot.Tick{Value: t.lo + (float64(k)+0.5)*t.step})
		}
	}
	return ticks
}

func methodTitle(m Method) string {
	switch m {
	case Exact:
		return "exact"
	case ApproxA:
		return "(a) W[σ(φA)−σ(φAB)]"
	case ApproxB:
		return "(b) gain α, switch −W/2"
	case ApproxC:
		return "(c) local, gain ω"
	case ApproxCNoGain:
		return "(c) local, no gain"
	}
	return m.String()
}

// keyHeight is the height of a figure's colour key.
const keyHeight = 0.9 * vg.Inch

// tile draws plots on a grid of cells of the given size, and under them
// key, if not nil, across the figure.
func tile(plots [][]*plot.Plot, cellW, cellH vg.Length, key *plot.Plot) (image.Image, error) {
	rows, cols := len(plots), len(plots[0])
	var below vg.Length
	if key != nil {
		below = keyHeight
	}
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(cols)*cellW, vg.Length(rows)*cellH+below), vgimg.UseDPI(96))
	dc := draw.New(img)
	if key != nil {
		strip := draw.Crop(dc, cellW/2, -cellW/2, 0, -vg.Length(rows)*cellH)
		key.Draw(draw.Crop(strip, 0, 0, vg.Millimeter*2, -vg.Millimeter*2))
		dc = draw.Crop(dc, 0, 0, below, 0)
	}
	t := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, t, dc)
	for r := range plots {
		for c := range plots[r] {
			if plots[r][c] != nil {
				plots[r][c].Draw(canvases[r][c])
			}
		}
	}
	return img.Image(), nil
}

// SigmoidFigure draws the notes' 1-D comparison: left, log(σ(φ)/σ(φ+W)) and
// its sigmoid approximation −W·σ(−α(φ+W/2)) for weight w (the notes use
// W = −10, α ≈ 0.3946); right, the whole correction with the other model's
// input ε, log(σ(φ)/σ(φ+W)) − log(σ(φ+ε)/σ(φ+W+ε)), beside
// −W[σ(−α(φ+W/2)) − σ(−α(φ+ε+W/2))].
func SigmoidFigure(w, eps float64) (image.Image, error) {
	if err := checkFigureWeight(w); err != nil {
		return nil, err
	}
	if !(math.Abs(eps) <= MaxReach) {
		return nil, fmt.Errorf("orbm: the figure's ε must be in [%g, %g], got %g", -MaxReach, MaxReach, eps)
	}
	a := Gain(w)
	term := func(p float64) float64 { return softplus(-p-w) - softplus(-p) } // log σ(p) − log σ(p+w)
	approx := func(p float64) float64 { return -w * sigmoid(-a*(p+w/2)) }
	left := linePlot(fmt.Sprintf("log σ(φ)/σ(φ+W), W = %g, α = %.4f", w, a), -30, 30, term, approx)
	right := linePlot(fmt.Sprintf("whole correction, ε = %g", eps), -30, 30,
		func(p float64) float64 { return term(p) - term(p+eps) },
		func(p float64) float64 { return approx(p) - approx(p+eps) })
	return tile([][]*plot.Plot{{left, right}}, 5*vg.Inch, 3.6*vg.Inch, nil)
}

func linePlot(title string, lo, hi float64, truth, approx func(float64) float64) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "φ"
	p.X.Min, p.X.Max = lo, hi
	ft := plotter.NewFunction(truth)
	ft.Color = color.Black
	ft.Width = vg.Points(1.5)
	ft.Samples = 1001
	fa := plotter.NewFunction(approx)
	fa.Color = color.RGBA{B: 220, A: 255}
	fa.Width = vg.Points(1.5)
	fa.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	fa.Samples = 1001
	p.Add(ft, fa)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for k := 0; k <= 600; k++ {
		x := lo + (hi-lo)*float64(k)/600
		for _, f := range []func(float64) float64{truth, approx} {
			ymin, ymax = math.Min(ymin, f(x)), math.Max(ymax, f(x))
		}
	}
	pad := 0.08 * (ymax - ymin)
	p.Y.Min, p.Y.Max = ymin-pad, ymax+pad
	p.Legend.Add("exact", ft)
	p.Legend.Add("sigmoid approximation", fa)
	p.Legend.Top = true
	return p
}
