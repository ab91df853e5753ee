// Package themes embeds the default theme, so that a fresh install of
// mindlines needs nothing but its binary. A site may override any of its
// files with its own themes/<name>/ folder.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var embedded embed.FS

// Default is the default theme: templates/ and static/.
var Default fs.FS = mustSub(embedded, "default")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}
