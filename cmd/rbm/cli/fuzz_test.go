package cli

import (
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/spf13/pflag"
)

// No --hidden or --visible value makes flag checking panic; a value it
// accepts names a registered kind and a shape within the bounds.
func FuzzTrainFlags(f *testing.F) {
	for _, s := range []string{"500", "drelu", "relu:200", "drelu:2x2x2x2", "potts:3xq", "99999999999999999999", "x:", ":", "1x", "-5", "binary:4294967296x4294967296"} {
		f.Add(s, "binary", "20")
	}
	f.Fuzz(func(t *testing.T, hidden, visible, batch string) {
		var o trainOptions
		fs := pflag.NewFlagSet("train", pflag.ContinueOnError)
		fs.Usage = func() {}
		o.register(fs)
		if err := fs.Parse([]string{"--hidden", hidden, "--visible", visible, "--batch", batch}); err != nil {
			return
		}
		if err := o.validate(); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		n, err := rbm.Units(o.hidShape...)
		if err != nil || n*mnistPixels > rbm.MaxWeights || o.batch < 1 {
			t.Fatalf("accepted --hidden %q --batch %q: %d units, %v", hidden, batch, n, err)
		}
	})
}
