// Command mindlines builds a reflection blog from a folder of markdown.
//
//	mindlines build [--source DIR] [--out DIR] [--drafts] [--future] [--base-url URL] [--quiet]
//	mindlines version
//	mindlines help [command]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errUsage marks a command line that could not be understood: exit code 2.
var errUsage = errors.New("usage")

// errHelp is a request for help, which was printed: exit code 0.
var errHelp = errors.New("help")

// errReported is a failure whose details were already printed.
var errReported = errors.New("failed")

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errReported):
		return 1
	}
	fmt.Fprintln(stderr, "mindlines:", err)
	return 1
}
