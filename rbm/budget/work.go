package budget

import (
	"fmt"
	"strings"
	"time"
)

// Rate is the multiply-adds a second that time estimates assume: what one
// core of a modest machine sustains in the products of a Gibbs step, so
// that estimates err on the long side.
const Rate = 2e9

// DefaultMaxTime is the longest a command runs before asking for a flag.
const DefaultMaxTime = time.Hour

// GibbsWork returns the multiply-adds of steps Gibbs steps of chains
// chains of a model of nv×nh (two products with W a step).
func GibbsWork(chains, nv, nh int, steps float64) float64 {
	return 2 * float64(chains) * float64(nv) * float64(nh) * steps
}

// Seconds estimates the time of work multiply-adds at Rate.
func Seconds(work float64) float64 { return work / Rate }

// CheckTime returns nil when work multiply-adds take at most max at Rate,
// and otherwise an error wrapping ErrTooLarge that names what asked for it,
// the time estimated, and what to do: raise is the flag that raises max
// (such as "--max-time"), or a sentence of advice.
func CheckTime(what string, work float64, max time.Duration, raise string) error {
	s := Seconds(work)
	if s <= max.Seconds() {
		return nil
	}
	bound, advice := FormatSeconds(max.Seconds()), raise
	if strings.HasPrefix(raise, "--") {
		bound, advice = raise+" "+bound, "make it smaller, or raise "+raise
	}
	return fmt.Errorf("%s would take about %s (%.3g multiply-adds at %.0g a second), which %w of %s; %s",
		what, FormatSeconds(s), work, float64(Rate), ErrTooLarge, bound, advice)
}

// FormatSeconds writes a long time in the largest fitting unit: "40
// minutes", "3.2 hours", "1.5e+09 years".
func FormatSeconds(s float64) string {
	h := s / 3600
	switch {
	case h >= 24*365:
		return fmt.Sprintf("%.3g years", h/24/365)
	case h >= 48:
		return fmt.Sprintf("%.3g days", h/24)
	case h >= 1:
		return plural(h, "hour")
	case s >= 60:
		return plural(s/60, "minute")
	}
	return plural(s, "second")
}

// plural writes x units, to three digits.
func plural(x float64, unit string) string {
	v := fmt.Sprintf("%.3g", x)
	if v != "1" {
		unit += "s"
	}
	return v + " " + unit
}
