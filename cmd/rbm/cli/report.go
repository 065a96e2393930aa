package cli

import (
	"fmt"

	"github.com/rbmgo/rbm/rbm/picture"

	"github.com/rbmgo/rbm/rbm"
)

// monitorColumns are the columns every monitors.csv of "rbm train" begins
// with.
var monitorColumns = []string{"epoch", "pseudo_likelihood", "exact_pseudo_likelihood", "reconstruction_cross_entropy", "cost", "seconds"}

// writeHistograms draws the histograms of every parameter of m and of its
// change since before (the parameters at the start of the epoch).
func writeHistograms[T rbm.Float](path string, epoch int, m *rbm.RBM[T], before [][]float64) error {
	var sets []picture.Values
	for i, p := range m.Params() {
		now := toFloat64(p.Value.Data().([]T))
		change := make([]float64, len(now))
		for j := range now {
			change[j] = now[j] - before[i][j]
		}
		sets = append(sets, picture.Values{Name: p.Name, Values: now}, picture.Values{Name: "change of " + p.Name + " over the epoch", Values: change})
	}
	img, err := picture.Histograms(fmt.Sprintf("epoch %d: the parameters and their change over the epoch", epoch), sets, 2)
	if err != nil {
		return err
	}
	return picture.WritePNG(path, img)
}
