package npz

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
)

// Header describes one array as its .npy header does; reading it does not
// read the array's data.
type Header struct {
	// Name is the array's name in its archive (the entry name without
	// ".npy"); empty for a lone .npy stream.
	Name string
	// Dtype is NumPy's type string, such as "<f4", "<f8", "<i8" or "<U12".
	// It may name a type this package cannot read.
	Dtype string
	// Fortran reports column-major order, which this package cannot read.
	Fortran bool
	// Shape is the array's shape; empty for a 0-d array.
	Shape []int
	// Elements is the product of Shape, 1 for a 0-d array.
	Elements int
}

// maxHeaderLen bounds the length of an .npy header. NumPy writes a few
// hundred bytes for the element types this package reads.
const maxHeaderLen = 1 << 16

// ReadHeader reads the header of an .npy stream, leaving r at the first byte
// of the data. A shape whose product overflows int is refused with
// ErrTooLarge; any other malformed header with ErrFormat.
func ReadHeader(r io.Reader) (Header, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return Header{}, fmt.Errorf("%w: truncated header: %w", ErrFormat, err)
	}
	if string(pre[:6]) != "\x93NUMPY" {
		return Header{}, fmt.Errorf("%w: not an .npy array (bad magic)", ErrFormat)
	}
	var hlen uint32
	switch pre[6] {
	case 1:
		var l [2]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return Header{}, fmt.Errorf("%w: truncated header: %w", ErrFormat, err)
		}
		hlen = uint32(binary.LittleEndian.Uint16(l[:]))
	case 2, 3:
		var l [4]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return Header{}, fmt.Errorf("%w: truncated header: %w", ErrFormat, err)
		}
		hlen = binary.LittleEndian.Uint32(l[:])
	default:
		return Header{}, fmt.Errorf("%w: unsupported .npy version %d.%d", ErrFormat, pre[6], pre[7])
	}
	if hlen > maxHeaderLen {
		return Header{}, fmt.Errorf("%w: header length %d is implausible", ErrFormat, hlen)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return Header{}, fmt.Errorf("%w: truncated header: %w", ErrFormat, err)
	}
	return parseHeader(string(hb))
}

// parseHeader parses the Python dictionary literal of an .npy header:
// exactly the keys 'descr' (a string), 'fortran_order' (True or False) and
// 'shape' (a tuple of non-negative integers), followed by blanks only.
func parseHeader(s string) (Header, error) {
	p := &dictParser{s: s}
	h, err := p.header()
	if err != nil {
		quoted := strings.TrimSpace(s)
		if len(quoted) > 200 {
			quoted = quoted[:200] + "..."
		}
		return Header{}, fmt.Errorf("%w (in header %q)", err, quoted)
	}
	return h, nil
}

type dictParser struct {
	s string
	i int
}

func (p *dictParser) malformed(what string) error {
	return fmt.Errorf("%w: malformed header: %s at byte %d", ErrFormat, what, p.i)
}

func (p *dictParser) blanks() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

// eat skips blanks and then c, reporting whether c was there.
func (p *dictParser) eat(c byte) bool {
	p.blanks()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *dictParser) header() (Header, error) {
	var h Header
	// The three keys, each read by its own parser into its field of h.
	fields := map[string]func() error{
		"descr":         func() (err error) { h.Dtype, err = p.str(); return err },
		"fortran_order": func() (err error) { h.Fortran, err = p.boolean(); return err },
		"shape":         func() (err error) { h.Shape, err = p.tuple(); return err },
	}
	seen := make(map[string]bool, len(fields))
	if !p.eat('{') {
		return h, p.malformed("no '{'")
	}
	for !p.eat('}') {
		key, err := p.str()
		if err != nil {
			return h, err
		}
		if !p.eat(':') {
			return h, p.malformed("no ':' after key")
		}
		parse, ok := fields[key]
		switch {
		case !ok:
			return h, p.malformed(fmt.Sprintf("unknown key %q", key))
		case seen[key]:
			return h, p.malformed(fmt.Sprintf("repeated '%s'", key))
		}
		seen[key] = true
		if err := parse(); err != nil {
			return h, err
		}
		if !p.eat(',') {
			if !p.eat('}') {
				return h, p.malformed("no ',' or '}' after a value")
			}
			break
		}
	}
	p.blanks()
	if p.i != len(p.s) {
		return h, p.malformed("bytes after '}'")
	}
	if len(seen) != len(fields) {
		return h, p.malformed("missing 'descr', 'fortran_order' or 'shape'")
	}
	n, err := elements(h.Shape)
	if err != nil {
		return h, err
	}
	h.Elements = n
	return h, nil
}

// str reads a quoted string without escapes.
func (p *dictParser) str() (string, error) {
	p.blanks()
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", p.malformed("no string")
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", p.malformed("unterminated string")
	}
	v := p.s[p.i+1 : p.i+1+end]
	if strings.ContainsAny(v, "\\\n") {
		return "", p.malformed("escape or newline in string")
	}
	p.i += end + 2
	return v, nil
}

func (p *dictParser) boolean() (bool, error) {
	p.blanks()
	for _, w := range []string{"True", "False"} {
		if strings.HasPrefix(p.s[p.i:], w) {
			p.i += len(w)
			return w == "True", nil
		}
	}
	return false, p.malformed("fortran_order is not True or False")
}

// tuple reads a tuple of non-negative integers such as (), (3,) or (2, 3).
// A lone integer without a comma, (3), is taken as (3,).
func (p *dictParser) tuple() ([]int, error) {
	if !p.eat('(') {
		return nil, p.malformed("shape is not a tuple")
	}
	shape := []int{}
	for !p.eat(')') {
		p.blanks()
		j := p.i
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		d, err := strconv.Atoi(p.s[p.i:j])
		if err != nil {
			return nil, p.malformed(fmt.Sprintf("bad dimension %q in shape", p.s[p.i:min(j+1, len(p.s))]))
		}
		p.i = j
		shape = append(shape, d)
		if !p.eat(',') {
			if !p.eat(')') {
				return nil, p.malformed("no ',' or ')' in shape")
			}
			break
		}
	}
	return shape, nil
}

// elements returns the product of shape, refusing a negative dimension
// (ErrFormat) and a product that overflows int (ErrTooLarge).
func elements(shape []int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("%w: negative dimension in shape %v", ErrFormat, shape)
		}
	}
	for _, d := range shape {
		if d == 0 {
			return 0, nil
		}
	}
	for _, d := range shape {
		hi, lo := bits.Mul64(uint64(n), uint64(d))
		if hi != 0 || lo > uint64(maxInt) {
			return 0, fmt.Errorf("%w: shape %v holds more than %d elements", ErrTooLarge, shape, maxInt)
		}
		n = int(lo)
	}
	return n, nil
}

const maxInt = int(^uint(0) >> 1)

// shapeString formats a shape as NumPy does: (), (3,), (2, 3).
func shapeString(shape []int) string {
	dims := make([]string, len(shape))
	for i, s := range shape {
		dims[i] = strconv.Itoa(s)
	}
	out := "(" + strings.Join(dims, ", ")
	if len(dims) == 1 {
		out += ","
	}
	return out + ")"
}
