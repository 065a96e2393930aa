package run

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Source identifies the data a run trains on, so that a resumed run can
// prove it continues on the same: where it was read from, and the size and
// SHA-256 of the bytes of the files it was read from. It is saved with the
// model and the checkpoints under "data_source".
type Source struct {
	Path   string `json:"path"`   // absolute
	Size   int64  `json:"size"`   // bytes, in all files
	SHA256 string `json:"sha256"` // of the files' bytes, one after the other
}

// Same reports whether s and o are the same data: the same bytes, wherever
// they are now.
func (s *Source) Same(o *Source) bool { return s.Size == o.Size && s.SHA256 == o.SHA256 }

func (s *Source) String() string {
	sum := s.SHA256
	if len(sum) > 12 {
		sum = sum[:12]
	}
	return fmt.Sprintf("%s (%d bytes, sha256 %s…)", s.Path, s.Size, sum)
}

// Fingerprint returns the Source of data read from path: from the file
// path, or when files are given (the files of a folder path that were
// read), from those, in order.
func Fingerprint(path string, files ...string) (*Source, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		files = []string{path}
	}
	h, size := sha256.New(), int64(0)
	for _, name := range files {
		n, err := hashFile(h, name)
		if err != nil {
			return nil, fmt.Errorf("fingerprint of the data: %w", err)
		}
		size += n
	}
	return &Source{Path: abs, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// hashFile adds the bytes of a regular file to w and returns their count.
func hashFile(w io.Writer, name string) (int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return 0, fmt.Errorf("%s is not a regular file", name)
	}
	return io.Copy(w, f)
}

// ErrOtherData is wrapped by the error of a resumed run whose data is not
// the data its checkpoint was trained on.
var ErrOtherData = errors.New("the data differs from the data the run trained on")

// OtherDataError reports a resumed run on data other than its own.
type OtherDataError struct {
	Saved, Given *Source
}

func (e *OtherDataError) Error() string {
	return fmt.Sprintf("%v: the run trained on %v, this is %v", ErrOtherData, e.Saved, e.Given)
}

// Unwrap returns ErrOtherData.
func (e *OtherDataError) Unwrap() error { return ErrOtherData }

// savedSource returns the Source saved with a checkpoint, nil if none was.
func savedSource(extra map[string]any) (*Source, error) {
	raw, ok := extra["data_source"]
	if !ok || raw == nil {
		return nil, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var s Source
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("data_source: %w", err)
	}
	return &s, nil
}
