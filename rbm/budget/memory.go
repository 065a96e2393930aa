package budget

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// ErrTooLarge is wrapped by the error of a computation whose estimate
// exceeds its bound.
var ErrTooLarge = errors.New("exceeds the bound")

// Item is one part of an estimate: what it is, and its bytes.
type Item struct {
	What  string
	Bytes float64 // float64: sizes beyond any machine do not overflow
}

// Estimate is what a computation will allocate, part by part.
type Estimate []Item

// Add appends a part of n elements of size bytes each (zero parts are
// left out).
func (e *Estimate) Add(what string, n, size float64) {
	if n*size > 0 {
		*e = append(*e, Item{what, n * size})
	}
}

// Total returns the sum of the parts.
func (e Estimate) Total() float64 {
	t := 0.0
	for _, it := range e {
		t += it.Bytes
	}
	return t
}

// String gives the total and the largest parts (up to three), such as
// "9.1 GiB (chains 6.0 GiB, parameters and their copies 2.9 GiB, ...)".
func (e Estimate) String() string {
	parts := slices.Clone(e)
	slices.SortStableFunc(parts, func(a, b Item) int { return -cmpFloat(a.Bytes, b.Bytes) })
	var s []string
	for i, it := range parts {
		if i == 3 {
			s = append(s, "…")
			break
		}
		s = append(s, it.What+" "+FormatBytes(it.Bytes))
	}
	return FormatBytes(e.Total()) + " (" + strings.Join(s, ", ") + ")"
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Check returns nil when the estimate is within the limit, and otherwise an
// error wrapping ErrTooLarge that names what, the estimate and the flag
// that raises the limit.
func (e Estimate) Check(what string, limit *Limit, flag string) error {
	if e.Total() <= float64(limit.Bytes()) {
		return nil
	}
	return fmt.Errorf("%s would allocate about %s, which %w of %s %s; make it smaller, or raise %s if the machine holds it",
		what, e, ErrTooLarge, flag, limit.describe(), flag)
}

// FormatBytes writes a size with a binary unit: "512 B", "1.5 KiB", "9.1 GiB".
func FormatBytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", b)
	}
	if b >= 1024 {
		return fmt.Sprintf("%.3g %s", b, units[i])
	}
	return fmt.Sprintf("%.1f %s", b, units[i])
}

// ParseBytes reads a size: a number of bytes, or a number with a unit K, M,
// G, T (powers of 1024, with or without "iB" or "B"), such as "8GiB",
// "512M", "1.5T" or "1e9".
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := 1.0
	lower := strings.ToLower(t)
	for i, u := range []string{"k", "m", "g", "t"} {
		for _, suffix := range []string{u + "ib", u + "b", u} {
			if strings.HasSuffix(lower, suffix) {
				mult = math.Pow(1024, float64(i+1))
				t = strings.TrimSpace(t[:len(t)-len(suffix)])
				goto number
			}
		}
	}
	if strings.HasSuffix(lower, "b") {
		t = strings.TrimSpace(t[:len(t)-1])
	}
number:
	x, err := strconv.ParseFloat(t, 64)
	v := x * mult
	if err != nil || !(v >= 1) || v > math.MaxInt64/2 {
		return 0, fmt.Errorf("%q: want a size such as 8GiB, 512MiB or 1e9 (bytes)", s)
	}
	return int64(v), nil
}

// Limit is a bound on memory, a flag value (pflag.Value): "auto" (the
// default) is DefaultLimit, otherwise a size as ParseBytes reads it.
type Limit struct {
	bytes int64 // 0: auto
}

// String returns "auto" or the size.
func (l *Limit) String() string {
	if l == nil || l.bytes == 0 {
		return "auto"
	}
	return strconv.FormatInt(l.bytes, 10)
}

// Set reads "auto" or a size.
func (l *Limit) Set(s string) error {
	if s == "auto" {
		l.bytes = 0
		return nil
	}
	b, err := ParseBytes(s)
	if err != nil {
		return err
	}
	l.bytes = b
	return nil
}

// Type names the flag's kind of value.
func (l *Limit) Type() string { return "size" }

// Bytes returns the bound in bytes.
func (l *Limit) Bytes() int64 {
	if l == nil || l.bytes == 0 {
		b, _ := DefaultLimit()
		return b
	}
	return l.bytes
}

// describe says what the bound is and where it comes from.
func (l *Limit) describe() string {
	if l == nil || l.bytes == 0 {
		b, from := DefaultLimit()
		return FormatBytes(float64(b)) + " (" + from + ")"
	}
	return FormatBytes(float64(l.bytes))
}

// FallbackLimit is the bound when the machine's memory cannot be read.
const FallbackLimit = 8 << 30

// DefaultLimit returns three quarters of the memory the program may use —
// the machine's (MemTotal of /proc/meminfo) or its control group's limit
// (memory.max), whichever is smaller — or FallbackLimit when neither can be
// read; and a phrase saying which.
func DefaultLimit() (int64, string) {
	total := memTotal()
	from := "3/4 of this machine's memory"
	if cg := cgroupMax(); cg > 0 && (total == 0 || cg < total) {
		total, from = cg, "3/4 of this control group's memory.max"
	}
	if total <= 0 {
		return FallbackLimit, "the default when the machine's memory is unknown"
	}
	return total / 4 * 3, from
}

// memTotal reads MemTotal from /proc/meminfo, in bytes (0 if unknown).
func memTotal() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil && kb > 0 {
					return kb * 1024
				}
			}
		}
	}
	return 0
}

// cgroupMax reads the memory limit of the program's cgroup (v2), in bytes
// (0 if none or unknown).
func cgroupMax() int64 {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max")
	if err != nil {
		return 0
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || v <= 0 {
		return 0
	}
	return v
}
