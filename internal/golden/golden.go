// Package golden says which recorded bits a build of this module is to
// reproduce. The pure Go build gives the same bits on every x86-64 processor
// (every kernel level sums in one order); the OpenBLAS build's products sum
// in an order that depends on the kernels OpenBLAS picks for the processor,
// so its recorded bits are keyed on the processor's vendor, OpenBLAS's core
// type and the width of this module's own float32 kernels.
package golden

import (
	"bufio"
	"fmt"
	"os"
	"strings"

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
