package confidential

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// caseTest is one case from testdata/cases/*.txt.
type caseTest struct {
	name   string
	places []string
	ack    []string
	input  string
	want   []string // "line:col kind confidence \"match\""
}

// readCases parses a case file. A case starts with "=== name", may set
// "places:" and "ack:" (comma-separated) on the next lines, then holds its
// input up to "--- want", then one finding a line, as formatFinding prints
// them, up to the next case.
func readCases(t *testing.T, path string) []caseTest {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []caseTest
	var c *caseTest
	inWant := false
	var input []string
	flush := func() {
		if c != nil {
			c.input = strings.Join(input, "\n")
			cases = append(cases, *c)
		}
	}
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			flush()
			c = &caseTest{name: strings.TrimPrefix(line, "=== ")}
			inWant, input = false, nil
		case c == nil:
			// Comments before the first case.
		case !inWant && len(input) == 0 && strings.HasPrefix(line, "places: "):
			c.places = splitList(strings.TrimPrefix(line, "places: "))
		case !inWant && len(input) == 0 && strings.HasPrefix(line, "ack: "):
			c.ack = splitList(strings.TrimPrefix(line, "ack: "))
		case line == "--- want":
			inWant = true
		case inWant:
			if line != "" {
				c.want = append(c.want, line)
			}
		default:
			input = append(input, line)
		}
	}
	flush()
	return cases
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

func formatFinding(f Finding) string {
	return fmt.Sprintf("%d:%d %s %s %s", f.Line, f.Col, f.Kind, f.Confidence, strconv.Quote(f.Match))
}

var update = flag.Bool("update", false, "rewrite the want sections of testdata/cases/*.txt and testdata/corpus.txt")

// writeCases rewrites a case file with new want sections, for -update.
func writeCases(t *testing.T, path string, cases []caseTest) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Scan cases: input, then the findings as line:col kind confidence \"match\".\n# Regenerate the want sections with go test -run TestScanCases -update, then review the diff.\n")
	for _, c := range cases {
		fmt.Fprintf(&b, "\n=== %s\n", c.name)
		if len(c.places) > 0 {
			fmt.Fprintf(&b, "places: %s\n", strings.Join(c.places, ", "))
		}
		if len(c.ack) > 0 {
			fmt.Fprintf(&b, "ack: %s\n", strings.Join(c.ack, ", "))
		}
		b.WriteString(c.input + "\n--- want\n")
		for _, w := range c.want {
			b.WriteString(w + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScanCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, file := range files {
		group := strings.TrimSuffix(filepath.Base(file), ".txt")
		cases := readCases(t, file)
		if *update {
			for i, c := range cases {
				d := New(Options{Places: c.places})
				cases[i].want = nil
				for _, f := range d.Scan([]byte(c.input), 1, c.ack) {
					cases[i].want = append(cases[i].want, formatFinding(f))
				}
			}
			writeCases(t, file, cases)
		}
		for _, c := range cases {
			t.Run(group+"/"+c.name, func(t *testing.T) {
				d := New(Options{Places: c.places})
				var got []string
				for _, f := range d.Scan([]byte(c.input), 1, c.ack) {
					got = append(got, formatFinding(f))
					if f.Hint == "" {
						t.Errorf("%s: empty hint", formatFinding(f))
					}
				}
				if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
					t.Errorf("input:\n%s\ngot:\n%s\nwant:\n%s", c.input, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
				}
			})
		}
	}
}

func TestFirstLineOffset(t *testing.T) {
	d := New(Options{})
	text := []byte("First line.\nSecond line, NHS number 943 476 5919.\n")
	for _, first := range []int{1, 7} {
		t.Run(fmt.Sprintf("from %d", first), func(t *testing.T) {
			got := d.Scan(text, first, nil)
			if len(got) != 1 {
				t.Fatalf("got %d findings, want 1: %v", len(got), got)
			}
			if got[0].Line != first+1 || got[0].Col != 25 {
				t.Errorf("at %d:%d, want %d:25", got[0].Line, got[0].Col, first+1)
			}
		})
	}
}

func TestAcknowledged(t *testing.T) {
	d := New(Options{})
	text := []byte("Ring 07700 900123 for the clinic.\nHer number is 07700 900456.\n" +
		"The switchboard is 0161 496 0000. " + AckMarker + "\nSW1A 1AA\n")
	t.Run("none", func(t *testing.T) {
		if got := d.Scan(text, 1, nil); len(got) != 3 {
			t.Errorf("got %d findings, want 3 (the marked line is skipped): %v", len(got), got)
		}
	})
	t.Run("list", func(t *testing.T) {
		got := d.Scan(text, 1, []string{"  07700   900123 ", "sw1a 1aa"})
		if len(got) != 1 || got[0].Match != "07700 900456" {
			t.Errorf("got %v, want only 07700 900456", got)
		}
	})
	t.Run("marker", func(t *testing.T) {
		for _, f := range d.Scan(text, 1, nil) {
			if f.Line == 3 {
				t.Errorf("finding on the marked line: %v", f)
			}
		}
	})
}

func TestConfidenceString(t *testing.T) {
	for c, want := range map[Confidence]string{Low: "low", Medium: "medium", High: "high", 0: "confidence(0)"} {
		if got := c.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(c), got, want)
		}
	}
}

func TestModulus11(t *testing.T) {
	for _, tc := range []struct {
		number string
		valid  bool
	}{
		{"9434765919", true},
		{"9434765918", false},
		{"4010232137", true},
		{"4010232138", false},
		{"0000000000", true},
	} {
		t.Run(tc.number, func(t *testing.T) {
			if got := modulus11([]byte(tc.number)); got != tc.valid {
				t.Errorf("modulus11(%s) = %v, want %v", tc.number, got, tc.valid)
			}
		})
	}
}
