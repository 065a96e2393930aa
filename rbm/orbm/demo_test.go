package orbm

import "testing"

// TestXOR: on the two-bit demonstration the exact chain recovers the causes
// more often than the RBMs alone, and no method beats the posterior mode by
// more than sampling noise.
func TestXOR(t *testing.T) {
	o, err := XORModels()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := RecoverCauses(o, 4000, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Recovery{}
	for _, r := range rec {
		t.Logf("%-15s joint %.3f, up to swapping %.3f", r.Name, r.Joint, r.Either)
		if !finite(r.Joint) || r.Joint < 0 || r.Joint > 1 {
			t.Fatalf("%s: fraction %v", r.Name, r.Joint)
		}
		by[r.Name] = r
	}
	if !(by["exact"].Either > by["RBMs alone"].Either) {
		t.Errorf("exact %.3f does not beat the RBMs alone %.3f", by["exact"].Either, by["RBMs alone"].Either)
	}
	if d := by["exact"].Either - by["ideal sampler"].Either; d > 0.03 || d < -0.03 {
		t.Errorf("exact chain recovers %.3f, a perfect posterior sampler %.3f", by["exact"].Either, by["ideal sampler"].Either)
	}
	for _, r := range rec {
		if r.Either > by["posterior mode"].Either+0.03 {
			t.Errorf("%s recovers %.3f, above the posterior mode's %.3f", r.Name, r.Either, by["posterior mode"].Either)
		}
	}
}
