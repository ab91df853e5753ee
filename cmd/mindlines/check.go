package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mindlines/mindlines/generator"
	"github.com/mindlines/mindlines/generator/confidential"
)

type checkFlags struct {
	source, format string
	reveal         bool
}

var checkCmd = &command{
	Name:      "check",
	UsageLine: "mindlines check [--source DIR] [--format text|json] [--reveal] [PATH...]",
	Short:     "look for patient identifiers before publishing",
	Long: `Check scans the site's posts, drafts included, or only the given files and
folders, for patient identifiers: NHS, CHI and H&C numbers, dates of birth,
postcodes, phone numbers, e-mail addresses, NI numbers, hospital numbers,
named patients and addresses, with softer hints for exact ages, encounter
dates and the place names listed in the settings.

Each finding prints as path:line:col: kind (confidence): match — hint. The
match is masked, so that a CI log never shows it, unless --reveal is given.
--format json prints one JSON object per line instead.

A finding that is not an identifier can be acknowledged: list the exact text
under "acknowledge:" in the post's front matter, or put
<!-- confidential:ok --> on the line. The check is a safety net, not a
guarantee: read every reflection for anything that could identify a patient.

Exit status: 1 when anything is found, 0 when clean, 2 on a usage error.`,
	Flag: func(fs *flag.FlagSet) any {
		f := &checkFlags{}
		fs.StringVar(&f.source, "source", ".", "the site `folder`, holding content/")
		fs.StringVar(&f.format, "format", "text", "output `format`: text or json")
		fs.BoolVar(&f.reveal, "reveal", false, "show what was found instead of masking it")
		return f
	},
	Run: runCheck,
}

func runCheck(ctx context.Context, c *command, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	f := c.Flag(fs).(*checkFlags)
	rest, err := parseFlags(c, fs, args, stderr)
	if err != nil {
		return err
	}
	if f.format != "text" && f.format != "json" {
		fmt.Fprintf(stderr, "mindlines check: --format must be text or json, not %q\n", f.format)
		return errUsage
	}
	root, err := filepath.Abs(f.source)
	if err != nil {
		return err
	}
	var paths []string
	for _, a := range rest {
		abs, err := filepath.Abs(a)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			fmt.Fprintf(stderr, "mindlines check: %s is outside the site folder %s\n", a, f.source)
			return errUsage
		}
		paths = append(paths, filepath.ToSlash(rel))
	}
	findings, err := generator.CheckConfidentiality(os.DirFS(root), paths)
	if err != nil {
		fmt.Fprintf(stderr, "mindlines check: %v\n", err)
		return errUsage
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, fd := range findings {
		match := fd.Match
		if !f.reveal {
			match = confidential.Mask(match)
		}
		if f.format == "json" {
			enc.Encode(struct {
				File       string `json:"file"`
				Line       int    `json:"line"`
				Col        int    `json:"col"`
				Kind       string `json:"kind"`
				Confidence string `json:"confidence"`
				Match      string `json:"match"`
				Hint       string `json:"hint"`
			}{fd.Path, fd.Line, fd.Col, string(fd.Kind), fd.Confidence.String(), match, fd.Hint})
			continue
		}
		fmt.Fprintf(stdout, "%s:%d:%d: %s\n", fd.Path, fd.Line, fd.Col, generator.FindingMessage(fd.Finding, f.reveal))
	}
	if len(findings) > 0 {
		if f.format == "text" {
			fmt.Fprintf(stderr, "mindlines check: %d possible %s found\n", len(findings), plural(len(findings), "identifier", "identifiers"))
		}
		return errReported
	}
	if f.format == "text" {
		fmt.Fprintln(stderr, "mindlines check: no patient identifiers found")
	}
	return nil
}
