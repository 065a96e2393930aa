//go:build openblas

package rbm

const openBLASBuild = true
