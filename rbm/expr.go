package rbm

import (
	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// Small graph helpers shared by the layers. Matrices are batch×n, parameter
// vectors have length n and are broadcast over the batch.

// dotRows returns x·p per row of x (batch×n) for a vector node p: (batch).
func dotRows(x, p *G.Node) (*G.Node, error) { return G.Mul(x, p) }

// addRows returns in + p with p broadcast over the rows of in.
func addRows(in, p *G.Node) (*G.Node, error) { return G.BroadcastAdd(in, p, nil, []byte{0}) }

// subRows returns in - p with p broadcast over the rows of in.
func subRows(in, p *G.Node) (*G.Node, error) { return G.BroadcastSub(in, p, nil, []byte{0}) }

// divRows returns in / p elementwise with p broadcast over the rows of in.
func divRows(in, p *G.Node) (*G.Node, error) { return G.BroadcastHadamardDiv(in, p, nil, []byte{0}) }

// exprChain applies steps in order, stopping at the first error (a
// graph.Chain); it keeps the layers' graph code free of error plumbing.
type exprChain struct {
	graph.Chain
	b *graph.Builder
}

func (c *exprChain) dot(x, p *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return dotRows(x, p) })
}
func (c *exprChain) addRows(x, p *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return addRows(x, p) })
}
func (c *exprChain) subRows(x, p *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return subRows(x, p) })
}
func (c *exprChain) divRows(x, p *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return divRows(x, p) })
}
func (c *exprChain) add(a, b *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Add(a, b) })
}
func (c *exprChain) sub(a, b *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Sub(a, b) })
}
func (c *exprChain) mul(a, b *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.HadamardProd(a, b) })
}
func (c *exprChain) div(a, b *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.HadamardDiv(a, b) })
}
func (c *exprChain) scale(a *G.Node, s float64) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Mul(a, c.b.Scalar(s)) })
}
func (c *exprChain) neg(a *G.Node) *G.Node { return c.Do(func() (*G.Node, error) { return G.Neg(a) }) }
func (c *exprChain) square(a *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Square(a) })
}
func (c *exprChain) sqrt(a *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Sqrt(a) })
}
func (c *exprChain) log(a *G.Node) *G.Node { return c.Do(func() (*G.Node, error) { return G.Log(a) }) }
func (c *exprChain) abs(a *G.Node) *G.Node { return c.Do(func() (*G.Node, error) { return G.Abs(a) }) }
func (c *exprChain) relu(a *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Rectify(a) })
}
func (c *exprChain) sumRows(a *G.Node) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Sum(a, 1) })
}
func (c *exprChain) sum(a *G.Node) *G.Node { return c.Do(func() (*G.Node, error) { return G.Sum(a) }) }
func (c *exprChain) addScalar(a *G.Node, s float64) *G.Node {
	return c.Do(func() (*G.Node, error) { return G.Add(a, c.b.Scalar(s)) })
}

// result returns n, or the first error of the chain.
func (c *exprChain) result(n *G.Node) (*G.Node, error) { return n, c.Err() }
