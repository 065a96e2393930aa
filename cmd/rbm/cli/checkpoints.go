package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	rbmrun "github.com/rbmgo/rbm/rbm/run"
)

func runCheckpoints(args []string) error {
	fs := newFlagSet("checkpoints RUN_DIR", "List the checkpoints of a run folder: the epochs and batches each follows, when it\nwas written, and the monitors of its last epoch; the best by the run's --best-by is marked.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("checkpoints: name one run folder")
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("checkpoints: %s is not a folder", dir)
	}
	list, damaged, err := rbmrun.Scan(dir)
	if err != nil {
		return err
	}
	for _, d := range damaged {
		fmt.Printf("skipping %s, not a readable checkpoint: %v\n", d.Path, d.Err)
	}
	if len(list) == 0 {
		return fmt.Errorf("checkpoints: %s holds no checkpoints", dir)
	}
	bestBy := list[len(list)-1].Flags["best-by"]
	if bestBy == "" {
		bestBy = "reconstruction"
	}
	best := rbmrun.Best(list, criterion(bestBy))
	w := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "checkpoint\tepochs\tbatches\twritten\tpseudo-likelihood\treconstruction\t")
	for i, e := range list {
		mark := ""
		if i == best {
			mark = "best by " + bestBy
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\t%s\t%s\t%s\n", filepath.Base(e.Path), e.Epochs, e.Batches, e.Time,
			e.Monitors["pseudo_likelihood"], e.Monitors["reconstruction_cross_entropy"], mark)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Printf("continue the run with: rbm train --resume %s (or --resume with a checkpoint's path)\n", dir)
	return nil
}
