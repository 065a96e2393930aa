package rbm

import (
	"slices"
	"strings"
	"testing"
)

// mislabelled is a binary layer that reports another kind.
type mislabelled[T Float] struct{ *Binary[T] }

func (mislabelled[T]) Kind() string { return "something-else" }

func newMislabelled[T Float](prefix string, shape ...int) (mislabelled[T], error) {
	b, err := NewBinary[T](prefix, shape...)
	return mislabelled[T]{b}, err
}

func TestRegister(t *testing.T) {
	for _, kind := range []string{"binary", "spin", "potts", "gaussian", "relu", "drelu", "prelu", "xrelu"} {
		if !slices.Contains(LayerKinds(), kind) {
			t.Errorf("built-in kind %q is not registered", kind)
		}
	}
	for _, tc := range []struct {
		kind string
		want string
	}{
		{"binary", "registered already"},
		{"", "needs a name"},
		{"Big", "lower-case letters"},
		{"a:b", "lower-case letters"},
	} {
		err := Register(tc.kind, NewBinary[float32], NewBinary[float64])
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Register(%q): error %v, want %q", tc.kind, err, tc.want)
		}
	}
	if err := Register("mislabelled", newMislabelled[float32], newMislabelled[float64]); err != nil {
		t.Fatal(err)
	}
	if _, err := NewLayer[float32]("mislabelled", "v", 3); err == nil || !strings.Contains(err.Error(), `returned a layer of kind "something-else"`) {
		t.Errorf("a constructor returning another kind: error %v", err)
	}
	if _, err := NewLayer[float64]("nope", "v", 3); err == nil || !strings.Contains(err.Error(), `unknown layer kind "nope"`) {
		t.Errorf("unknown kind: error %v", err)
	}
	l, err := NewLayer[float32]("spin", "h", 2, 3)
	if err != nil || l.Kind() != "spin" || l.Len() != 6 || l.Params()[0].Name != "hfield" {
		t.Errorf("NewLayer(spin, h, 2, 3) = %v, %v", l, err)
	}
}
