package rbm

import (
	"fmt"
	"slices"
	"sync"
)

// The unit types NewLayer knows, by kind. The built-in types register
// themselves, each in its own file; a program adds its own with Register.
var registry = struct {
	sync.RWMutex
	kinds map[string]constructors
}{kinds: map[string]constructors{}}

type constructors struct {
	new32 func(prefix string, shape ...int) (Layer[float32], error)
	new64 func(prefix string, shape ...int) (Layer[float64], error)
}

// Register makes a unit type known by its kind to NewLayer, LayerKinds and
// Load, and so to the command's --visible and --hidden flags: new32 and new64
// return units of that kind with default parameters, of the given shape,
// whose parameter names start with prefix ("v" or "h"). What the units do
// not implement of Layer is derived from their expressions (see Derive). The
// units' Kind must return kind, which is what model files record. Kinds are
// lower-case letters, digits, '_' and '-'; registering a kind twice is an
// error.
//
// A generic constructor serves for both: Register("ternary",
// NewTernary[float32], NewTernary[float64]).
func Register[U32, U64 UnitType](kind string,
	new32 func(prefix string, shape ...int) (U32, error),
	new64 func(prefix string, shape ...int) (U64, error)) error {
	if err := checkKindName(kind); err != nil {
		return err
	}
	if new32 == nil || new64 == nil {
		return fmt.Errorf("rbm: Register(%q): a constructor is nil", kind)
	}
	registry.Lock()
	defer registry.Unlock()
	if _, ok := registry.kinds[kind]; ok {
		return fmt.Errorf("rbm: Register(%q): the kind is registered already", kind)
	}
	registry.kinds[kind] = constructors{
		new32: func(prefix string, shape ...int) (Layer[float32], error) {
			return deriveNew[float32](new32(prefix, shape...))
		},
		new64: func(prefix string, shape ...int) (Layer[float64], error) {
			return deriveNew[float64](new64(prefix, shape...))
		},
	}
	return nil
}

// deriveNew returns the layer of what a constructor returned.
func deriveNew[T Float, U UnitType](u U, err error) (Layer[T], error) {
	if err != nil {
		return nil, err
	}
	return Derive[T](u)
}

// mustRegister registers a built-in unit type.
func mustRegister[L32 Layer[float32], L64 Layer[float64]](kind string,
	new32 func(prefix string, shape ...int) (L32, error),
	new64 func(prefix string, shape ...int) (L64, error)) {
	if err := Register(kind, new32, new64); err != nil {
		panic(err)
	}
}

func checkKindName(kind string) error {
	if kind == "" {
		return fmt.Errorf("rbm: a unit type needs a name")
	}
	for _, r := range kind {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return fmt.Errorf("rbm: unit type name %q: use lower-case letters, digits, '_' and '-'", kind)
		}
	}
	return nil
}

// NewLayer returns a layer of the named kind and shape with default
// parameters, its parameter names starting with prefix ("v" for a visible
// layer, "h" for a hidden one).
func NewLayer[T Float](kind, prefix string, shape ...int) (Layer[T], error) {
	registry.RLock()
	c, ok := registry.kinds[kind]
	registry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("rbm: unknown layer kind %q (known: %v)", kind, LayerKinds())
	}
	var l Layer[T]
	var err error
	switch any(*new(T)).(type) {
	case float32:
		var l32 Layer[float32]
		l32, err = c.new32(prefix, shape...)
		l, _ = any(l32).(Layer[T])
	case float64:
		var l64 Layer[float64]
		l64, err = c.new64(prefix, shape...)
		l, _ = any(l64).(Layer[T])
	}
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, fmt.Errorf("rbm: the constructor of kind %q returned no layer", kind)
	}
	if l.Kind() != kind {
		return nil, fmt.Errorf("rbm: the constructor of kind %q returned a layer of kind %q", kind, l.Kind())
	}
	return l, nil
}

// LayerKinds lists the registered kinds in alphabetical order.
func LayerKinds() []string {
	registry.RLock()
	defer registry.RUnlock()
	kinds := make([]string, 0, len(registry.kinds))
	for k := range registry.kinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}
