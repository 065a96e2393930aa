//go:build !amd64 || noasm

package kernel

import "testing"

// forEachKernel runs test once: this build has only the portable code.
func forEachKernel(t *testing.T, test func(*testing.T)) { test(t) }
