package choice

import "testing"

func TestParse(t *testing.T) {
	type color string
	for _, tc := range []struct {
		s, want, err string
		allowed      []color
	}{
		{s: "red", want: "red", allowed: []color{"red", "green", "blue"}},
		{s: "blue", want: "blue", allowed: []color{"red", "green", "blue"}},
		{s: "Red", err: `--color must be red, green or blue, not "Red"`, allowed: []color{"red", "green", "blue"}},
		{s: "", err: `--color must be red or green, not ""`, allowed: []color{"red", "green"}},
		{s: "x", err: `--color must be red, not "x"`, allowed: []color{"red"}},
	} {
		got, err := Parse("--color", tc.s, tc.allowed...)
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("%q of %v: error %v, want %q", tc.s, tc.allowed, err, tc.err)
		case tc.err == "" && (err != nil || string(got) != tc.want):
			t.Errorf("%q of %v: %q, %v, want %q", tc.s, tc.allowed, got, err, tc.want)
		}
	}
}
