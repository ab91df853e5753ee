package generator

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown builds the one goldmark instance a build shares: CommonMark,
// GFM (tables, strikethrough, autolinks, task lists), footnotes, typographer
// and stable heading ids. goldmark's parser and renderer are stateless, so
// every worker uses the same instance. Raw HTML is dropped unless the site
// opts in.
func newMarkdown(unsafeHTML bool) goldmark.Markdown {
	rendererOptions := []goldmark.Option{}
	if unsafeHTML {
		rendererOptions = append(rendererOptions, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(append(rendererOptions,
		goldmark.WithExtensions(gfm, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// Before GFM's own task list renderer (500), so this one wins.
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(taskCheckBoxRenderer{}, 100))),
	)...)
}

// taskCheckBoxRenderer renders a task list item's box as GFM does, plus an
// accessible name: a checkbox without one is a critical failure for screen
// readers (axe's "label" rule), and the item's text cannot be its <label>
// because a loose list item may hold blocks.
type taskCheckBoxRenderer struct{}

func (taskCheckBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.(*extast.TaskCheckBox).IsChecked {
			_, _ = w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="Done"> `)
		} else {
			_, _ = w.WriteString(`<input disabled="" type="checkbox" aria-label="Not done"> `)
		}
		return ast.WalkContinue, nil
	})
}

// linkPlaceholder stands for the href or src of a relative link in a parsed
// body until assemble knows every page's URL. It keeps a parsed body a pure
// function of its own file, so an unchanged file is never parsed again.
const linkPlaceholder = "ml-ref:"

// LinkRef is a relative link in a post's markdown, to another post's .md
// file or to a file published beside it.
type LinkRef struct {
	Dest     string // as written
	Target   string // the site path it resolves to, e.g. "content/case-studies/audit.md"
	Fragment string // without '#'
	Image    bool
	Pos      Pos
}

var bodyBuffers = sync.Pool{New: func() any {
	b := new(bodyBuffer)
	b.w = bufio.NewWriter(&b.buf)
	return b
}}

// bodyBuffer is where a body renders: goldmark writes through a buffered
// writer, and makes one for every render unless given one.
type bodyBuffer struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

// renderedMarkdown is what one markdown body parses into.
type renderedMarkdown struct {
	HTML       []byte
	Links      []LinkRef
	HeadingIDs []string
	Title      string // the first level-1 heading, when the caller asked to take it
	Summary    string // the first paragraph's text
	Words      int
}

// renderMarkdown parses and renders body, whose first line is line firstLine
// of the file at path. When takeTitle is set, the first level-1 heading is
// removed from the body and returned as the title, so it is not shown twice.
// keep is given the rendered HTML, in a buffer that is used again, and
// returns what to keep of it.
func renderMarkdown(md goldmark.Markdown, path string, body []byte, firstLine int, takeTitle bool, keep func([]byte) []byte, errs, warns *ErrorList) renderedMarkdown {
	var out renderedMarkdown
	doc := md.Parser().Parse(text.NewReader(body), parser.WithContext(parser.NewContext()))
	lines := lineIndex{src: body, first: firstLine}
	dir := pathDir(path)

	if takeTitle {
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
				out.Title = strings.TrimSpace(plainText(h, body))
				doc.RemoveChild(doc, h)
				break
			}
		}
	}

	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					out.HeadingIDs = append(out.HeadingIDs, string(b))
				}
			}
		case *ast.Paragraph:
			if out.Summary == "" {
				out.Summary = strings.TrimSpace(plainText(n, body))
			}
		case *ast.Link:
			n.Destination = out.addLink(n, n.Destination, false, path, dir, lines, errs)
		case *ast.Image:
			if strings.TrimSpace(plainText(n, body)) == "" {
				warns.Add(lines.pos(path, nodeOffset(n)), "image %q has no alt text: describe it in the brackets, ![like this](%s), so readers who cannot see it still get it", n.Destination, n.Destination)
			}
			n.Destination = out.addLink(n, n.Destination, true, path, dir, lines, errs)
		}
		return ast.WalkContinue, nil
	})
	out.Words = countWords(body)

	bb := bodyBuffers.Get().(*bodyBuffer)
	defer bodyBuffers.Put(bb)
	bb.buf.Reset()
	bb.w.Reset(&bb.buf)
	if err := md.Renderer().Render(bb.w, body, doc); err != nil { // it flushes
		errs.Add(Pos{Path: path, Line: firstLine}, "rendering markdown: %v", err)
	}
	// A copy of exactly the body's size, if kept in memory: the buffer's
	// spare capacity would be kept with every post until the site is
	// rendered.
	out.HTML = keep(bb.buf.Bytes())
	return out
}

// addLink records a relative link and returns the destination to render:
// a placeholder for links inside the site, the destination itself otherwise.
func (out *renderedMarkdown) addLink(n ast.Node, dest []byte, image bool, path, dir string, lines lineIndex, errs *ErrorList) []byte {
	d := string(dest)
	if strings.HasPrefix(d, linkPlaceholder) {
		// Never let a writer's own link pose as a placeholder.
		return []byte("#")
	}
	if !isRelativeLink(d) {
		return dest
	}
	off := nodeOffset(n)
	// Point at the link's opening bracket, where a writer looks for it.
	if image && off >= 2 && lines.src[off-1] == '[' && lines.src[off-2] == '!' {
		off -= 2
	} else if !image && off >= 1 && lines.src[off-1] == '[' {
		off--
	}
	pos := lines.pos(path, off)
	ref := LinkRef{Dest: d, Image: image, Pos: pos}
	p := d
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, ref.Fragment = p[:i], p[i+1:]
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if p == "" {
		// A fragment in the same page: checked against its headings later.
		ref.Target = path
	} else {
		target, ok := joinSitePath(dir, unescapePath(p))
		if !ok {
			errs.Add(pos, "link %q points outside content/", d)
			return dest
		}
		ref.Target = target
	}
	out.Links = append(out.Links, ref)
	return []byte(linkPlaceholder + strconv.Itoa(len(out.Links)-1))
}

// isRelativeLink reports whether dest is a link into the site's own files:
// no scheme, not protocol-relative, not root-relative.
func isRelativeLink(dest string) bool {
	if dest == "" || strings.HasPrefix(dest, "/") {
		return false
	}
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case c == ':':
			return false // a scheme such as https: or mailto:
		case c == '/' || c == '?' || c == '#':
			return true
		}
	}
	return true
}

// nodeOffset finds a byte offset in the source for an inline node, from its
// first text or, failing that, its enclosing block's first line.
func nodeOffset(n ast.Node) int {
	var off = -1
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// plainText gathers the text of n's inline content, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// lineIndex turns byte offsets in a body into file positions.
type lineIndex struct {
	src   []byte
	first int
}

func (l lineIndex) pos(path string, off int) Pos {
	if off > len(l.src) {
		off = len(l.src)
	}
	before := l.src[:off]
	line := l.first + bytes.Count(before, []byte{'\n'})
	col := off - bytes.LastIndexByte(before, '\n')
	return Pos{Path: path, Line: line, Col: col}
}

// countWords counts runs of non-space bytes. It counts word starts as the
// number of places where a space is followed by a non-space, without a branch
// per byte, which made it twice as fast on a long post.
func countWords(b []byte) int {
	words := 0
	prevSpace := 1
	for _, c := range b {
		s := int(wordSpace[c])
		words += prevSpace &^ s
		prevSpace = s
	}
	return words
}

var wordSpace = [256]uint8{' ': 1, '\n': 1, '\t': 1, '\r': 1}
