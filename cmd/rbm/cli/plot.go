package cli

import (
	"fmt"
	"time"

	"github.com/rbmgo/rbm/rbm/picture"
)

func runPlot(args []string) error {
	var out string
	var samples int
	var seed uint64
	fs := newFlagSet("plot", "Draw a figure. Figures:\n  drelu   the dReLU page's figure: histograms of samples over exact densities,\n          for θ± ∈ {-3, 3} and γ± ∈ {0.5, 1}, zero input")
	fs.StringVar(&out, "out", "drelu.png", "PNG file to write")
	fs.IntVar(&samples, "samples", 1000000, "samples per curve")
	seedFlag(fs, &seed)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "drelu" {
		return fmt.Errorf("plot: name one figure: drelu")
	}
	start := time.Now()
	img, gaps, err := picture.DReLUFigure(samples, seed)
	if err != nil {
		return err
	}
	if err := picture.WritePNG(out, img); err != nil {
		return err
	}
	worst := 0.0
	for _, p := range gaps {
		for _, g := range p {
			worst = max(worst, g)
		}
	}
	fmt.Printf("%s: %d samples a curve; largest gap between a histogram bin and the exact density %.4f (%.1f s)\n", out, samples, worst, time.Since(start).Seconds())
	return nil
}
