package cli

// StdoutOf is stdoutOf, for the tests of package cli_test.
var StdoutOf = stdoutOf
