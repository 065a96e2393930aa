// Package testutil holds what the tests of several packages share: numerical
// comparisons, and child processes of the test binary. Every check fails on
// NaN: a comparison with NaN is false, and a statistic of samples holding NaN
// is +Inf.
package testutil
