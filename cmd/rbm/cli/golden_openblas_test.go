//go:build openblas

package cli

const openBLASBuild = true
