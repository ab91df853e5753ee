// Command mindlines-watchbench measures how long a save takes to reach the
// browser under mindlines serve: from writing a post to the updated page
// being served over HTTP, and to the reload event arriving on the event
// stream.
//
//	go run ./cmd/mindlines-watchbench [--corpus /tmp/anchors/corpus/n10000] [--n 20] [--bin mindlines]
//
// It copies the corpus (a site folder holding content/) into a temporary
// folder, starts mindlines serve on it, and for each kind of edit (a body
// edit, a tag change, a new post) edits a different post n times, polling
// the page every millisecond until the change shows. Each edit is undone,
// and the rebuild that follows waited for, before the next one. It prints
// the median, 95th percentile and range of each, and the peak resident
// memory of the serve process (VmHWM).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	corpus := flag.String("corpus", "/tmp/anchors/corpus/n10000", "the site `folder` to copy, holding content/")
	n := flag.Int("n", 20, "edits of each kind")
	bin := flag.String("bin", "", "the mindlines `binary` (default: go build ./cmd/mindlines)")
	keep := flag.Bool("keep", false, "keep the copy of the corpus")
	flag.Parse()
	if err := run(*corpus, *bin, *n, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "mindlines-watchbench:", err)
		os.Exit(1)
	}
}

func run(corpus, bin string, n int, keep bool) error {
	work, err := os.MkdirTemp("", "watchbench-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(work)
	}
	if bin == "" {
		bin = filepath.Join(work, "mindlines")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/mindlines")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build (run from the repository root, or give --bin): %w", err)
		}
	}
	site := filepath.Join(work, "site")
	start := time.Now()
	files, err := copyTree(corpus, site)
	if err != nil {
		return err
	}
	fmt.Printf("copied %d files in %s to %s\n", files, time.Since(start).Round(time.Millisecond), site)

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	// --drafts: writers preview their drafts, and the corpus has some.
	cmd := exec.Command(bin, "serve", "--source", site, "--addr", addr, "--drafts", "--quiet")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	start = time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			line := sc.Text()
			if !once && strings.HasPrefix(line, "serving ") {
				once = true
				close(ready)
				continue
			}
			fmt.Fprintln(os.Stderr, "serve:", line)
		}
	}()
	select {
	case <-ready:
	case <-time.After(15 * time.Minute):
		return errors.New("serve did not start within 15 minutes")
	}
	fmt.Printf("first build and start: %s\n", time.Since(start).Round(time.Millisecond))
	base := "http://" + addr
	baseURL = base

	events, err := subscribe(base)
	if err != nil {
		return err
	}
	posts, err := filepath.Glob(filepath.Join(site, "content", "reflections", "*.md"))
	if err != nil || len(posts) < 3*n {
		return fmt.Errorf("the corpus has too few posts in content/reflections (%d)", len(posts))
	}
	sort.Strings(posts)
	b := &bench{base: base, events: events, client: &http.Client{Timeout: 10 * time.Second}}

	kinds := []struct {
		name string
		edit func(post string, token string) (url string, undo func() error, err error)
	}{
		{"body edit", editBody},
		{"tag change", editTags},
		{"new post", newPost},
	}
	fmt.Printf("\n%-11s %6s %18s %18s\n", "edit", "edits", "served ms p50/p95", "event ms p50/p95")
	for k, kind := range kinds {
		var served, evented []time.Duration
		for i := range n {
			post := posts[(k*n+i)*len(posts)/(3*n)]
			token := fmt.Sprintf("benchtoken%d%d%d", k, i, time.Now().UnixNano()%1e6)
			s, e, err := b.measure(post, token, kind.edit)
			if err != nil {
				return fmt.Errorf("%s %d: %w", kind.name, i, err)
			}
			served = append(served, s)
			evented = append(evented, e)
		}
		fmt.Printf("%-11s %6d %18s %18s   (served min–max %s–%s)\n", kind.name, n,
			pair(served), pair(evented), ms(slices.Min(served)), ms(slices.Max(served)))
	}
	hwm, rss := memory(cmd.Process.Pid)
	fmt.Printf("\nserve process memory: peak %s (VmHWM), now %s (VmRSS)\n", hwm, rss)
	return nil
}

type bench struct {
	base   string
	events <-chan sseEvent
	client *http.Client
}

type sseEvent struct {
	at   time.Time
	name string
	data string
}

// measure makes one edit, then waits for the page to change and for the
// reload event naming it; then undoes the edit and waits for that rebuild.
func (b *bench) measure(post, token string, edit func(string, string) (string, func() error, error)) (served, evented time.Duration, err error) {
	b.drain()
	t0 := time.Now()
	url, undo, err := edit(post, token)
	if err != nil {
		return 0, 0, err
	}
	deadline := t0.Add(30 * time.Second)
	for {
		body, code, err := b.get(url)
		if err != nil {
			return 0, 0, err
		}
		if code == 200 && strings.Contains(body, token) {
			served = time.Since(t0)
			break
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("%s did not show the edit within 30s", url)
		}
		time.Sleep(time.Millisecond)
	}
	path := strings.TrimPrefix(url, b.base)
	at, err := b.waitReload(path, deadline)
	if err != nil {
		return 0, 0, err
	}
	evented = at.Sub(t0)
	if err := undo(); err != nil {
		return 0, 0, err
	}
	if _, err := b.waitReload(path, time.Now().Add(30*time.Second)); err != nil {
		return 0, 0, fmt.Errorf("undo: %w", err)
	}
	return served, evented, nil
}

func (b *bench) drain() {
	for {
		select {
		case <-b.events:
		default:
			return
		}
	}
}

func (b *bench) waitReload(path string, deadline time.Time) (time.Time, error) {
	for {
		select {
		case e, ok := <-b.events:
			if !ok {
				return time.Time{}, errors.New("event stream ended")
			}
			if e.name == "reload" && (strings.Contains(e.data, `"`+path+`"`) || strings.Contains(e.data, `"all":true`)) {
				return e.at, nil
			}
			if e.name == "builderror" {
				return time.Time{}, fmt.Errorf("build failed: %s", e.data)
			}
		case <-time.After(time.Until(deadline)):
			return time.Time{}, fmt.Errorf("no reload event for %s", path)
		}
	}
}

func (b *bench) get(url string) (string, int, error) {
	resp, err := b.client.Get(url)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), resp.StatusCode, err
}

func subscribe(base string) (<-chan sseEvent, error) {
	resp, err := http.Get(base + "/_mindlines/events")
	if err != nil {
		return nil, err
	}
	ch := make(chan sseEvent, 1024)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data = strings.TrimPrefix(line, "data: ")
			case line == "" && e.name != "":
				e.at = time.Now()
				ch <- e
				e = sseEvent{}
			}
		}
	}()
	return ch, nil
}

// pageURL is the URL mindlines serves a post at: its section and file name.
func pageURL(post string) string {
	dir := filepath.Base(filepath.Dir(post))
	return "/" + dir + "/" + strings.TrimSuffix(filepath.Base(post), ".md") + "/"
}

// editBody appends a paragraph, as a writer adding a thought would.
func editBody(post, token string) (string, func() error, error) {
	old, err := os.ReadFile(post)
	if err != nil {
		return "", nil, err
	}
	data := append(slices.Clip(old), "\n\nOn reflection, "+token+" matters here.\n"...)
	if err := os.WriteFile(post, data, 0o644); err != nil {
		return "", nil, err
	}
	return baseURL + pageURL(post), func() error { return os.WriteFile(post, old, 0o644) }, nil
}

// editTags adds a new tag, which makes a new tag page and changes the post's
// tag links.
func editTags(post, token string) (string, func() error, error) {
	old, err := os.ReadFile(post)
	if err != nil {
		return "", nil, err
	}
	s := string(old)
	var data string
	switch {
	case strings.Contains(s, "\ntags:\n"):
		data = strings.Replace(s, "\ntags:\n", "\ntags:\n  - "+token+"\n", 1)
	case strings.Contains(s, "\ntags: ["):
		data = strings.Replace(s, "\ntags: [", "\ntags: ["+token+", ", 1)
	default:
		data = strings.Replace(s, "\ntitle:", "\ntags: ["+token+"]\ntitle:", 1)
	}
	if err := os.WriteFile(post, []byte(data), 0o644); err != nil {
		return "", nil, err
	}
	return baseURL + pageURL(post), func() error { return os.WriteFile(post, old, 0o644) }, nil
}

// newPost writes a new post next to post.
func newPost(post, token string) (string, func() error, error) {
	p := filepath.Join(filepath.Dir(post), "2025-12-31-"+token+".md")
	data := "---\ntitle: \"A new reflection " + token + "\"\ndate: 2025-12-31T09:00:00Z\ntags:\n  - prescribing\n" +
		"stage: curiosity\nkind: reflection\n---\n\nA short new reflection about " + token + ".\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		return "", nil, err
	}
	return baseURL + pageURL(p), func() error { return os.Remove(p) }, nil
}

// baseURL is filled in by run before any edit; the edit functions return
// absolute URLs.
var baseURL string

func copyTree(from, to string) (int, error) {
	n := 0
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(target, data, 0o644)
	})
	return n, err
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func memory(pid int) (hwm, rss string) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?", "?"
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmHWM:" {
			hwm = kb(f[1])
		}
		if len(f) >= 2 && f[0] == "VmRSS:" {
			rss = kb(f[1])
		}
	}
	return hwm, rss
}

func kb(s string) string {
	var n int
	fmt.Sscan(s, &n)
	return fmt.Sprintf("%d MB", n/1024)
}

func pair(ds []time.Duration) string {
	return ms(percentile(ds, 50)) + " / " + ms(percentile(ds, 95))
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
