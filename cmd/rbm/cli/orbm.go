package cli

import (
	"errors"
	"fmt"
	"os"
)

// orbmCommands are the subcommands of "rbm orbm", a table like that of
// the commands of rbm in main.go.
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
	usage := func() {
		fmt.Fprintln(os.Stderr, "Usage: rbm orbm SUBCOMMAND [flags]\n\nTwo RBMs explaining one picture together (the ORBM).\n\nSubcommands:")
		for _, c := range orbmCommands() {
			fmt.Fprintf(os.Stderr, "  %-9s %s\n", c.name, c.summary)
		}
		fmt.Fprintln(os.Stderr, "\nRun 'rbm orbm SUBCOMMAND --help' for its flags.")
	}
	return dispatch(args, orbmCommands(), usage, errors.New("orbm: no subcommand given (separate, plot, train or xor)"),
		"orbm: unknown subcommand %q (separate, plot, train or xor)")
}
