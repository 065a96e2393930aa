package mnist

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseDigits reads a list of digit classes such as "3", "3,5" or "0-4,7"
// and returns them sorted, each once.
func ParseDigits(s string) ([]uint8, error) {
	var seen [10]bool
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("mnist: empty list of digits")
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := digit(lo)
		if err != nil {
			return nil, fmt.Errorf("mnist: digits %q: %w", s, err)
		}
		b := a
		if isRange {
			if b, err = digit(hi); err != nil {
				return nil, fmt.Errorf("mnist: digits %q: %w", s, err)
			}
			if b < a {
				return nil, fmt.Errorf("mnist: digits %q: range %q runs backwards", s, part)
			}
		}
		for d := a; d <= b; d++ {
			seen[d] = true
		}
	}
	var out []uint8
	for d, ok := range seen {
		if ok {
			out = append(out, uint8(d))
		}
	}
	return out, nil
}

func digit(s string) (int, error) {
	d, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || d < 0 || d > 9 {
		return 0, fmt.Errorf("%q is not a digit 0-9", s)
	}
	return d, nil
}
