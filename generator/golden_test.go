package generator_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mindlines/mindlines/generator"
	"github.com/mindlines/mindlines/generator/sitetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares a few key outputs of a small site, byte for byte, with
// files kept in testdata/golden, as go/printer's tests do. After a change
// that is meant to alter them, run go test ./generator -run TestGolden -update
// and read the diff.
func TestGolden(t *testing.T) {
	s := sitetest.Build(t, basicSite, generator.Options{}).OK()
	for _, out := range []string{
		"index.html",
		"reflections/2024-03-01-first/index.html",
		"tags/audit/index.html",
		"stages/index.html",
		"authors/ann/index.html",
		"feed.xml",
		"sitemap.xml",
	} {
		got := s.File(out)
		name := out
		if dir, ok := strings.CutSuffix(out, "/index.html"); ok {
			name = dir + ".html"
		}
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "_"))
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s; run with -update if the change is intended.\ngot:\n%s", out, golden, got)
		}
	}
}
