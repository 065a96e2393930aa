// Package testutil holds the numerical comparisons the tests of several
// packages share. Every check fails on NaN: a comparison with NaN is false,
// and a statistic of samples holding NaN is +Inf.
package testutil
