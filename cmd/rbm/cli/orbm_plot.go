package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/rbm/orbm"
	"github.com/rbmgo/rbm/rbm/picture"
)

func runORBMPlot(args []string) error {
	var out string
	var w, reach, sw, eps float64
	fs := orbmFlags("plot", "Draw the ORBM's correction figures into a folder:\n  orbm_correction.png  the exact correction to a hidden unit's input from one visible unit,\n                       over (φA, φB), for h_j = 0 and 1, beside each approximation\n  orbm_sigmoid.png     log(σ(φ)/σ(φ+W)) against its sigmoid approximation, and the whole correction")
	fs.StringVar(&out, "out", "orbm_plots", "folder for the PNG files")
	fs.Float64Var(&w, "weight", 3, "weight W of the contour plots")
	fs.Float64Var(&reach, "reach", 40, "the contour plots span [-reach, reach]²")
	fs.Float64Var(&sw, "sigmoid-weight", -10, "weight W of the 1-D comparison")
	fs.Float64Var(&eps, "eps", 10, "the other model's input ε in the whole-correction plot")
	if err := parseFlags("orbm plot", fs, args); err != nil {
		return err
	}
	img, err := orbm.CorrectionFigure(orbm.Methods(), w, reach)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := picture.WritePNG(filepath.Join(out, "orbm_correction.png"), img); err != nil {
		return err
	}
	if img, err = orbm.SigmoidFigure(sw, eps); err != nil {
		return err
	}
	if err := picture.WritePNG(filepath.Join(out, "orbm_sigmoid.png"), img); err != nil {
		return err
	}
	fmt.Printf("%s: orbm_correction.png (W = %g), orbm_sigmoid.png (W = %g, α = %.4f, ε = %g)\n", out, w, sw, orbm.Gain(sw), eps)
	return nil
}
