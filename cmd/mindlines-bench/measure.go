//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// measure runs cmd to completion, with empty stdin and stdout thrown away, and
// reads its cost from outside as /usr/bin/time and shared/bench/timeit.py do.
// cpu and peak come from wait4, so they cover the process and every child it
// waited for (run_peer.sh execs the builder, so the builder is the process).
func measure(cmd *exec.Cmd) (sample, error) {
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start) // monotonic: time.Now carries a monotonic reading
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v%s", strings.Join(cmd.Args, " "), err, tail(stderr.Bytes()))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return sample{
		wall:    wall,
		cpu:     time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		peakKiB: ru.Maxrss, // KiB on Linux
	}, nil
}

// tail returns the last lines of a failed child's stderr, to show why it failed.
func tail(b []byte) string {
	const limit = 2000
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return ""
	}
	if len(b) > limit {
		b = append([]byte("…"), b[len(b)-limit:]...)
	}
	return "\n" + string(b)
}

// A tool is one builder under test.
type tool struct {
	name string
	// command returns the command for one build of site into out, an empty folder
	// the tool may fill as it likes (a peer builds into a new folder below it).
	command func(ctx context.Context, out string) *exec.Cmd
}

func mindlinesTool(bin, site string, env []string) tool {
	return tool{name: "mindlines", command: func(ctx context.Context, out string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "build", "--quiet", "--source", site, "--out", out)
		cmd.Env = env
		return cmd
	}}
}

func peerTool(runPeer, peer, content string) tool {
	return tool{name: peer, command: func(ctx context.Context, out string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, runPeer, peer, content, out)
		// The site folder was prepared once per corpus; FRESH builds into a new
		// run-* folder below out; QUIET execs the builder and prints nothing else.
		cmd.Env = append(os.Environ(), "SKIP_PREPARE=1", "FRESH=1", "QUIET=1")
		return cmd
	}}
}

// timeOnce builds with t into a new, empty folder and deletes it afterwards,
// outside the timed region, so no run pays for deleting another's output.
func timeOnce(ctx context.Context, t tool, out string) (sample, error) {
	if err := os.RemoveAll(out); err != nil {
		return sample{}, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return sample{}, err
	}
	s, err := measure(t.command(ctx, out))
	if rerr := os.RemoveAll(out); err == nil {
		err = rerr
	}
	if err != nil {
		return sample{}, fmt.Errorf("%s build failed: %w", t.name, err)
	}
	return s, nil
}
