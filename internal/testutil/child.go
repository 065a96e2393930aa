package testutil

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"
)

// StartChild starts the test binary again as a child process with args and
// the environment variable env ("NAME=value") added, and returns it with its
// standard output. The child is killed when the test ends, if it has not
// been already.
func StartChild(t testing.TB, env string, args ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, out
}

// StartHolder runs the test named test again in a child process with env
// set, and returns once the child has printed Hold's "held": the child's side
// of the test, taken when env is set, holds something (a lock, a run) until
// it is killed.
func StartHolder(t testing.TB, env, test string) *exec.Cmd {
	t.Helper()
	cmd, out := StartChild(t, env, "-test.run", "^"+test+"$")
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf[:4]) != "held" {
		t.Fatalf("the child did not take what it holds: %q %v", buf, err)
	}
	return cmd
}

// Hold is the child's side of StartHolder, once it holds what it is to
// hold: it prints "held", waits to be killed and exits after a minute.
func Hold() {
	fmt.Println("held")
	time.Sleep(time.Minute)
	os.Exit(0)
}
