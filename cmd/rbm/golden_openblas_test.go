//go:build openblas

package main

const openBLASBuild = true
