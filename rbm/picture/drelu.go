package picture

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/rbm"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// DReLUFigure draws the dReLU page's figure: four panels, one per
// (θ₊, θ₋) ∈ {-3, 3}², each with the four (γ₊, γ₋) ∈ {0.5, 1}², laying the
// histogram of samples draws (zero input) over the exact density
// exp(-cgf - energy). It returns the picture and, per panel and curve, the
// largest gap between the histogram and the density integrated over each bin.
func DReLUFigure(samples int, seed uint64) (image.Image, [][]float64, error) {
	if samples < 1 {
		return nil, nil, fmt.Errorf("picture: need at least one sample, got %d", samples)
	}
	const lo, hi, bins = -10.0, 10.0, 200
	width := (hi - lo) / bins
	colors := []color.Color{
		color.RGBA{R: 31, G: 119, B: 180, A: 255}, color.RGBA{R: 255, G: 127, B: 14, A: 255},
		color.RGBA{R: 44, G: 160, B: 44, A: 255}, color.RGBA{R: 214, G: 39, B: 40, A: 255},
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	plots := [][]*plot.Plot{make([]*plot.Plot, 2), make([]*plot.Plot, 2)}
	gaps := make([][]float64, 4)
	for pi, tp := range []float64{-3, 3} {
		for pj, tn := range []float64{-3, 3} {
			p := plot.New()
			p.Title.Text = fmt.Sprintf("θ+ = %g, θ- = %g", tp, tn)
			p.X.Label.Text = "h"
			p.Y.Label.Text = "density"
			p.X.Min, p.X.Max = lo, hi
			p.Legend.Top = true
			k := 0
			for _, gp := range []float64{0.5, 1} {
				for _, gn := range []float64{0.5, 1} {
					layer, err := rbm.NewDReLU[float64]("h", 1)
					if err != nil {
						return nil, nil, err
					}
					layer.ThetaP.Value.Data().([]float64)[0] = tp
					layer.ThetaN.Value.Data().([]float64)[0] = tn
					layer.GammaP.Value.Data().([]float64)[0] = gp
					layer.GammaN.Value.Data().([]float64)[0] = gn
					counts := make([]float64, bins)
					zero, x := []float64{0}, []float64{0}
					for range samples {
						layer.Sample(rng, zero, x)
						if b := int(math.Floor((x[0] - lo) / width)); b >= 0 && b < bins {
							counts[b]++
						}
					}
					cgf := layer.CGF(zero)
					density := func(h float64) float64 { return math.Exp(-cgf - layer.Energy([]float64{h})) }
					hist := make(plotter.XYs, 0, 2*bins)
					var gap float64
					for b, c := range counts {
						d := c / (float64(samples) * width)
						a := lo + float64(b)*width
						hist = append(hist, plotter.XY{X: a, Y: d}, plotter.XY{X: a + width, Y: d})
						// Simpson's rule for the density's mean over the bin.
						exact := (density(a) + 4*density(a+width/2) + density(a+width)) / 6
						gap = math.Max(gap, math.Abs(d-exact))
					}
					gaps[2*pi+pj] = append(gaps[2*pi+pj], gap)
					line, err := plotter.NewLine(hist)
					if err != nil {
						return nil, nil, err
					}
					line.Color = colors[k]
					line.Width = vg.Points(0.8)
					line.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
					f := plotter.NewFunction(density)
					f.Color = colors[k]
					f.Width = vg.Points(1.5)
					f.Samples = 400
					p.Add(line, f)
					p.Legend.Add(fmt.Sprintf("γ+ = %g, γ- = %g", gp, gn), f)
					k++
				}
			}
			plots[pi][pj] = p
		}
	}
	img := vgimg.New(vg.Points(900), vg.Points(700))
	dc := draw.New(img)
	canvases := plot.Align(plots, draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(10), PadY: vg.Points(10), PadTop: vg.Points(10), PadBottom: vg.Points(5), PadLeft: vg.Points(5), PadRight: vg.Points(10)}, dc)
	for i := range plots {
		for j := range plots[i] {
			plots[i][j].Draw(canvases[i][j])
		}
	}
	return img.Image(), gaps, nil
}
