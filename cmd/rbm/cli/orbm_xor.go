package cli

import (
	"fmt"

	"github.com/rbmgo/rbm/rbm/orbm"
)

func runORBMXOR(args []string) error {
	var draws, sweeps int
	var seed uint64
	fs := orbmFlags("xor", "The two-bit demonstration. A and B are the same RBM of two visible and two hidden\nunits, W = 3·[[1,-1],[-1,1]], zero biases. Pictures are drawn from the ORBM with their\ncauses; each method infers the causes and the fraction recovered is printed.")
	fs.IntVar(&draws, "draws", 20000, "pictures drawn")
	fs.IntVar(&sweeps, "sweeps", 50, "sweeps of each chain")
	seedFlag(fs, &seed)
	if err := parseFlags("orbm xor", fs, args); err != nil {
		return err
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
