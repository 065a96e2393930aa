package mnist

import (
	"slices"
	"testing"
)

func TestParseDigits(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []uint8
		bad  bool
	}{
		{in: "3", want: []uint8{3}},
		{in: "5,3,3", want: []uint8{3, 5}},
		{in: "0-2,9", want: []uint8{0, 1, 2, 9}},
		{in: "", bad: true},
		{in: "10", bad: true},
		{in: "4-2", bad: true},
		{in: "a", bad: true},
	} {
		got, err := ParseDigits(c.in)
		if (err != nil) != c.bad {
			t.Errorf("ParseDigits(%q): error %v, want error %v", c.in, err, c.bad)
			continue
		}
		if !c.bad && !slices.Equal(got, c.want) {
			t.Errorf("ParseDigits(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestSelectClasses(t *testing.T) {
	x := []float32{0, 0, 1, 1, 2, 2, 3, 3}
	labels := []uint8{7, 1, 7, 2}
	for _, c := range []struct {
		keep []uint8
		want []float32
	}{
		{[]uint8{7}, []float32{0, 0, 2, 2}},
		{[]uint8{1, 2}, []float32{1, 1, 3, 3}},
		{[]uint8{5}, nil},
	} {
		got, err := SelectClasses(x, 2, labels, c.keep)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("SelectClasses(keep %v) = %v, %v; want %v", c.keep, got, err, c.want)
		}
	}
	if _, err := SelectClasses(x, 2, labels[:3], []uint8{7}); err == nil {
		t.Error("a label count that does not match the rows was accepted")
	}
}
