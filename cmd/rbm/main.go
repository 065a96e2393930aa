// Command rbm trains Restricted Boltzmann Machines on MNIST and draws what they
// learned, with every setting a flag. Its gradients come from automatic
// differentiation of the free-energy cost graph.
//
// Usage:
//
//	rbm train [flags]     train a model (defaults: the deeplearning.net tutorial)
//	rbm sample [flags]    draw the samples figure from a saved model
//	rbm gradcheck [flags] check autodiff gradients against finite differences
//	rbm plot drelu        the dReLU figure: sample histograms over exact densities
//	rbm bench [flags]     seconds per epoch beside a PyTorch peer
//
// Run "rbm COMMAND --help" for the flags of a command.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"
	_ "go4.org/unsafe/assume-no-moving-gc"
)

// command is one subcommand of the program.
type command struct {
	name, summary string
	run           func(args []string) error
}

func commands() []command {
	return []command{
		{"train", "train a model on MNIST (defaults: the deeplearning.net tutorial)", runTrain},
		{"sample", "draw samples from a saved model, as the tutorial's figure", runSample},
		{"gradcheck", "compare autodiff gradients with finite differences and moments", runGradcheck},
		{"plot", "draw a figure (drelu: sample histograms over exact densities)", runPlot},
		{"bench", "time training epochs beside the PyTorch peer and print the ratio", runBench},
		{"eval", "log Z, test log-likelihood (exact or AIS, with RAISE) and pseudo-likelihood of a saved model", runEval},
	}
}

func main() {
	if os.Getenv("GOGC") == "" {
		// The data sets are a large live heap of plain numbers, cheap to
		// mark, while the compiled graphs allocate their outputs on every
		// run. Collecting after 10% growth reuses that memory while it is
		// still in cache, instead of first growing the heap by the size of
		// the data sets.
		debug.SetGCPercent(10)
	}
	if err := run(os.Args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			os.Exit(0)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "rbm: ") {
			msg = "rbm: " + msg
		}
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage()
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:])
		}
	}
	usage()
	return fmt.Errorf("unknown command %q", args[0])
}

func usage() {
	fmt.Fprintln(os.Stderr, "Usage: rbm COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'rbm COMMAND --help' for the flags of a command.")
}

// newFlagSet returns a GNU-style flag set whose --help prints the command's
// summary and flags.
func newFlagSet(name, summary string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: rbm %s [flags]\n\n%s\n\nFlags:\n%s", name, summary, fs.FlagUsages())
	}
	return fs
}
