package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mindlines/mindlines/generator/confidential"
	"github.com/tdewolff/minify/v2"
	"github.com/yuin/goldmark"
)

// Options change what a build publishes.
type Options struct {
	Drafts  bool             // publish drafts
	Future  bool             // publish posts dated in the future
	BaseURL string           // overrides the baseURL setting
	Serve   bool             // building for mindlines serve: templates may mark drafts
	Now     func() time.Time // the clock that decides what is in the future; time.Now by default
	Logger  *slog.Logger     // progress; discarded by default
	Workers int              // parallel workers; GOMAXPROCS by default
	// Sink, when set, receives each output as soon as it is rendered, from
	// several goroutines at once, and the Builder keeps none of their bytes
	// (Result.Outputs then holds paths and keys only). mindlines build
	// streams to a FolderWriter this way, so a large site never sits in
	// memory whole. Like io.Writer's Write, Sink must not keep an output's
	// bytes after it returns: their storage is used again. Without a Sink,
	// outputs are kept for the next build.
	Sink func(Output) error
}

// Result is a successful build.
type Result struct {
	Site     *Site
	Outputs  []Output // sorted by path
	Rendered int      // outputs rendered by this build; the rest were reused unchanged
	Changed  []string // paths of outputs added, changed or removed since this Builder's last build
	Warnings ErrorList
}

// HTMLPages counts the HTML pages among the outputs.
func (r *Result) HTMLPages() int {
	n := 0
	for _, o := range r.Outputs {
		if strings.HasSuffix(o.Path, ".html") {
			n++
		}
	}
	return n
}

// Builder builds one site, again and again. It keeps what the last build
// read, parsed and rendered, so a build after an edit re-reads only the
// changed files, re-parses only files whose bytes changed and re-renders only
// outputs whose render key changed. A full build is a Builder's first build.
type Builder struct {
	fsys fs.FS
	opts Options

	sources       map[string]*Source // every file under content/
	parsed        map[string]parsedEntry
	parseKey      string
	outputs       map[string]Output
	minifier      *minify.M
	markdowns     map[bool]goldmark.Markdown
	snippets      *snippetCache
	detectors     map[string]*confidential.Detector
	prev          *previousBuild
	bodies        *bodyStore // where a streaming build keeps post bodies
	plan          *plan      // the last build's jobs, for quick rebuilds
	settingsCache *settingsEntry
	paths         *sitePaths // nil when files were added or removed since it was made
	parsedMap     map[string]*Parsed
	parsedFor     *sitePaths // the paths parsedMap was made for
	noisy         map[string]bool
	suspect       map[string]bool // files the confidentiality check found something in
	touched       []string        // the files the last load read; nil after a full load
	gone          []string        // the files the last load found removed
	order         []int           // the last build's outputs in path order (sortOutputs)
	sorted        []Output        // the last build's outputs, sorted by path
	// themeCache is the parsed theme, reused while its files and the
	// settings are unchanged (themeKey).
	themeCache *theme
	themeKey   uint64
	// unminifiedTemplates makes the theme take its fallback for
	// templates that do not minify, for tests.
	unminifiedTemplates bool
}

type parsedEntry struct {
	p    *Parsed
	errs ErrorList
	warn ErrorList
}

// NewBuilder returns a Builder for the site whose root (holding content/ and
// optionally themes/) is fsys.
func NewBuilder(fsys fs.FS, opts Options) *Builder {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	b := &Builder{fsys: fsys, opts: opts, parsed: map[string]parsedEntry{}, outputs: map[string]Output{},
		minifier: newMinifier(), markdowns: map[bool]goldmark.Markdown{}, snippets: &snippetCache{}}
	if opts.Sink != nil {
		// A streaming build is never rebuilt, so each post's memo on its
		// page is enough; a post's card is shown once.
		b.snippets.oneUse = map[string]bool{"card": true}
		b.snippets.pagesOnly = true
	}
	return b
}

// Build builds the site into memory. With no arguments it reads every file;
// given the site paths that changed (files or folders, as a watcher reports
// them), it re-reads only those. The result always equals a fresh full build.
// On any error in the site it returns an ErrorList with every problem found.
func (b *Builder) Build(ctx context.Context, changed ...string) (*Result, error) {
	start := time.Now()
	if err := b.load(changed); err != nil {
		// What load read before it failed is read nowhere else: read
		// everything again next time.
		b.sources, b.prev, b.plan = nil, nil, nil
		return nil, fmt.Errorf("load: %w", err)
	}
	var errs, warns ErrorList

	b.opts.Logger.Debug("loaded", "files", len(b.sources), "elapsed", time.Since(start))
	settings, settingsParsed, settingsKey := b.settings(&errs)
	sp := b.sitePaths()
	mdPaths, assets, hasAuthors := sp.md, sp.assets, sp.hasAuthors

	opt := parseOptions{md: b.markdown(settings.UnsafeHTML), tz: settings.TimeZone, hasAuthors: hasAuthors}
	if settings.Confidentiality {
		opt.detector = b.detector(settings.Places)
	} else {
		warns.Add(Pos{Path: ContentDir + "/_index.md"}, "the confidentiality check is turned off: posts are published without looking for patient identifiers")
	}
	if b.opts.Sink != nil {
		store, err := newBodyStore()
		if err != nil {
			return nil, fmt.Errorf("parse: %w", err)
		}
		defer store.close()
		b.bodies, opt.bodies = store, store
	}
	// The last parse of each changed file, for reassemble; nil when
	// anything but markdown changed.
	var before map[string]*Parsed
	var changedFiles []string
	if b.touched != nil && b.prev != nil && b.parsedMap != nil {
		before = map[string]*Parsed{}
		for _, p := range append(slices.Clip(b.touched), b.gone...) {
			if !strings.HasSuffix(p, ".md") {
				before = nil
				break
			}
			before[p] = b.parsedMap[p]
			changedFiles = append(changedFiles, p)
		}
	}
	reparsed, err := b.parseAll(ctx, mdPaths, opt)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	parsed := b.parsedIndex(mdPaths, reparsed)
	for p := range b.noisy {
		e := b.parsed[p]
		errs = append(errs, e.errs...)
		warns = append(warns, e.warn...)
	}
	b.opts.Logger.Debug("parsed", "files", len(mdPaths), "elapsed", time.Since(start))

	now := b.opts.Now()
	in := assembleInput{settings: settings, parsed: parsed, assets: assets, hasAuthors: hasAuthors,
		drafts: b.opts.Drafts, future: b.opts.Future, now: now}
	var site *Site
	var intro *Page
	var assembleWarns ErrorList
	var patched []*Page
	var patchedOK bool
	var change *siteChange
	prev := b.prev
	b.prev = nil // set again below if this build succeeds
	if prev != nil && prev.settingsKey == settingsKey {
		ok := false
		if patched, patchedOK = b.patchSite(prev.site, changed, parsed, now); patchedOK {
			ok = true
		} else if b.plan != nil && b.plan.site == prev.site && before != nil {
			taken := func(p string) bool { _, ok := b.outputs[p]; return ok }
			change, ok = reassemble(prev.site, in, before, changedFiles, taken)
		}
		if ok && prev.intro != nil && prev.intro.Parsed != settingsParsed {
			// Only the home page's introduction changed in content/_index.md.
			// The pages it links to show its card: key them again, as for
			// a patched page.
			if ok = refreshIntro(prev.site, prev.intro, in, settingsParsed); ok {
				if change != nil {
					change.changed = append(change.changed, prev.intro)
				} else {
					patched = append(patched, prev.intro)
				}
			}
		}
		if ok {
			// The site's structure is what the last build assembled, or
			// reassemble brought it up to date: assemble is skipped.
			site, intro, assembleWarns = prev.site, prev.intro, prev.assembleWarns
		} else {
			patched, patchedOK, change = nil, false, nil
			b.plan = nil // the site may be half changed: forget it
		}
	}
	if site == nil {
		site = assemble(in, &errs, &assembleWarns)
		if settingsParsed != nil {
			intro = extraPage(site, settingsParsed, settings.BasePath, parsed, b.opts.Drafts, &errs)
			site.Intro = resolveBody(intro)
		}
	}
	warns = append(warns, assembleWarns...)
	suspects := make([]*Parsed, 0, len(b.suspect))
	for p := range b.suspect {
		if pp := parsed[p]; pp != nil {
			suspects = append(suspects, pp)
		}
	}
	checkConfidentiality(site, settingsParsed, suspects, &errs, &warns)
	th := b.theme(settings, settingsKey, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	b.opts.Logger.Debug("assembled", "posts", len(site.Posts), "elapsed", time.Since(start))

	gk := newKey("global").str(settingsKey).u64(th.key).str(fmt.Sprint(b.opts.Drafts, b.opts.Future, b.opts.Serve))
	if intro != nil {
		for _, u := range intro.linkURLs {
			gk.str(u)
		}
	}
	// Every page's navigation lists the sections and standalone pages.
	for _, sec := range site.Sections {
		gk.str(sec.URL).str(sec.Title)
	}
	for _, p := range site.Pages {
		gk.str(p.URL).str(p.Title)
	}
	if th.ownTemplates {
		// A site's own templates may show anything of the site on any
		// page, such as how many tags it has or its latest titles.
		gk.u64(structureKey(site))
	}
	global := gk.sum()
	b.snippets.reset(global)
	pl := &planner{site: site, th: th, global: global, serve: b.opts.Serve, withDeps: b.opts.Sink == nil}
	var jobs []job
	var gone []string // outputs of the last build that this one does not make
	incremental := false
	if plan := b.plan; plan != nil && plan.site == site && plan.global == global && (patchedOK || change != nil) {
		// The last plan still holds, but for what the edit changed.
		incremental = true
		gone = plan.update(pl, patched, change)
		jobs = plan.jobs
	} else {
		b.plan = nil
		if b.opts.Sink == nil {
			b.plan = newPlan(pl)
			jobs = b.plan.jobs
		} else {
			jobs = pl.all()
		}
	}
	if b.opts.Sink != nil {
		// A streaming build is never followed by an incremental one, so
		// the markdown sources need not stay in memory.
		for p, src := range b.sources {
			if strings.HasSuffix(p, ".md") {
				src.Bytes = nil
			}
		}
	}
	b.opts.Logger.Debug("planned", "jobs", len(jobs), "elapsed", time.Since(start))
	outputs, made, err := b.render(ctx, jobs, incremental)
	rendered := 0
	for _, m := range made {
		if m.rendered {
			rendered++
		}
	}
	b.opts.Logger.Debug("rendered", "outputs", rendered, "elapsed", time.Since(start))
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	var assetOuts []Output
	if !incremental { // else the same as last time: an edit to them is not incremental
		assetOuts, err = b.assetOutputs(site, th)
		if err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
	}
	if b.opts.Sink != nil {
		for i, o := range assetOuts {
			if err := b.opts.Sink(o); err != nil {
				return nil, fmt.Errorf("write: %w", err)
			}
			assetOuts[i].Bytes = nil
		}
	}
	if b.bodies != nil && b.bodies.err != nil {
		return nil, fmt.Errorf("render: %w", b.bodies.err)
	}
	// What changed since the last build, for mindlines serve's reload.
	var changedOutputs []string
	if b.plan != nil {
		if incremental {
			for _, m := range made {
				b.plan.remember(m.job, m.out)
			}
		} else {
			for i, o := range outputs {
				b.plan.remember(i, o)
			}
		}
	}
	if incremental {
		// The same outputs as last time but those gone and those made
		// anew: only what was rendered or kept under a new key can
		// differ. (Assets are the same: reassemble and patchSite leave
		// them alone.)
		outs := make([]Output, len(made))
		for i, m := range made {
			if prev, ok := b.outputs[m.out.Path]; m.rendered && (!ok || !bytes.Equal(prev.Bytes, m.out.Bytes)) {
				changedOutputs = append(changedOutputs, m.out.Path)
			}
			outs[i] = m.out
		}
		changedOutputs = append(changedOutputs, gone...)
		outputs = patchSorted(b.sorted, gone, outs)
	} else {
		outputs = b.sortOutputs(append(outputs, assetOuts...))
	}
	for i := 1; i < len(outputs); i++ {
		if outputs[i].Path == outputs[i-1].Path {
			errs.Add(Pos{}, "two outputs share the path %s (a theme file and a content file?)", outputs[i].Path)
		}
	}
	if err := errs.Err(); err != nil {
		b.plan = nil
		return nil, err
	}
	switch {
	case b.opts.Sink != nil:
		b.outputs = map[string]Output{}
	case incremental:
		for _, m := range made {
			b.outputs[m.out.Path] = m.out
		}
		for _, p := range gone {
			delete(b.outputs, p)
		}
	default:
		next := make(map[string]Output, len(outputs))
		for _, o := range outputs {
			next[o.Path] = o
			if prev, ok := b.outputs[o.Path]; !ok || !bytes.Equal(prev.Bytes, o.Bytes) {
				changedOutputs = append(changedOutputs, o.Path)
			}
		}
		for p := range b.outputs {
			if _, ok := next[p]; !ok {
				changedOutputs = append(changedOutputs, p)
			}
		}
		b.outputs = next
	}
	slices.Sort(changedOutputs)
	warns.Sort()
	b.sorted = outputs
	b.prev = &previousBuild{site: site, intro: intro, settingsKey: settingsKey, assembleWarns: assembleWarns}
	return &Result{Site: site, Outputs: outputs, Rendered: rendered, Changed: changedOutputs, Warnings: warns}, nil
}

// sortOutputs sorts outputs by path. A rebuild after an edit usually makes
// the same paths in the same order as the last build, so the last order is
// tried first and a full sort done only when it does not fit.
func (b *Builder) sortOutputs(outputs []Output) []Output {
	if len(b.order) == len(outputs) {
		sorted := make([]Output, len(outputs))
		fits := true
		for i, j := range b.order {
			if j >= len(outputs) || (i > 0 && outputs[j].Path <= sorted[i-1].Path) {
				fits = false
				break
			}
			sorted[i] = outputs[j]
		}
		// b.order is a permutation of the indexes; paths strictly
		// increasing along it mean the outputs are sorted.
		if fits {
			return sorted
		}
	}
	idx := make([]int, len(outputs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int { return strings.Compare(outputs[x].Path, outputs[y].Path) })
	sorted := make([]Output, len(outputs))
	for i, j := range idx {
		sorted[i] = outputs[j]
	}
	b.order = idx
	return sorted
}

// structureKey hashes what a site's own templates could show of the site
// beyond a page's own posts: every post's card, which covers its whole
// file, URL, tags and authors, in order, and every tag, stage, author and
// section with its count. Any edit to a post changes it, and then every
// page renders again: the price of letting a template read anything.
func structureKey(site *Site) uint64 {
	k := newKey("structure")
	for _, p := range site.Posts {
		k.u64(p.cardKey)
	}
	for _, t := range site.Tags {
		k.str(t.Slug).str(t.Name).u64(uint64(len(t.Posts)))
	}
	for _, st := range site.Stages {
		k.u64(uint64(len(st.Posts)))
	}
	for _, a := range site.Authors {
		k.str(a.ID).str(a.Name).u64(uint64(len(a.Posts)))
	}
	for _, sec := range site.Sections {
		k.str(sec.Slug).u64(uint64(len(sec.Posts)))
	}
	return k.sum()
}

// patchSorted returns the last build's outputs, sorted by path, with the
// gone ones taken out and made ones put in their place (or, if new, in
// order): a few binary searches and copies instead of sorting every output
// again.
func patchSorted(last []Output, gone []string, made []Output) []Output {
	byPath := func(o Output, p string) int { return strings.Compare(o.Path, p) }
	// Where each change falls in last: a made output replaces the one at
	// its path or goes before it; a gone one is dropped.
	type edit struct {
		at   int
		out  *Output // nil: drop last[at]
		same bool    // made replaces last[at]
	}
	edits := make([]edit, 0, len(made)+len(gone))
	for i := range made {
		at, found := slices.BinarySearchFunc(last, made[i].Path, byPath)
		edits = append(edits, edit{at: at, out: &made[i], same: found})
	}
	for _, p := range gone {
		if at, found := slices.BinarySearchFunc(last, p, byPath); found && !slices.ContainsFunc(edits, func(e edit) bool { return e.same && e.at == at }) {
			edits = append(edits, edit{at: at}) // (made again, it stays)
		}
	}
	slices.SortFunc(edits, func(a, b edit) int {
		if a.at != b.at {
			return a.at - b.at
		}
		// New outputs at one place go in path order, before what is there.
		switch {
		case a.out != nil && !a.same && b.out != nil && !b.same:
			return strings.Compare(a.out.Path, b.out.Path)
		case a.out != nil && !a.same:
			return -1
		case b.out != nil && !b.same:
			return 1
		}
		return 0
	})
	out := make([]Output, 0, len(last)+len(made))
	next := 0 // the first output of last not yet copied
	for _, e := range edits {
		out = append(out, last[next:e.at]...)
		next = e.at
		switch {
		case e.out == nil: // gone
			next = e.at + 1
		case e.same:
			out = append(out, *e.out)
			next = e.at + 1
		default:
			out = append(out, *e.out)
		}
	}
	return append(out, last[next:]...)
}

// previousBuild is what the last successful build assembled.
type previousBuild struct {
	site          *Site
	intro         *Page
	settingsKey   string
	assembleWarns ErrorList
}

// patchSite updates site in place when every changed path is a published
// post or page whose new version differs from the old in ways that leave the
// site's structure alone: its body, summary or other front matter, but not
// its title, date, URL, authors, stage, tags, draft flag, links or
// headings. That is the common save while writing, and it spares assemble,
// which reads every post. It reports whether it could; if not, the site is
// untouched and must be assembled again.
func (b *Builder) patchSite(site *Site, changed []string, parsed map[string]*Parsed, now time.Time) ([]*Page, bool) {
	if len(changed) == 0 || site.outOfDate(now) {
		return nil, false // a full reload, or a post's day has come
	}
	type patch struct {
		page *Page
		pp   *Parsed
	}
	var patches []patch
	for _, c := range changed {
		page, published := site.byPath[c]
		pp, exists := parsed[c]
		if !published && exists && len(b.parsed[c].errs) == 0 && (pp.Kind == KindPost || pp.Kind == KindPage) &&
			pp.Draft && !b.opts.Drafts {
			// A draft that stays a draft: nothing shows it. (One that
			// was published before would be in byPath.) A future post is
			// different: assemble warns of it and notes when its day
			// comes.
			continue
		}
		if !published || !exists || len(b.parsed[c].errs) > 0 {
			return nil, false
		}
		if pp == page.Parsed {
			continue
		}
		if !sameStructure(page.Parsed, pp) || pp.Date.After(now) != page.Future {
			return nil, false
		}
		patches = append(patches, patch{page, pp})
	}
	for _, pt := range patches {
		pt.page.setParsed(pt.pp, site.Settings.TimeZone)
	}
	pages := make([]*Page, len(patches))
	for i, pt := range patches {
		pt.page.cardKey = cardKey(pt.page)
		pt.page.bodyKey = bodyKey(pt.page)
		pages[i] = pt.page
	}
	return pages, true
}

// plan is the last build's jobs, kept by mindlines serve so that a rebuild
// after an edit recomputes only the keys that can have changed instead of
// planning every output again. Posts' jobs are kept, one per post; the
// rest (lists, feeds, the sitemap…) are keyed again when they show an
// edited page and planned again whenever the site's structure changed,
// keeping the jobs of list pages that show the same posts.
type plan struct {
	site   *Site
	global uint64
	// jobs holds the posts' jobs, jobs[:nPosts], then the rest: one slice
	// that render reads as it is.
	jobs      []job
	nPosts    int
	postIndex map[*Page]int // each post's job in jobs
	// dependents are, for each page, the posts whose job shows it: the
	// inverse of the post jobs' deps.
	dependents map[*Page][]*Page
}

func newPlan(pl *planner) *plan {
	site := pl.site
	p := &plan{site: site, global: pl.global, postIndex: make(map[*Page]int, len(site.Posts)), dependents: make(map[*Page][]*Page, len(site.Posts))}
	p.jobs = make([]job, 0, len(site.Posts)+len(site.Posts)/8)
	for _, post := range site.Posts {
		p.addPost(pl, post)
	}
	p.jobs = append(p.jobs, pl.lists()...)
	return p
}

// remember keeps what each job made, outputs being in the order of jobs.
func (p *plan) remember(i int, o Output) { p.jobs[i].last = o }

func (p *plan) addPost(pl *planner, post *Page) {
	j, ok := pl.postJob(post)
	if !ok {
		return
	}
	p.jobs = slices.Insert(p.jobs, p.nPosts, j)
	p.postIndex[post] = p.nPosts
	p.nPosts++
	for _, d := range j.deps {
		p.dependents[d] = append(p.dependents[d], post)
	}
}

// removePost drops a post's job, moving the last post's job into its place.
func (p *plan) removePost(post *Page) {
	i, ok := p.postIndex[post]
	if !ok {
		return
	}
	p.undepend(post, p.jobs[i].deps)
	last := p.nPosts - 1
	if i != last {
		p.jobs[i] = p.jobs[last]
		p.postIndex[p.jobs[i].body] = i // a post's job writes its body
	}
	p.jobs = slices.Delete(p.jobs, last, last+1)
	p.nPosts--
	delete(p.postIndex, post)
}

func (p *plan) undepend(post *Page, deps []*Page) {
	for _, d := range deps {
		ds := p.dependents[d]
		if k := slices.Index(ds, post); k >= 0 {
			ds = slices.Delete(ds, k, k+1)
		}
		if len(ds) == 0 {
			delete(p.dependents, d)
		} else {
			p.dependents[d] = ds
		}
	}
}

// rekeyPost computes a post's key and deps again.
func (p *plan) rekeyPost(post *Page) {
	i, ok := p.postIndex[post]
	if !ok {
		return
	}
	j := &p.jobs[i]
	p.undepend(post, j.deps)
	j.key, j.deps = j.keyFn(), postDeps(post)
	for _, d := range j.deps {
		p.dependents[d] = append(p.dependents[d], post)
	}
}

// update brings the plan up to date after patchSite patched pages, or
// reassemble changed the site, and returns the outputs that are gone.
func (p *plan) update(pl *planner, patched []*Page, change *siteChange) (gone []string) {
	rekey := map[*Page]bool{}
	for _, page := range patched {
		for _, d := range p.dependents[page] {
			rekey[d] = true
		}
	}
	if change == nil {
		for page := range rekey {
			p.rekeyPost(page)
		}
		// Key again the other jobs that show a patched page: the lists
		// and feeds it is on. (Their deps are the pages they show.)
		lists := p.jobs[p.nPosts:]
		for i := range lists {
			if lists[i].keyFn != nil && slices.ContainsFunc(lists[i].deps, func(d *Page) bool { return slices.Contains(patched, d) }) {
				lists[i].key = lists[i].keyFn()
			}
		}
		return nil
	}
	for _, page := range change.changed {
		for _, d := range p.dependents[page] {
			rekey[d] = true
		}
	}
	for page := range change.rekey {
		rekey[page] = true
	}
	for _, page := range change.removed {
		for _, d := range p.dependents[page] {
			rekey[d] = true
		}
		if i, ok := p.postIndex[page]; ok {
			gone = append(gone, p.jobs[i].path)
		}
		p.removePost(page)
		delete(p.dependents, page)
		delete(rekey, page)
	}
	for _, page := range change.added {
		p.addPost(pl, page)
		delete(rekey, page)
		if i, ok := p.postIndex[page]; ok {
			// A post renamed but keeping its URL: its output is not gone.
			gone = slices.DeleteFunc(gone, func(path string) bool { return path == p.jobs[i].path })
		}
	}
	for page := range rekey {
		if page.Section != nil { // a post; standalone pages are planned with the lists
			p.rekeyPost(page)
		}
	}
	old := p.jobs[p.nPosts:]
	pl.last = map[string][]*job{}
	for i := range old {
		if j := &old[i]; j.page != nil {
			pages := pl.last[j.list]
			for len(pages) <= j.page.n {
				pages = append(pages, nil)
			}
			pages[j.page.n] = j
			pl.last[j.list] = pages
		}
	}
	cardChanged := make(map[*Page]bool, len(change.changed))
	for _, page := range change.changed {
		cardChanged[page] = true
	}
	pl.changed = func(page *Page) bool { return cardChanged[page] }
	lists := pl.lists()
	made := make(map[string]bool, len(lists))
	for _, j := range lists {
		made[j.path] = true
	}
	for _, j := range old {
		if !made[j.path] {
			gone = append(gone, j.path)
		}
	}
	p.jobs = append(p.jobs[:p.nPosts], lists...) // over the old lists, read by now
	return gone
}

// sameStructure reports whether two versions of a file place it in the site
// alike: everything assemble reads of it but its body and summary.
func sameStructure(a, b *Parsed) bool {
	if a.Kind != b.Kind || a.Title != b.Title || !a.Date.Equal(b.Date) || !a.Lastmod.Equal(b.Lastmod) ||
		a.RelURL != b.RelURL || a.Section != b.Section || a.StageRaw != b.StageRaw || a.Draft != b.Draft ||
		!slices.Equal(a.AuthorRefs, b.AuthorRefs) || !slices.Equal(a.TagsRaw, b.TagsRaw) ||
		!slices.Equal(a.HeadingIDs, b.HeadingIDs) || len(a.Links) != len(b.Links) {
		return false
	}
	for i := range a.Links {
		x, y := a.Links[i], b.Links[i]
		if x.Target != y.Target || x.Fragment != y.Fragment || x.Image != y.Image {
			return false
		}
	}
	return true
}

// theme returns the site's theme, loading it again only when its files or
// the settings changed.
func (b *Builder) theme(settings *Settings, settingsKey string, errs *ErrorList) *theme {
	files, err := themeFiles(b.fsys, settings.Theme)
	if err != nil {
		errs.Add(Pos{Path: ContentDir + "/_index.md"}, "%v", err)
		return nil
	}
	k := newKey("theme files").str(settingsKey)
	overrides := map[string][]byte{} // the site's own theme files, read once
	for _, f := range files {
		k.str(f.rel).str(f.source)
		if f.source != "" {
			data, err := fs.ReadFile(b.fsys, f.source)
			if err != nil {
				errs.Add(Pos{Path: f.source}, "reading theme file: %v", err)
				return nil
			}
			overrides[f.source] = data
			k.bytes(data)
		}
	}
	key := k.sum()
	if b.themeCache != nil && b.themeKey == key {
		return b.themeCache
	}
	var local ErrorList
	th := loadTheme(files, overrides, settings, b.snippets, b.unminifiedTemplates, &local)
	*errs = append(*errs, local...)
	if len(local) == 0 {
		b.themeCache, b.themeKey = th, key
	}
	return th
}

// load reads the files under content/: all of them on the first build or
// when changed is empty, else only the changed paths.
func (b *Builder) load(changed []string) error {
	if b.sources == nil || len(changed) == 0 {
		paths, err := listFiles(b.fsys, ContentDir)
		if err != nil {
			return err
		}
		sources := make(map[string]*Source, len(paths))
		var mu sync.Mutex
		err = parallel(len(paths), b.opts.Workers, func(i int) error {
			if b.opts.Sink != nil && strings.HasSuffix(paths[i], ".md") && paths[i] != ContentDir+"/_index.md" {
				// A streaming build reads each post in the worker that
				// parses it, and drops it then, so the whole site's
				// markdown is never in memory at once.
				mu.Lock()
				sources[paths[i]] = &Source{Path: paths[i]}
				mu.Unlock()
				return nil
			}
			data, err := fs.ReadFile(b.fsys, paths[i])
			if err != nil {
				return err
			}
			src := newSource(paths[i], data)
			mu.Lock()
			sources[paths[i]] = src
			mu.Unlock()
			return nil
		})
		b.sources = sources
		b.paths, b.touched, b.gone = nil, nil, nil
		return err
	}
	b.touched, b.gone = []string{}, nil
	gone := map[string]bool{}
	var added []string
	for _, c := range changed {
		c = path.Clean(c)
		if c != ContentDir && !strings.HasPrefix(c, ContentDir+"/") {
			continue // theme files are read on every build; they are few
		}
		if _, ok := b.sources[c]; ok {
			delete(b.sources, c)
			gone[c] = true
		} else if info, err := fs.Stat(b.fsys, c); (err != nil || info.IsDir()) && b.hadFolder(c) {
			// A folder, or a path gone: whatever was under it.
			for p := range b.sources {
				if strings.HasPrefix(p, c+"/") {
					delete(b.sources, p)
					gone[p] = true
				}
			}
		}
		paths, err := listFiles(b.fsys, c)
		if err != nil && !isNotExist(err) {
			// A path that is a file rather than a folder lists as itself.
			var pe *fs.PathError
			if !errors.As(err, &pe) {
				return err
			}
		}
		for _, p := range paths {
			if hasIgnoredPart(p) {
				continue
			}
			data, err := fs.ReadFile(b.fsys, p)
			if err != nil {
				if isNotExist(err) {
					continue
				}
				return err
			}
			b.sources[p] = newSource(p, data)
			b.touched = append(b.touched, p)
			if !gone[p] {
				added = append(added, p)
			}
			delete(gone, p)
		}
	}
	for p := range gone {
		b.gone = append(b.gone, p)
	}
	slices.Sort(b.gone)
	if b.paths != nil && !b.paths.update(added, b.gone) {
		b.paths = nil // made anew when next asked for
	}
	return nil
}

// hadFolder reports whether the site had files under the folder dir. An
// editor's temporary file, gone by the time it is read, is not a folder:
// the sorted path lists answer that without a walk over every file.
func (b *Builder) hadFolder(dir string) bool {
	if b.paths == nil {
		return true // not known: look
	}
	for _, list := range [][]string{b.paths.md, b.paths.assets} {
		i, _ := slices.BinarySearch(list, dir+"/")
		if i < len(list) && strings.HasPrefix(list[i], dir+"/") {
			return true
		}
	}
	return false
}

// sitePaths is the sorted list of the site's markdown files and other
// files, kept while no file is added or removed.
type sitePaths struct {
	md, assets []string
	hasAuthors bool
}

func (b *Builder) sitePaths() *sitePaths {
	if b.paths != nil {
		return b.paths
	}
	sp := &sitePaths{}
	for p := range b.sources {
		switch {
		case strings.HasSuffix(p, ".md"):
			sp.md = append(sp.md, p)
			if strings.HasPrefix(p, ContentDir+"/"+AuthorsDir+"/") {
				sp.hasAuthors = true
			}
		default:
			sp.assets = append(sp.assets, p)
		}
	}
	slices.Sort(sp.md)
	slices.Sort(sp.assets)
	b.paths = sp
	return sp
}

// update adds and removes files from the lists in place, which keeps the
// parse index made for them valid. It declines a large change, which is
// cheaper to list anew, and a change to the authors folder, which changes
// how posts name their authors.
func (sp *sitePaths) update(added, gone []string) bool {
	if len(added)+len(gone) > 64 {
		return false
	}
	for _, p := range slices.Concat(added, gone) {
		if strings.HasPrefix(p, ContentDir+"/"+AuthorsDir+"/") && strings.HasSuffix(p, ".md") {
			return false
		}
	}
	list := func(p string) *[]string {
		if strings.HasSuffix(p, ".md") {
			return &sp.md
		}
		return &sp.assets
	}
	for _, p := range gone {
		l := list(p)
		if i, found := slices.BinarySearch(*l, p); found {
			*l = slices.Delete(*l, i, i+1)
		}
	}
	for _, p := range added {
		l := list(p)
		if i, found := slices.BinarySearch(*l, p); !found {
			*l = slices.Insert(*l, i, p)
		}
	}
	return true
}

// hasIgnoredPart reports whether any folder or file name in p is debris.
func hasIgnoredPart(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if Ignored(part) {
			return true
		}
	}
	return false
}

// settings reads content/_index.md.
func (b *Builder) settings(errs *ErrorList) (*Settings, *Parsed, string) {
	const p = ContentDir + "/_index.md"
	src, ok := b.sources[p]
	if !ok {
		s := defaultSettings()
		if b.opts.BaseURL != "" {
			setBaseURL(s, b.opts.BaseURL, errs, Pos{Path: "--base-url"})
		}
		return s, nil, "no settings"
	}
	key := fmt.Sprintf("%x %s", src.Hash, b.opts.BaseURL)
	if c := b.settingsCache; c != nil && c.key == key {
		// Unchanged since the last build: the same settings and problems.
		*errs = append(*errs, c.errs...)
		return c.settings, c.parsed, c.frontKey
	}
	s, found := readSettings(src.Bytes, b.opts.BaseURL)
	var local ErrorList // the body's own problems are reported when its links resolve
	popt := parseOptions{md: b.markdown(s.UnsafeHTML), tz: s.TimeZone}
	if s.Confidentiality {
		popt.detector = b.detector(s.Places)
	}
	parsed := parseFile(src, popt, &local, &local)
	// The settings are the front matter; the body is the home page's
	// introduction, which only the home page shows. Key the settings by
	// the front matter alone, so that editing the introduction does not
	// render every page again.
	front := src.Bytes
	if parsed != nil && parsed.BodyLine > 1 {
		front = front[:lineStart(front, parsed.BodyLine)]
	}
	frontKey := fmt.Sprintf("%x %s", contentHash(front), b.opts.BaseURL)
	b.settingsCache = &settingsEntry{key: key, frontKey: frontKey, settings: s, parsed: parsed, errs: found}
	*errs = append(*errs, found...)
	return s, parsed, frontKey
}

// lineStart is the offset of 1-based line n of b (len(b) past its end).
func lineStart(b []byte, n int) int {
	at := 0
	for ; n > 1; n-- {
		i := bytes.IndexByte(b[at:], '\n')
		if i < 0 {
			return len(b)
		}
		at += i + 1
	}
	return at
}

// settingsEntry is the last reading of content/_index.md.
type settingsEntry struct {
	key      string
	frontKey string // of the front matter alone: what settingsKey is
	settings *Settings
	parsed   *Parsed
	errs     ErrorList
}

// detector returns the confidentiality detector for a list of place names,
// the same one as long as the list does not change.
func (b *Builder) detector(places []string) *confidential.Detector {
	key := strings.Join(places, "\x00")
	if b.detectors == nil {
		b.detectors = map[string]*confidential.Detector{}
	}
	d, ok := b.detectors[key]
	if !ok {
		d = confidential.New(confidential.Options{Places: places})
		b.detectors = map[string]*confidential.Detector{key: d}
	}
	return d
}

func (b *Builder) markdown(unsafe bool) goldmark.Markdown {
	md, ok := b.markdowns[unsafe]
	if !ok {
		md = newMarkdown(unsafe)
		b.markdowns[unsafe] = md
	}
	return md
}

// parseAll parses every markdown file whose bytes changed since the last
// build, on every core, and forgets files that are gone.
func (b *Builder) parseAll(ctx context.Context, paths []string, opt parseOptions) ([]string, error) {
	key := fmt.Sprintf("%s %v %p %p", opt.tz, opt.hasAuthors, opt.md, opt.detector)
	if key != b.parseKey {
		b.parsed = map[string]parsedEntry{}
		b.parseKey = key
		b.parsedMap = nil
	}
	candidates := paths
	if b.touched != nil && b.parsedMap != nil && b.parsedFor == b.paths {
		// Only the files load just read can have changed.
		candidates = nil
		for _, p := range b.touched {
			if strings.HasSuffix(p, ".md") {
				candidates = append(candidates, p)
			}
		}
	}
	var todo []string
	for _, p := range candidates {
		if e, ok := b.parsed[p]; ok && e.p != nil && e.p.Hash == b.sources[p].Hash {
			continue
		}
		todo = append(todo, p)
	}
	for _, p := range b.gone {
		delete(b.parsed, p)
	}
	if b.parsedMap == nil || b.parsedFor != b.paths {
		// Files were added or removed: forget the parses of removed ones.
		for p := range b.parsed {
			if _, ok := b.sources[p]; !ok {
				delete(b.parsed, p)
			}
		}
	}
	entries := make([]parsedEntry, len(todo))
	hashes := make([][16]byte, len(todo))
	err := parallel(len(todo), b.opts.Workers, func(i int) error {
		src := b.sources[todo[i]]
		if src.Bytes == nil {
			data, err := fs.ReadFile(b.fsys, src.Path)
			if err != nil {
				return err
			}
			src = newSource(src.Path, data)
		}
		hashes[i] = src.Hash
		var e parsedEntry
		if len(bytes.TrimSpace(bytes.TrimPrefix(src.Bytes, utf8BOM))) == 0 {
			e.warn.Add(Pos{Path: src.Path}, "skipped: the file is empty")
			e.p = &Parsed{Path: src.Path, Hash: src.Hash, Kind: -1}
			entries[i] = e
			return nil
		}
		e.p = parseFile(src, opt, &e.errs, &e.warn)
		entries[i] = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, p := range todo {
		b.parsed[p] = entries[i]
		if src := b.sources[p]; src.Bytes == nil {
			src.Hash = hashes[i]
		}
	}
	return todo, nil
}

// parsedIndex returns the parsed files by path (settings left out), and
// keeps b.noisy, the files with errors or warnings. While no file was added
// or removed it updates the last index with the files just parsed instead of
// making it anew.
func (b *Builder) parsedIndex(mdPaths, reparsed []string) map[string]*Parsed {
	update := func(m map[string]*Parsed, p string) {
		e := b.parsed[p]
		if e.p != nil && e.p.Kind != KindSettings {
			m[p] = e.p
		} else {
			delete(m, p)
		}
		if len(e.errs) > 0 || len(e.warn) > 0 {
			b.noisy[p] = true
		} else {
			delete(b.noisy, p)
		}
		if e.p != nil && len(e.p.Findings) > 0 {
			b.suspect[p] = true
		} else {
			delete(b.suspect, p)
		}
	}
	if b.paths != nil && b.parsedMap != nil && b.parsedFor == b.paths {
		for _, p := range slices.Concat(reparsed, b.gone) {
			update(b.parsedMap, p)
		}
		return b.parsedMap
	}
	m := make(map[string]*Parsed, len(mdPaths))
	b.noisy, b.suspect = map[string]bool{}, map[string]bool{}
	for _, p := range mdPaths {
		update(m, p)
	}
	b.parsedMap, b.parsedFor = m, b.paths
	return m
}

// render runs every job whose key changed since the last build, on every
// core, and minifies what it renders. Jobs with an unchanged key keep their
// previous output.
//
// It returns what it made: the outputs it rendered, and those it kept
// under a new key; and, unless sparse, every job's output, in the order of
// jobs. (An incremental build needs only the first.)
func (b *Builder) render(ctx context.Context, jobs []job, sparse bool) (outputs []Output, made []madeOutput, err error) {
	if !sparse {
		outputs = make([]Output, len(jobs))
	}
	var todo []int
	for i, j := range jobs {
		prev, ok := j.last, j.last.Path != ""
		if !ok {
			prev, ok = b.outputs[j.path]
		}
		if ok {
			if prev.Key == j.key {
				if !sparse {
					outputs[i] = prev
				}
				continue
			}
			if j.contentKey != nil && prev.contentKey != 0 && prev.contentKey == j.contentKey() {
				prev.Key = j.key // its entries render as before: keep it
				made = append(made, madeOutput{job: i, out: prev})
				if !sparse {
					outputs[i] = prev
				}
				continue
			}
		}
		todo = append(todo, i)
	}
	rendered := make([]Output, len(todo))
	pool := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	err = parallel(len(todo), b.opts.Workers, func(n int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		j := jobs[todo[n]]
		buf := pool.Get().(*bytes.Buffer)
		buf.Reset()
		defer pool.Put(buf)
		if err := j.render(buf); err != nil {
			return fmt.Errorf("%s: %w", j.path, err)
		}
		out := buf.Bytes()
		if !j.compact {
			var err error
			if out, err = minifyOutput(b.minifier, j.path, out); err != nil {
				return err
			}
		}
		if b.opts.Sink != nil {
			// The sink keeps none of the bytes, so the page is made in a
			// buffer that goes back to the pool.
			if j.body != nil {
				page := pool.Get().(*bytes.Buffer)
				page.Reset()
				defer pool.Put(page)
				spliceBody(page, out, j.body)
				out = page.Bytes()
			}
			if err := b.opts.Sink(Output{Path: j.path, Bytes: out, Key: j.key}); err != nil {
				return err
			}
			rendered[n] = Output{Path: j.path, Key: j.key}
			jobs[todo[n]] = job{path: j.path, key: j.key} // let its page data go
			return nil
		}
		if j.body != nil {
			// Sized for the page, whose bytes are kept for the next build.
			page := bytes.NewBuffer(make([]byte, 0, len(out)+len(j.body.Parsed.Body)+64*len(j.body.Parsed.Links)))
			spliceBody(page, out, j.body)
			out = page.Bytes()
		} else {
			out = bytes.Clone(out) // buf goes back to the pool
		}
		o := Output{Path: j.path, Bytes: out, Key: j.key}
		if j.contentKey != nil {
			o.contentKey = j.contentKey() // its entries are cached by now
		}
		rendered[n] = o
		return nil
	})
	for n, i := range todo {
		made = append(made, madeOutput{job: i, out: rendered[n], rendered: true})
		if !sparse {
			outputs[i] = rendered[n]
		}
	}
	return outputs, made, err
}

// madeOutput is an output a build rendered, or kept under a new key, and
// the index of its job.
type madeOutput struct {
	job      int
	out      Output
	rendered bool
}

// assetOutputs publishes content files, as they are, beside their pages, and
// the theme's static files, minified, at the root.
func (b *Builder) assetOutputs(site *Site, th *theme) ([]Output, error) {
	var out []Output
	for _, a := range site.Assets {
		src := b.sources[a.Source]
		out = append(out, Output{Path: a.Out, Bytes: src.Bytes})
	}
	for p, data := range th.static {
		min, err := minifyOutput(b.minifier, p, data)
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Path: p, Bytes: min})
	}
	return out, nil
}

// refreshIntro takes in a new version of the home page's introduction, whose
// settings (the front matter) are unchanged. It declines, for a full
// assemble, when the introduction links to other pages than before, which
// changes their backlinks, or has a broken link, which assemble reports.
func refreshIntro(site *Site, intro *Page, in assembleInput, pp *Parsed) bool {
	next := newPage(pp, intro.URL, site.Settings.TimeZone)
	errs, targets := resolvePageLinks(site, in, assetURLs(site), next)
	if len(errs) > 0 {
		return false
	}
	if !slices.Equal(linkTargets(site, intro), targets) {
		return false
	}
	intro.setParsed(pp, site.Settings.TimeZone)
	intro.Date, intro.DateISO, intro.DateText = time.Time{}, "", ""
	intro.linkURLs = next.linkURLs
	// Its card, which the pages it links to show, covers its file.
	intro.cardKey = cardKey(intro)
	site.Intro = resolveBody(intro)
	return true
}

// extraPage makes the page of a body that is not a post or a standalone
// page: the home page's introduction, a section's, an author's profile. It
// resolves its links, which must be pages or files of site, and the pages
// it links to list it among their backlinks, undated, under its own card.
func extraPage(site *Site, pp *Parsed, url string, parsed map[string]*Parsed, drafts bool, errs *ErrorList) *Page {
	p := newPage(pp, url, site.Settings.TimeZone)
	p.Date, p.DateISO, p.DateText = time.Time{}, "", ""
	p.cardKey, p.metaKey = cardKey(p), metaKey(p)
	found, targets := resolvePageLinks(site, assembleInput{parsed: parsed, drafts: drafts}, assetURLs(site), p)
	*errs = append(*errs, found...)
	for _, t := range targets {
		t.Backlinks = insertPage(t.Backlinks, p)
	}
	return p
}

// parallel runs f(0..n-1) on workers goroutines and returns the first error.
func parallel(n, workers int, f func(int) error) error {
	if n == 0 {
		return nil
	}
	workers = max(1, min(workers, n))
	var next int64
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := int(next)
				next++
				stop := firstErr != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}
