//go:build !openblas

package cli

const openBLASBuild = false
