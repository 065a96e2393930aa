package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Chain builds a graph one operation at a time and keeps the first error, so
// that a sequence of operations is checked once, at its end. The zero Chain
// is ready to use.
type Chain struct{ err error }

// Do returns the node f builds; once a step has failed, it returns nil
// without calling f.
func (c *Chain) Do(f func() (*G.Node, error)) *G.Node {
	if c.err != nil {
		return nil
	}
	n, err := f()
	if err != nil {
		c.err = err
	}
	return n
}

// Err returns the first error of the chain's steps, nil if none failed.
func (c *Chain) Err() error { return c.err }

// named is Do with f's error wrapped as "graph: what: …".
func (c *Chain) named(what string, f func() (*G.Node, error)) *G.Node {
	return c.Do(func() (*G.Node, error) {
		n, err := f()
		if err != nil {
			return nil, fmt.Errorf("graph: %s: %w", what, err)
		}
		return n, nil
	})
}
