package generator

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's GFM extension (tables, strikethrough, task lists and
// autolinks) with a faster front to its autolink parser. goldmark's linkify
// parser runs at every space of every paragraph and took a third of all
// markdown parsing on a typical blog; quickLinkify declines at once where
// the text after the space cannot start a link, and hands every other case
// to goldmark's parser, so the result is the same.
var gfm goldmark.Extender = gfmExtender{}

type gfmExtender struct{}

func (gfmExtender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

type quickLinkify struct{ parser.InlineParser }

var (
	linkHTTP  = []byte("http:")
	linkHTTPS = []byte("https:")
	linkFTP   = []byte("ftp:")
	linkWWW   = []byte("www.")
)

// Parse declines unless the word after the trigger starts with a scheme
// goldmark links (http:, https:, ftp:), with "www.", or holds an "@"
// (an e-mail address's local part cannot contain a space).
func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	rest := line
	switch line[0] {
	case ' ', '*', '_', '~', '(':
		rest = line[1:]
	}
	if !startsLink(rest) {
		at := false
		for _, c := range rest {
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				break
			}
			if c == '@' {
				at = true
				break
			}
		}
		if !at {
			return nil
		}
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// startsLink reports whether b starts with a scheme goldmark links or with
// "www.". It runs at every space of every paragraph, so it looks at the
// first byte before comparing any prefix.
func startsLink(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	switch b[0] {
	case 'h':
		return bytes.HasPrefix(b, linkHTTP) || bytes.HasPrefix(b, linkHTTPS)
	case 'f':
		return bytes.HasPrefix(b, linkFTP)
	case 'w':
		return bytes.HasPrefix(b, linkWWW)
	}
	return false
}
