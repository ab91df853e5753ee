package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads the collector's setting (SetGCPercent returns the old one).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// A build starts generous with memory and backs off once the live heap is
// large, where the generous setting ran into the soft memory limit.
func TestTuneGCBacksOffAsTheHeapGrows(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "off") // leave this test process's limit alone
	defer debug.SetGCPercent(gcPercent())
	stop := tuneGC()
	defer stop()
	if got := gcPercent(); got != 300 {
		t.Fatalf("GC percent at the start of a build: %d; want 300", got)
	}
	live := make([][]byte, 0, 256)
	for range 256 {
		live = append(live, make([]byte, 1<<20))
	}
	runtime.GC() // the live heap is measured by a collection
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() != 200 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := gcPercent(); got != 200 {
		t.Errorf("GC percent with %d MiB live: %d; want 200", len(live), got)
	}
	runtime.KeepAlive(live)
}

func TestTuneGCLeavesTheEnvironmentsSetting(t *testing.T) {
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "off")
	defer debug.SetGCPercent(gcPercent())
	debug.SetGCPercent(150)
	tuneGC()()
	if got := gcPercent(); got != 150 {
		t.Errorf("GC percent with GOGC=150 set: %d", got)
	}
}
