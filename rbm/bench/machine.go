package bench

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Machine describes what a reader needs to compare timings across machines.
type Machine struct {
	Model    string  // the processor's model name, or runtime.GOARCH when unknown
	CPUs     int     // logical CPUs (runtime.NumCPU)
	MaxProcs int     // GOMAXPROCS
	Caches   []Cache // cpu0's data and unified caches, by level
}

// Cache is one Cache of cpu0.
type Cache struct {
	Level  int
	Type   string // "Data" or "Unified" (instruction caches are left out)
	Bytes  int64
	Shared string // the CPUs that share it, as sysfs lists them (e.g. "0-1")
}

// Where Linux describes the processor.
const (
	cpuinfoPath = "/proc/cpuinfo"
	cacheDir    = "/sys/devices/system/cpu/cpu0/Cache"
)

// Current describes the Machine the program runs on. What the system
// does not say (on a system other than Linux, for instance) is left out.
func Current() Machine {
	return ReadMachine(cpuinfoPath, cacheDir)
}

// ReadMachine describes the Machine from a cpuinfo file and a sysfs Cache
// directory of one CPU (with index*/{level,type,size,shared_cpu_list}),
// skipping silently what is missing or malformed.
func ReadMachine(cpuinfo, caches string) Machine {
	m := Machine{Model: cpuModel(cpuinfo), CPUs: runtime.NumCPU(), MaxProcs: runtime.GOMAXPROCS(0)}
	if m.Model == "" {
		m.Model = runtime.GOARCH
	}
	m.Caches = readCaches(caches)
	return m
}

// cpuModel returns the first "model name" of a cpuinfo file, with its runs
// of spaces made single, or "" if there is none.
func cpuModel(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.Join(strings.Fields(value), " ")
		}
	}
	return ""
}

// readCaches returns the data and unified caches described under dir,
// ordered by level, leaving out those whose files are missing or malformed.
func readCaches(dir string) []Cache {
	entries, err := filepath.Glob(filepath.Join(dir, "index*"))
	if err != nil {
		return nil
	}
	var out []Cache
	for _, e := range entries {
		read := func(name string) string {
			b, err := os.ReadFile(filepath.Join(e, name))
			if err != nil {
				return ""
			}
			return strings.TrimSpace(string(b))
		}
		level, err := strconv.Atoi(read("level"))
		if err != nil || level < 1 {
			continue
		}
		typ := read("type")
		if typ != "Data" && typ != "Unified" {
			continue
		}
		size, ok := parseCacheSize(read("size"))
		if !ok {
			continue
		}
		out = append(out, Cache{Level: level, Type: typ, Bytes: size, Shared: read("shared_cpu_list")})
	}
	slices.SortStableFunc(out, func(a, b Cache) int {
		return cmp.Or(cmp.Compare(a.Level, b.Level), cmp.Compare(a.Type, b.Type))
	})
	return out
}

// parseCacheSize reads a sysfs Cache size such as "48K", "2048K" or "32M".
func parseCacheSize(s string) (int64, bool) {
	unit := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		unit, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		unit, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		unit, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/unit {
		return 0, false
	}
	return n * unit, true
}

// String describes the Machine on one line, e.g. "Intel(R) Xeon(R)
// Processor, 2 logical CPUs, GOMAXPROCS 2, caches L1d 48K, L2 2048K, L3 260M
// (shared by 0-1)".
func (m Machine) String() string {
	s := fmt.Sprintf("%s, %d logical CPUs, GOMAXPROCS %d", m.Model, m.CPUs, m.MaxProcs)
	if len(m.Caches) == 0 {
		return s
	}
	parts := make([]string, len(m.Caches))
	for i, c := range m.Caches {
		parts[i] = c.String()
	}
	return s + ", caches " + strings.Join(parts, ", ")
}

// String names the Cache and its size, e.g. "L1d 48K" or "L3 260M (shared by
// 0-1)": sizes of 16 MiB and more in MiB, others in KiB, and the CPUs that
// share it when they are more than one.
func (c Cache) String() string {
	name := fmt.Sprintf("L%d", c.Level)
	if c.Type == "Data" {
		name += "d"
	}
	var size string
	switch {
	case c.Bytes >= 16<<20 && c.Bytes%(1<<20) == 0:
		size = fmt.Sprintf("%dM", c.Bytes>>20)
	case c.Bytes >= 16<<20:
		size = fmt.Sprintf("%.1fM", float64(c.Bytes)/(1<<20))
	case c.Bytes%(1<<10) == 0:
		size = fmt.Sprintf("%dK", c.Bytes>>10)
	default:
		size = fmt.Sprintf("%dB", c.Bytes)
	}
	s := name + " " + size
	if strings.ContainsAny(c.Shared, ",-") {
		s += " (shared by " + c.Shared + ")"
	}
	return s
}
