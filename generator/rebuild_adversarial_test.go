package generator

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// Edit sequences chosen to reach the corners of reassemble and the plan's
// update that random edits seldom reach: slugs, fragments, links from the
// home introduction and standalone pages, moves between sections, batches
// of additions and deletions, drafts in serve mode, future posts, tag
// spellings, page bundles and builds that fail and are then fixed. After
// every step the incremental build must equal a fresh full build, or fail
// with the same message.

// step is one save: files written ("" deletes), the paths a watcher
// reports, and, when set, the clock from then on.
type step struct {
	name    string
	files   map[string]string
	changed []string
	now     time.Time
}

// runSteps builds site, then applies each step and compares the
// incremental build with a full one.
func runSteps(t *testing.T, site fstest.MapFS, opts Options, steps []step) {
	t.Helper()
	runStepsAt(t, site, opts, time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), steps)
}

func runStepsAt(t *testing.T, site fstest.MapFS, opts Options, clock time.Time, steps []step) {
	t.Helper()
	opts.Now = func() time.Time { return clock }
	ctx := context.Background()
	inc := NewBuilder(site, opts)
	last, err := inc.Build(ctx)
	if err != nil {
		t.Fatalf("first build: %v", err)
	}
	for i, s := range steps {
		label := fmt.Sprintf("step %d (%s)", i, s.name)
		for p, text := range s.files {
			if text == "" {
				delete(site, p)
			} else {
				site[p] = file(text)
			}
		}
		if !s.now.IsZero() {
			clock = s.now
		}
		got, err := inc.Build(ctx, s.changed...)
		want, wantErr := NewBuilder(site, opts).Build(ctx)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%s: incremental build error %v, full build error %v", label, err, wantErr)
		}
		if err != nil {
			if err.Error() != wantErr.Error() {
				t.Fatalf("%s: incremental build error\n%v\nfull build error\n%v", label, err, wantErr)
			}
			t.Logf("%s: both fail: %v", label, err)
			last = nil
			continue
		}
		compareOutputs(t, label, got.Outputs, want.Outputs)
		if t.Failed() {
			t.FailNow()
		}
		if last != nil && got.Site == last.Site {
			t.Logf("%s: site kept, %d outputs rendered", label, got.Rendered)
		} else {
			t.Logf("%s: assembled anew", label)
		}
		last = got
	}
}

// post writes a post's source.
func post(title, date, extra, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\n" + body
}

// smallSite is a site of a few posts in two sections, paginated after two.
func smallSite() fstest.MapFS {
	return fstest.MapFS{
		"content/_index.md": file("---\ntitle: Practice\nbaseURL: https://example.org/\nposts_per_page: 2\nentries_per_page: 2\n---\nStart with [the first](reflections/a.md).\n"),
		"content/about.md":  file("---\ntitle: About\n---\nAbout us. See [b](reflections/b.md).\n"),
		"content/reflections/a.md": file(post("Alpha", "2024-01-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ada\n",
			"Alpha body.\n\n## Method\n\nText.\n")),
		"content/reflections/b.md": file(post("Beta", "2024-02-01", "tags: [audit, frailty]\nstage: research\nauthor: Dr Ada\n",
			"Beta body.\n\n## Results\n\nText.\n")),
		"content/reflections/c.md": file(post("Gamma", "2024-03-01", "tags: [frailty]\nstage: sharing\nauthor: Dr Ben\n",
			"Gamma links to [alpha's method](a.md#method).\n")),
		"content/case-studies/d.md": file(post("Delta", "2024-04-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ben\n",
			"Delta body.\n")),
		"content/case-studies/e.md": file(post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n",
			"Epsilon body.\n")),
	}
}

// A post renamed in the same save as it takes its old URL by a slug: its
// output is made again, not gone.
func TestRebuildAdversarialRenameKeepsURL(t *testing.T) {
	runSteps(t, smallSite(), Options{}, []step{
		{name: "rename e.md to e2.md with slug e", files: map[string]string{
			"content/case-studies/e.md":  "",
			"content/case-studies/e2.md": post("Epsilon", "2024-05-01", "slug: e\ntags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md", "content/case-studies/e2.md"}},
	})
}

func TestRebuildAdversarialFragments(t *testing.T) {
	a := func(heading string) string {
		return post("Alpha", "2024-01-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ada\n", "Alpha body.\n\n## "+heading+"\n\nText.\n")
	}
	c := func(frag string) string {
		return post("Gamma", "2024-03-01", "tags: [frailty]\nstage: sharing\nauthor: Dr Ben\n", "Gamma links to [alpha](a.md#"+frag+").\n")
	}
	runSteps(t, smallSite(), Options{}, []step{
		{name: "heading renamed under a link", files: map[string]string{"content/reflections/a.md": a("Methods")},
			changed: []string{"content/reflections/a.md"}},
		{name: "link fixed", files: map[string]string{"content/reflections/c.md": c("methods")},
			changed: []string{"content/reflections/c.md"}},
		{name: "heading added", files: map[string]string{"content/reflections/a.md": a("Methods") + "\n## More\n"},
			changed: []string{"content/reflections/a.md"}},
		{name: "link to the new heading", files: map[string]string{"content/reflections/c.md": c("more")},
			changed: []string{"content/reflections/c.md"}},
		{name: "link to a missing heading", files: map[string]string{"content/reflections/c.md": c("nowhere")},
			changed: []string{"content/reflections/c.md"}},
		{name: "and back", files: map[string]string{"content/reflections/c.md": c("methods")},
			changed: []string{"content/reflections/c.md"}},
		{name: "heading on an unlinked post", files: map[string]string{
			"content/case-studies/d.md": post("Delta", "2024-04-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ben\n", "Delta body.\n\n## New\n"),
		}, changed: []string{"content/case-studies/d.md"}},
		{name: "link to it, in the same batch as its heading goes", files: map[string]string{
			"content/case-studies/d.md": post("Delta", "2024-04-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ben\n", "Delta body.\n"),
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "See [d](d.md#new).\n"),
		}, changed: []string{"content/case-studies/d.md", "content/case-studies/e.md"}},
		{name: "fixed", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "See [d](d.md).\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "d's title and date change under e's link", files: map[string]string{
			"content/case-studies/d.md": post("Delta renamed", "2023-04-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ben\n", "Delta body.\n"),
		}, changed: []string{"content/case-studies/d.md"}},
		{name: "self link with fragment", files: map[string]string{
			"content/case-studies/d.md": post("Delta renamed", "2023-04-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ben\n", "Delta body, [here](#top) and [self](d.md#top).\n\n## Top\n"),
		}, changed: []string{"content/case-studies/d.md"}},
	})
}

func TestRebuildAdversarialIntroAndPages(t *testing.T) {
	runSteps(t, smallSite(), Options{}, []step{
		{name: "post linked from the intro retitled and redated", files: map[string]string{
			"content/reflections/a.md": post("Alpha two", "2024-06-15", "tags: [audit]\nstage: curiosity\nauthor: Dr Ada\n", "Alpha body.\n\n## Method\n\nText.\n"),
		}, changed: []string{"content/reflections/a.md"}},
		{name: "post linked from about retitled", files: map[string]string{
			"content/reflections/b.md": post("Beta two", "2024-02-01", "tags: [audit, frailty]\nstage: research\nauthor: Dr Ada\n", "Beta body.\n\n## Results\n\nText.\n"),
		}, changed: []string{"content/reflections/b.md"}},
		{name: "post linked from about gets a slug", files: map[string]string{
			"content/reflections/b.md": post("Beta two", "2024-02-01", "slug: beta\ntags: [audit, frailty]\nstage: research\nauthor: Dr Ada\n", "Beta body.\n\n## Results\n\nText.\n"),
		}, changed: []string{"content/reflections/b.md"}},
		{name: "post linked from about loses its heading", files: map[string]string{
			"content/reflections/b.md": post("Beta two", "2024-02-01", "slug: beta\ntags: [audit, frailty]\nstage: research\nauthor: Dr Ada\n", "Beta body.\n"),
		}, changed: []string{"content/reflections/b.md"}},
		{name: "about links to a heading", files: map[string]string{
			"content/about.md": "---\ntitle: About\n---\nAbout us. See [b](reflections/b.md) and [a](reflections/a.md#method).\n",
		}, changed: []string{"content/about.md"}},
		{name: "a loses the heading about links to", files: map[string]string{
			"content/reflections/a.md": post("Alpha two", "2024-06-15", "tags: [audit]\nstage: curiosity\nauthor: Dr Ada\n", "Alpha body.\n"),
		}, changed: []string{"content/reflections/a.md"}},
		{name: "a gets it back", files: map[string]string{
			"content/reflections/a.md": post("Alpha two", "2024-06-15", "tags: [audit]\nstage: curiosity\nauthor: Dr Ada\n", "Alpha body.\n\n## Method\n"),
		}, changed: []string{"content/reflections/a.md"}},
		{name: "post links to about", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "See [about](../about.md).\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "that post retitled and redated", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon two", "2023-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "See [about](../about.md).\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a new post links to the intro's target and about", files: map[string]string{
			"content/reflections/f.md": post("Phi", "2024-01-01", "tags: [audit]\n", "See [a](a.md) and [about](../about.md).\n"),
		}, changed: []string{"content/reflections/f.md"}},
		{name: "it goes", files: map[string]string{"content/reflections/f.md": ""},
			changed: []string{"content/reflections/f.md"}},
		{name: "intro links to e", files: map[string]string{
			"content/_index.md": "---\ntitle: Practice\nbaseURL: https://example.org/\nposts_per_page: 2\nentries_per_page: 2\n---\nStart with [the first](reflections/a.md) and [e](case-studies/e.md).\n",
		}, changed: []string{"content/_index.md"}},
		{name: "e moves its date", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon two", "2024-07-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "See [about](../about.md).\n"),
		}, changed: []string{"content/case-studies/e.md"}},
	})
}

func TestRebuildAdversarialMovesAndBatches(t *testing.T) {
	runSteps(t, smallSite(), Options{}, []step{
		{name: "move d to reflections", files: map[string]string{
			"content/case-studies/d.md": "",
			"content/reflections/d.md":  post("Delta", "2024-04-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ben\n", "Delta body.\n"),
		}, changed: []string{"content/case-studies/d.md", "content/reflections/d.md"}},
		{name: "move c to case-studies, fixing its link", files: map[string]string{
			"content/reflections/c.md":  "",
			"content/case-studies/c.md": post("Gamma", "2024-03-01", "tags: [frailty]\nstage: sharing\nauthor: Dr Ben\n", "Gamma links to [alpha's method](../reflections/a.md#method).\n"),
		}, changed: []string{"content/reflections/c.md", "content/case-studies/c.md"}},
		{name: "move c back, keeping the old link (broken)", files: map[string]string{
			"content/case-studies/c.md": "",
			"content/reflections/c.md":  post("Gamma", "2024-03-01", "tags: [frailty]\nstage: sharing\nauthor: Dr Ben\n", "Gamma links to [alpha's method](../reflections/x.md#method).\n"),
		}, changed: []string{"content/case-studies/c.md", "content/reflections/c.md"}},
		{name: "fix it", files: map[string]string{
			"content/reflections/c.md": post("Gamma", "2024-03-01", "tags: [frailty]\nstage: sharing\nauthor: Dr Ben\n", "Gamma links to [alpha's method](a.md#method).\n"),
		}, changed: []string{"content/reflections/c.md"}},
		{name: "delete, add and change at once", files: map[string]string{
			"content/case-studies/e.md": "",
			"content/reflections/f.md":  post("Phi", "2024-05-01", "tags: [prescribing, audit]\nstage: research\nauthor: Dr Cy\n", "Phi.\n"),
			"content/reflections/g.md":  post("Psi", "2024-02-01", "tags: [frailty]\nauthor: Dr Ada\n", "Psi links [phi](f.md).\n"),
			"content/reflections/b.md":  post("Beta", "2024-02-01", "tags: [frailty]\nstage: research\nauthor: Dr Cy\n", "Beta body.\n\n## Results\n\nText.\n"),
		}, changed: []string{"content/case-studies/e.md", "content/reflections/f.md", "content/reflections/g.md", "content/reflections/b.md"}},
		{name: "same dates everywhere", files: map[string]string{
			"content/reflections/a.md":  post("Alpha", "2024-02-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ada\n", "Alpha body.\n\n## Method\n\nText.\n"),
			"content/reflections/c.md":  post("Gamma", "2024-02-01", "tags: [frailty]\nstage: sharing\nauthor: Dr Ben\n", "Gamma links to [alpha's method](a.md#method).\n"),
			"content/case-studies/d.md": post("Delta", "2024-02-01", "tags: [audit]\nstage: curiosity\nauthor: Dr Ben\n", "Delta body.\n"),
		}, changed: []string{"content/reflections/a.md", "content/reflections/c.md", "content/case-studies/d.md"}},
		{name: "another on the same date, sorting between", files: map[string]string{
			"content/reflections/bb.md": post("Beta beta", "2024-02-01", "tags: [audit, frailty]\nstage: curiosity\nauthor: Dr Ben\n", "BB.\n"),
		}, changed: []string{"content/reflections/bb.md"}},
		{name: "rename bb to aa, same date", files: map[string]string{
			"content/reflections/bb.md": "",
			"content/reflections/aa.md": post("Beta beta", "2024-02-01", "tags: [audit, frailty]\nstage: curiosity\nauthor: Dr Ben\n", "BB.\n"),
		}, changed: []string{"content/reflections/bb.md", "content/reflections/aa.md"}},
		{name: "the last post of case-studies goes", files: map[string]string{
			"content/case-studies/d.md": "",
		}, changed: []string{"content/case-studies/d.md"}},
		{name: "a folder reported for a new section", files: map[string]string{
			"content/notes/n.md": post("Note", "2024-08-01", "tags: [audit]\n", "Note.\n"),
		}, changed: []string{"content/notes"}},
		{name: "a post into it", files: map[string]string{
			"content/notes/m.md": post("Note two", "2024-08-02", "tags: [new-tag]\nauthor: Dr New\n", "Note two.\n"),
		}, changed: []string{"content/notes/m.md"}},
		{name: "the last post of a tag and an author goes", files: map[string]string{
			"content/notes/m.md": "",
		}, changed: []string{"content/notes/m.md"}},
	})
}

func TestRebuildAdversarialDraftsServe(t *testing.T) {
	for _, opts := range []Options{{Drafts: true, Serve: true}, {Serve: true}, {}} {
		t.Run(fmt.Sprintf("drafts=%v serve=%v", opts.Drafts, opts.Serve), func(t *testing.T) {
			runSteps(t, smallSite(), opts, []step{
				{name: "draft a new post", files: map[string]string{
					"content/reflections/f.md": post("Phi", "2024-05-15", "draft: true\ntags: [audit, brand-new]\nstage: research\nauthor: Dr New\n", "Phi.\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "edit the draft", files: map[string]string{
					"content/reflections/f.md": post("Phi!", "2024-05-16", "draft: true\ntags: [audit, brand-new]\nstage: research\nauthor: Dr New\n", "Phi!\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "a post links to the draft", files: map[string]string{
					"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "See [f](../reflections/f.md).\n"),
				}, changed: []string{"content/case-studies/e.md"}},
				{name: "publish the draft", files: map[string]string{
					"content/reflections/f.md": post("Phi!", "2024-05-16", "tags: [audit, brand-new]\nstage: research\nauthor: Dr New\n", "Phi!\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "draft a linked post", files: map[string]string{
					"content/reflections/f.md": post("Phi!", "2024-05-16", "draft: true\ntags: [audit, brand-new]\nstage: research\nauthor: Dr New\n", "Phi!\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "drop the link", files: map[string]string{
					"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon.\n"),
				}, changed: []string{"content/case-studies/e.md"}},
				{name: "draft the only post of case-studies' tag", files: map[string]string{
					"content/case-studies/e.md": post("Epsilon", "2024-05-01", "draft: true\ntags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon.\n"),
				}, changed: []string{"content/case-studies/e.md"}},
				{name: "draft a plain post", files: map[string]string{
					"content/reflections/b.md": post("Beta", "2024-02-01", "draft: true\ntags: [audit, frailty]\nstage: research\nauthor: Dr Ada\n", "Beta body.\n\n## Results\n\nText.\n"),
				}, changed: []string{"content/reflections/b.md"}},
				{name: "delete the draft", files: map[string]string{"content/reflections/f.md": ""},
					changed: []string{"content/reflections/f.md"}},
			})
		})
	}
}

func TestRebuildAdversarialTagSpellings(t *testing.T) {
	site := smallSite()
	site["content/reflections/f.md"] = file(post("Phi", "2024-05-15", "tags: [Audit]\nauthor: dr ada\n", "Phi.\n"))
	runSteps(t, site, Options{}, []step{
		{name: "a second Audit makes it the display name", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [Audit, prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a third Audit keeps it", files: map[string]string{
			"content/reflections/g.md": post("Psi", "2024-05-20", "tags: [AUDIT, Audit]\nauthor: dr ada\n", "Psi.\n"),
		}, changed: []string{"content/reflections/g.md"}},
		{name: "back to audit, in one batch", files: map[string]string{
			"content/reflections/g.md":  "",
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [audit, prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
		}, changed: []string{"content/reflections/g.md", "content/case-studies/e.md"}},
		{name: "author spelling flips", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [audit, prescribing]\nstage: curiosity\nauthor: dr ada\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "new tag in two spellings at once", files: map[string]string{
			"content/reflections/h.md": post("Eta", "2024-05-21", "tags: [Zeta, audit]\n", "Eta.\n"),
			"content/reflections/i.md": post("Iota", "2024-05-22", "tags: [zeta]\n", "Iota.\n"),
			"content/reflections/j.md": post("Kappa", "2024-05-23", "tags: [zeta]\n", "Kappa.\n"),
		}, changed: []string{"content/reflections/h.md", "content/reflections/i.md", "content/reflections/j.md"}},
		{name: "new tags that sort first and last", files: map[string]string{
			"content/reflections/h.md": post("Eta", "2024-05-21", "tags: [Zeta, audit, aaa, ZZZ]\n", "Eta.\n"),
		}, changed: []string{"content/reflections/h.md"}},
		{name: "the last post of a tag goes", files: map[string]string{
			"content/reflections/h.md": "",
		}, changed: []string{"content/reflections/h.md"}},
		{name: "a tag spelling ties", files: map[string]string{
			"content/reflections/j.md": post("Kappa", "2024-05-23", "tags: [Zeta]\n", "Kappa.\n"),
		}, changed: []string{"content/reflections/j.md"}},
		{name: "the only frailty posts lose it", files: map[string]string{
			"content/reflections/b.md": post("Beta", "2024-02-01", "tags: [audit]\nstage: research\nauthor: Dr Ada\n", "Beta body.\n\n## Results\n\nText.\n"),
			"content/reflections/c.md": post("Gamma", "2024-03-01", "stage: sharing\nauthor: Dr Ben\n", "Gamma links to [alpha's method](a.md#method).\n"),
		}, changed: []string{"content/reflections/b.md", "content/reflections/c.md"}},
		{name: "the last post of an author and a stage goes", files: map[string]string{
			"content/reflections/c.md": post("Gamma", "2024-03-01", "author: Dr Ada\n", "Gamma links to [alpha's method](a.md#method).\n"),
		}, changed: []string{"content/reflections/c.md"}},
	})
}

func TestRebuildAdversarialFuture(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 6, d, 12, 0, 0, 0, time.UTC) }
	for _, opts := range []Options{{Future: true}, {Future: true, Drafts: true, Serve: true}} {
		t.Run(fmt.Sprintf("drafts=%v", opts.Drafts), func(t *testing.T) {
			runSteps(t, smallSite(), opts, []step{
				{name: "a post for next week", files: map[string]string{
					"content/reflections/f.md": post("Phi", "2025-06-08", "tags: [audit, soon]\nauthor: Dr New\n", "Phi.\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "an edit to another post", files: map[string]string{
					"content/case-studies/e.md": post("Epsilon", "2024-05-02", "tags: [prescribing, audit]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
				}, changed: []string{"content/case-studies/e.md"}},
				{name: "edit the future post", files: map[string]string{
					"content/reflections/f.md": post("Phi!", "2025-06-09", "tags: [audit, soon]\nauthor: Dr New\n", "Phi!\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "a day passes, with an edit", now: day(2), files: map[string]string{
					"content/case-studies/e.md": post("Epsilon", "2024-05-03", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
				}, changed: []string{"content/case-studies/e.md"}},
				{name: "its day comes, with an edit", now: day(10), files: map[string]string{
					"content/case-studies/e.md": post("Epsilon", "2024-05-04", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
				}, changed: []string{"content/case-studies/e.md"}},
				{name: "nothing changes", changed: []string{"content/case-studies/e.md"}},
				{name: "move it a week on", files: map[string]string{
					"content/reflections/f.md": post("Phi!", "2025-06-17", "tags: [audit, soon]\nauthor: Dr New\n", "Phi!\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "its day comes, with nothing else", now: day(18), changed: []string{"content/case-studies/e.md"}},
				{name: "a body edit to it", files: map[string]string{
					"content/reflections/f.md": post("Phi!", "2025-06-17", "tags: [audit, soon]\nauthor: Dr New\n", "Phi, edited.\n"),
				}, changed: []string{"content/reflections/f.md"}},
				{name: "a post dated later today", files: map[string]string{
					"content/reflections/g.md": post("Psi", "2025-06-18T18:00:00Z", "tags: [audit]\n", "Psi.\n"),
				}, changed: []string{"content/reflections/g.md"}},
				{name: "its hour comes, with a body edit to f", now: day(19), files: map[string]string{
					"content/reflections/f.md": post("Phi!", "2025-06-17", "tags: [audit, soon]\nauthor: Dr New\n", "Phi, edited twice.\n"),
				}, changed: []string{"content/reflections/f.md"}},
			})
		})
	}
}

func TestRebuildAdversarialBundles(t *testing.T) {
	site := smallSite()
	site["content/reflections/bun/index.md"] = file(post("Bundle", "2024-02-15", "tags: [audit]\nauthor: Dr Ada\n", "![chart](chart.png)\n\n## Figures\n"))
	site["content/reflections/bun/chart.png"] = &fstest.MapFile{Data: []byte("\x89PNG fake")}
	runSteps(t, site, Options{}, []step{
		{name: "a post links to the bundle and its image", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing, audit]\nstage: curiosity\nauthor: Dr Cy\n",
				"See [the bundle](../reflections/bun/index.md#figures) and ![its chart](../reflections/bun/chart.png).\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "that post's date and tags change", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-02-15", "tags: [audit]\nstage: curiosity\nauthor: Dr Cy\n",
				"See [the bundle](../reflections/bun/index.md#figures) and ![its chart](../reflections/bun/chart.png).\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "the bundle's date changes", files: map[string]string{
			"content/reflections/bun/index.md": post("Bundle", "2024-05-15", "tags: [audit, frailty]\nauthor: Dr Ada\n", "![chart](chart.png)\n\n## Figures\n"),
		}, changed: []string{"content/reflections/bun/index.md"}},
		{name: "a post beside index.md in the bundle", files: map[string]string{
			"content/reflections/bun/extra.md": post("Extra", "2024-05-16", "tags: [audit]\n", "Extra, with ![the chart](chart.png).\n"),
		}, changed: []string{"content/reflections/bun/extra.md"}},
		{name: "its date changes", files: map[string]string{
			"content/reflections/bun/extra.md": post("Extra", "2024-01-16", "tags: [frailty]\n", "Extra, with ![the chart](chart.png).\n"),
		}, changed: []string{"content/reflections/bun/extra.md"}},
		{name: "a second image, and a post using it", files: map[string]string{
			"content/reflections/bun/two.png": "\x89PNG two",
			"content/case-studies/e.md": post("Epsilon", "2024-02-15", "tags: [audit]\nstage: curiosity\nauthor: Dr Cy\n",
				"See ![two](../reflections/bun/two.png).\n"),
		}, changed: []string{"content/reflections/bun/two.png", "content/case-studies/e.md"}},
		{name: "the bundle becomes a draft", files: map[string]string{
			"content/case-studies/e.md":        post("Epsilon", "2024-02-15", "tags: [audit]\nstage: curiosity\nauthor: Dr Cy\n", "Plain.\n"),
			"content/reflections/bun/extra.md": post("Extra", "2024-01-16", "tags: [frailty]\n", "Extra.\n"),
			"content/reflections/bun/index.md": post("Bundle", "2024-05-15", "draft: true\ntags: [audit, frailty]\nauthor: Dr Ada\n", "![chart](chart.png)\n\n## Figures\n"),
		}, changed: []string{"content/case-studies/e.md", "content/reflections/bun/extra.md", "content/reflections/bun/index.md"}},
		{name: "an edit elsewhere", files: map[string]string{
			"content/reflections/bun/extra.md": post("Extra", "2024-01-17", "tags: [frailty, audit]\n", "Extra.\n"),
		}, changed: []string{"content/reflections/bun/extra.md"}},
	})
}

func TestRebuildAdversarialErrorsThenFixed(t *testing.T) {
	e := func(date, tags, body string) string {
		return post("Epsilon", date, "tags: ["+tags+"]\nstage: curiosity\nauthor: Dr Cy\n", body)
	}
	runSteps(t, smallSite(), Options{}, []step{
		{name: "an identifier with a tag change", files: map[string]string{
			"content/case-studies/e.md": e("2024-05-01", "audit", "Her NHS number is 943 476 5919.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "fixed, with another tag change", files: map[string]string{
			"content/case-studies/e.md": e("2024-05-01", "frailty", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "an unknown stage", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [frailty]\nstage: nowhere\nauthor: Dr Cy\n", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a date change, stage still wrong", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-06-01", "tags: [frailty]\nstage: nowhere\nauthor: Dr Cy\n", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "stage fixed", files: map[string]string{
			"content/case-studies/e.md": e("2024-06-01", "frailty", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "broken front matter", files: map[string]string{
			"content/case-studies/e.md": "---\ntitle: Epsilon: a colon\ndate: 2024-06-01\ntags: [frailty\n---\nEpsilon.\n",
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "and a new post in the same state", files: map[string]string{
			"content/reflections/f.md": post("Phi", "2024-06-02", "tags: [frailty]\n", "Phi.\n"),
		}, changed: []string{"content/reflections/f.md"}},
		{name: "front matter fixed", files: map[string]string{
			"content/case-studies/e.md": e("2024-06-01", "frailty, audit", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "no date", files: map[string]string{
			"content/case-studies/e.md": "---\ntitle: Epsilon\ntags: [frailty]\n---\nEpsilon.\n",
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "date back", files: map[string]string{
			"content/case-studies/e.md": e("2024-06-01", "frailty", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a tag with no letters", files: map[string]string{
			"content/case-studies/e.md": e("2024-06-01", "frailty, \"!!\"", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "tag fixed", files: map[string]string{
			"content/case-studies/e.md": e("2024-06-01", "frailty", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "two posts on one URL", files: map[string]string{
			"content/case-studies/g.md": post("G", "2024-06-03", "slug: e\n", "G.\n"),
		}, changed: []string{"content/case-studies/g.md"}},
		{name: "one goes", files: map[string]string{"content/case-studies/g.md": ""},
			changed: []string{"content/case-studies/g.md"}},
		{name: "a post in a reserved folder", files: map[string]string{
			"content/tags/x.md": post("X", "2024-06-03", "", "X.\n"),
		}, changed: []string{"content/tags/x.md"}},
		{name: "it goes", files: map[string]string{"content/tags/x.md": ""}, changed: []string{"content/tags/x.md"}},
		{name: "an empty file", files: map[string]string{"content/case-studies/e.md": " \n"},
			changed: []string{"content/case-studies/e.md"}},
		{name: "filled again", files: map[string]string{"content/case-studies/e.md": e("2024-06-01", "frailty", "Epsilon.\n")},
			changed: []string{"content/case-studies/e.md"}},
	})
}

func TestRebuildAdversarialProfiles(t *testing.T) {
	site := smallSite()
	for _, p := range []string{"a.md", "b.md", "c.md"} {
		src := string(site["content/reflections/"+p].Data)
		src = strings.NewReplacer("author: Dr Ada", "author: ada", "author: Dr Ben", "author: ben").Replace(src)
		site["content/reflections/"+p] = file(src)
	}
	site["content/case-studies/d.md"] = file(post("Delta", "2024-04-01", "tags: [audit]\nauthor: ben\n", "Delta.\n"))
	site["content/case-studies/e.md"] = file(post("Epsilon", "2024-05-01", "tags: [prescribing]\nauthor: [cy, ada]\n", "Epsilon.\n"))
	site["content/authors/ada.md"] = file("---\ntitle: Dr Ada Lane\nrole: GP\n---\nAda writes.\n")
	site["content/authors/ben.md"] = file("---\ntitle: Dr Ben Okafor\n---\nBen writes.\n")
	site["content/authors/cy.md"] = file("---\ntitle: Dr Cy Patel\n---\nCy writes.\n")
	site["content/authors/zed.md"] = file("---\ntitle: Zed\n---\nNo posts yet.\n")
	runSteps(t, site, Options{}, []step{
		{name: "zed's first post", files: map[string]string{
			"content/reflections/f.md": post("Phi", "2024-05-15", "tags: [audit]\nauthor: zed\n", "Phi.\n"),
		}, changed: []string{"content/reflections/f.md"}},
		{name: "cy loses their only post", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nauthor: ada\n", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "an author twice", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nauthor: [ada, ada, ben]\n", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "an unknown author", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nauthor: nobody\n", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "fixed", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nauthor: cy\n", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a profile retitled", files: map[string]string{
			"content/authors/cy.md": "---\ntitle: Dr Cy Patel-Jones\n---\nCy writes.\n",
		}, changed: []string{"content/authors/cy.md"}},
		{name: "a post by them after", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-02", "tags: [prescribing]\nauthor: cy\n", "Epsilon.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a new profile and a post by them, at once", files: map[string]string{
			"content/authors/new.md":   "---\ntitle: New Person\n---\nNew.\n",
			"content/reflections/g.md": post("Psi", "2024-05-16", "author: new\n", "Psi.\n"),
		}, changed: []string{"content/authors/new.md", "content/reflections/g.md"}},
		{name: "the new person's post changes", files: map[string]string{
			"content/reflections/g.md": post("Psi", "2024-05-17", "author: [new, zed]\n", "Psi.\n"),
		}, changed: []string{"content/reflections/g.md"}},
	})
}

// exampleSite is the example site in content/, in memory.
func exampleSite(t *testing.T) fstest.MapFS {
	t.Helper()
	site := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(".."), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(os.DirFS(".."), p)
		site[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// Every post of the example site, in turn: redated and retagged, retitled
// and given a heading, and put back. (Moving one to the other section breaks
// its relative links, so that is left to the small sites above.)
func TestRebuildAdversarialExampleSite(t *testing.T) {
	site := exampleSite(t)
	var steps []step
	for _, p := range slices.Sorted(maps.Keys(site)) {
		if !strings.HasSuffix(p, ".md") || path.Base(p) == "_index.md" || strings.HasPrefix(p, "content/authors/") || !strings.Contains(p[len("content/"):], "/") {
			continue
		}
		src := string(site[p].Data)
		date := regexp.MustCompile(`20\d\d-\d\d-\d\d`).FindString(src)
		retitled := strings.Replace(src, "---\n", "---\ntitle: Re - untitled\n", 1)
		if title := regexp.MustCompile(`(?m)^title(: | = ")`).FindStringIndex(src); title != nil {
			retitled = src[:title[1]] + "Re - " + src[title[1]:]
		}
		one := func(name, text string) step {
			return step{name: name + " " + p, files: map[string]string{p: text}, changed: []string{p}}
		}
		steps = append(steps,
			one("redate and retag", strings.ReplaceAll(strings.Replace(src, date, "2024-09-25", 1), "communication", "listening")),
			one("retitle and add a heading", retitled+"\n## A heading added\n"),
			one("restore", src))
	}
	// Drafts shown, and a clock after every post's date.
	runStepsAt(t, site, Options{Drafts: true, Serve: true}, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), steps)
}

// TestRebuildAdversarialRandom is a second random walk, unlike
// TestRebuildRandomEdits' in what it stresses: few dates (so ties
// broken by path are everywhere), lists of two or three a page, links with
// fragments, posts moved between sections, batches of several edits and
// deletions at once, and posts the home introduction and a standalone page
// link to.
func TestRebuildAdversarialRandom(t *testing.T) {
	steps := 30
	if n, err := strconv.Atoi(os.Getenv("MINDLINES_ADVERSARIAL_STEPS")); err == nil {
		steps = n
	}
	seed := uint64(1)
	if n, err := strconv.ParseUint(os.Getenv("MINDLINES_ADVERSARIAL_SEED"), 10, 64); err == nil {
		seed = n
	}
	for _, opts := range []Options{{}, {Drafts: true, Serve: true}} {
		t.Run(fmt.Sprintf("drafts=%v", opts.Drafts), func(t *testing.T) {
			w := newWalk(rand.New(rand.NewPCG(seed, 99)))
			site := maps.Clone(w.fs) // the walk goes on in w.fs
			var ss []step
			for range steps {
				ss = append(ss, w.step())
			}
			runSteps(t, site, opts, ss)
		})
	}
}

// walk is a small site and the edits a random walk makes to it.
type walk struct {
	rng   *rand.Rand
	fs    fstest.MapFS
	posts map[string]*walkPost
	next  int
}

type walkPost struct {
	title, date, stage, author string
	tags, links                []string // links as site paths, with any fragment
	draft, heading             bool
}

var walkSections = []string{"reflections", "case-studies", "notes"}

func newWalk(rng *rand.Rand) *walk {
	w := &walk{rng: rng, posts: map[string]*walkPost{}, fs: fstest.MapFS{
		"content/_index.md":             file("---\ntitle: Walk\nbaseURL: https://example.org/\nposts_per_page: 2\nentries_per_page: 3\n---\nStart with [the first](reflections/p000.md#learning).\n"),
		"content/about.md":              file("---\ntitle: About\n---\nSee [one](reflections/p001.md).\n"),
		"content/reflections/_index.md": file("---\ntitle: Reflections\n---\n"),
	}}
	for i := range 14 {
		sec := walkSections[i%3]
		if i < 2 {
			sec = "reflections"
		}
		w.add(sec, false)
	}
	return w
}

func (w *walk) add(section string, draft bool) string {
	p := fmt.Sprintf("content/%s/p%03d.md", section, w.next)
	w.next++
	wp := &walkPost{title: fmt.Sprintf("Post %d", w.next), date: w.date(), stage: w.pick("curiosity", "research", "sharing", ""),
		author: w.pick("Dr Ada", "Dr Ben", "dr ada", "Dr Cy"), tags: w.tags(), draft: draft, heading: true}
	w.posts[p] = wp
	w.write(p)
	return p
}

func (w *walk) pick(xs ...string) string { return xs[w.rng.IntN(len(xs))] }

func (w *walk) date() string { return fmt.Sprintf("2024-0%d-01", 1+w.rng.IntN(5)) }

func (w *walk) tags() []string {
	var tags []string
	for range w.rng.IntN(4) {
		t := w.pick("audit", "Audit", "qi", "frailty", "frailty", fmt.Sprintf("rare-%d", w.rng.IntN(5)))
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

func (w *walk) write(p string) {
	wp := w.posts[p]
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\ntags: [%s]\nauthor: %s\n", wp.title, wp.date, strings.Join(wp.tags, ", "), wp.author)
	if wp.stage != "" {
		b.WriteString("stage: " + wp.stage + "\n")
	}
	if wp.draft {
		b.WriteString("draft: true\n")
	}
	b.WriteString("---\nText of " + wp.title + ".\n")
	if wp.heading {
		b.WriteString("\n## Learning\n\nWhat changed.\n")
	}
	for _, l := range wp.links {
		fmt.Fprintf(&b, "\nSee [this](../%s).\n", strings.TrimPrefix(l, "content/"))
	}
	w.fs[p] = file(b.String())
}

// linked reports whether any page links to p, and whether with a fragment.
func (w *walk) linked(p string) (any, frag bool) {
	if p == "content/reflections/p000.md" || p == "content/reflections/p001.md" {
		return true, p == "content/reflections/p000.md"
	}
	for q, wp := range w.posts {
		for _, l := range wp.links {
			target, f, _ := strings.Cut(l, "#")
			if target == p && q != p {
				any = true
				frag = frag || f != ""
			}
		}
	}
	return any, frag
}

func (w *walk) some() string {
	ps := slices.Sorted(maps.Keys(w.posts))
	return ps[w.rng.IntN(len(ps))]
}

// edit makes one change and returns its name and the paths it touched.
func (w *walk) edit() (string, []string) {
	p := w.some()
	wp := w.posts[p]
	linked, frag := w.linked(p)
	switch w.rng.IntN(12) {
	case 0:
		q := w.add(w.pick(walkSections...), w.rng.IntN(4) == 0)
		return "add " + q, []string{q}
	case 1:
		if linked {
			return w.edit()
		}
		delete(w.posts, p)
		delete(w.fs, p)
		return "delete " + p, []string{p}
	case 2:
		wp.tags = w.tags()
	case 3:
		wp.date = w.date()
	case 4:
		wp.stage = w.pick("curiosity", "research", "sharing", "")
	case 5:
		wp.author = w.pick("Dr Ada", "Dr Ben", "dr ada", "Dr Cy", "Dr Dee")
	case 6:
		wp.title = fmt.Sprintf("Post %d", w.rng.IntN(100))
	case 7:
		if linked && !wp.draft {
			return w.edit()
		}
		wp.draft = !wp.draft
	case 8:
		q := w.some()
		if q == p || w.posts[q].draft && !wp.draft {
			return w.edit()
		}
		if w.rng.IntN(2) == 0 && w.posts[q].heading {
			q += "#learning"
		}
		wp.links = append(wp.links, q)
	case 9:
		if len(wp.links) == 0 {
			return w.edit()
		}
		wp.links = wp.links[1:]
	case 10:
		if frag {
			return w.edit()
		}
		wp.heading = !wp.heading
	case 11:
		if linked {
			return w.edit()
		}
		sec := w.pick(walkSections...)
		q := fmt.Sprintf("content/%s/%s", sec, path.Base(p))
		if q == p {
			return w.edit()
		}
		delete(w.posts, p)
		delete(w.fs, p)
		w.posts[q] = wp
		w.write(q)
		return "move " + p + " to " + sec, []string{p, q}
	}
	w.write(p)
	return "edit " + p, []string{p}
}

// step makes one to three edits, as one save or a save-all.
func (w *walk) step() step {
	s := step{files: map[string]string{}}
	var names []string
	for range 1 + w.rng.IntN(3) {
		name, changed := w.edit()
		names = append(names, name)
		for _, c := range changed {
			if !slices.Contains(s.changed, c) {
				s.changed = append(s.changed, c)
			}
		}
	}
	for _, c := range s.changed {
		s.files[c] = ""
		if f := w.fs[c]; f != nil {
			s.files[c] = string(f.Data)
		}
	}
	s.name = strings.Join(names, "; ")
	return s
}

// Found by review: each of these once diverged from a full build.

func TestRebuildAdversarialSlug(t *testing.T) {
	runSteps(t, smallSite(), Options{}, []step{
		{name: "slug on an unlinked post", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "slug: eps\ntags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "slug changes again", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "slug: epsilon-two\ntags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "slug goes", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
	})
}

func TestRebuildAdversarialAssetCollision(t *testing.T) {
	site := smallSite()
	site["content/case-studies/x/index.html"] = file("<p>raw</p>\n")
	runSteps(t, site, Options{}, []step{
		{name: "post whose page is an existing file", files: map[string]string{
			"content/case-studies/x.md": post("X", "2024-06-01", "tags: [audit]\n", "X body.\n"),
		}, changed: []string{"content/case-studies/x.md"}},
	})
}

func TestRebuildAdversarialFutureMinimal(t *testing.T) {
	runSteps(t, smallSite(), Options{}, []step{
		{name: "a post for next week", files: map[string]string{
			"content/reflections/f.md": post("Phi", "2025-06-08", "", "Phi.\n"),
		}, changed: []string{"content/reflections/f.md"}},
		{name: "its day comes; a body edit elsewhere", now: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC), files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon, edited.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
	})
}

func TestRebuildAdversarialFutureResave(t *testing.T) {
	runSteps(t, smallSite(), Options{}, []step{
		{name: "a post for next week", files: map[string]string{
			"content/reflections/f.md": post("Phi", "2025-06-08", "", "Phi.\n"),
		}, changed: []string{"content/reflections/f.md"}},
		{name: "its day comes; it is saved unchanged", now: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC),
			changed: []string{"content/reflections/f.md"}},
	})
}

// A site's own post template that shows site-wide counts: a new tag or
// author changes every post page, as a full build shows.
func TestRebuildOwnTemplateShowsCounts(t *testing.T) {
	site := smallSite()
	site["content/_index.md"] = file(strings.Replace(string(site["content/_index.md"].Data), "title: Practice\n", "title: Practice\ntheme: own\n", 1))
	postHTML := defaultThemeFile(t, "templates/post.html")
	site["themes/own/templates/post.html"] = file(strings.Replace(postHTML, "</article>",
		"<p>{{len .Site.Tags}} tags, {{len .Site.Authors}} authors, latest {{(index .Site.Posts 0).Title}}</p></article>", 1))
	runSteps(t, site, Options{}, []step{
		{name: "a new tag and author", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "tags: [prescribing, sleep]\nstage: curiosity\nauthor: Dr Zed\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a newest post", files: map[string]string{
			"content/reflections/z.md": post("Zeta", "2024-09-01", "tags: [audit]\n", "Zeta.\n"),
		}, changed: []string{"content/reflections/z.md"}},
		{name: "its title", files: map[string]string{
			"content/reflections/z.md": post("Zeta, retitled", "2024-09-01", "tags: [audit]\n", "Zeta.\n"),
		}, changed: []string{"content/reflections/z.md"}},
	})
}

// A site's own 404 page that lists every post by URL and summary: a slug
// or a first paragraph changed anywhere shows there, as in a full build
// (found by review).
func TestRebuildOwnTemplateListsEveryPost(t *testing.T) {
	site := smallSite()
	site["content/_index.md"] = file(strings.Replace(string(site["content/_index.md"].Data), "title: Practice\n", "title: Practice\ntheme: own\n", 1))
	site["themes/own/templates/404.html"] = file(`{{define "main"}}<ul>{{range .Site.Posts}}<li><a href="{{.URL}}">{{.Title}}</a> {{.Summary}}</li>{{end}}</ul>{{end}}`)
	runSteps(t, site, Options{}, []step{
		{name: "a slug", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "slug: moved\ntags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "Epsilon body.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
		{name: "a first paragraph", files: map[string]string{
			"content/case-studies/e.md": post("Epsilon", "2024-05-01", "slug: moved\ntags: [prescribing]\nstage: curiosity\nauthor: Dr Cy\n", "A new first paragraph.\n"),
		}, changed: []string{"content/case-studies/e.md"}},
	})
}

// A site that keeps a copy of a default template (the example blog in
// this repository does) has no templates of its own: its rebuilds stay
// as narrow as the default theme's. One changed byte makes them its own.
func TestCopiedDefaultTemplateIsNotOwn(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(string) string
		own  bool
	}{
		{"a copy", func(s string) string { return s }, false},
		{"an edited copy", func(s string) string { return strings.Replace(s, "</article>", "<p>Mine.</p></article>", 1) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := smallSite()
			site["themes/default/templates/post.html"] = file(tc.edit(defaultThemeFile(t, "templates/post.html")))
			b := NewBuilder(site, Options{})
			if _, err := b.Build(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := b.themeCache.ownTemplates; got != tc.own {
				t.Errorf("own templates: %v; want %v", got, tc.own)
			}
		})
	}
}
