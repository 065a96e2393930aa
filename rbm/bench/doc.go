// Package bench measures how fast training runs beside what the machine can
// do: Current describes the machine (processor, logical CPUs, GOMAXPROCS,
// caches), MeasureFloor times the dense floor of a training batch (its
// matrix products as single-threaded GEMMs of the BLAS in use) and Summary
// reports the rounds of a timing against the floor and a peer program.
//
// "rbm bench" is a thin command over this package; a Go program can time its
// own trainer against the same floor.
package bench
