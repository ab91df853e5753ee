package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/mindlines/mindlines/generator/confidential"
)

// checkConfidentiality turns the findings of every published file into
// errors (high confidence: the build refuses to publish) and warnings (the
// rest). Drafts and future posts are not published, so they do not stop a
// build; mindlines check reports them too.
func checkConfidentiality(site *Site, settings *Parsed, suspects []*Parsed, errs, warns *ErrorList) {
	report := func(p *Parsed) {
		for _, f := range p.Findings {
			msg := FindingMessage(f, false)
			if f.Confidence == confidential.High {
				errs.Add(Pos{Path: p.Path, Line: f.Line, Col: f.Col}, "%s", msg)
			} else {
				warns.Add(Pos{Path: p.Path, Line: f.Line, Col: f.Col}, "%s", msg)
			}
		}
	}
	if settings != nil {
		report(settings)
	}
	// Only what is published matters; suspects are few, so each is looked
	// up rather than every page walked.
	for _, p := range suspects {
		published := false
		if page, ok := site.byPath[p.Path]; ok && page.Parsed == p {
			published = true
		}
		for _, sec := range site.Sections {
			published = published || sec.parsed == p
		}
		for _, a := range site.Authors {
			published = published || a.parsed == p
		}
		if published {
			report(p)
		}
	}
}

// FindingMessage formats a finding as "kind (confidence): match — hint",
// with the match masked unless reveal is set, so that a CI log never shows
// what was found.
func FindingMessage(f confidential.Finding, reveal bool) string {
	m := confidential.Mask(f.Match)
	if reveal {
		m = f.Match
	}
	hint := f.Hint
	if f.Confidence == confidential.High {
		hint += "; if it does not identify a patient, list it under " + confidential.AckKey + ": in the front matter or add " + confidential.AckMarker + " to the line"
	}
	return fmt.Sprintf("%s (%s): %s — %s", f.Kind, f.Confidence, m, hint)
}

// SiteFinding is a finding in one file of a site.
type SiteFinding struct {
	Path string
	confidential.Finding
}

// CheckConfidentiality scans markdown files of the site for patient
// identifiers: every file under content/, drafts included, or only those
// under the given site paths. It uses the site's settings (place names) and
// honours acknowledgements.
func CheckConfidentiality(fsys fs.FS, paths []string) ([]SiteFinding, error) {
	if len(paths) == 0 {
		paths = []string{ContentDir}
	}
	s := defaultSettings()
	if b, err := fs.ReadFile(fsys, ContentDir+"/_index.md"); err == nil {
		s, _ = readSettings(b, "") // a broken setting is the build's to report
	}
	d := confidential.New(confidential.Options{Places: s.Places})
	seen := map[string]bool{}
	var out []SiteFinding
	for _, root := range paths {
		root = path.Clean(root)
		files, err := listFiles(fsys, root)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			if _, err := fs.Stat(fsys, root); err != nil {
				return nil, fmt.Errorf("%s: no such file or folder", root)
			}
		}
		for _, p := range files {
			if !strings.HasSuffix(p, ".md") || seen[p] {
				continue
			}
			seen[p] = true
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			b = normalizeText(b)
			fm, body, _, _ := splitFrontMatter(p, b)
			for _, f := range scanForIdentifiers(d, b, fm, frontMatterKeyLines(b[:len(b)-len(body)])) {
				out = append(out, SiteFinding{Path: p, Finding: f})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out, nil
}

// normalizeText drops a byte-order mark and turns CRLF into LF.
func normalizeText(b []byte) []byte {
	b = bytes.TrimPrefix(b, utf8BOM)
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return b
}
