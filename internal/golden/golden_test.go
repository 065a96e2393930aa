package golden

import (
	"strings"
	"testing"

	"github.com/rbmgo/rbm/graph"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		key, platform string
		want          bool
	}{
		{"go", "go", true},
		{"go", "openblas AuthenticAMD Haswell 16", false},
		{"openblas AuthenticAMD Haswell 16", "openblas AuthenticAMD Haswell 16", true},
		{"openblas AuthenticAMD Haswell 16", "openblas AuthenticAMD Haswell 8", false},
		{"openblas AuthenticAMD Haswell 16", "openblas GenuineIntel Haswell 16", false},
		{"openblas GenuineIntel * 16", "openblas GenuineIntel SkylakeX 16", true},
		{"openblas GenuineIntel * 16", "openblas GenuineIntel SkylakeX 8", false},
		{"openblas * * *", "go", false},
		{"", "go", false},
	} {
		if got := match(strings.Fields(tc.key), strings.Fields(tc.platform)); got != tc.want {
			t.Errorf("match(%q, %q) = %v, want %v", tc.key, tc.platform, got, tc.want)
		}
	}
}

func TestPlatformOfThisBuild(t *testing.T) {
	p := Platform()
	f := strings.Fields(p)
	switch graph.BLASCore() {
	case "go":
		if p != "go" {
			t.Errorf("the pure Go build's platform is %q, want go", p)
		}
	default:
		if len(f) != 4 || f[0] != "openblas" || f[2] != graph.BLASCore() {
			t.Errorf("Platform() = %q, want openblas VENDOR %s LANES", p, graph.BLASCore())
		}
	}
	if _, ok := Want(map[string]string{"nothing like it": "x"}); ok {
		t.Error("Want found a value under a key that names no platform")
	}
	if got, ok := Want(map[string]string{p: "x"}); !ok || got != "x" {
		t.Errorf("Want of this platform's own key = %q, %v", got, ok)
	}
}
