package rbm

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm/npz"
)

const checkpointFormat = "rbm-checkpoint/1"

// samplerPrefix begins the names of the entries of a checkpoint that hold
// the arrays of the sampler's state ("state/chain_v" and "state/chain_h"
// for Gibbs chains).
const samplerPrefix = "state/chain_"

// transformPrefix+"I/NAME" is the array NAME of the state of gradient
// transform I.
const transformPrefix = "state/transform/"

// centeringPrefix+NAME is an array of a centring's offsets.
const centeringPrefix = "state/centering/"

// maxTransforms bounds the index of a transform's state in a checkpoint.
const maxTransforms = 1 << 10

// addTransformArray puts the checkpoint entry name, "I/NAME" after its
// prefix, into st's transform states.
func addTransformArray[T Float](st *TrainState[T], byName map[string]npz.Array, name, rest string) error {
	idx, an, ok := strings.Cut(rest, "/")
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || i < 0 || i >= maxTransforms || an == "" {
		return fmt.Errorf("checkpoint entry %q: not a transform's state", name)
	}
	d, err := floatsOf[T](byName, name)
	if err != nil {
		return err
	}
	for len(st.Transforms) <= i {
		st.Transforms = append(st.Transforms, nil)
	}
	st.Transforms[i] = append(st.Transforms[i], StateArray[T]{Name: an, Shape: byName[name].Shape, Data: d})
	return nil
}

// checkpointInfo is the "checkpoint" entry of a checkpoint file: the scalars
// of a TrainState and its random streams (base64 in JSON).
type checkpointInfo struct {
	Format               string   `json:"format"`
	Epoch                int      `json:"epoch"`
	Batch                int      `json:"batch"`
	Batches              int      `json:"batches"`
	Bit                  int      `json:"bit"`
	LowestReconstruction float64  `json:"lowest_reconstruction"`
	SeenReconstruction   bool     `json:"seen_reconstruction"`
	OptimizerSteps       int      `json:"optimizer_steps"`
	Shuffle              []byte   `json:"shuffle"`
	ModelStreams         [][]byte `json:"model_streams"`
	DataStreams          [][]byte `json:"data_streams"`
	Averaging            bool     `json:"averaging,omitempty"`
	AverageCount         int      `json:"average_count,omitempty"`
}

// Checkpoint is a model with the state of its trainer, as SaveCheckpoint
// wrote them.
type Checkpoint[T Float] struct {
	Model *RBM[T]
	State *TrainState[T]
	Extra map[string]any // what the caller saved with it (flags, monitors)
}

// SaveCheckpoint writes the model and its trainer's state to path, atomically,
// as an .npz archive that numpy reads and that Load reads as a model: the
// model's entries as Save writes them (extra in its settings), the state's
// arrays under "state/", a "checkpoint" entry (JSON) with the rest of the
// state, and a "checksum" entry, the SHA-256 of every other entry, which
// LoadCheckpoint verifies.
func SaveCheckpoint[T Float](path string, tr *Trainer[T], extra map[string]any) error {
	st, err := tr.State()
	if err != nil {
		return err
	}
	arrays, err := modelArrays(tr.Model, extra)
	if err != nil {
		return err
	}
	info := checkpointInfo{
		Format: checkpointFormat, Epoch: st.Epoch, Batch: st.Batch, Batches: st.Sums.Batches, Bit: st.Bit,
		LowestReconstruction: st.LowestReconstruction, SeenReconstruction: st.SeenReconstruction,
		OptimizerSteps: st.Optimizer.Steps, Shuffle: st.Shuffle, ModelStreams: st.Sampler.Streams, DataStreams: st.DataStreams,
		Averaging: st.Averaging, AverageCount: st.AverageCount,
	}
	js, err := json.Marshal(info)
	if err != nil {
		return fmt.Errorf("rbm: checkpoint: %w", err)
	}
	arrays = append(arrays, npz.Array{Name: "checkpoint", Data: string(js)})
	for _, a := range st.Sampler.Arrays {
		arrays = append(arrays, npz.Array{Name: samplerPrefix + a.Name, Shape: a.Shape, Data: a.Data})
	}
	for _, a := range st.Centering {
		arrays = append(arrays, npz.Array{Name: centeringPrefix + a.Name, Shape: a.Shape, Data: a.Data})
	}
	for i, as := range st.Transforms {
		for _, a := range as {
			arrays = append(arrays, npz.Array{Name: fmt.Sprintf("%s%d/%s", transformPrefix, i, a.Name), Shape: a.Shape, Data: a.Data})
		}
	}
	arrays = append(arrays,
		npz.Array{Name: "state/sums", Shape: []int{4}, Data: []float64{st.Sums.PseudoLikelihood, st.Sums.Reconstruction, st.Sums.Cost, st.Sums.Seconds}},
	)
	if st.Batch > 0 {
		perm := make([]int64, len(st.Perm))
		for i, p := range st.Perm {
			perm[i] = int64(p)
		}
		arrays = append(arrays, npz.Array{Name: "state/perm", Shape: []int{len(perm)}, Data: perm})
	}
	for i, p := range tr.Model.Params() {
		if i < len(st.Average) {
			arrays = append(arrays, npz.Array{Name: "state/average/" + p.Name, Shape: []int{len(st.Average[i])}, Data: st.Average[i]})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(st.Optimizer.Slots)) {
		s := st.Optimizer.Slots[name]
		arrays = append(arrays, npz.Array{Name: "state/optimizer/" + name, Shape: []int{len(s)}, Data: s})
	}
	if arrays, err = withChecksum(arrays); err != nil {
		return err
	}
	return npz.WriteFile(path, arrays)
}

// LoadCheckpoint reads a checkpoint written by SaveCheckpoint, verifying its
// checksum. A file that cannot be opened gives the error of opening it; a
// file that is not a valid checkpoint gives an error wrapping ErrModelFile.
func LoadCheckpoint[T Float](path string) (*Checkpoint[T], error) {
	m, extra, err := Load[T](path) // the model, its sizes checked first
	if err != nil {
		return nil, err
	}
	st, err := loadState[T](path, m)
	if err != nil {
		return nil, fmt.Errorf("rbm: %s: %w: %w", path, ErrModelFile, err)
	}
	return &Checkpoint[T]{Model: m, State: st, Extra: extra}, nil
}

func loadState[T Float](path string, m *RBM[T]) (*TrainState[T], error) {
	arrays, err := npz.ReadFile(path)
	if err != nil {
		return nil, err
	}
	byName := map[string]npz.Array{}
	for _, a := range arrays {
		byName[a.Name] = a
	}
	stored, ok := byName[checksumEntry].Data.(string)
	raw, isCheckpoint := byName["checkpoint"].Data.(string)
	if !ok || !isCheckpoint {
		return nil, errors.New("no checkpoint entry or no checksum: not a checkpoint")
	}
	if sum, err := checksum(arrays); err != nil || sum != stored {
		return nil, ErrChecksum
	}
	var info checkpointInfo
	if err := json.Unmarshal([]byte(raw), &info); err != nil {
		return nil, fmt.Errorf("checkpoint entry: %w", err)
	}
	if info.Format != checkpointFormat {
		return nil, fmt.Errorf("checkpoint format %q, want %q", info.Format, checkpointFormat)
	}
	st := &TrainState[T]{
		Epoch: info.Epoch, Batch: info.Batch, Bit: info.Bit,
		LowestReconstruction: info.LowestReconstruction, SeenReconstruction: info.SeenReconstruction,
		Shuffle: info.Shuffle, DataStreams: info.DataStreams, Sampler: SamplerState[T]{Streams: info.ModelStreams},
		Optimizer: optim.State[T]{Steps: info.OptimizerSteps, Slots: map[string][]T{}},
		Averaging: info.Averaging, AverageCount: info.AverageCount,
	}
	if info.AverageCount > 0 {
		for _, p := range m.Params() {
			mean, err := floatsOf[float64](byName, "state/average/"+p.Name)
			if err != nil {
				return nil, err
			}
			st.Average = append(st.Average, mean)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		if an, ok := strings.CutPrefix(name, centeringPrefix); ok {
			d, err := floatsOf[T](byName, name)
			if err != nil {
				return nil, err
			}
			st.Centering = append(st.Centering, StateArray[T]{Name: an, Shape: byName[name].Shape, Data: d})
			continue
		}
		if rest, ok := strings.CutPrefix(name, transformPrefix); ok {
			if err := addTransformArray(st, byName, name, rest); err != nil {
				return nil, err
			}
			continue
		}
		if an, ok := strings.CutPrefix(name, samplerPrefix); ok {
			d, err := floatsOf[T](byName, name)
			if err != nil {
				return nil, err
			}
			st.Sampler.Arrays = append(st.Sampler.Arrays, StateArray[T]{Name: an, Shape: byName[name].Shape, Data: d})
		}
	}
	sums, err := floatsOf[float64](byName, "state/sums")
	if err != nil || len(sums) != 4 {
		return nil, fmt.Errorf("state/sums: %d values, %v", len(sums), err)
	}
	st.Sums = EpochStats{Epoch: info.Epoch, Batches: info.Batches, PseudoLikelihood: sums[0], Reconstruction: sums[1], Cost: sums[2], Seconds: sums[3]}
	if info.Batch > 0 {
		perm, ok := byName["state/perm"].Data.([]int64)
		if !ok {
			return nil, errors.New("no state/perm for an epoch under way")
		}
		st.Perm = make([]int, len(perm))
		for i, p := range perm {
			if p < 0 || p > math.MaxInt32 {
				return nil, fmt.Errorf("state/perm holds %d", p)
			}
			st.Perm[i] = int(p)
		}
	}
	for name := range byName {
		if slot, ok := strings.CutPrefix(name, "state/optimizer/"); ok {
			if st.Optimizer.Slots[slot], err = floatsOf[T](byName, name); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

// floatsOf returns the named float array converted to T.
func floatsOf[T Float](byName map[string]npz.Array, name string) ([]T, error) {
	switch d := byName[name].Data.(type) {
	case []float32:
		out := make([]T, len(d))
		for i, x := range d {
			out[i] = T(x)
		}
		return out, nil
	case []float64:
		out := make([]T, len(d))
		for i, x := range d {
			out[i] = T(x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("no float array %q", name)
}
