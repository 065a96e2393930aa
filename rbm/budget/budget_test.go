package budget

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"1024", 1024}, {"8GiB", 8 << 30}, {"8G", 8 << 30}, {"512MB", 512 << 20}, {"1.5 KiB", 1536}, {"1e9", 1e9}, {"2t", 2 << 40},
	} {
		if got, err := ParseBytes(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "G", "-1", "0", "NaN", "Inf", "1e30", "8 apples"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q) succeeded", bad)
		}
	}
}

func TestDefaultLimit(t *testing.T) {
	b, from := DefaultLimit()
	if b < 1<<20 || from == "" {
		t.Errorf("DefaultLimit() = %d, %q", b, from)
	}
}

// The training cases that ran out of memory are refused under 8 GiB, and
// the tutorial's run passes well within it.
func TestTrainingEstimate(t *testing.T) {
	limit := &Limit{}
	if err := limit.Set("8GiB"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		tr   Training
		ok   bool
	}{
		{"tutorial", Training{Visible: 784, Hidden: 500, ElemSize: 4, Batch: 20, Rows: 70000, Histograms: true, Filters: true}, true},
		{"hidden 300000 batch 5000", Training{Visible: 784, Hidden: 300000, ElemSize: 4, Batch: 5000, Rows: 70000}, false},
		{"hidden 342000", Training{Visible: 784, Hidden: 342000, ElemSize: 4, Batch: 20, Rows: 70000, Histograms: true, Filters: true}, false},
		{"5,000,000 columns, hidden 20", Training{Visible: 5000000, Hidden: 20, ElemSize: 8, Batch: 2, Rows: 2, Histograms: true, Filters: true}, false},
	} {
		e := tc.tr.Estimate()
		err := e.Check("training", limit, "--max-memory")
		if (err == nil) != tc.ok {
			t.Errorf("%s: estimate %s, error %v; want ok %v", tc.name, e, err, tc.ok)
		}
		if err != nil && (!errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "--max-memory") || !strings.Contains(err.Error(), "GiB")) {
			t.Errorf("%s: error %q does not name the estimate and the flag", tc.name, err)
		}
	}
}

// The estimate is within a factor of two of the peak memory measured for
// "rbm train --hidden 20000 --batch 20 --train-size 4000" (782 MB, of
// which 316 MB the program and MNIST with --hidden 10).
func TestTrainingEstimateMeasured(t *testing.T) {
	e := Training{Visible: 784, Hidden: 20000, ElemSize: 4, Batch: 20}.Estimate()
	measured := 782e3*1024 - 316e3*1024
	if r := e.Total() / measured; r < 0.5 || r > 2 {
		t.Errorf("estimate %s is %.2f times the measured %.0f bytes", e, r, measured)
	}
}

func TestCheckTime(t *testing.T) {
	if err := CheckTime("sampling", GibbsWork(20, 784, 500, 10000), time.Hour, "--max-time"); err != nil {
		t.Errorf("the tutorial's figure: %v", err)
	}
	err := CheckTime("sampling", GibbsWork(20, 784, 500, 1<<63), time.Hour, "--max-time")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "years") || !strings.Contains(err.Error(), "--max-time") {
		t.Errorf("2^63 steps: error %v", err)
	}
}
