package orbm

import (
	"bytes"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// The study scores every pair and composite, writes a CSV row for each, and
// keeps the figure's rows; the same seed gives the same scores.
func TestStudy(t *testing.T) {
	const nv = 9
	rng := rand.New(rand.NewPCG(3, 3))
	digits := Digits{Dim: nv}
	for i := range 40 {
		for range nv {
			digits.Rows = append(digits.Rows, float64(rng.IntN(2)))
		}
		digits.Labels = append(digits.Labels, uint8(i%4))
	}
	pairs := []StudyPair{{A: 0, B: 1, Model: randomORBM(t, nv, 3, 3, 0.5, 0.1, 1)}, {A: 2, B: 3, Model: randomORBM(t, nv, 2, 4, 0.5, 0.1, 2)}}
	run := func() (*StudyResult, [][]string) {
		var out bytes.Buffer
		res, err := Study(StudyConfig{Pairs: pairs, Test: digits, Compose: []string{"or", "sbn"}, Method: ApproxA,
			Count: 3, Sweeps: 4, Picture: 2, PictureCompose: "or", Seed: 7, CSV: &out})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return res, rows
	}
	res, rows := run()
	if len(rows) != 1+2*2 || !reflect.DeepEqual(rows[0], StudyColumns) {
		t.Fatalf("CSV rows %v", rows)
	}
	for key, s := range res.Scores {
		// Two pairs, three composites, two causes each.
		if len(s.CrossEntropy) != 12 {
			t.Errorf("%s: %d cross-entropies, want 12", key, len(s.CrossEntropy))
		}
		if m, sd := MeanSD(s.CrossEntropy); !(m > 0) || math.IsInf(m, 0) || !(sd >= 0) {
			t.Errorf("%s: cross-entropy %v ± %v", key, m, sd)
		}
	}
	if len(res.Scores) != 4 || res.PictureRows != 2 || len(res.Grid) != 2*7*nv {
		t.Errorf("%d scores, %d picture rows of %d values", len(res.Scores), res.PictureRows, len(res.Grid))
	}
	again, _ := run()
	if !reflect.DeepEqual(res, again) {
		t.Error("the same seed gave other scores")
	}
	if _, err := Study(StudyConfig{Pairs: pairs, Test: digits, Compose: []string{"and"}, Count: 1, Sweeps: 1}); err == nil {
		t.Error("composites \"and\" were accepted")
	}
	bad := StudyConfig{Pairs: []StudyPair{{A: 0, B: 9, Model: pairs[0].Model}}, Test: digits, Compose: []string{"or"}, Count: 1, Sweeps: 1}
	if _, err := Study(bad); err == nil {
		t.Error("a class without pictures was accepted")
	}
}
