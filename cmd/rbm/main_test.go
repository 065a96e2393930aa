package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseUnits(t *testing.T) {
	for _, tc := range []struct {
		in    string
		kind  string
		shape []int
		err   string
	}{
		{"500", "binary", []int{500}, ""},
		{"drelu", "drelu", []int{500}, ""},
		{"relu:200", "relu", []int{200}, ""},
		{"drelu:2x2x2x2", "drelu", []int{2, 2, 2, 2}, ""},
		{"drelu:0", "", nil, "not a positive unit count"},
		{"potts:3xq", "", nil, `"q" is not a positive unit count`},
	} {
		kind, shape, err := parseUnits(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || kind != tc.kind || !reflect.DeepEqual(shape, tc.shape) {
			t.Errorf("%q: %q %v %v, want %q %v", tc.in, kind, shape, err, tc.kind, tc.shape)
		}
	}
}

// Impossible flags are refused with a message naming them, before any data
// is read.
func TestRefusedFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"fly"}, `unknown command "fly"`},
		{[]string{"train", "--k", "0"}, "k must be at least 1"},
		{[]string{"train", "--batch", "0"}, "batch size must be at least 1"},
		{[]string{"train", "--lr", "NaN"}, "learning rate"},
		{[]string{"train", "--momentum", "1"}, "momentum"},
		{[]string{"train", "--optimizer", "rmsprop"}, "--optimizer must be sgd or adam"},
		{[]string{"train", "--optimizer", "adam", "--momentum", "0.5"}, "--momentum is for sgd"},
		{[]string{"train", "--dtype", "float16"}, "--dtype must be float32 or float64"},
		{[]string{"train", "--epochs", "0"}, "--epochs must be at least 1"},
		{[]string{"train", "--hidden", "tanh:5"}, `unknown layer kind "tanh"`},
		{[]string{"train", "--sample-steps", "0"}, "--sample-steps must be at least 1"},
		{[]string{"train", "--exact-pl", "-1"}, "--exact-pl must not be negative"},
		{[]string{"train", "--init-std", "-0.1"}, "--init-std must be a finite number"},
		{[]string{"train", "--data", "/nonexistent"}, "no train-images-idx3-ubyte"},
		{[]string{"train", "extra"}, "unexpected arguments"},
		{[]string{"sample", "--model", "/nonexistent.npz"}, "no such file"},
		{[]string{"plot", "sine"}, "name one figure: drelu"},
		{[]string{"gradcheck", "--batch", "0"}, "--batch must be at least 1"},
		{[]string{"bench", "--batches", "0"}, "--batches must be at least 1"},
	} {
		err := run(tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}

func TestGradcheckCommand(t *testing.T) {
	for _, args := range [][]string{
		{"gradcheck"},
		{"gradcheck", "--visible", "potts:3x3", "--hidden", "xrelu:3"},
		{"gradcheck", "--visible", "spin", "--hidden", "gaussian:4"},
	} {
		if err := run(args); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
}
