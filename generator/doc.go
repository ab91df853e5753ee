// Package generator turns a folder of markdown reflections into a linked
// static blog. It is the library behind the mindlines command; it never
// prints, never exits and keeps no state beyond a Builder.
//
// # The pipeline
//
//		fs.FS ─load─▶ sources ─parse─▶ Parsed ─assemble─▶ Site ─render─▶ []Output ─write─▶ folder or memory
//
//	  - load (load.go) walks content/ through an fs.FS, skips editor debris
//	    (Ignored) and reads each file into a Source with its SHA-256.
//	  - parse (parse.go, markdown.go) turns one markdown file into an
//	    immutable Parsed: front matter split off with its line count kept, so
//	    positions in the body are real file lines; fields decoded; the body
//	    parsed once by the shared goldmark instance (CommonMark, GFM,
//	    footnotes, typographer, heading ids) and rendered to HTML. Relative
//	    links are collected from the AST's link nodes and replaced by
//	    placeholders ("ml-ref:N"), so a Parsed depends on its own file only and
//	    is reused for as long as the file's hash does not change. Files are
//	    parsed on every core.
//	  - assemble (assemble.go) reads metadata only: the published set (no
//	    drafts or future posts unless asked for), URLs and their collisions,
//	    stages, tags (case-insensitive, one display name), authors, sections,
//	    links resolved to URLs (missing files, drafts and missing headings are
//	    errors with file:line:col), backlinks, newer/older in a section, and
//	    related posts through a tag index bounded to each post's nearest
//	    neighbours, so nothing is quadratic. Every problem is collected in an
//	    ErrorList; nothing is rendered unless the list is empty.
//	  - render (render.go, feed.go, theme.go) plans one job per output with a
//	    render key (keys.go): a hash of everything its template reads. Jobs run
//	    on every core. Output is minified by media type with tdewolff/minify
//	    (write.go): HTML through templates minified once at theme load, feeds
//	    and the sitemap written minimal (tested against the minifier), theme
//	    CSS and JS minified as published. List entries, cards, the site header
//	    and footer are rendered once per build and reused ("entry", "card",
//	    "entries", "cards" and "cached" template functions).
//	  - write (write.go, FolderWriter) writes changed files only: a new file
//	    in place, a changed one under a temporary name renamed into place
//	    when the build commits; it removes files the previous build wrote that
//	    this one did not (listed in .mindlines-manifest) and touches nothing
//	    else. A build that fails while rendering aborts, which removes what it
//	    staged.
//	    CheckOutDir refuses an output folder that is or contains the source,
//	    or lies in content/ or themes/.
//
// A Builder runs the pipeline. Its first Build is a full build; later Builds
// are given the paths that changed (mindlines serve) and re-read only those,
// re-parse only files whose hash changed and re-render only outputs whose key
// changed. When every changed file is a published post whose structure (title,
// date, URL, authors, stage, tags, draft flag, links, headings) is unchanged,
// the common save while writing, assemble is skipped too: the last build's
// site is patched in place (patchSite). When a few posts are added, removed
// or change their tags, stage, date, title, authors, links or draft flag,
// reassemble (reassemble.go) updates the last site in place instead: it moves
// those posts within every sorted list, recomputes related posts only within
// the window around each change in each tag, fixes neighbours and backlinks,
// and declines (a full assemble follows) whatever assemble would report or
// decide for the whole site. The plan (build.go) keeps one job per post and
// re-keys only those that show a changed page; lists and feeds are planned
// again, keeping the job of each list page that shows the same posts. Because every output's key covers
// all it reads, an incremental build equals a full build; tests compare the
// two after sequences of edits, fixed (rebuild_test.go) and random
// (rebuild_random_test.go).
//
// mindlines build streams: each post is read in the worker that parses it and
// each output goes to a FolderWriter as soon as it is rendered (Options.Sink),
// so a large site is never in memory whole. mindlines serve keeps everything
// in memory instead and serves from it.
//
// # Watching
//
// Package watch turns file events into batches of changed site paths:
// Relevant drops editor debris (Ignored), the output folder, .git and
// node_modules; a batch closes 10 ms after the last event, so a git pull that
// touches 200 files is one rebuild. It watches folders, not files, adds new
// folders as they appear and rescans them, and can poll instead (--poll) where
// a file system sends no events. cmd/mindlines/serve.go serves the last good
// build from memory, swaps in a new one whole, and only then tells open pages
// to reload over server-sent events; a failed build keeps the last good site
// and shows its errors in an overlay.
//
// # Speed
//
// Templates are minified once when the theme loads (with their actions kept),
// so pages come out minified without a minifier pass each; goldmark's compact
// body HTML is spliced in unchanged. Entries of lists, cards, the site header
// and footer are rendered once per build and reused. goldmark's autolink
// parser gets a quick front (linkify.go) that declines where no link can start.
// Simple YAML front matter, what almost every post has, is read by a quick
// reader (frontmatter_fast.go) that declines anything it is not sure of to
// the YAML decoder; a fuzz test holds the two to the same result. A one-off
// build (Options.Sink) keeps post bodies in an unlinked temporary file, makes
// pages in pooled buffers, and reads and writes files with the system calls
// themselves (sysfile_unix.go). See README.md for the figures.
//
// # The content model
//
//	content/_index.md              site settings (front matter) and the home page introduction (body)
//	content/<section>/_index.md    optional section title, description and introduction
//	content/<section>/**/<name>.md a post at /<section>/<name>/
//	content/<section>/<b>/index.md a page bundle: a post at /<section>/<b>/, its other files beside it
//	content/authors/<id>.md        an author profile (name, role, cohort; body: bio) at /authors/<id>/
//	content/<name>.md              a standalone page at /<name>/, not in lists
//	content/**/<other files>       published as they are
//	themes/<name>/templates/*.html overrides of the default theme's templates, file by file
//	themes/<name>/static/**        overrides and additions to the default theme's static files
//
// Settings keys in content/_index.md: title, description, baseURL, language,
// timezone (default Europe/London), posts_per_page (default 10),
// entries_per_page (default 100), feed_size
// (default 20), theme (default "default"), stages (a list of names or of
// {name, description}), unsafe_html (default false), feed_full_content
// (default true), places (names the confidentiality check warns about); any
// other key is kept in Settings.Params.
//
// Post front matter (YAML ---, TOML +++ or JSON {}): title (else the first
// # heading, which is then removed from the body, else the file name), date
// (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] in the site's time zone, or RFC 3339;
// else a YYYY-MM-DD- file name prefix), lastmod, slug, author (an id or a
// list; display names on a site without content/authors/), stage (matched by
// words, case-insensitively), tags (a list or a comma-separated string),
// summary (else the first paragraph), draft. Every key is kept in
// Parsed.Params for templates.
//
// # Templates
//
// A theme has templates/base.html (defines "base", which calls "main"),
// partials.html, and post.html, list.html, terms.html and 404.html, each
// defining "main". Every template receives a *PageData: Site, Kind (home,
// section, tag, stage, author, post, page, tags, stages, authors, 404), Title,
// Description, URL, Canonical, FeedURL, FeedTitle and OwnFeed (FeedURL is
// the page's own feed, not the site's), Page and Body (posts and pages),
// Posts, Count and Pager (list pages: a list's first page and its pages of
// older posts, numbered from the oldest so that each keeps its posts), Tag,
// Stage, Author, Section, Intro and Serve. Pager has Number (0 on a list's
// first page, 1 for its oldest page), Total, Newer and Older (URLs, empty at
// either end) and From and To (the dates of the page's oldest and newest
// posts); it replaced Prev, Next and URLs, and page 1 is no longer the
// first page, so a theme written for those must change.
// Functions: date, isodate, asset, abs, plural, param, base, entry, card, entries, cards,
// cached (see templateFuncs). PageData's NavKey and JourneyKey are keys for
// cached that cover what the default theme's site header and stages strip
// read: NavKey tells apart only the home page, the tags, stages and authors
// indexes, and the pages the header links to (sections and standalone
// pages); every other page shares one header. A theme whose header reads
// more must pass cached a key that covers it.
package generator
