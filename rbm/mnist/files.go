package mnist

// Files returns the paths of the four files Load reads from dir, in the
// order it reads them (the training images and labels, then the test
// images and labels), for a caller that fingerprints the data.
func Files(dir string) ([]string, error) {
	var out []string
	for _, base := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		p, err := find(dir, base)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
