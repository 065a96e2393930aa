package testutil

import (
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
)

// EditArray reads the .npz archive from, changes its array named name with
// edit and writes the archive to to (which may be from): a valid archive with
// other contents, for the tests of what readers of model files refuse. It
// fails t if the archive has no such array.
func EditArray(t testing.TB, from, to, name string, edit func(*npz.Array)) {
	t.Helper()
	arrays, err := npz.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i := range arrays {
		if arrays[i].Name == name {
			edit(&arrays[i])
			found = true
		}
	}
	if !found {
		t.Fatalf("%s has no array %q", from, name)
	}
	if err := npz.WriteFile(to, arrays); err != nil {
		t.Fatal(err)
	}
}
