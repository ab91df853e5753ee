package watch

import (
	"reflect"
	"testing"
)

func TestRelevant(t *testing.T) {
	for p, want := range map[string]bool{
		"content":                              true,
		"content/_index.md":                    true,
		"content/reflections/x.md":             true,
		"content/reflections":                  true,
		"content/reflections/chart.png":        true,
		"themes":                               true,
		"themes/default/templates/post.html":   true,
		"content/reflections/.x.md.swp":        false, // vim swap
		"content/reflections/.x.md.swx":        false,
		"content/reflections/4913":             false, // vim's write probe
		"content/reflections/x.md~":            false, // vim/emacs backup
		"content/reflections/#x.md#":           false, // emacs autosave
		"content/reflections/.#x.md":           false, // emacs lock
		"content/reflections/x.md___jb_tmp___": false, // JetBrains safe write
		"content/reflections/x.md___jb_old___": false,
		"content/reflections/x.md.bck":         false, // Helix
		"content/.DS_Store":                    false,
		"content/.git/index":                   false,
		"content/node_modules/a/b.js":          false,
		"themes/default/node_modules/x.css":    false,
		"public/index.html":                    false, // the output folder
		"public":                               false,
		".git/HEAD":                            false,
		"node_modules/x":                       false,
		"README.md":                            false,
		".":                                    false,
		"../content/x.md":                      false,
		"contents/x.md":                        false,
	} {
		if got := Relevant(p); got != want {
			t.Errorf("Relevant(%q) = %v, want %v", p, got, want)
		}
	}
}

// The event sequences below are what fsnotify reports, in order, for each
// editor's way of saving content/reflections/x.md (paths as site paths).
var saves = map[string][]string{
	// vim with backupcopy=auto: probe that the folder is writable, rename
	// the file to its backup, write a new file, remove the backup; the swap
	// file is written throughout.
	"vim": {
		"content/reflections/.x.md.swp",
		"content/reflections/4913", "content/reflections/4913",
		"content/reflections/x.md", "content/reflections/x.md~", // rename: old name, then new name's Create
		"content/reflections/x.md", "content/reflections/x.md", "content/reflections/x.md",
		"content/reflections/x.md~",
		"content/reflections/.x.md.swp",
	},
	// JetBrains' safe write: write a temporary, move the original aside,
	// rename the temporary into place, remove the original.
	"jetbrains": {
		"content/reflections/x.md___jb_tmp___", "content/reflections/x.md___jb_tmp___",
		"content/reflections/x.md", "content/reflections/x.md___jb_old___",
		"content/reflections/x.md___jb_tmp___", "content/reflections/x.md",
		"content/reflections/x.md___jb_old___",
	},
	// VS Code and most editors: write in place (truncate, write, chmod).
	"in place": {"content/reflections/x.md", "content/reflections/x.md", "content/reflections/x.md"},
	// Delete and create again.
	"delete and create": {"content/reflections/x.md", "content/reflections/x.md"},
	// Emacs: lock file, autosave, backup by rename, write.
	"emacs": {
		"content/reflections/.#x.md", "content/reflections/#x.md#",
		"content/reflections/x.md", "content/reflections/x.md~", "content/reflections/x.md",
		"content/reflections/#x.md#", "content/reflections/.#x.md",
	},
	// Helix writes a .bck backup next to the file.
	"helix": {"content/reflections/x.md.bck", "content/reflections/x.md", "content/reflections/x.md.bck"},
}

func TestBatchEditorSaves(t *testing.T) {
	for name, events := range saves {
		t.Run(name, func(t *testing.T) {
			var b Batch
			for _, e := range events {
				b.Add(e)
			}
			got := b.Take()
			if want := []string{"content/reflections/x.md"}; !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			if b.Len() != 0 {
				t.Errorf("Take left %d paths", b.Len())
			}
		})
	}
}

func TestBatchFolderRename(t *testing.T) {
	// mv content/reflections content/notes: Rename of the old folder, Create
	// of the new one, then the watcher's rescan of the new folder adds its
	// files as they are watched.
	var b Batch
	for _, e := range []string{
		"content/reflections", "content/notes",
		"content/notes/a.md", "content/notes/sub", "content/notes/sub/b.md",
	} {
		b.Add(e)
	}
	got := b.Take()
	if want := []string{"content/notes", "content/reflections"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBatchBurst(t *testing.T) {
	// A git pull touching 200 posts, with .git churn, makes one batch.
	var b Batch
	for i := 0; i < 200; i++ {
		b.Add(".git/objects/ab/cdef")
		b.Add("content/reflections/p" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".md")
		b.Add(".git/index.lock")
	}
	if got := len(b.Take()); got != 200 {
		t.Errorf("got %d paths, want 200", got)
	}
}

func TestCoalesce(t *testing.T) {
	got := Coalesce([]string{
		"content/a/x.md", "content/a", "content/a-b/y.md", "content/a/b/c.md",
		"content/a-b/y.md", "themes/t/templates/post.html", "content//z.md", "content/z.md",
	})
	want := []string{"content/a", "content/a-b/y.md", "content/z.md", "themes/t/templates/post.html"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Coalesce([]string{"content/x.md", "content"}); !reflect.DeepEqual(got, []string{"content"}) {
		t.Errorf("got %q, want [content]", got)
	}
}

func TestDiff(t *testing.T) {
	old := Snapshot{"content/a.md": {1, 1}, "content/b.md": {2, 2}, "content/c.md": {3, 3}}
	cur := Snapshot{"content/a.md": {1, 1}, "content/b.md": {2, 5}, "content/d.md": {4, 4}}
	want := []string{"content/b.md", "content/c.md", "content/d.md"}
	if got := Diff(old, cur); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
