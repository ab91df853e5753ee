package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mindlines/mindlines/generator"
)

// These tests run the real server, with its real watcher, on a temporary
// site. They wait for server-sent events (which are sent only after the new
// site is being served) with a bounded timeout; none sleeps a fixed time.

const waitLimit = 10 * time.Second

var serveSite = map[string]string{
	"content/_index.md": "---\ntitle: Test practice\n---\nWelcome to the [first post](reflections/first.md).\n",
	"content/reflections/first.md": "---\ntitle: First\ndate: 2024-01-02\ntags: [audit]\nstage: curiosity\n---\n" +
		"The first body.\n",
	"content/reflections/second.md": "---\ntitle: Second\ndate: 2024-02-03\ntags: [prescribing]\n---\n" +
		"The second body links to [the first](first.md).\n",
	"content/reflections/draft.md": "---\ntitle: Unfinished\ndate: 2024-03-04\ndraft: true\n---\nNot yet.\n",
}

// syncBuffer is a goroutine-safe writer that tests can wait on.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type served struct {
	t       *testing.T
	dir     string
	base    string // "http://127.0.0.1:port"
	stderr  *syncBuffer
	cancel  context.CancelFunc
	done    chan error
	stopped bool
}

func startServe(t *testing.T, files map[string]string, args ...string) *served {
	t.Helper()
	dir := t.TempDir()
	for p, s := range files {
		writeSiteFile(t, dir, p, s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{t: t, dir: dir, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, append([]string{"serve", "--source", dir, "--addr", "127.0.0.1:0"}, args...), io.Discard, s.stderr)
	}()
	re := regexp.MustCompile(`serving (http://\S+)/ `)
	deadline := time.Now().Add(waitLimit)
	for {
		if m := re.FindStringSubmatch(s.stderr.String()); m != nil {
			s.base = m[1]
			break
		}
		select {
		case err := <-s.done:
			t.Fatalf("serve stopped: %v\n%s", err, s.stderr)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", s.stderr)
		}
	}
	t.Cleanup(s.stop)
	return s
}

// stop cancels the server and checks that it returns cleanly.
func (s *served) stop() {
	if s.stopped {
		return
	}
	s.stopped = true
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Errorf("serve returned %v", err)
		}
	case <-time.After(waitLimit):
		s.t.Errorf("serve did not stop")
	}
}

func writeSiteFile(t *testing.T, dir, p, s string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (s *served) path(p string) string { return filepath.Join(s.dir, filepath.FromSlash(p)) }

func (s *served) get(urlPath string) (int, http.Header, string) {
	s.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(s.base + urlPath)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// sse is an open event stream.
type sse struct {
	t      *testing.T
	events chan sseEvent
}

type sseEvent struct{ name, data string }

func (s *served) events() *sse {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", s.base+"/_mindlines/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		s.t.Fatalf("events Content-Type %q", ct)
	}
	e := &sse{t: s.t, events: make(chan sseEvent, 100)}
	go func() {
		defer resp.Body.Close()
		defer close(e.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				e.events <- ev
				ev = sseEvent{}
			}
		}
	}()
	e.next("hello")
	return e
}

// next waits for the next event with the given name, skipping others.
func (e *sse) next(name string) sseEvent {
	e.t.Helper()
	timeout := time.After(waitLimit)
	for {
		select {
		case ev, ok := <-e.events:
			if !ok {
				e.t.Fatalf("event stream ended while waiting for %q", name)
			}
			if ev.name == name {
				return ev
			}
		case <-timeout:
			e.t.Fatalf("no %q event within %s", name, waitLimit)
		}
	}
}

// reloadOf waits for a reload event that names url and returns its list.
func (e *sse) reloadOf(url string) []string {
	e.t.Helper()
	timeout := time.After(waitLimit)
	for {
		select {
		case ev, ok := <-e.events:
			if !ok {
				e.t.Fatalf("event stream ended while waiting for a reload of %s", url)
			}
			if ev.name != "reload" {
				continue
			}
			var d struct {
				All     bool
				Changed []string
			}
			if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
				e.t.Fatal(err)
			}
			if d.All || slices.Contains(d.Changed, url) {
				return d.Changed
			}
		case <-timeout:
			e.t.Fatalf("no reload of %s within %s", url, waitLimit)
		}
	}
}

func mustContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		neg := strings.HasPrefix(sub, "! ")
		sub = strings.TrimPrefix(sub, "! ")
		if strings.Contains(s, sub) == neg {
			if neg {
				t.Errorf("%s contains %q:\n%s", what, sub, s)
			} else {
				t.Errorf("%s does not contain %q:\n%s", what, sub, s)
			}
		}
	}
}

func TestServeHTTP(t *testing.T) {
	s := startServe(t, serveSite, "--drafts")
	code, h, body := s.get("/reflections/first/")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	if got := h.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if got := h.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q", got)
	}
	mustContain(t, "post", body, "The first body.", `<script src="/_mindlines/reload.js"></script>`)

	_, _, home := s.get("/")
	mustContain(t, "home page", home, "Unfinished", "Draft", "/_mindlines/reload.js")

	code, h, _ = s.get("/reflections/first")
	if code != http.StatusFound || h.Get("Location") != "/reflections/first/" {
		t.Errorf("no slash: status %d, Location %q", code, h.Get("Location"))
	}
	code, h, body = s.get("/no/such/page/")
	if code != 404 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Errorf("missing page: status %d, %q", code, h.Get("Content-Type"))
	}
	mustContain(t, "404 page", body, `data-status="404"`)
	for _, p := range []string{"/../content/_index.md", "/content/_index.md", "/%2e%2e/%2e%2e/etc/passwd", "/content/"} {
		code, _, body = s.get(p)
		if code == 200 || strings.Contains(body, "title: Test practice") {
			t.Errorf("%s: status %d", p, code)
		}
	}
	code, h, body = s.get("/feed.xml")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/xml") {
		t.Errorf("feed: status %d, %q", code, h.Get("Content-Type"))
	}
	mustContain(t, "feed", body, "! _mindlines")
	code, h, body = s.get("/_mindlines/reload.js")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") {
		t.Errorf("script: status %d, %q", code, h.Get("Content-Type"))
	}
	mustContain(t, "script", body, "EventSource", `"role", "alert"`)
	resp, err := http.Post(s.base+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", resp.StatusCode)
	}
}

// Every way editors save a file makes the page change and a reload event.
func TestServeEditorSaves(t *testing.T) {
	s := startServe(t, serveSite)
	ev := s.events()
	post := s.path("content/reflections/first.md")
	dir := filepath.Dir(post)
	text := func(body string) []byte {
		return []byte("---\ntitle: First\ndate: 2024-01-02\ntags: [audit]\nstage: curiosity\n---\n" + body + "\n")
	}
	saves := []struct {
		name string
		save func(body string)
	}{
		{"in place", func(b string) { os.WriteFile(post, text(b), 0o644) }},
		{"vim", func(b string) {
			os.WriteFile(filepath.Join(dir, ".first.md.swp"), []byte("swap"), 0o644)
			os.WriteFile(filepath.Join(dir, "4913"), nil, 0o644)
			os.Remove(filepath.Join(dir, "4913"))
			os.Rename(post, post+"~")
			os.WriteFile(post, text(b), 0o644)
			os.Remove(post + "~")
			os.Remove(filepath.Join(dir, ".first.md.swp"))
		}},
		{"jetbrains", func(b string) {
			os.WriteFile(post+"___jb_tmp___", text(b), 0o644)
			os.Rename(post, post+"___jb_old___")
			os.Rename(post+"___jb_tmp___", post)
			os.Remove(post + "___jb_old___")
		}},
		{"temp and rename", func(b string) {
			tmp := filepath.Join(dir, ".first.md.tmp123")
			os.WriteFile(tmp, text(b), 0o644)
			os.Rename(tmp, post)
		}},
		{"delete and create", func(b string) {
			os.Remove(post)
			os.WriteFile(post, text(b), 0o644)
		}},
	}
	for i, sv := range saves {
		body := fmt.Sprintf("Saved the %s way, edit %d.", sv.name, i)
		sv.save(body)
		ev.reloadOf("/reflections/first/")
		_, _, page := s.get("/reflections/first/")
		if !strings.Contains(page, body) {
			// That event was for the first half of the save (the delete,
			// say); the next one carries the rest.
			ev.reloadOf("/reflections/first/")
			_, _, page = s.get("/reflections/first/")
		}
		mustContain(t, sv.name+" save", page, body)
	}
	mustContain(t, "terminal", s.stderr.String(), "rebuilt in ")
}

func TestServeNewPostsAndFolders(t *testing.T) {
	s := startServe(t, serveSite)
	ev := s.events()
	// A new section made in one go, before its folders are watched (posts
	// in subfolders take their URL from the section).
	writeSiteFile(t, s.dir, "content/notes/deep/new.md", "---\ntitle: Fresh\ndate: 2024-05-06\n---\nA brand new post.\n")
	ev.reloadOf("/notes/new/")
	_, _, page := s.get("/notes/new/")
	mustContain(t, "new post", page, "A brand new post.")
	// The new folder is watched now.
	writeSiteFile(t, s.dir, "content/notes/deep/newer.md", "---\ntitle: Fresher\ndate: 2024-05-07\n---\nNewer still.\n")
	ev.reloadOf("/notes/newer/")
	// Renaming the folder moves its posts.
	if err := os.Rename(s.path("content/notes"), s.path("content/diary")); err != nil {
		t.Fatal(err)
	}
	ev.reloadOf("/diary/new/")
	if code, _, _ := s.get("/diary/newer/"); code != 200 {
		t.Errorf("renamed folder: status %d", code)
	}
	if code, _, _ := s.get("/notes/new/"); code != 404 {
		t.Errorf("old folder: status %d", code)
	}
	// A theme override appears.
	writeSiteFile(t, s.dir, "themes/default/static/style.css", "body{color:#123456}")
	ev.reloadOf("/style.css")
	_, _, css := s.get("/style.css")
	mustContain(t, "stylesheet", css, "#123456", "! _mindlines")
}

func TestServeErrorOverlay(t *testing.T) {
	s := startServe(t, serveSite)
	ev := s.events()
	writeSiteFile(t, s.dir, "content/reflections/first.md", "---\ntitle: First\ndate: [not a date\n---\nBroken.\n")
	e := ev.next("builderror")
	mustContain(t, "error event", e.data, "content/reflections/first.md:")
	code, _, page := s.get("/reflections/first/")
	if code != 200 {
		t.Errorf("old page: status %d", code)
	}
	mustContain(t, "last good page", page, "The first body.", "! Broken.")
	mustContain(t, "terminal", s.stderr.String(), "content/reflections/first.md:", "still serving the last good site")

	// A page opened while the site is broken is told at once.
	late := s.events()
	mustContain(t, "error on connect", late.next("builderror").data, "content/reflections/first.md:")

	writeSiteFile(t, s.dir, "content/reflections/first.md", "---\ntitle: First\ndate: 2024-01-02\n---\nMended.\n")
	ev.reloadOf("/reflections/first/")
	_, _, page = s.get("/reflections/first/")
	mustContain(t, "mended page", page, "Mended.")
}

func TestServeStopsCleanly(t *testing.T) {
	s := startServe(t, serveSite)
	ev := s.events()
	s.stop()
	// The event stream ends, and the port is closed.
	timeout := time.After(waitLimit)
	for open := true; open; {
		select {
		case _, open = <-ev.events:
		case <-timeout:
			t.Fatal("event stream still open after stop")
		}
	}
	if _, err := http.Get(s.base + "/"); err == nil {
		t.Error("server still answers after stop")
	}
}

func TestServeUsage(t *testing.T) {
	var stderr syncBuffer
	if err := run(context.Background(), []string{"serve", "extra"}, io.Discard, &stderr); err != errUsage {
		t.Errorf("extra argument: %v", err)
	}
	err := run(context.Background(), []string{"serve", "--source", t.TempDir(), "--addr", "127.0.0.1:0"}, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "no content/ folder") {
		t.Errorf("no content: %v", err)
	}
}

// --poll finds changes by scanning, for file systems that send no events.
func TestServePoll(t *testing.T) {
	s := startServe(t, serveSite, "--poll", "20ms")
	ev := s.events()
	writeSiteFile(t, s.dir, "content/reflections/second.md", "---\ntitle: Second\ndate: 2024-02-03\n---\nPolled into place.\n")
	ev.reloadOf("/reflections/second/")
	_, _, page := s.get("/reflections/second/")
	mustContain(t, "polled page", page, "Polled into place.")
}

// After a run of saves that change the site's structure (new posts, new
// tags, a deletion, a date that moves a post across pages), every page the
// server serves equals what a fresh build of the folder makes, and what a
// fresh build does not make is gone.
func TestServeEqualsFreshBuild(t *testing.T) {
	files := map[string]string{
		"content/_index.md": "---\ntitle: Test practice\nposts_per_page: 3\nentries_per_page: 2\n---\nWelcome to the [first post](reflections/p00.md).\n",
	}
	post := func(i int, date, tags string) string {
		return fmt.Sprintf("---\ntitle: Post %d\ndate: %s\ntags: [%s]\nstage: curiosity\nauthor: Dr Ada Lane\n---\nBody %d.\n", i, date, tags, i)
	}
	for i := range 12 {
		files[fmt.Sprintf("content/reflections/p%02d.md", i)] = post(i, fmt.Sprintf("2024-01-%02d", i+1), []string{"audit", "prescribing", "audit, frailty"}[i%3])
	}
	s := startServe(t, files)
	ev := s.events()
	var urls []string // every URL served at some point
	record := func() {
		for _, p := range fresh(t, s).paths {
			urls = append(urls, outputURL(p))
		}
	}
	record()
	steps := []struct {
		name, file, text, url string
	}{
		{"a new tag", "content/reflections/p04.md", post(4, "2024-01-05", "audit, safeguarding"), "/reflections/p04/"},
		{"a new post", "content/reflections/p20.md", post(20, "2024-03-01", "prescribing"), "/reflections/p20/"},
		{"an older date", "content/reflections/p11.md", post(11, "2023-06-01", "audit"), "/reflections/p11/"},
		{"a new author", "content/reflections/p07.md", strings.Replace(post(7, "2024-01-08", "frailty"), "Ada Lane", "Cy Patel", 1), "/reflections/p07/"},
		{"a deletion", "content/reflections/p05.md", "", "/reflections/p05/"},
	}
	for _, st := range steps {
		if st.text == "" {
			if err := os.Remove(s.path(st.file)); err != nil {
				t.Fatal(err)
			}
		} else {
			writeSiteFile(t, s.dir, st.file, st.text)
		}
		ev.reloadOf(st.url)
		record()
	}
	want := fresh(t, s)
	for i, p := range want.paths {
		code, _, body := s.get(outputURL(p))
		body = strings.Replace(body, `<script src="/_mindlines/reload.js"></script>`, "", 1)
		if code != 200 || body != string(want.bytes[i]) {
			t.Errorf("%s: served (status %d) differs from a fresh build", outputURL(p), code)
		}
	}
	for _, u := range urls {
		if !slices.Contains(want.paths, strings.TrimPrefix(u, "/")) && !slices.ContainsFunc(want.paths, func(p string) bool { return outputURL(p) == u }) {
			if code, _, _ := s.get(u); code != 404 {
				t.Errorf("%s: status %d, but a fresh build does not make it", u, code)
			}
		}
	}
}

type freshBuild struct {
	paths []string
	bytes [][]byte
}

// fresh builds the served folder from scratch as serve does.
func fresh(t *testing.T, s *served) freshBuild {
	t.Helper()
	res, err := generator.NewBuilder(os.DirFS(s.dir), generator.Options{Serve: true, BaseURL: s.base + "/"}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var f freshBuild
	for _, o := range res.Outputs {
		f.paths = append(f.paths, o.Path)
		f.bytes = append(f.bytes, o.Bytes)
	}
	return f
}

// --open starts the system's opener (xdg-open on Linux) on the served
// address; here a stand-in on PATH records what it was given.
func TestServeOpensBrowser(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the stand-in opener is a shell script named xdg-open")
	}
	bin := t.TempDir()
	opened := filepath.Join(bin, "opened")
	script := "#!/bin/sh\nprintf '%s' \"$1\" > " + opened + ".tmp && mv " + opened + ".tmp " + opened + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	s := startServe(t, serveSite, "--open")
	deadline := time.Now().Add(waitLimit)
	for {
		got, err := os.ReadFile(opened)
		if err == nil {
			if want := s.base + "/"; string(got) != want {
				t.Errorf("opened %q, want %q", got, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no browser opened within %s", waitLimit)
		}
		time.Sleep(5 * time.Millisecond) // polling a file the opener writes; the wait is bounded
	}
}
