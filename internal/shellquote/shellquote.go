// Package shellquote writes words as a POSIX shell reads them back, for the
// commands a program suggests that its user type.
package shellquote

import "strings"

// safe reports whether r needs no quoting in a shell word.
func safe(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./:=@%+,", r)
}

// Quote returns s as one shell word: s itself when it holds only letters,
// digits and _-./:=@%+, (and is not empty), otherwise s in single quotes,
// where a single quote becomes a closing quote, a backslash-escaped quote
// and an opening quote.
func Quote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !safe(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
