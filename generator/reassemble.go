package generator

import (
	"slices"
	"strings"
)

// siteChange is what reassemble did to the site.
type siteChange struct {
	added   []*Page        // posts now published that were not
	removed []*Page        // posts no longer published
	rekey   map[*Page]bool // published posts whose own page may show something new
	changed []*Page        // posts, kept or added, whose own file changed
}

// reassemble brings the last build's site up to date, in place, after a few
// post files were added, removed or changed in ways patchSite cannot absorb:
// their tags, stage, date, title, authors, links or draft flag. It does what
// assemble does, for those posts and the few around them: their place in
// every list, their neighbours in their section, the related posts of the
// posts near them in each tag, and backlinks.
//
// It declines, with false, whatever would make assemble report a problem or
// decide something for the whole site: any change but to posts, a page
// bundle, a post in a new section or leaving its section empty, a tag or
// author whose display name changes, a future post, a broken link, or a
// post that others link to losing its URL or headings. site may then be
// half updated: the caller assembles from scratch, which never reads it.
//
// before holds the last parse of each changed path (nil where there was
// none); in.parsed holds the current ones.
//
// taken says whether the last build wrote an output at a path (a file in
// content/ or the theme's may hold the one a new post's page would take).
func reassemble(site *Site, in assembleInput, before map[string]*Parsed, changedPaths []string, taken func(string) bool) (*siteChange, bool) {
	if site.outOfDate(in.now) {
		return nil, false
	}
	if site.embedsPages {
		return nil, false // an image of a page: no backlink tells what it shows
	}
	s := site.Settings
	ch := &siteChange{rekey: map[*Page]bool{}}
	published := func(pp *Parsed) bool {
		return pp != nil && pp.Kind == KindPost && (!pp.Draft || in.drafts)
	}
	type edit struct {
		old  *Page   // the published page, if the post was published
		next *Parsed // the new parse, if the post is to be published
	}
	var edits []edit
	for _, c := range changedPaths {
		old, now := before[c], in.parsed[c]
		if old == now {
			continue
		}
		for _, pp := range []*Parsed{old, now} {
			if pp == nil || pp.Kind < 0 {
				continue
			}
			if pp.Kind != KindPost || strings.HasSuffix(pp.Path, "/index.md") || pp.Date.After(in.now) || pp.Date.IsZero() {
				return nil, false
			}
		}
		e := edit{old: site.byPath[c]}
		if (e.old != nil) != published(old) {
			return nil, false // not what the last build published: assemble knows best
		}
		if published(now) {
			e.next = now
		}
		if e.old == nil && e.next == nil {
			continue // a draft that stays a draft, or one deleted
		}
		if e.old != nil {
			// A post that moves to another URL: its job writes elsewhere.
			// Pages that link to one show its URL and may name its
			// headings. Keep it simple: assemble again.
			if e.next != nil && e.next.RelURL != e.old.Parsed.RelURL {
				return nil, false
			}
			if len(e.old.Backlinks) > 0 && (e.next == nil || !slices.Equal(e.next.HeadingIDs, e.old.Parsed.HeadingIDs)) {
				return nil, false
			}
		}
		edits = append(edits, e)
	}
	if len(edits) == 0 {
		return ch, true
	}

	// Where each list changes, for the related posts near the change.
	type place struct {
		tag *Tag
		key *Page // a stand-in with the date and path the post had or has
	}
	var places []place
	tagsTouched := map[*Tag]bool{}
	sectionsTouched := map[*Section]bool{}
	var tagNames = map[*Tag]string{}
	authorNames := map[*Author]string{}

	// Take the old versions out of every list.
	freed := map[string]bool{} // output paths the old versions wrote
	for _, e := range edits {
		p := e.old
		if p == nil {
			continue
		}
		freed[p.Parsed.OutPath] = true
		for _, t := range linkTargets(site, p) {
			t.Backlinks = deletePage(t.Backlinks, p)
			ch.rekey[t] = true
		}
		key := &Page{Date: p.Date, Path: p.Path}
		site.Posts = removePage(site.Posts, p)
		p.Section.Posts = removePage(p.Section.Posts, p)
		sectionsTouched[p.Section] = true
		if p.Stage != nil {
			p.Stage.Posts = removePage(p.Stage.Posts, p)
		}
		for _, t := range p.Tags {
			if _, ok := tagNames[t]; !ok {
				tagNames[t] = t.Name
			}
			t.Posts = removePage(t.Posts, p)
			tagsTouched[t] = true
			places = append(places, place{t, key})
		}
		for _, raw := range p.Parsed.TagsRaw {
			uncount(site.tagSpellings, Slug(raw), raw)
		}
		for _, a := range p.Authors {
			if _, ok := authorNames[a]; !ok {
				authorNames[a] = a.Name
			}
			a.Posts = removePage(a.Posts, p)
		}
		if !in.hasAuthors {
			for _, name := range p.Parsed.AuthorRefs {
				uncount(site.authorNames, Slug(name), name)
			}
		}
		delete(site.urls, p.Parsed.RelURL)
		if e.next == nil {
			delete(site.byPath, p.Path)
			ch.removed = append(ch.removed, p)
		}
		if p.Newer != nil {
			ch.rekey[p.Newer] = true
		}
		if p.Older != nil {
			ch.rekey[p.Older] = true
		}
	}

	// Put the new versions in.
	var attached []*Page
	for i := range edits {
		e := &edits[i]
		if e.next == nil {
			continue
		}
		pp := e.next
		if reservedRoots[strings.SplitN(pp.RelURL, "/", 2)[0]] {
			return nil, false
		}
		if _, claimed := site.urls[pp.RelURL]; claimed || taken(pp.OutPath) && !freed[pp.OutPath] {
			return nil, false
		}
		for _, l := range pp.Links {
			if l.Image && strings.HasSuffix(l.Target, ".md") {
				return nil, false
			}
		}
		sec := site.sections[Slug(pp.Section)]
		if sec == nil {
			return nil, false // a section of its own
		}
		p := e.old
		if p == nil {
			p = &Page{}
			ch.added = append(ch.added, p)
		}
		backlinks := p.Backlinks
		*p = Page{Backlinks: backlinks, URL: s.BasePath + pp.RelURL, Section: sec}
		p.setParsed(pp, s.TimeZone)
		site.urls[pp.RelURL] = pp.Path
		site.byPath[pp.Path] = p
		site.Posts = insertPage(site.Posts, p)
		sec.Posts = insertPage(sec.Posts, p)
		sectionsTouched[sec] = true
		if pp.StageRaw != "" {
			st := stageBySlug(site, Slug(pp.StageRaw))
			if st == nil {
				return nil, false
			}
			p.Stage = st
			st.Posts = insertPage(st.Posts, p)
		}
		for _, raw := range pp.TagsRaw {
			slug := Slug(raw)
			if slug == "" {
				return nil, false
			}
			if site.tagSpellings[slug] == nil {
				site.tagSpellings[slug] = map[string]int{}
			}
			site.tagSpellings[slug][raw]++
			t := site.tagBySlug[slug]
			if t == nil {
				t = &Tag{Slug: slug, Name: raw, URL: s.BasePath + "tags/" + slug + "/"}
				site.tagBySlug[slug] = t
				tagNames[t] = ""
			}
			if slices.Contains(p.Tags, t) {
				continue
			}
			if _, ok := tagNames[t]; !ok {
				tagNames[t] = t.Name
			}
			p.Tags = append(p.Tags, t)
			p.tagPos = append(p.tagPos, 0) // set below
			t.Posts = insertPage(t.Posts, p)
			tagsTouched[t] = true
			places = append(places, place{t, p})
		}
		for _, ref := range pp.AuthorRefs {
			id := ref
			if !in.hasAuthors {
				id = Slug(ref)
				if id == "" {
					return nil, false
				}
				if site.authorNames[id] == nil {
					site.authorNames[id] = map[string]int{}
				}
				site.authorNames[id][ref]++
				if site.authorByID[id] == nil {
					a := &Author{ID: id, Name: ref, URL: s.BasePath + AuthorsDir + "/" + id + "/"}
					site.authorByID[id] = a
					authorNames[a] = ""
				}
			}
			a := site.authorByID[id]
			if a == nil {
				return nil, false
			}
			if slices.Contains(p.Authors, a) {
				continue
			}
			if _, ok := authorNames[a]; !ok {
				authorNames[a] = a.Name
			}
			p.Authors = append(p.Authors, a)
			a.Posts = insertPage(a.Posts, p)
		}
		attached = append(attached, p)
		ch.changed = append(ch.changed, p)
		ch.rekey[p] = true
	}

	// Display names: a tag or author that kept its posts must keep its name,
	// or every post's card that shows it would change.
	for t, was := range tagNames {
		var dropped, ok bool
		site.Tags, dropped, ok = settleName(site.Tags, t, &t.Name, len(t.Posts), site.tagSpellings[t.Slug], was, tagLess)
		if !ok {
			return nil, false
		}
		if dropped {
			delete(site.tagBySlug, t.Slug)
			delete(site.tagSpellings, t.Slug)
		}
	}
	for a, was := range authorNames {
		if in.hasAuthors {
			continue // profiles name their authors, and stay with no posts
		}
		var dropped, ok bool
		site.Authors, dropped, ok = settleName(site.Authors, a, &a.Name, len(a.Posts), site.authorNames[a.ID], was, authorLess)
		if !ok {
			return nil, false
		}
		if dropped {
			delete(site.authorByID, a.ID)
			delete(site.authorNames, a.ID)
		}
	}
	for sec := range sectionsTouched {
		if len(sec.Posts) == 0 && sec.parsed == nil {
			return nil, false // the section goes
		}
	}

	// Links, both ways.
	assetURL := assetURLs(site)
	for _, p := range attached {
		errs, targets := resolvePageLinks(site, in, assetURL, p)
		if len(errs) > 0 {
			return nil, false
		}
		for _, t := range targets {
			t.Backlinks = insertPage(t.Backlinks, p)
			ch.rekey[t] = true
		}
	}

	// Each tag's positions, then related posts near every change.
	for t := range tagsTouched {
		for i, p := range t.Posts {
			p.tagPos[slices.Index(p.Tags, t)] = i
		}
	}
	relink := map[*Page]bool{}
	for _, pl := range places {
		if len(pl.tag.Posts) == 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(pl.tag.Posts, pl.key, newerFirst)
		// Posts further than the window from every change see the same
		// posts around them as before.
		for i := max(0, at-relatedWindow-1); i < min(len(pl.tag.Posts), at+relatedWindow+2); i++ {
			relink[pl.tag.Posts[i]] = true
		}
	}
	for _, p := range attached {
		relink[p] = true
	}
	for p := range relink {
		before := p.Related
		relatePost(p)
		if !slices.Equal(before, p.Related) {
			ch.rekey[p] = true
		}
	}

	// Neighbours in each section that changed.
	for sec := range sectionsTouched {
		for i, p := range sec.Posts {
			var newer, older *Page
			if i > 0 {
				newer = sec.Posts[i-1]
			}
			if i+1 < len(sec.Posts) {
				older = sec.Posts[i+1]
			}
			if p.Newer != newer || p.Older != older {
				p.Newer, p.Older = newer, older
				ch.rekey[p] = true
			}
		}
	}

	for _, p := range attached {
		p.cardKey, p.metaKey = cardKey(p), metaKey(p)
		p.bodyKey = bodyKey(p)
	}
	for _, p := range ch.removed {
		delete(ch.rekey, p)
	}
	return ch, true
}

// settleName brings a tag or an author in line with the spellings its
// posts now use: taken out of list when it has no posts left, named and put
// in order when it is new (was is empty). ok is false when one that kept
// its posts would change its name, which every card showing it shows.
func settleName[T any](list []*T, x *T, name *string, posts int, spellings map[string]int, was string, less func(a, b *T) bool) (_ []*T, dropped, ok bool) {
	if posts == 0 {
		if i := slices.Index(list, x); i >= 0 {
			list = slices.Delete(list, i, i+1)
		}
		return list, true, true
	}
	now := mostUsed(spellings)
	if was != "" {
		return list, false, now == was
	}
	*name = now
	i, _ := slices.BinarySearchFunc(list, x, func(a, b *T) int { return compareLess(less(a, b), less(b, a)) })
	return slices.Insert(list, i, x), false, true
}

// uncount takes one use of a spelling off the counts kept for a tag or an
// author.
func uncount(counts map[string]map[string]int, key, spelling string) {
	if c := counts[key]; c != nil {
		if c[spelling]--; c[spelling] == 0 {
			delete(c, spelling)
		}
	}
}

// linkTargets lists the other published pages a page's text links to: those
// whose backlinks list it.
func linkTargets(site *Site, p *Page) []*Page {
	var targets []*Page
	for _, l := range p.Parsed.Links {
		if l.Image || !strings.HasSuffix(l.Target, ".md") {
			continue
		}
		if t, ok := site.byPath[l.Target]; ok && t != p && !slices.Contains(targets, t) {
			targets = append(targets, t)
		}
	}
	return targets
}

func stageBySlug(site *Site, slug string) *Stage {
	for _, st := range site.Stages {
		if st.Slug == slug {
			return st
		}
	}
	return nil
}

// newerFirst orders pages as sortNewestFirst does: newest first, then by path.
func newerFirst(a, b *Page) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

func compareLess(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// insertPage puts p into ps, which is in newerFirst order, in its place.
func insertPage(ps []*Page, p *Page) []*Page {
	i, _ := slices.BinarySearchFunc(ps, p, newerFirst)
	return slices.Insert(ps, i, p)
}

// removePage takes p out of ps, which is in newerFirst order and holds it
// at the place its date and path give.
func removePage(ps []*Page, p *Page) []*Page {
	i, found := slices.BinarySearchFunc(ps, p, newerFirst)
	if !found || ps[i] != p {
		return deletePage(ps, p)
	}
	return slices.Delete(ps, i, i+1)
}

// deletePage takes p out of ps, wherever it is.
func deletePage(ps []*Page, p *Page) []*Page {
	if i := slices.Index(ps, p); i >= 0 {
		return slices.Delete(ps, i, i+1)
	}
	return ps
}
