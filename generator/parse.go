package generator

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/mindlines/mindlines/generator/confidential"
	"github.com/yuin/goldmark"
)

// Kind says what a markdown file is, from where it lies in content/.
type Kind int

const (
	KindPost     Kind = iota // content/<section>/**/<name>.md
	KindPage                 // content/<name>.md: a standalone page such as "about"
	KindSection              // content/<section>/_index.md: a section's title and introduction
	KindAuthor               // content/authors/<id>.md
	KindSettings             // content/_index.md
)

// AuthorsDir is the folder of author profiles inside content/.
const AuthorsDir = "authors"

// Parsed is what parsing one markdown file yields. It depends only on the
// file's bytes and the settings that change how files are read (time zone,
// raw HTML), so a file whose hash did not change keeps its Parsed value. It
// is never modified after parse.
type Parsed struct {
	Path    string
	Hash    [16]byte
	Kind    Kind
	Section string // first folder under content/, for posts and section indexes
	RelURL  string // "reflections/audit/", without the site's base path
	OutPath string // its page's output file, "reflections/audit/index.html"

	Title      string
	Date       time.Time // zero when the post has none
	Lastmod    time.Time
	AuthorRefs []string // ids, or display names on a site without content/authors/
	StageRaw   string
	TagsRaw    []string
	Summary    string // from front matter, else the first paragraph
	Draft      bool
	Params     map[string]any // every front matter key, as written, for templates

	Body       []byte  // rendered HTML with link placeholders; nil when spilled
	spilled    bodyRef // where Body is kept in a streaming build (see bodyStore)
	Links      []LinkRef
	HeadingIDs []string
	Words      int
	BodyLine   int                    // file line of the body's first line
	Findings   []confidential.Finding // suspected patient identifiers, acknowledged ones dropped
	keyLines   []keyLine
}

// KeyLine returns the file line of a front matter key, or the first line.
func (p *Parsed) KeyLine(key string) int {
	for _, kl := range p.keyLines {
		if kl.key == key {
			return kl.line
		}
	}
	return 1
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// classify says what kind of file a content path is; ok is false for a file
// that is not markdown.
func classify(p string, hasAuthors bool) (kind Kind, section string, ok bool) {
	if !strings.HasSuffix(p, ".md") {
		return 0, "", false
	}
	rel := strings.TrimPrefix(p, ContentDir+"/")
	parts := strings.Split(rel, "/")
	switch {
	case len(parts) == 1 && parts[0] == "_index.md":
		return KindSettings, "", true
	case len(parts) == 1:
		return KindPage, "", true
	case parts[0] == AuthorsDir && len(parts) == 2 && hasAuthors:
		return KindAuthor, "", true
	case len(parts) == 2 && parts[1] == "_index.md":
		return KindSection, parts[0], true
	}
	return KindPost, parts[0], true
}

// parseOptions are the settings that change how a file is read.
type parseOptions struct {
	md         goldmark.Markdown
	detector   *confidential.Detector // nil when the site turned the check off
	tz         *time.Location
	hasAuthors bool
	// bodies, in a streaming build, keeps posts' rendered bodies out of
	// memory until their pages are rendered.
	bodies *bodyStore
}

// parseFile parses one markdown source. Errors go to errs; the result is
// usable, if incomplete, even when there were errors, so that later checks
// still run and one build reports every problem.
func parseFile(src *Source, opt parseOptions, errs, warns *ErrorList) *Parsed {
	kind, section, _ := classify(src.Path, opt.hasAuthors)
	p := &Parsed{Path: src.Path, Hash: src.Hash, Kind: kind, Section: section}
	b := normalizeText(src.Bytes)
	fm, body, bodyLine, err := splitFrontMatter(src.Path, b)
	if err != nil {
		errs.Append(Pos{Path: src.Path, Line: 1}, err)
	}
	p.Params = fm
	p.BodyLine = bodyLine
	p.keyLines = frontMatterKeyLines(b[:len(b)-len(body)])
	p.readFields(fm, opt, errs)
	if opt.detector != nil {
		// The whole file, front matter included: a title can leak a name too.
		p.Findings = scanForIdentifiers(opt.detector, b, fm, p.keyLines)
	}

	keep := bytes.Clone // the renderer's buffer is used again
	if opt.bodies != nil && kind == KindPost {
		keep = func(html []byte) []byte {
			ref, err := opt.bodies.put(html)
			if err != nil {
				errs.Add(Pos{Path: src.Path}, "%v", err)
			}
			p.spilled = ref
			return nil
		}
	}
	md := renderMarkdown(opt.md, src.Path, body, bodyLine, p.Title == "" && kind != KindAuthor, keep, errs, warns)
	p.Body, p.Links, p.HeadingIDs, p.Words = md.HTML, md.Links, md.HeadingIDs, md.Words
	if p.Title == "" {
		p.Title = md.Title
	}
	if p.Summary == "" {
		p.Summary = truncateWords(md.Summary, 300)
	}
	base := strings.TrimSuffix(path.Base(src.Path), ".md")
	if p.Title == "" {
		p.Title = titleFromFileName(base)
	}
	if p.Date.IsZero() {
		if d, ok := dateFromFileName(base, opt.tz); ok {
			p.Date = d
		}
	}
	p.RelURL = relURL(p, stringValue(fm["slug"]))
	p.OutPath = p.RelURL + "index.html"
	return p
}

// readFields reads the front matter keys the generator understands.
func (p *Parsed) readFields(fm map[string]any, opt parseOptions, errs *ErrorList) {
	for k, v := range fm {
		pos := Pos{Path: p.Path, Line: p.KeyLine(k)}
		switch strings.ToLower(k) {
		case "title":
			p.Title = stringValue(v)
		case "name":
			if p.Kind == KindAuthor {
				p.Title = stringValue(v)
			}
		case "date":
			d, err := parseDate(v, opt.tz)
			if err != nil {
				errs.Add(pos, "%v", err)
			}
			p.Date = d
		case "lastmod":
			d, err := parseDate(v, opt.tz)
			if err != nil {
				errs.Add(pos, "%v", err)
			}
			p.Lastmod = d
		case "author", "authors":
			p.AuthorRefs = append(p.AuthorRefs, stringList(v)...)
		case "stage":
			p.StageRaw = stringValue(v)
		case "tags":
			p.TagsRaw = stringList(v)
		case "summary", "description":
			if s := stringValue(v); s != "" {
				p.Summary = s
			}
		case "draft":
			switch v.(type) {
			case bool, string:
				p.Draft = boolValue(v)
			default:
				errs.Add(pos, "draft must be true or false")
			}
		}
	}
}

// splitFrontMatter separates front matter (YAML ---, TOML +++ or JSON {})
// from the markdown body, and returns the file line the body starts on, so
// that positions in the body are real file lines.
func splitFrontMatter(p string, b []byte) (fm map[string]any, body []byte, bodyLine int, err error) {
	fm = map[string]any{}
	start := firstNonBlankLine(b)
	delim := strings.TrimSpace(string(lineAt(b, start)))
	opener := delim == "---" || delim == "+++" || delim == "{" || delim == ";;;" || delim == "---yaml" || delim == "---toml" || delim == "---json"
	if !opener {
		return fm, b, 1, nil
	}
	var raw map[string]any
	// The decoder copies all it reads, body and all; give it only the front
	// matter where its end is plain to see, and take the body as a window
	// on b. It finds the same closing line in the window as in the whole.
	input := b
	if delim == "---" || delim == "+++" {
		if inner, end := closingLine(b, start, delim); end > 0 {
			input = b[:end]
			if delim == "---" {
				if quick, ok := quickYAML(b[lineEnd(b, start):inner]); ok {
					return quick, b[end:], 1 + bytes.Count(b[:end], []byte{'\n'}), nil
				}
			}
		}
	}
	fmr := frontMatterReaders.Get().(*bufio.Reader)
	fmr.Reset(bytes.NewReader(input))
	rest, err := decodeFrontMatter(fmr, &raw) // it reads through fmr rather than make its own
	frontMatterReaders.Put(fmr)
	if err == nil && len(input) < len(b) {
		rest = b[len(input)-len(rest):]
	}
	if err != nil {
		return fm, nil, 1, frontMatterError(p, b, start, delim, err)
	}
	if len(rest) == len(b) && delim != "{" {
		line := 1 + bytes.Count(b[:start], []byte{'\n'})
		return fm, nil, 1, &Error{Pos: Pos{Path: p, Line: line}, Msg: fmt.Sprintf("front matter opened with %q is never closed", delim)}
	}
	if len(rest) == len(b) {
		return fm, b, 1, nil // a body that starts with "{" but is not JSON front matter
	}
	for k, v := range raw {
		fm[k] = normalizeValue(v)
	}
	consumed := b[:len(b)-len(rest)]
	return fm, rest, 1 + bytes.Count(consumed, []byte{'\n'}), nil
}

// decodeFrontMatter is frontmatter.Parse, with a decoder's panic (the TOML
// decoder has some on malformed input) turned into an error, so that one
// bad file fails its build with a message instead of crashing it.
func decodeFrontMatter(r io.Reader, v any) (rest []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			rest, err = nil, fmt.Errorf("the decoder could not read it (%v)", p)
		}
	}()
	return frontmatter.Parse(r, v)
}

// frontMatterReaders are the buffered readers the front matter decoder
// reads through: given none, it makes a 4 KB one for every file.
var frontMatterReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// closingLine finds the first line after the one at start that reads delim
// (spaces aside), as the front matter decoder matches it, and returns the
// offsets of its start and just past it; 0, 0 if there is none.
func closingLine(b []byte, start int, delim string) (lineStart, next int) {
	if lineEnd(b, start) == len(b) {
		return 0, 0
	}
	for at := lineEnd(b, start); at < len(b); {
		line := b[at:]
		next := len(b)
		if j := bytes.IndexByte(line, '\n'); j >= 0 {
			line, next = line[:j+1], at+j+1
		}
		if string(bytes.TrimSpace(line)) == delim {
			return at, next
		}
		at = next
	}
	return 0, 0
}

// lineEnd returns the offset just past the line at start and its newline.
func lineEnd(b []byte, start int) int {
	if i := bytes.IndexByte(b[start:], '\n'); i >= 0 {
		return start + i + 1
	}
	return len(b)
}

var lineInError = regexp.MustCompile(`line (\d+)`)

// frontMatterError places a decoder's error on its file line and adds advice
// for the mistakes writers make most.
func frontMatterError(p string, b []byte, start int, delim string, err error) error {
	delimLine := 1 + bytes.Count(b[:start], []byte{'\n'})
	line := delimLine
	msg := err.Error()
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		off := start + int(syn.Offset)
		if off > len(b) {
			off = len(b)
		}
		line = 1 + bytes.Count(b[:off], []byte{'\n'})
	default:
		if m := lineInError.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line = delimLine + n
			if delim == "{" {
				line = delimLine + n - 1
			}
		} else if l := colonInValueLine(b[start:]); l > 0 {
			// yaml.v2 gives no line for this mistake; find the value that has a colon.
			line = delimLine + l - 1
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = lineInError.ReplaceAllString(msg, "")
	msg = strings.Trim(strings.Join(strings.Fields(msg), " "), " :")
	msg = "front matter: " + msg
	if strings.Contains(msg, "mapping values are not allowed") {
		msg += " (quote a value that contains a colon, e.g. title: \"Audit: what we found\")"
	}
	return &Error{Pos: Pos{Path: p, Line: line}, Msg: msg}
}

// colonInValueLine finds the first front matter line whose unquoted value
// holds ": ", the most common YAML mistake in a title; 0 if none.
func colonInValueLine(fm []byte) int {
	for i, line := range bytes.Split(fm, []byte{'\n'}) {
		k := bytes.Index(line, []byte(": "))
		if k < 0 {
			continue
		}
		v := bytes.TrimSpace(line[k+2:])
		if len(v) > 0 && v[0] != '"' && v[0] != '\'' && v[0] != '[' && v[0] != '{' && bytes.Contains(v, []byte(": ")) {
			return i + 1
		}
	}
	return 0
}

func firstNonBlankLine(b []byte) int {
	i := 0
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '\n')
		var line []byte
		if j < 0 {
			line = b[i:]
		} else {
			line = b[i : i+j]
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return i
		}
		if j < 0 {
			return len(b)
		}
		i += j + 1
	}
	return i
}

func lineAt(b []byte, off int) []byte {
	rest := b[off:]
	if j := bytes.IndexByte(rest, '\n'); j >= 0 {
		return rest[:j]
	}
	return rest
}

// keyLine is where a top-level front matter key is, for error messages.
type keyLine struct {
	key  string
	line int
}

// frontMatterKeyLines finds the file line of each top-level key, so that
// errors about a value can point at it.
func frontMatterKeyLines(fm []byte) []keyLine {
	var lines []keyLine
	for i := 1; len(fm) > 0; i++ {
		line := fm
		if j := bytes.IndexByte(fm, '\n'); j >= 0 {
			line, fm = fm[:j], fm[j+1:]
		} else {
			fm = nil
		}
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		line = bytes.TrimLeft(line, `"{ `)
		end := bytes.IndexAny(line, `:="`)
		if end <= 0 {
			continue
		}
		key := strings.ToLower(string(bytes.TrimSpace(line[:end])))
		seen := false
		for _, kl := range lines {
			seen = seen || kl.key == key
		}
		if !seen {
			lines = append(lines, keyLine{key, i})
		}
	}
	return lines
}

// normalizeValue turns YAML's map[interface{}]interface{} into
// map[string]any all the way down, so templates can index front matter.
func normalizeValue(v any) any {
	switch v := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = normalizeValue(x)
		}
		return m
	case map[string]any:
		for k, x := range v {
			v[k] = normalizeValue(x)
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = normalizeValue(x)
		}
		return v
	}
	return v
}

var dateLayouts = []string{
	"2006-01-02",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
}

// parseDate reads YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] (in the site's time zone)
// or RFC 3339.
func parseDate(v any, tz *time.Location) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v, nil
	case nil:
		return time.Time{}, nil
	}
	s := stringValue(v)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, tz); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not a date: write YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (2024-03-01T09:30:00Z)", s)
}

// dateFromFileName reads a "YYYY-MM-DD-" prefix, the convention for dated posts.
func dateFromFileName(base string, tz *time.Location) (time.Time, bool) {
	if len(base) < 11 || base[10] != '-' {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02", base[:10], tz)
	return t, err == nil
}

// titleFromFileName makes "2024-03-01-a-hard-conversation" into
// "A hard conversation", the last resort for a post without a title.
func titleFromFileName(base string) string {
	if base == "index" {
		return ""
	}
	if len(base) > 11 && base[10] == '-' {
		if _, err := time.Parse("2006-01-02", base[:10]); err == nil {
			base = base[11:]
		}
	}
	s := strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(base))
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// relURL is a page's URL path without the base path: /<section>/<name>/,
// where name is the slug, else the file name (date prefix kept, so posts with
// one title on two days never collide), else a page bundle's folder name.
func relURL(p *Parsed, slug string) string {
	rel := strings.TrimPrefix(p.Path, ContentDir+"/")
	dir, file := path.Split(rel)
	name := strings.TrimSuffix(file, ".md")
	if name == "index" {
		name = path.Base(strings.TrimSuffix(dir, "/"))
	}
	if slug != "" {
		name = slug
	}
	name = Slug(name)
	switch p.Kind {
	case KindSettings:
		return ""
	case KindPage:
		return name + "/"
	case KindSection:
		return Slug(p.Section) + "/"
	case KindAuthor:
		return AuthorsDir + "/" + name + "/"
	}
	return Slug(p.Section) + "/" + name + "/"
}

func truncateWords(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut < max/2 {
		cut = max
	}
	return strings.TrimRight(s[:cut], ",.;: ") + "…"
}

// scanForIdentifiers runs the confidentiality detector over a whole file,
// front matter included (a title can name a patient too), but not over the
// post's own date and lastmod lines: those are when it was written, not when
// a patient was seen.
func scanForIdentifiers(d *confidential.Detector, b []byte, fm map[string]any, keys []keyLine) []confidential.Finding {
	found := d.Scan(b, 1, acknowledged(fm))
	skip := map[int]bool{}
	for _, kl := range keys {
		if kl.key == "date" || kl.key == "lastmod" {
			skip[kl.line] = true
		}
	}
	if len(skip) == 0 {
		return found
	}
	kept := found[:0]
	for _, f := range found {
		if !skip[f.Line] {
			kept = append(kept, f)
		}
	}
	return kept
}

// acknowledged lists the strings a file's writer has checked and marked as
// not identifying a patient; the settings' own list of place names counts.
func acknowledged(fm map[string]any) []string {
	return append(stringList(fm[confidential.AckKey]), stringList(fm["places"])...)
}
