package readend

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestCheck(t *testing.T) {
	trailing := errors.New("trailing")
	broken := errors.New("broken")
	for _, tc := range []struct {
		name string
		r    io.Reader
		want error
	}{
		{"at the end", strings.NewReader(""), nil},
		{"more data", strings.NewReader("x"), trailing},
		{"read error", iotest.ErrReader(broken), broken},
	} {
		if err := Check(tc.r, trailing); err != tc.want {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
}
