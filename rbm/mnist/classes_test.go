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
