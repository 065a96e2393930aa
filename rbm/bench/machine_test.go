package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// The Machine report reads fake /proc/cpuinfo files and sysfs Cache trees,
// skipping what is missing or malformed.
func TestReadMachine(t *testing.T) {
	const xeon = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)   Processor\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n"
	// index → file → contents; a nil tree is a Cache directory that does
	// not exist.
	type tree map[string]map[string]string
	full := tree{
		"index0": {"level": "1\n", "type": "Data\n", "size": "48K\n", "shared_cpu_list": "0\n"},
		"index1": {"level": "1\n", "type": "Instruction\n", "size": "32K\n", "shared_cpu_list": "0\n"},
		"index2": {"level": "2\n", "type": "Unified\n", "size": "2048K\n", "shared_cpu_list": "0\n"},
		"index3": {"level": "3\n", "type": "Unified\n", "size": "266240K\n", "shared_cpu_list": "0-1\n"},
	}
	for _, tc := range []struct {
		name     string
		cpuinfo  *string // nil: no cpuinfo file
		caches   tree
		model    string
		want     []Cache
		wantText string
	}{
		{
			name: "Linux x86", cpuinfo: ptr(xeon), caches: full,
			model: "Intel(R) Xeon(R) Processor",
			want: []Cache{
				{1, "Data", 48 << 10, "0"},
				{2, "Unified", 2048 << 10, "0"},
				{3, "Unified", 260 << 20, "0-1"},
			},
			wantText: ", caches L1d 48K, L2 2048K, L3 260M (shared by 0-1)",
		},
		{
			name: "no cpuinfo, no Cache directory", cpuinfo: nil, caches: nil,
			model: runtime.GOARCH, wantText: fmt.Sprintf("GOMAXPROCS %d", runtime.GOMAXPROCS(0)),
		},
		{
			name: "cpuinfo without a model name (arm64)", cpuinfo: ptr("processor\t: 0\nCPU implementer\t: 0x41\n"),
			caches: tree{"index0": {"level": "2", "type": "Unified", "size": "1M", "shared_cpu_list": "0,1"}},
			model:  runtime.GOARCH, want: []Cache{{2, "Unified", 1 << 20, "0,1"}},
			wantText: ", caches L2 1024K (shared by 0,1)",
		},
		{
			name: "malformed and missing files", cpuinfo: ptr(xeon),
			caches: tree{
				"index0":  {"level": "1", "type": "Data", "size": "48X", "shared_cpu_list": "0"},
				"index1":  {"level": "2", "type": "Unified", "size": "-5K", "shared_cpu_list": "0"},
				"index2":  {"level": "two", "type": "Unified", "size": "2048K", "shared_cpu_list": "0"},
				"index3":  {"level": "3", "type": "Unified", "shared_cpu_list": "0-1"},
				"index4":  {"level": "3", "type": "Unified", "size": "36608K"},
				"index10": {"level": "1", "type": "Unified", "size": "99999999999999999999K"},
				"index11": {"level": "1", "type": "Data", "size": "32K", "shared_cpu_list": "0"},
			},
			model: "Intel(R) Xeon(R) Processor",
			want: []Cache{
				{1, "Data", 32 << 10, "0"},
				{3, "Unified", 36608 << 10, ""},
			},
			wantText: ", caches L1d 32K, L3 35.8M",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cpuinfo := filepath.Join(dir, "cpuinfo")
			if tc.cpuinfo != nil {
				writeText(t, cpuinfo, *tc.cpuinfo)
			}
			caches := filepath.Join(dir, "Cache")
			for index, files := range tc.caches {
				for name, text := range files {
					writeText(t, filepath.Join(caches, index, name), text)
				}
			}
			m := ReadMachine(cpuinfo, caches)
			if m.Model != tc.model {
				t.Errorf("model %q, want %q", m.Model, tc.model)
			}
			if m.CPUs != runtime.NumCPU() || m.MaxProcs != runtime.GOMAXPROCS(0) {
				t.Errorf("%d CPUs and GOMAXPROCS %d, want %d and %d", m.CPUs, m.MaxProcs, runtime.NumCPU(), runtime.GOMAXPROCS(0))
			}
			if !reflect.DeepEqual(m.Caches, tc.want) {
				t.Errorf("caches %+v, want %+v", m.Caches, tc.want)
			}
			if s := m.String(); !strings.HasPrefix(s, tc.model+", ") || !strings.HasSuffix(s, tc.wantText) {
				t.Errorf("String() = %q, want %q…%q", s, tc.model+", ", tc.wantText)
			}
		})
	}
}

func TestParseCacheSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"48K", 48 << 10, true},
		{"32M", 32 << 20, true},
		{"1G", 1 << 30, true},
		{"512", 512, true},
		{"", 0, false},
		{"K", 0, false},
		{"0K", 0, false},
		{"4.5M", 0, false},
		{"48 K", 0, false},
		{"9999999999999999999G", 0, false},
	} {
		got, ok := parseCacheSize(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseCacheSize(%q) = %d, %v, want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// ptr returns a pointer to s.
func ptr(s string) *string { return &s }

// writeText creates path and the folders above it, holding text.
func writeText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
