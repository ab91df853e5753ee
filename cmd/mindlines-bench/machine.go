//go:build linux

package main

import (
	"bufio"
	"debug/buildinfo"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// loadAverage returns the 1-minute load average: other work on the machine
// (a load near or above the CPU count) makes wall times meaningless.
func loadAverage() string {
	f, _, _ := strings.Cut(firstLine("/proc/loadavg"), " ")
	return f
}

// writeMachine describes where the figures were taken: they mean little without it.
func writeMachine(w io.Writer, out, bin, load string) {
	fmt.Fprintf(w, "Machine: %d CPUs (nproc), %s, %s, kernel %s, %s/%s.\n",
		runtime.NumCPU(), cpuModel(), memTotal(), firstLine("/proc/sys/kernel/osrelease"),
		runtime.GOOS, runtime.GOARCH)
	goVersion := "unknown Go"
	if info, err := buildinfo.ReadFile(bin); err == nil {
		goVersion = info.GoVersion
	}
	fmt.Fprintf(w, "Go: mindlines built with %s. Load average before the runs: %s.\n", goVersion, load)
	if onTmpfs(out) {
		fmt.Fprintf(w, "Outputs: %s (tmpfs).\n", out)
	} else {
		fmt.Fprintf(w, "Outputs: %s, NOT on tmpfs: on a disk, builds soon after deletions can be much slower (shared/bench/PEERS.md, \"Noise\"); prefer -out /dev/shm/….\n", out)
	}
}

// procField returns the value of the first "key : value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func cpuModel() string {
	if m := procField("/proc/cpuinfo", "model name"); m != "" {
		return m
	}
	return "unknown CPU"
}

func memTotal() string {
	var kib int64
	if _, err := fmt.Sscanf(procField("/proc/meminfo", "MemTotal"), "%d kB", &kib); err != nil {
		return "unknown memory"
	}
	return fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
}

func firstLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return line
}

// onTmpfs reports whether path, or the nearest folder above it that exists, is on tmpfs.
func onTmpfs(path string) bool {
	const tmpfsMagic = 0x01021994
	for {
		var st syscall.Statfs_t
		if err := syscall.Statfs(path, &st); err == nil {
			return st.Type == tmpfsMagic
		}
		parent := filepath.Dir(path)
		if parent == path {
			return false
		}
		path = parent
	}
}
