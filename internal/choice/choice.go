// Package choice reads a flag's value that must be one of a few names.
package choice

import (
	"fmt"
	"strings"
)

// Parse returns s as a T if it is one of allowed, else an error naming the
// flag and the allowed values ("--flag must be a, b or c, not "x"").
func Parse[T ~string](flag, s string, allowed ...T) (T, error) {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		if string(a) == s {
			return a, nil
		}
		names[i] = string(a)
	}
	list := strings.Join(names, ", ")
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
	return "", fmt.Errorf("%s must be %s, not %q", flag, list, s)
}
