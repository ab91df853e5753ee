package watch

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sort"

	"github.com/mindlines/mindlines/generator"
)

// Snapshot is what a polling scan saw of each relevant file: the site path
// mapped to its size and modification time.
type Snapshot map[string]Stamp

// Stamp is a file's size and modification time.
type Stamp struct {
	Size    int64
	ModTime int64 // nanoseconds since 1970
}

// Scan walks content/ and themes/ under the site folder root and stamps
// every relevant file. It is the fallback for file systems that send no
// events (network shares, WSL's /mnt): about 20 ms for 10,000 files.
func Scan(root string) (Snapshot, error) {
	snap := Snapshot{}
	for _, top := range []string{generator.ContentDir, generator.ThemesDir} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(root, p)
			sp := filepath.ToSlash(rel)
			if !Relevant(sp) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				fi, err := d.Info()
				if err != nil {
					return nil // gone since the walk listed it
				}
				snap[sp] = Stamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return snap, nil
}

// Diff returns the sorted site paths that were added, removed or changed
// between two snapshots.
func Diff(old, cur Snapshot) []string {
	var changed []string
	for p, s := range cur {
		if o, ok := old[p]; !ok || o != s {
			changed = append(changed, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			changed = append(changed, p)
		}
	}
	sort.Strings(changed)
	return changed
}
