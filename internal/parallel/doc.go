// Package parallel spreads a loop over the cores in contiguous blocks.
//
// Conventions: the blocks depend on GOMAXPROCS, so a loop body must give the
// same result however its range is split (every element's work independent
// of the others'); the call returns when every block is done.
package parallel
