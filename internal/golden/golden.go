// Package golden says which recorded bits a build of this module is to
// reproduce. The pure Go build gives the same bits on every x86-64 processor
// (every kernel level sums in one order); the OpenBLAS build's products sum
// in an order that depends on the kernels OpenBLAS picks for the processor,
// so its recorded bits are keyed on the processor's vendor, OpenBLAS's core
// type and the width of this module's own float32 kernels.
package golden

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/internal/kernel"
)

// Platform names what decides the bits of this build on this processor: "go"
// for the pure Go build; for the OpenBLAS build, "openblas VENDOR CORE
// LANES", e.g. "openblas AuthenticAMD Haswell 16".
func Platform() string {
	core := graph.BLASCore()
	if core == "go" {
		return "go"
	}
	return fmt.Sprintf("openblas %s %s %d", vendor(), core, kernel.SumRowsLanes())
}

// vendor returns the processor's vendor as /proc/cpuinfo gives it
// ("GenuineIntel", "AuthenticAMD"), or "unknown".
func vendor() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "vendor_id" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// Want returns the recorded value for this platform from recorded, whose keys
// are platforms as Platform names them, a field "*" matching any value, and
// false when none is recorded.
func Want(recorded map[string]string) (want string, ok bool) {
	p := strings.Fields(Platform())
	for key, v := range recorded {
		if match(strings.Fields(key), p) {
			return v, true
		}
	}
	return "", false
}

func match(key, p []string) bool {
	if len(key) != len(p) {
		return false
	}
	for i := range key {
		if key[i] != "*" && key[i] != p[i] {
			return false
		}
	}
	return true
}

// The platforms whose bits the golden tests hold, as keys of Want's map.
const (
	// PureGo is the pure Go build, the same on every x86-64 processor.
	PureGo = "go"
	// OpenBLASIntel is an Intel Xeon (family 6, model 207) with AVX-512,
	// recorded before the OpenBLAS core type was part of the key.
	OpenBLASIntel = "openblas GenuineIntel * 16"
	// OpenBLASAMD is an AMD EPYC (Zen 5, family 26 model 2) with AVX-512,
	// for which OpenBLAS 0.3.21 picks its Haswell kernels.
	OpenBLASAMD = "openblas AuthenticAMD Haswell 16"
)

// Hash returns the fingerprint golden tests record of a model's values: the
// first 16 hex digits of the SHA-256 of their float64 bits, little-endian,
// array after array.
func Hash[T float32 | float64](arrays ...[]T) string {
	h := sha256.New()
	var buf [8]byte
	for _, a := range arrays {
		for _, v := range a {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(float64(v)))
			h.Write(buf[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Check logs got, the hash of the case named name, and fails the test if it
// differs from the one recorded for this platform. It returns false, having
// logged the hash to record, when none is recorded for this platform.
func Check(t testing.TB, name, got string, recorded map[string]string) bool {
	t.Helper()
	t.Logf("%s %s", name, got)
	want, ok := Want(recorded)
	if !ok {
		t.Logf("no hash recorded for %q; record %s if this platform's bits are right", Platform(), got)
		return false
	}
	if got != want {
		t.Errorf("%s: model hash %s, recorded %s", name, got, want)
	}
	return true
}
