package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mindlines/mindlines/generator"
	"github.com/mindlines/mindlines/generator/watch"
)

type serveFlags struct {
	source, addr                string
	drafts, future, open, quiet bool
	poll                        time.Duration
}

var serveCmd = &command{
	Name:      "serve",
	UsageLine: "mindlines serve [--source DIR] [--addr 127.0.0.1:1313] [--drafts] [--future] [--open] [--poll DURATION] [--quiet]",
	Short:     "serve the site, rebuilding and reloading on every save",
	Long: `Serve builds the site into memory, serves it over HTTP and watches content/
and themes/: every save rebuilds only what it can change, and open pages
reload themselves once the new version is being served. Drafts are shown
with a "Draft" marker when --drafts is given; serve never writes a folder.

A save that breaks the site keeps the last good version served and shows the
problems on the terminal and over the page in the browser; fixing them clears
it. Use --poll on file systems that send no change events (network shares,
WSL's /mnt). Ctrl-C stops.`,
	Flag: func(fs *flag.FlagSet) any {
		f := &serveFlags{}
		fs.StringVar(&f.source, "source", ".", "the site `folder`, holding content/")
		fs.StringVar(&f.addr, "addr", "127.0.0.1:1313", "the `address` to listen on (port 0 picks a free one)")
		fs.BoolVar(&f.drafts, "drafts", false, "show drafts too, marked as drafts")
		fs.BoolVar(&f.future, "future", false, "show posts dated in the future too")
		fs.BoolVar(&f.open, "open", false, "open the site in the browser")
		fs.DurationVar(&f.poll, "poll", 0, "scan for changes at this `interval` instead of using file system events")
		fs.BoolVar(&f.quiet, "quiet", false, "print only the address and errors")
		return f
	},
	Run: runServe,
}

func runServe(ctx context.Context, c *command, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	f := c.Flag(fs).(*serveFlags)
	rest, err := parseFlags(c, fs, args, stderr)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "mindlines serve: unexpected argument %q\n", rest[0])
		return errUsage
	}
	if stop := startProfiles(stderr); stop != nil {
		defer stop()
	}
	if f.poll < 0 {
		fmt.Fprintln(stderr, "mindlines serve: --poll must be positive")
		return errUsage
	}
	if fi, err := os.Stat(filepath.Join(f.source, generator.ContentDir)); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s has no content/ folder: run mindlines in a site folder or give --source", f.source)
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	base := "http://" + ln.Addr().String() + "/"

	level := slog.LevelInfo
	if f.quiet {
		level = slog.LevelError
	}
	if os.Getenv("MINDLINES_DEBUG") != "" {
		level = slog.LevelDebug // each stage's time, as build shows it
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	// Watch before the first build, so a save during it is not lost.
	w, err := watch.New(f.source, watch.Options{Poll: f.poll, Logger: logger})
	if err != nil {
		return err
	}
	defer w.Close()

	s := &siteServer{
		builder: generator.NewBuilder(generator.DirFS(f.source), generator.Options{
			Drafts: f.drafts, Future: f.future, BaseURL: base, Serve: true, Logger: logger,
		}),
		log:   stderr,
		quiet: f.quiet,
		id:    strconv.FormatInt(time.Now().UnixNano(), 36),
		subs:  map[chan event]bool{},
		done:  make(chan struct{}),
	}
	s.state.Store(&siteState{})
	s.rebuild(ctx, nil)
	if ctx.Err() != nil {
		return nil
	}
	fmt.Fprintf(stderr, "serving %s (Ctrl-C to stop)\n", base)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	serveErr := make(chan error, 1)
	go func() {
		err := srv.Serve(ln)
		if !errors.Is(err, http.ErrServerClosed) {
			serveErr <- err
		}
		cancel()
	}()
	if f.open {
		openBrowser(base, logger)
	}

	watchErr := w.Run(ctx, func(paths []string) { s.rebuild(ctx, paths) })
	// Stop: end the event streams (they never go idle on their own), then
	// let requests in flight finish.
	close(s.done)
	shutdownCtx, stop := context.WithTimeout(context.Background(), 3*time.Second)
	defer stop()
	shutdownErr := srv.Shutdown(shutdownCtx)
	select {
	case err := <-serveErr:
		return err
	default:
	}
	if watchErr != nil {
		return watchErr
	}
	return shutdownErr
}

// siteServer serves the last good build from memory and tells open pages
// when to reload.
type siteServer struct {
	builder *generator.Builder
	log     io.Writer
	quiet   bool
	id      string // tells a page that the server it talks to was restarted

	state atomic.Pointer[siteState]

	mu   sync.Mutex
	subs map[chan event]bool
	done chan struct{} // closed when the server stops
}

// siteState is one build as served: swapped whole, so a request sees either
// the old site or the new one, never a mixture.
type siteState struct {
	outputs  []generator.Output // sorted by path, as Build returns them
	gen      int
	errs     []string // the problems of the last build; nil when it succeeded
	warnings string
}

// event is one server-sent event.
type event struct {
	name string
	data []byte
}

// rebuild builds with the changed site paths (all when nil), swaps the
// result in and then tells every open page, so a page that reloads gets the
// new version.
func (s *siteServer) rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	res, err := s.builder.Build(ctx, changed...)
	if ctx.Err() != nil {
		return
	}
	old := s.state.Load()
	next := &siteState{outputs: old.outputs, gen: old.gen + 1, warnings: old.warnings}
	if err != nil {
		var list generator.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				next.errs = append(next.errs, e.Error())
			}
		} else {
			next.errs = []string{err.Error()}
		}
		s.state.Store(next)
		for _, e := range next.errs {
			fmt.Fprintln(s.log, e)
		}
		fmt.Fprintf(s.log, "mindlines: build failed with %d %s; still serving the last good site\n",
			len(next.errs), plural(len(next.errs), "problem", "problems"))
		s.broadcast(errorEvent(next.errs))
		return
	}
	next.outputs = res.Outputs
	urls := make([]string, len(res.Changed))
	for i, p := range res.Changed {
		urls[i] = outputURL(p)
	}
	var w strings.Builder
	for _, e := range res.Warnings {
		fmt.Fprintf(&w, "warning: %s\n", e)
	}
	next.warnings = w.String()
	s.state.Store(next)
	elapsed := roundDuration(time.Since(start))
	// The terminal first, so that whoever reacts to the event finds it there.
	switch {
	case s.quiet:
	case changed == nil:
		io.WriteString(s.log, next.warnings)
		fmt.Fprintf(s.log, "built %s pages from %s posts in %s\n", thousands(res.HTMLPages()), thousands(len(res.Site.Posts)), elapsed)
	default:
		if next.warnings != old.warnings {
			io.WriteString(s.log, next.warnings)
		}
		fmt.Fprintf(s.log, "rebuilt in %s: %d %s changed (%d rendered)\n", elapsed, len(urls), plural(len(urls), "output", "outputs"), res.Rendered)
	}
	s.broadcast(reloadEvent(next.gen, urls))
}

// output finds the output at path p.
func (st *siteState) output(p string) (generator.Output, bool) {
	i, ok := slices.BinarySearchFunc(st.outputs, p, func(o generator.Output, p string) int { return strings.Compare(o.Path, p) })
	if !ok {
		return generator.Output{}, false
	}
	return st.outputs[i], true
}

// outputURL is the URL path an output is served at: "x/index.html" at "/x/".
func outputURL(p string) string {
	if p == "index.html" {
		return "/"
	}
	if strings.HasSuffix(p, "/index.html") {
		return "/" + strings.TrimSuffix(p, "index.html")
	}
	return "/" + p
}

// maxListed is how many changed URLs a reload event names; beyond it, every
// page reloads.
const maxListed = 200

func reloadEvent(gen int, urls []string) event {
	d := struct {
		Gen     int      `json:"gen"`
		All     bool     `json:"all,omitempty"`
		Changed []string `json:"changed"`
	}{Gen: gen, Changed: urls}
	if len(urls) > maxListed {
		d.All, d.Changed = true, nil
	}
	if d.Changed == nil {
		d.Changed = []string{}
	}
	b, _ := json.Marshal(d)
	return event{name: "reload", data: b}
}

func errorEvent(errs []string) event {
	b, _ := json.Marshal(struct {
		Errors []string `json:"errors"`
	}{errs})
	return event{name: "builderror", data: b}
}

func (s *siteServer) broadcast(e event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- e:
		default: // a stalled page misses this one; it catches up on reconnect
		}
	}
}

const (
	eventsPath = "/_mindlines/events"
	scriptPath = "/_mindlines/reload.js"
)

//go:embed serve.js
var reloadScript []byte

func (s *siteServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(reloadScript)
		return
	}
	st := s.state.Load()
	// Only keys of the output map are served: a cleaned URL path names one
	// or nothing, so there is no way out of the site and no listing.
	p := path.Clean("/" + r.URL.Path)
	key := strings.TrimPrefix(p, "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		key = path.Join(key, "index.html")
	}
	if o, ok := st.output(key); ok {
		serveOutput(w, o, http.StatusOK)
		return
	}
	if !strings.HasSuffix(r.URL.Path, "/") {
		if _, ok := st.output(path.Join(key, "index.html")); ok {
			target := p + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			// Found, not Moved Permanently: browsers cache permanent
			// redirects, and the page may be deleted while serving.
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
	}
	if o, ok := st.output("404.html"); ok {
		serveOutput(w, o, http.StatusNotFound)
		return
	}
	http.NotFound(w, r)
}

func serveOutput(w http.ResponseWriter, o generator.Output, status int) {
	body := o.Bytes
	ct := contentType(o.Path)
	if strings.HasPrefix(ct, "text/html") {
		body = injectReload(body, status)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// injectReload adds the live reload script to a served page, before
// </body> when the minifier kept it, else at the end (where a parser puts
// it in the body anyway). Build output never has it.
func injectReload(page []byte, status int) []byte {
	tag := `<script src="` + scriptPath + `"></script>`
	if status == http.StatusNotFound {
		tag = `<script src="` + scriptPath + `" data-status="404"></script>`
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveEvents streams server-sent events to one open page: hello (with the
// server's id, so a restarted server makes the page reload), the current
// errors if the last build failed, then reload and builderror as builds end.
func (s *siteServer) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan event, 64)
	s.mu.Lock()
	s.subs[ch] = true
	st := s.state.Load() // under mu: no broadcast falls between this and subscribing
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: 500\n\n")
	hello, _ := json.Marshal(map[string]any{"server": s.id, "gen": st.gen})
	writeEvent(w, event{name: "hello", data: hello})
	if st.errs != nil {
		writeEvent(w, errorEvent(st.errs))
	}
	flusher.Flush()
	for {
		select {
		case e := <-ch:
			writeEvent(w, e)
			flusher.Flush()
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

func writeEvent(w io.Writer, e event) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
}

// openBrowser opens url in the desktop's browser, without waiting for it.
func openBrowser(url string, logger *slog.Logger) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		logger.Warn("could not open a browser", "err", err)
		return
	}
	go cmd.Wait()
}
