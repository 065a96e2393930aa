package optim

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// An optimizer restored from its state continues exactly as the one that
// never stopped, bit for bit.
func TestStateContinuesExactly(t *testing.T) {
	groups := Groups(0.01, 0.1)
	for _, tc := range []struct {
		name string
		make func() Checkpointer[float32]
	}{
		{"sgd momentum", func() Checkpointer[float32] {
			o, _ := NewSGD[float32](SGDConfig{Groups: groups, Momentum: 0.9})
			return o
		}},
		{"sgd", func() Checkpointer[float32] { o, _ := NewSGD[float32](SGDConfig{Groups: groups}); return o }},
		{"adam", func() Checkpointer[float32] { o, _ := NewAdam[float32](AdamConfig{Groups: groups}); return o }},
	} {
		rng := rand.New(rand.NewPCG(1, 2))
		grads := make([][]float32, 10)
		for i := range grads {
			grads[i] = make([]float32, 7)
			for j := range grads[i] {
				grads[i][j] = float32(rng.NormFloat64())
			}
		}
		run := func(o Checkpointer[float32], w, b []float32, steps [][]float32) {
			for _, g := range steps {
				if err := o.Step([]Param[float32]{{Name: "W", Value: w, Grad: g[:5], Group: "weights"}, {Name: "b", Value: b, Grad: g[5:], Group: "biases"}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		w1, b1 := []float32{1, 2, 3, 4, 5}, []float32{-1, 1}
		whole := tc.make()
		run(whole, w1, b1, grads)

		w2, b2 := []float32{1, 2, 3, 4, 5}, []float32{-1, 1}
		first := tc.make()
		run(first, w2, b2, grads[:4])
		st := first.State()
		// The state is a copy: later steps of first must not change st.
		run(first, slices.Clone(w2), slices.Clone(b2), grads[4:])
		second := tc.make()
		if err := second.SetState(st); err != nil {
			t.Fatal(err)
		}
		run(second, w2, b2, grads[4:])
		for i := range w1 {
			if math.Float32bits(w1[i]) != math.Float32bits(w2[i]) {
				t.Errorf("%s: W[%d] = %v after a restore, %v without", tc.name, i, w2[i], w1[i])
			}
		}
		for i := range b1 {
			if math.Float32bits(b1[i]) != math.Float32bits(b2[i]) {
				t.Errorf("%s: b[%d] = %v after a restore, %v without", tc.name, i, b2[i], b1[i])
			}
		}
	}
}

func TestSetStateAndRateErrors(t *testing.T) {
	o, _ := NewAdam[float64](AdamConfig{Groups: Groups(0.1, 1)})
	for _, tc := range []struct {
		st   State[float64]
		want string
	}{
		{State[float64]{Steps: -1}, "negative"},
		{State[float64]{Slots: map[string][]float64{"velocity/W": {1}}}, `unknown state "velocity/W"`},
		{State[float64]{Slots: map[string][]float64{"m/W": {math.NaN()}}}, "NaN"},
	} {
		if err := o.SetState(tc.st); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetState(%v): error %v, want %q", tc.st, err, tc.want)
		}
	}
	for _, tc := range []struct {
		group string
		lr    float64
		want  string
	}{
		{"nope", 0.1, "unknown group"},
		{"weights", math.NaN(), "learning rate"},
		{"weights", -1, "learning rate"},
	} {
		if err := o.SetLearningRate(tc.group, tc.lr); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetLearningRate(%q, %v): error %v, want %q", tc.group, tc.lr, err, tc.want)
		}
	}
	if err := o.SetLearningRate("biases", 0.5); err != nil || o.groups["biases"].LearningRate != 0.5 {
		t.Errorf("SetLearningRate: %v, rate %v", err, o.groups["biases"].LearningRate)
	}
}
