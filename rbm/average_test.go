package rbm

import (
	"math"
	"testing"
)

// The mean a trainer keeps is the mean of the parameters after each update
// since StartAveraging.
func TestAveragingIsTheMeanOfTheUpdates(t *testing.T) {
	m := tinyBinary[float64](t, 6, 3, 1)
	tr, err := NewTrainer(m, sgd[float64](t, 0.1), TrainConfig{K: 1, Persistent: true, BatchSize: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, 40*6)
	for i := range x {
		x[i] = float64(i % 3 % 2)
	}
	if _, err := tr.Epoch(x, nil); err != nil { // not averaged
		t.Fatal(err)
	}
	out := tinyBinary[float64](t, 6, 3, 2)
	if err := tr.AverageInto(out); err == nil {
		t.Fatal("a mean of no updates was written")
	}
	tr.StartAveraging()
	var sum [][]float64
	updates := 0
	record := func(int, int) {
		updates++
		for i, p := range m.Params() {
			if len(sum) <= i {
				sum = append(sum, make([]float64, len(data[float64](p))))
			}
			for j, v := range data[float64](p) {
				sum[i][j] += v
			}
		}
	}
	for range 2 {
		if _, err := tr.Epoch(x, record); err != nil {
			t.Fatal(err)
		}
	}
	if tr.Averaged() != updates || updates != 16 {
		t.Fatalf("%d updates averaged, %d made (want 16)", tr.Averaged(), updates)
	}
	if err := tr.AverageInto(out); err != nil {
		t.Fatal(err)
	}
	differs := false
	for i, p := range out.Params() {
		for j, v := range data[float64](p) {
			want := sum[i][j] / float64(updates)
			if !(math.Abs(v-want) <= 1e-12*math.Max(1, math.Abs(want))) {
				t.Fatalf("%s[%d]: mean %v, want %v", p.Name, j, v, want)
			}
			differs = differs || v != data[float64](m.Params()[i])[j]
		}
	}
	if !differs {
		t.Error("the mean equals the last parameters: the test cannot tell them apart")
	}
	if err := tr.AverageInto(tinyBinary[float64](t, 6, 4, 1)); err == nil {
		t.Error("the mean was written into a model of other sizes")
	}
}
