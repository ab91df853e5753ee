package confidential

import (
	"os"
	"testing"
)

func TestTry(t *testing.T) {
	in := os.Getenv("TRY")
	if in == "" {
		t.Skip()
	}
	for _, f := range New(Options{Places: []string{"Riverside Surgery", "Ward 7"}}).Scan([]byte(in), 1, nil) {
		t.Log(formatFinding(f), f.Hint)
	}
}
