package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/rbmgo/rbm/rbm/orbm"
	"github.com/rbmgo/rbm/rbm/picture"
	"github.com/spf13/pflag"
)

// orbmCommands are the subcommands of "rbm orbm".
func orbmCommands() []command {
	return []command{
		{"separate", "separate pictures made of two causes (MNIST composites or an array file) with two models", runORBMSeparate},
		{"plot", "draw the correction figures: contours over (φA, φB) and the 1-D sigmoid approximation", runORBMPlot},
		{"train", "fine-tune two models by wake/sleep learning on composites of their classes", runORBMTrain},
		{"xor", "the two-bit demonstration: how often each method recovers the causes", runORBMXOR},
	}
}

// runORBM runs "rbm orbm SUBCOMMAND".
func runORBM(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(os.Stderr, "Usage: rbm orbm SUBCOMMAND [flags]\n\nTwo RBMs explaining one picture together (the ORBM).\n\nSubcommands:")
		for _, c := range orbmCommands() {
			fmt.Fprintf(os.Stderr, "  %-9s %s\n", c.name, c.summary)
		}
		fmt.Fprintln(os.Stderr, "\nRun 'rbm orbm SUBCOMMAND --help' for its flags.")
		if len(args) == 0 {
			return errors.New("orbm: no subcommand given (separate, plot, train or xor)")
		}
		return nil
	}
	for _, c := range orbmCommands() {
		if c.name == args[0] {
			return c.run(args[1:])
		}
	}
	return fmt.Errorf("orbm: unknown subcommand %q (separate, plot, train or xor)", args[0])
}

func orbmFlags(name, summary string) *pflag.FlagSet { return newFlagSet("orbm "+name, summary) }

func runORBMPlot(args []string) error {
	var out string
	var w, reach, sw, eps float64
	fs := orbmFlags("plot", "Draw the ORBM's correction figures into a folder:\n  orbm_correction.png  the exact correction to a hidden unit's input from one visible unit,\n                       over (φA, φB), for h_j = 0 and 1, beside each approximation\n  orbm_sigmoid.png     log(σ(φ)/σ(φ+W)) against its sigmoid approximation, and the whole correction")
	fs.StringVar(&out, "out", "orbm_plots", "folder for the PNG files")
	fs.Float64Var(&w, "weight", 3, "weight W of the contour plots")
	fs.Float64Var(&reach, "reach", 40, "the contour plots span [-reach, reach]²")
	fs.Float64Var(&sw, "sigmoid-weight", -10, "weight W of the 1-D comparison")
	fs.Float64Var(&eps, "eps", 10, "the other model's input ε in the whole-correction plot")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("orbm plot: unexpected arguments %q", fs.Args())
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

func runORBMXOR(args []string) error {
	var draws, sweeps int
	var seed uint64
	fs := orbmFlags("xor", "The two-bit demonstration. A and B are the same RBM of two visible and two hidden\nunits, W = 3·[[1,-1],[-1,1]], zero biases. Pictures are drawn from the ORBM with their\ncauses; each method infers the causes and the fraction recovered is printed.")
	fs.IntVar(&draws, "draws", 20000, "pictures drawn")
	fs.IntVar(&sweeps, "sweeps", 50, "sweeps of each chain")
	fs.Uint64Var(&seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("orbm xor: unexpected arguments %q", fs.Args())
	}
	o, err := orbm.XORModels()
	if err != nil {
		return err
	}
	rec, err := orbm.RecoverCauses(o, draws, sweeps, seed)
	if err != nil {
		return err
	}
	fmt.Printf("%d pictures, %d sweeps a chain, seed %d\n\n| inference | causes recovered | up to swapping A and B |\n|---|---|---|\n", draws, sweeps, seed)
	for _, r := range rec {
		fmt.Printf("| %s | %.3f | %.3f |\n", r.Name, r.Joint, r.Either)
	}
	return nil
}

// parseMethod reads --method.
func parseMethod(s string) (orbm.Method, error) {
	m, err := orbm.ParseMethod(s)
	if err != nil {
		return 0, fmt.Errorf("--method: %w", err)
	}
	return m, nil
}

// elapsed formats the time since start.
func elapsed(start time.Time) string { return fmt.Sprintf("%.1f s", time.Since(start).Seconds()) }
