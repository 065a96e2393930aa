package rbm

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strings"

	"github.com/rbmgo/rbm/rbm/npz"
)

// ErrChecksum is wrapped by the error of a model or checkpoint file whose
// entries no longer match the SHA-256 stored in its "checksum" entry: the
// file was changed or damaged after it was written.
var ErrChecksum = errors.New("checksum mismatch: the file was changed after it was written")

// checksumEntry is the name of the entry that holds a file's SHA-256.
const checksumEntry = "checksum"

// checksum returns the hex SHA-256 of the arrays' names, shapes and values
// in name order, the checksum entry left out.
func checksum(arrays []npz.Array) (string, error) {
	sorted := slices.Clone(arrays)
	slices.SortFunc(sorted, func(a, b npz.Array) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	for _, a := range sorted {
		if a.Name == checksumEntry {
			continue
		}
		if err := hashArray(h, a); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashArray adds an array's name, shape, type and values to h.
func hashArray(h hash.Hash, a npz.Array) error {
	fmt.Fprintf(h, "%s %v %T\n", a.Name, a.Shape, a.Data)
	switch d := a.Data.(type) {
	case string:
		h.Write([]byte(d))
	case []float32, []float64, []int64:
		binary.Write(h, binary.LittleEndian, d)
	default:
		return fmt.Errorf("rbm: entry %q has values of type %T", a.Name, a.Data)
	}
	return nil
}

// withChecksum returns the arrays and their checksum entry.
func withChecksum(arrays []npz.Array) ([]npz.Array, error) {
	sum, err := checksum(arrays)
	if err != nil {
		return nil, err
	}
	return append(arrays, npz.Array{Name: checksumEntry, Data: sum}), nil
}

// verify checks the archive's entries against its checksum entry, reading
// one entry at a time in name order. An archive without a checksum entry
// (written before files had one, or by another program) is not checked;
// verify reports whether there was one.
func verify(r *npz.Reader) (checked bool, err error) {
	if r.Lookup(checksumEntry) == nil {
		return false, nil
	}
	stored, err := r.ReadString(checksumEntry, 64)
	if err != nil {
		return true, err
	}
	entries := slices.Clone(r.Entries)
	slices.SortFunc(entries, func(a, b *npz.Entry) int { return strings.Compare(a.Name, b.Name) })
	h, left := sha256.New(), npz.MaxElements
	for _, e := range entries {
		if e.Name == checksumEntry {
			continue
		}
		a, err := e.Read(left)
		if errors.Is(err, npz.ErrUnsupported) {
			continue
		}
		if err != nil {
			return true, err
		}
		left -= a.Values()
		if err := hashArray(h, a); err != nil {
			return true, err
		}
	}
	if hex.EncodeToString(h.Sum(nil)) != stored {
		return true, ErrChecksum
	}
	return true, nil
}
