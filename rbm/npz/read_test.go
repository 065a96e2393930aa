package npz

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// npy returns an .npy stream of the given header dictionary and data bytes.
func npy(dict string, data []byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(dict)))
	b.WriteString(dict)
	b.Write(data)
	return b.Bytes()
}

// member is one raw member of a zip archive.
type member struct {
	name string
	body []byte
}

// archive returns a zip of the members, deflated.
func archive(t testing.TB, members ...member) []byte {
	t.Helper()
	return archiveMethod(t, zip.Deflate, members...)
}

// archiveMethod returns a zip of the members, compressed by method.
func archiveMethod(t testing.TB, method uint16, members ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func f32bytes(x ...float32) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, x)
	return b.Bytes()
}

// model returns an archive like a model file, with extra arrays of element
// types this package does not read.
func model(t testing.TB) []byte {
	var good bytes.Buffer
	err := Write(&good, []Array{
		{Name: "settings", Data: `{"format": "x"}`},
		{Name: "W", Shape: []int{2, 3}, Data: []float32{1, 2, 3, 4, 5, 6}},
		{Name: "vbias", Shape: []int{2}, Data: []float64{-1, 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(good.Bytes()), int64(good.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var members []member
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		members = append(members, member{f.Name, b.Bytes()})
	}
	members = append(members,
		member{"big_endian.npy", npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", f32bytes(1, 2))},
		member{"complex.npy", npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", make([]byte, 16))},
		member{"fortran.npy", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", f32bytes(1, 2))},
		member{"strings.npy", npy("{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", make([]byte, 24))},
		member{"README.txt", []byte("not an array")},
	)
	return archive(t, members...)
}

func TestReaderEntriesAndHeaders(t *testing.T) {
	b := model(t)
	r, err := NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	want := []Header{
		{Name: "settings", Dtype: "<U15", Shape: []int{}, Elements: 1},
		{Name: "W", Dtype: "<f4", Shape: []int{2, 3}, Elements: 6},
		{Name: "vbias", Dtype: "<f8", Shape: []int{2}, Elements: 2},
		{Name: "big_endian", Dtype: ">f4", Shape: []int{2}, Elements: 2},
		{Name: "complex", Dtype: "<c16", Shape: []int{1}, Elements: 1},
		{Name: "fortran", Dtype: "<f4", Fortran: true, Shape: []int{1, 2}, Elements: 2},
		{Name: "strings", Dtype: "<U3", Shape: []int{2}, Elements: 2},
	}
	if len(r.Entries) != len(want) {
		t.Fatalf("%d entries, want %d", len(r.Entries), len(want))
	}
	for i, e := range r.Entries {
		h, err := e.Header()
		if err != nil || !reflect.DeepEqual(h, want[i]) {
			t.Errorf("entry %d: header %+v, %v; want %+v", i, h, err, want[i])
		}
		if h2, err := r.Header(e.Name); err != nil || !reflect.DeepEqual(h, h2) {
			t.Errorf("Header(%q) = %+v, %v", e.Name, h2, err)
		}
		if r.Lookup(e.Name) != e {
			t.Errorf("Lookup(%q) is not entry %d", e.Name, i)
		}
	}
	if r.Lookup("README.txt") != nil || r.Lookup("README") != nil || r.Lookup("nope") != nil {
		t.Error("Lookup finds what is not an array")
	}
}

// Arrays of unsupported types do not keep the others from being read, by
// name or all at once.
func TestUnsupportedExtrasDoNotBlock(t *testing.T) {
	b := model(t)
	r, err := NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	w, err := r.ReadShape("W", 2, 3)
	if err != nil || !reflect.DeepEqual(w.Data, []float32{1, 2, 3, 4, 5, 6}) || w.Name != "W" {
		t.Errorf("W: %+v, %v", w, err)
	}
	v, err := r.Read("vbias", 2)
	if err != nil || !reflect.DeepEqual(v.Data, []float64{-1, 1}) {
		t.Errorf("vbias: %+v, %v", v, err)
	}
	s, err := r.ReadString("settings", 100)
	if err != nil || s != `{"format": "x"}` {
		t.Errorf("settings: %q, %v", s, err)
	}
	for _, name := range []string{"big_endian", "complex", "fortran", "strings"} {
		if _, err := r.Read(name, 100); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v, want ErrUnsupported naming the array", name, err)
		}
	}
	all, err := Read(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
	}
	if !reflect.DeepEqual(names, []string{"settings", "W", "vbias"}) {
		t.Errorf("Read returned %v", names)
	}
}

func TestReaderErrors(t *testing.T) {
	f8 := func(shape string, data int) []byte {
		return npy("{'descr': '<f8', 'fortran_order': False, 'shape': "+shape+", }", make([]byte, data))
	}
	good := archive(t, member{"W.npy", f8("(2, 3)", 48)}, member{"s.npy", npy("{'descr': '<U4', 'fortran_order': False, 'shape': (), }", make([]byte, 16))})
	// Damage the last byte of W's data in a stored (uncompressed) archive.
	w := f8("(2, 3)", 48)
	badCRC := archiveMethod(t, zip.Store, member{"W.npy", w})
	badCRC[bytes.Index(badCRC, w)+len(w)-1] ^= 0xff
	for _, tc := range []struct {
		name string
		zip  []byte
		read func(r *Reader) error
		want error
		msg  string
	}{
		{"good", good, func(r *Reader) error { _, err := r.ReadShape("W", 2, 3); return err }, nil, ""},
		{"shape", good, func(r *Reader) error { _, err := r.ReadShape("W", 3, 2); return err }, ErrShape, "W: unexpected shape: shape (2, 3), want (3, 2)"},
		{"rank", good, func(r *Reader) error { _, err := r.ReadShape("W", 6); return err }, ErrShape, "want (6,)"},
		{"missing", good, func(r *Reader) error { _, err := r.ReadShape("hbias", 3); return err }, ErrNotFound, `no such array "hbias"`},
		{"missing header", good, func(r *Reader) error { _, err := r.Header("hbias"); return err }, ErrNotFound, "hbias"},
		{"limit", good, func(r *Reader) error { _, err := r.Read("W", 5); return err }, ErrTooLarge, "claims 6 elements, more than the 5 expected"},
		{"string limit", good, func(r *Reader) error { _, err := r.ReadString("s", 3); return err }, ErrTooLarge, "claims 4 characters"},
		{"string as numbers", good, func(r *Reader) error { _, err := r.ReadShape("s"); return err }, ErrUnsupported, "<U4"},
		{"numbers as string", good, func(r *Reader) error { _, err := r.ReadString("W", 100); return err }, ErrUnsupported, "where a string is expected"},
		{"overflowing shape", good, func(r *Reader) error { _, err := r.ReadShape("W", 1<<40, 1<<40); return err }, ErrTooLarge, "expected shape"},
		{"checksum", badCRC, func(r *Reader) error { _, err := r.Read("W", 6); return err }, ErrFormat, "checksum"},
		{"trailing", archive(t, member{"W.npy", f8("(2,)", 17)}), func(r *Reader) error { _, err := r.Read("W", 6); return err }, ErrFormat, "bytes after the array's data"},
		{"truncated", archive(t, member{"W.npy", f8("(2,)", 15)}), func(r *Reader) error { _, err := r.Read("W", 6); return err }, ErrFormat, "truncated data: want 16 bytes, got 15"},
		{"huge claim", archive(t, member{"W.npy", f8("(1073741824,)", 8)}), func(r *Reader) error { _, err := r.ReadShape("W", 2, 3); return err }, ErrShape, "(1073741824,)"},
		{"overflowing claim", archive(t, member{"W.npy", f8("(4294967296, 4294967296)", 0)}), func(r *Reader) error { _, err := r.Header("W"); return err }, ErrTooLarge, "more than"},
		{"negative", archive(t, member{"W.npy", f8("(-1,)", 0)}), func(r *Reader) error { _, err := r.Header("W"); return err }, ErrFormat, "bad dimension"},
		{"repeated", archive(t, member{"W.npy", f8("(1,)", 8)}, member{"W.npy", f8("(1,)", 8)}), nil, ErrFormat, `two arrays named "W"`},
		{"not zip", []byte("PK\x03\x04 not really"), nil, ErrFormat, "not a zip archive"},
	} {
		r, err := NewReader(bytes.NewReader(tc.zip), int64(len(tc.zip)))
		if err == nil && tc.read != nil {
			err = tc.read(r)
		}
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
		}
	}
}

// An archive of a few hundred bytes whose array claims 2^30 elements (8 GiB)
// is refused with little memory, whether the caller expects another shape,
// gives a smaller limit, or reads everything; an array that claims less but
// whose data is missing fails on the short read, also with little memory.
func TestHugeClaimAllocatesLittle(t *testing.T) {
	claim := func(n string) []byte {
		return archive(t,
			member{"settings.npy", npy("{'descr': '<U2', 'fortran_order': False, 'shape': (), }", make([]byte, 8))},
			member{"W.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': ("+n+",), }", make([]byte, 64))},
		)
	}
	huge, large := claim("1073741824"), claim("16777216")
	// 16 MiB of zeros deflate to a few kilobytes.
	var zeros bytes.Buffer
	err := Write(&zeros, []Array{
		{Name: "settings", Data: "{}"},
		{Name: "W", Shape: []int{1 << 21}, Data: make([]float64, 1<<21)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if zeros.Len() > 100<<10 {
		t.Fatalf("zeros take %d bytes", zeros.Len())
	}
	zr, err := NewReader(bytes.NewReader(zeros.Bytes()), int64(zeros.Len()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.npz")
	if err := os.WriteFile(path, huge, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		read func() error
		want error
	}{
		{"ReadShape", func() error {
			r, err := Open(path)
			if err != nil {
				return err
			}
			defer r.Close()
			_, err = r.ReadShape("W", 784, 500)
			return err
		}, ErrShape},
		{"Read with a limit", func() error {
			r, err := NewReader(bytes.NewReader(huge), int64(len(huge)))
			if err != nil {
				return err
			}
			_, err = r.Read("W", 784*500)
			return err
		}, ErrTooLarge},
		{"ReadFile", func() error { _, err := ReadFile(path); return err }, ErrTooLarge},
		{"ReadNpy", func() error {
			_, err := ReadNpy(bytes.NewReader(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824,), }", nil)))
			return err
		}, ErrTooLarge},
		{"short data", func() error { _, err := Read(bytes.NewReader(large), int64(len(large))); return err }, ErrFormat},
		{"zeros, other shape", func() error { _, err := zr.ReadShape("W", 784, 500); return err }, ErrShape},
		{"zeros, limit", func() error { _, err := zr.Read("W", 784*500); return err }, ErrTooLarge},
		{"zeros unused", func() error { _, err := zr.ReadString("settings", 10); return err }, nil},
	} {
		var err error
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err = tc.read()
		runtime.ReadMemStats(&after)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
		// TotalAlloc counts every byte allocated, so it bounds the peak.
		if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
			t.Errorf("%s: allocated %d bytes", tc.name, got)
		}
	}
}

// The values of an array are allocated as they arrive, so a genuine array is
// read with memory close to its size.
func TestReadAllocatesAboutTheData(t *testing.T) {
	n := 1 << 20
	var b bytes.Buffer
	if err := Write(&b, []Array{{Name: "W", Shape: []int{n}, Data: make([]float32, n)}}); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	a, err := r.ReadShape("W", n)
	runtime.ReadMemStats(&after)
	if err != nil || len(a.Data.([]float32)) != n {
		t.Fatalf("%v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > uint64(3*4*n) {
		t.Errorf("reading %d bytes allocated %d", 4*n, got)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m.npz")
	if err := WriteFile(p, []Array{{Name: "W", Shape: []int{2}, Data: []float64{1, math.Pi}}}); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	a, err := r.ReadShape("W", 2)
	if err != nil || a.Data.([]float64)[1] != math.Pi {
		t.Errorf("W: %+v, %v", a, err)
	}
	if _, err := r.ReadShape("W", 3); err == nil || !strings.Contains(err.Error(), p+": W: ") {
		t.Errorf("error %v does not name the file and the array", err)
	}
	if err := r.Close(); err != nil {
		t.Error(err)
	}
	if _, err := Open(filepath.Join(dir, "none.npz")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	os.WriteFile(p, []byte("garbage"), 0o644)
	if _, err := Open(p); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), p) {
		t.Errorf("garbage: %v", err)
	}
}

func TestParseHeader(t *testing.T) {
	for _, tc := range []struct {
		in    string
		dtype string
		shape []int
		err   error
		msg   string
	}{
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }   \n", "<f4", []int{2, 3}, nil, ""},
		{`{"shape": (7,), "descr": "<f8", "fortran_order": False}`, "<f8", []int{7}, nil, ""},
		{"{'descr':'<i8','fortran_order':False,'shape':()}", "<i8", []int{}, nil, ""},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (3), }", "<f4", []int{3}, nil, ""},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4611686018427387904), }", "<f4", []int{0, 1 << 62}, nil, ""},
		{"{}", "", nil, ErrFormat, "missing"},
		{"", "", nil, ErrFormat, "no '{'"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", "", nil, ErrFormat, `unknown key "x"`},
		{"{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", "", nil, ErrFormat, "repeated 'descr'"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", "", nil, ErrFormat, "bytes after '}'"},
		{"{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "", nil, ErrFormat, "True or False"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (2,,)}", "", nil, ErrFormat, "bad dimension"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", "", nil, ErrFormat, "bad dimension"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "", nil, ErrFormat, "bad dimension"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", "", nil, ErrFormat, "not a tuple"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}", "", nil, ErrFormat, "no ',' or ')'"},
		{"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", "", nil, ErrFormat, "no string"},
		{"{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", "", nil, ErrFormat, "no ',' or '}'"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", "", nil, ErrTooLarge, "more than"},
		{"{'descr': '<f4', 'fortran_order': False, 'shape': (3037000500, 3037000500)}", "", nil, ErrTooLarge, "more than"},
	} {
		h, err := parseHeader(tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%q: error %v, want %v containing %q", tc.in, err, tc.err, tc.msg)
			}
			continue
		}
		if err != nil || h.Dtype != tc.dtype || !reflect.DeepEqual(h.Shape, tc.shape) {
			t.Errorf("%q: %+v, %v; want %s %v", tc.in, h, err, tc.dtype, tc.shape)
		}
	}
}

// ReadHeader reads versions 1 to 3 and leaves the reader at the data.
func TestReadHeaderVersions(t *testing.T) {
	dict := "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"
	for _, tc := range []struct {
		name string
		pre  []byte
		want error
	}{
		{"1.0", append([]byte("\x93NUMPY\x01\x00"), byte(len(dict)), 0), nil},
		{"2.0", append([]byte("\x93NUMPY\x02\x00"), byte(len(dict)), 0, 0, 0), nil},
		{"3.0", append([]byte("\x93NUMPY\x03\x00"), byte(len(dict)), 0, 0, 0), nil},
		{"4.0", append([]byte("\x93NUMPY\x04\x00"), byte(len(dict)), 0, 0, 0), ErrFormat},
		{"long", []byte("\x93NUMPY\x02\x00\x00\x00\x00\x01"), ErrFormat},
	} {
		in := append(append(tc.pre, dict...), 1, 2, 3, 4)
		r := bytes.NewReader(in)
		h, err := ReadHeader(r)
		if tc.want != nil {
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
			}
			continue
		}
		if err != nil || h.Dtype != "<f4" || r.Len() != 4 {
			t.Errorf("%s: %+v, %v, %d bytes left", tc.name, h, err, r.Len())
		}
	}
}

func FuzzReadHeader(f *testing.F) {
	var b bytes.Buffer
	writeNpy(&b, Array{Shape: []int{2, 3}, Data: make([]float64, 6)})
	f.Add(b.Bytes())
	f.Add(npy(`{"shape": (), "descr": "<U3", "fortran_order": True}`, nil))
	f.Add(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadHeader(bytes.NewReader(data))
		if err != nil {
			return
		}
		n := 1
		for _, d := range h.Shape {
			if d < 0 {
				t.Fatalf("negative dimension in %v", h.Shape)
			}
			if d != 0 && n > maxInt/d {
				if h.Elements != 0 {
					t.Fatalf("shape %v overflows but Elements is %d", h.Shape, h.Elements)
				}
			}
			n *= d
		}
		if n != h.Elements {
			t.Fatalf("shape %v, Elements %d", h.Shape, h.Elements)
		}
	})
}

// FuzzReader reads every array of a fuzzed archive, and of an archive
// holding a fuzzed .npy member (stored, so that its bytes reach the parser
// as they are), within a fuzzed limit.
func FuzzReader(f *testing.F) {
	var one bytes.Buffer
	writeNpy(&one, Array{Shape: []int{2}, Data: []float32{1, 2}})
	f.Add(model(f), one.Bytes(), 100)
	f.Add(archive(f, member{"W.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1073741824,), }", nil)}), []byte{}, 1<<20)
	f.Fuzz(func(t *testing.T, data, member1 []byte, limit int) {
		limit = max(0, min(limit, 1<<20))
		readAll(t, data, limit)
		readAll(t, archiveMethod(t, zip.Store, member{"x.npy", member1}), limit)
	})
}

// readAll reads every entry of the archive data within limit and checks what
// it gets against the headers.
func readAll(t *testing.T, data []byte, limit int) {
	r, err := NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return
	}
	for _, e := range r.Entries {
		h, herr := e.Header()
		a, err := e.Read(limit)
		if err != nil {
			continue
		}
		if herr != nil {
			t.Fatalf("%s: read but no header: %v", e.Name, herr)
		}
		if s, ok := a.Data.(string); ok {
			if len([]rune(s)) > limit {
				t.Fatalf("%s: %d characters, limit %d", e.Name, len([]rune(s)), limit)
			}
			continue
		}
		if a.Values() > limit || a.Values() != h.Elements || !reflect.DeepEqual(a.Shape, h.Shape) {
			t.Fatalf("%s: %d values of shape %v, header %+v, limit %d", e.Name, a.Values(), a.Shape, h, limit)
		}
	}
}
