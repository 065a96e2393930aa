package npz

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	in := []Array{
		{Name: "W", Shape: []int{2, 3}, Data: []float32{1, 2, 3, 4, 5, -6.5}},
		{Name: "vbias", Shape: []int{3}, Data: []float64{0.25, -1, 1e-300}},
		{Name: "steps", Shape: []int{}, Data: []int64{42}},
		{Name: "settings", Data: `{"k": 15, "name": "ünïcode"}`},
		{Name: "empty", Shape: []int{0, 4}, Data: []float32{}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("read %d arrays, wrote %d", len(out), len(in))
	}
	for i := range in {
		if in[i].Name != out[i].Name || !reflect.DeepEqual(in[i].Data, out[i].Data) || len(in[i].Shape) != len(out[i].Shape) {
			t.Errorf("array %d: wrote %+v, read %+v", i, in[i], out[i])
		}
	}
}

func TestWriteErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    []Array
		want string
	}{
		{"shape mismatch", []Array{{Name: "x", Shape: []int{3}, Data: []float32{1}}}, "holds 3 elements"},
		{"repeated", []Array{{Name: "x", Shape: []int{1}, Data: []float32{1}}, {Name: "x", Shape: []int{1}, Data: []float32{1}}}, "repeated"},
		{"type", []Array{{Name: "x", Shape: []int{1}, Data: []int{1}}}, "unsupported"},
	} {
		err := Write(&bytes.Buffer{}, tc.a)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestReadNpyErrors(t *testing.T) {
	good := func(header string, body int) []byte {
		var b bytes.Buffer
		b.WriteString("\x93NUMPY\x01\x00")
		b.WriteByte(byte(len(header)))
		b.WriteByte(0)
		b.WriteString(header)
		b.Write(make([]byte, body))
		return b.Bytes()
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "truncated header"},
		{"magic", []byte("NOTNUMPY\x00\x00"), "bad magic"},
		{"version", []byte("\x93NUMPY\x09\x00\x00\x00"), "unsupported .npy version"},
		{"malformed", good("{}", 0), "malformed header"},
		{"fortran", good("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8), "fortran"},
		{"dtype", good("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "unsupported: dtype"},
		{"truncated data", good("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 8), "truncated data"},
		{"huge", good("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", 0), "too large"},
		{"negative", good("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 0), "bad dimension"},
	} {
		_, err := ReadNpy(bytes.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestReadFileNamesPath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "model.npz")
	os.WriteFile(p, []byte("garbage"), 0o644)
	_, err := ReadFile(p)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("error %v does not name %s", err, p)
	}
}

// numpy itself reads what Write writes, when python3 with numpy is present.
func TestNumpyReads(t *testing.T) {
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import numpy").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("no python3 with numpy")
	}
	p := filepath.Join(t.TempDir(), "m.npz")
	err := WriteFile(p, []Array{
		{Name: "W", Shape: []int{2, 2}, Data: []float32{1, 2, 3, 4}},
		{Name: "settings", Data: `{"a": 1}`},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", `import numpy as np, sys
z = np.load(sys.argv[1])
print(z["W"].dtype, z["W"].shape, z["W"].sum(), str(z["settings"]))`, p).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != `float32 (2, 2) 10.0 {"a": 1}` {
		t.Errorf("numpy read %q", got)
	}
}

func FuzzReadNpy(f *testing.F) {
	var b bytes.Buffer
	Write(&b, []Array{{Name: "x", Shape: []int{2}, Data: []float64{1, 2}}})
	f.Add(b.Bytes())
	var n bytes.Buffer
	writeNpy(&n, Array{Name: "x", Shape: []int{2, 1}, Data: []float32{1, 2}})
	f.Add(n.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadNpy(bytes.NewReader(data))
		Read(bytes.NewReader(data), int64(len(data)))
	})
}

func TestWriteNpyFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.npy")
	in := Array{Shape: []int{2, 2}, Data: []float32{1, 0.5, -2, 3}}
	if err := WriteNpyFile(path, in); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := ReadNpy(f)
	if err != nil || !reflect.DeepEqual(out.Data, in.Data) || !reflect.DeepEqual(out.Shape, in.Shape) {
		t.Errorf("wrote %+v, read %+v (%v)", in, out, err)
	}
	if err := WriteNpyFile(path, Array{Shape: []int{3}, Data: []float32{1}}); err == nil {
		t.Error("a shape that does not hold the data was written")
	}
}
