//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The variables through which mindlines writes its own profiles.
const (
	cpuProfileEnv = "MINDLINES_CPUPROFILE"
	memProfileEnv = "MINDLINES_MEMPROFILE"
)

// withoutProfileEnv drops the profile variables, so that the user's environment
// cannot make timed runs pay for profiling.
func withoutProfileEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, cpuProfileEnv+"=") && !strings.HasPrefix(kv, memProfileEnv+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// profileRun builds site once more, untimed, with profiling on, and writes the
// top of the CPU profile to w.
func profileRun(ctx context.Context, bin, site, out, dir string, n int, w io.Writer) error {
	cpu := filepath.Join(dir, fmt.Sprintf("cpu-%d.prof", n))
	mem := filepath.Join(dir, fmt.Sprintf("mem-%d.prof", n))
	for _, f := range []string{cpu, mem} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	env := append(withoutProfileEnv(os.Environ()), cpuProfileEnv+"="+cpu, memProfileEnv+"="+mem)
	t := tool{name: "mindlines (profiled)", command: func(ctx context.Context, out string) *exec.Cmd {
		return mindlinesTool(bin, site, env).command(ctx, out)
	}}
	if _, err := timeOnce(ctx, t, out); err != nil {
		return fmt.Errorf("N=%d: %w", n, err)
	}
	fmt.Fprintf(w, "### CPU profile, N=%d\n\n", n)
	if _, err := os.Stat(cpu); err != nil {
		fmt.Fprintf(w, "mindlines wrote no CPU profile (does it read %s?)\n\n", cpuProfileEnv)
		return nil
	}
	// A failure here is reported, not returned: the timed figures are still good.
	top, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=25", bin, cpu).CombinedOutput()
	if err != nil {
		fmt.Fprintf(w, "go tool pprof failed on %s: %v\n\n```\n%s\n```\n\n", cpu, err, bytes.TrimSpace(top))
		return nil
	}
	fmt.Fprintf(w, "```\n$ go tool pprof -top -nodecount=25 %s %s\n%s```\n\n", bin, cpu, top)
	if _, err := os.Stat(mem); err == nil {
		fmt.Fprintf(w, "Memory profile: %s (go tool pprof -sample_index=alloc_space -top %s %s)\n\n", mem, bin, mem)
	}
	return nil
}
