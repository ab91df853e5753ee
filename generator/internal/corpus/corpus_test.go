package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var testOpts = Options{N: 200, Seed: 42}

// A parsed post, as far as the tests need it.
type parsed struct {
	fm   map[string]string // scalar keys
	tags []string
	body string
}

func parse(t *testing.T, name string, data []byte) parsed {
	t.Helper()
	text := string(data)
	rest, ok := strings.CutPrefix(text, "---\n")
	fmText, body, ok2 := strings.Cut(rest, "\n---\n\n")
	if !ok || !ok2 {
		t.Fatalf("%s: no front matter", name)
	}
	p := parsed{fm: map[string]string{}, body: body}
	for _, line := range strings.Split(fmText, "\n") {
		if tag, ok := strings.CutPrefix(line, "  - "); ok {
			p.tags = append(p.tags, tag)
			continue
		}
		k, v, _ := strings.Cut(line, ": ")
		p.fm[strings.TrimSuffix(k, ":")] = strings.Trim(v, `"`)
	}
	return p
}

func posts(t *testing.T, files map[string][]byte) map[string]parsed {
	t.Helper()
	out := map[string]parsed{}
	for name, data := range files {
		if name != "content/_index.md" {
			out[name] = parse(t, name, data)
		}
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, b := Files(testOpts), Files(testOpts)
	if !maps.EqualFunc(a, b, bytes.Equal) {
		t.Fatal("two calls with the same options gave different corpora")
	}
	if c := Files(Options{N: testOpts.N, Seed: testOpts.Seed + 1}); maps.EqualFunc(a, c, bytes.Equal) {
		t.Fatal("a different seed gave the same corpus")
	}
}

// TestStable pins one small corpus, so a change to the generator, to math/rand/v2's
// PCG or a platform difference shows up here rather than as drift in benchmark figures.
// If the generator was changed on purpose, update the hash (and say so in the commit).
func TestStable(t *testing.T) {
	files := Files(Options{N: 30, Seed: 7})
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		h.Write([]byte(name + "\x00"))
		h.Write(files[name])
		h.Write([]byte{0})
	}
	const want = "c8a5e4ccc5d584958fc4b7bee801dd8f5f2a058c4f2505106b874e3086c29ef7"
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("corpus hash = %s, want %s", got, want)
	}
}

var linkRE = regexp.MustCompile(`\]\(([^)]*)\)`)

func TestLinks(t *testing.T) {
	files := Files(testOpts)
	all := posts(t, files)
	for name, p := range all {
		var internal, external int
		for _, m := range linkRE.FindAllStringSubmatch(p.body, -1) {
			href := m[1]
			if strings.Contains(href, "://") {
				external++
				continue
			}
			internal++
			if strings.Contains(href, "#") {
				t.Errorf("%s: link %q has a fragment", name, href)
			}
			target := path.Join(path.Dir(name), href)
			q, ok := all[target]
			switch {
			case !ok:
				t.Errorf("%s: link %q resolves to %s, which does not exist", name, href, target)
			case q.fm["draft"] == "true":
				t.Errorf("%s: link %q goes to a draft", name, href)
			case target == name:
				t.Errorf("%s: links to itself", name)
			}
		}
		if internal < 1 || internal > 3 || external != 1 {
			t.Errorf("%s: %d links to posts and %d external, want 1–3 and 1", name, internal, external)
		}
	}
}

func TestShape(t *testing.T) {
	files := Files(testOpts)
	if got := string(files["content/_index.md"]); !strings.Contains(got, "title: Bench corpus") || strings.Contains(got, "baseURL") {
		t.Errorf("content/_index.md = %q", got)
	}
	all := posts(t, files)
	if len(all) != testOpts.N {
		t.Fatalf("%d posts, want %d", len(all), testOpts.N)
	}
	nameRE := regexp.MustCompile(`^content/(reflections|case-studies)/(\d{4}-\d\d-\d\d)-[a-z0-9-]+\.md$`)
	count := map[string]int{}
	titles := map[string][]string{}
	for name, p := range all {
		m := nameRE.FindStringSubmatch(name)
		if m == nil {
			t.Errorf("%s: unexpected file name", name)
			continue
		}
		date, err := time.Parse(time.RFC3339, p.fm["date"])
		switch {
		case err != nil:
			t.Errorf("%s: date: %v", name, err)
		case date.Year() < 2021 || date.Year() > 2025:
			t.Errorf("%s: date %s outside 2021–2025", name, date)
		case date.Format("2006-01-02") != m[2]:
			t.Errorf("%s: date %s does not match the file name", name, date)
		}
		titles[p.fm["title"]] = append(titles[p.fm["title"]], m[2])
		if wantKind := map[string]string{"reflections": "reflection", "case-studies": "case-study"}[m[1]]; p.fm["kind"] != wantKind {
			t.Errorf("%s: kind %q in %s", name, p.fm["kind"], m[1])
		}
		if !slices.Contains(stages, p.fm["stage"]) {
			t.Errorf("%s: stage %q", name, p.fm["stage"])
		}
		if !slices.Contains(authors, p.fm["author"]) {
			t.Errorf("%s: author %q", name, p.fm["author"])
		}
		if n := len(p.tags); n < 1 || n > 4 || len(slices.Compact(slices.Sorted(slices.Values(p.tags)))) != n {
			t.Errorf("%s: tags %q, want 1–4 distinct", name, p.tags)
		}
		for _, tag := range p.tags {
			if !slices.Contains(tags, tag) {
				t.Errorf("%s: unknown tag %q", name, tag)
			}
		}
		if n := len(strings.Fields(p.body)); n < minWords || n > maxWords {
			t.Errorf("%s: body has %d words, want %d–%d", name, n, minWords, maxWords)
		}
		count[m[1]]++
		for feature, re := range features {
			if re.MatchString(p.body) {
				count[feature]++
			}
		}
		if p.fm["draft"] == "true" {
			count["draft"]++
		}
	}
	shared := 0
	for _, days := range titles {
		if len(days) > 1 {
			shared++
		}
	}
	// Expected fractions with wide margins: N=200 is a small sample.
	for _, c := range []struct {
		what   string
		lo, hi int
	}{
		{"reflections", 130, 170}, // 3 in 4
		{"draft", 0, 12},          // 2%
		{"table", 20, 60},         // 20%
		{"footnote", 30, 70},      // 25%
		{"code", 2, 25},           // 5%
		{"heading", 200, 200},
		{"subheading", 60, 200},
		{"emphasis", 200, 200},
		{"bullets", 150, 200},
		{"nested", 20, 200},
		{"numbered", 60, 200},
		{"quote", 60, 200},
	} {
		if n := count[c.what]; n < c.lo || n > c.hi {
			t.Errorf("%d posts with %s, want %d–%d", n, c.what, c.lo, c.hi)
		}
	}
	if shared == 0 {
		t.Error("no two posts share a title")
	}
}

var features = map[string]*regexp.Regexp{
	"table":      regexp.MustCompile(`(?m)^\| --- \| ---: \|`),
	"footnote":   regexp.MustCompile(`(?m)^\[\^1\]: `),
	"code":       regexp.MustCompile("(?m)^```[a-z]+\n"),
	"heading":    regexp.MustCompile(`(?m)^## \S`),
	"subheading": regexp.MustCompile(`(?m)^### \S`),
	"emphasis":   regexp.MustCompile(`\*\S`),
	"bullets":    regexp.MustCompile(`(?m)^- \S`),
	"nested":     regexp.MustCompile(`(?m)^  - \S`),
	"numbered":   regexp.MustCompile(`(?m)^1\. \S`),
	"quote":      regexp.MustCompile(`(?m)^> \S`),
}

// TestNoIdentifiers checks that nothing in the corpus looks like patient data.
func TestNoIdentifiers(t *testing.T) {
	bad := map[string]*regexp.Regexp{
		"NHS-like number": regexp.MustCompile(`\b\d{3}[ -]?\d{3}[ -]?\d{4}\b`),
		"phone number":    regexp.MustCompile(`\b0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}\b`),
		"date":            regexp.MustCompile(`\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b(19|20)\d\d-\d\d-\d\d\b`),
		"postcode":        regexp.MustCompile(`\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b`),
		"email":           regexp.MustCompile(`\S@\S`),
		"title and name":  regexp.MustCompile(`\b(Mr|Mrs|Ms|Miss|Master)\.? [A-Z]`),
		"age":             regexp.MustCompile(`(?i)\b\d{1,3}[- ](year|yr|month)s?[- ]old\b|\baged? \d|\b\d{1,3} ?(yo|y/o)\b`),
	}
	dateLine := regexp.MustCompile(`(?m)^date: .*$`)
	for name, data := range Files(testOpts) {
		// Post dates and dated file names in links are publication dates, not anyone's birthday.
		text := linkRE.ReplaceAllString(dateLine.ReplaceAllString(string(data), ""), "]()")
		for what, re := range bad {
			if m := re.FindString(text); m != "" {
				t.Errorf("%s: %s %q", name, what, m)
			}
		}
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	sum, err := Write(dir, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	files := Files(testOpts)
	words, size := 0, 0
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from Files", name)
		}
		if name != "content/_index.md" {
			words += len(bytes.Fields(want))
			size += len(want)
		}
	}
	drafts := 0
	for _, p := range posts(t, files) {
		if p.fm["draft"] == "true" {
			drafts++
		}
	}
	if want := (Summary{Posts: testOpts.N, Drafts: drafts, Words: words, Bytes: size}); sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
	if _, err := Write(dir, testOpts); err == nil {
		t.Error("writing over an existing corpus succeeded")
	}
}

func TestSmall(t *testing.T) {
	for n := range 4 {
		files := Files(Options{N: n, Seed: 1})
		if len(files) != n+1 {
			t.Errorf("N=%d: %d files", n, len(files))
		}
	}
}

func BenchmarkFiles(b *testing.B) {
	for b.Loop() {
		Files(Options{N: 1000, Seed: 42})
	}
}
