package generator

import (
	"html/template"
	"text/template/parse"
)

// listsReadOnlySnippets reports whether a theme's list templates read the
// posts of a list only through the entries and cards functions, or its
// length (len .Posts, if .Posts). Then a list page is what its entries'
// HTML makes it, and a rebuild may keep a list page whose entries render
// the same after an edit (a post's body changed, its entry did not), instead
// of rendering it again. A theme that reads .Posts any other way keeps the
// stricter rule: any change to a listed post renders the list again.
func listsReadOnlySnippets(t *template.Template) bool {
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		if !postsReadSafely(tt.Tree.Root, false) {
			return false
		}
	}
	return true
}

// postsReadSafely walks n; asCondition says n is the pipeline of an if.
func postsReadSafely(n parse.Node, asCondition bool) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !postsReadSafely(c, false) {
				return false
			}
		}
		return true
	case *parse.ActionNode:
		return postsReadSafely(n.Pipe, false)
	case *parse.IfNode:
		return postsReadSafely(n.Pipe, true) && postsReadSafely(n.List, false) && postsReadSafely(n.ElseList, false)
	case *parse.RangeNode:
		return postsReadSafely(n.Pipe, false) && postsReadSafely(n.List, false) && postsReadSafely(n.ElseList, false)
	case *parse.WithNode:
		return postsReadSafely(n.Pipe, false) && postsReadSafely(n.List, false) && postsReadSafely(n.ElseList, false)
	case *parse.TemplateNode:
		return postsReadSafely(n.Pipe, false)
	case *parse.PipeNode:
		if n == nil {
			return true
		}
		if asCondition && len(n.Cmds) == 1 && len(n.Cmds[0].Args) == 1 && namesPosts(n.Cmds[0].Args[0]) {
			return true // {{if .Posts}}: only whether the list is empty
		}
		for _, d := range n.Decl {
			if !postsReadSafely(d, false) {
				return false
			}
		}
		for _, c := range n.Cmds {
			if !postsReadSafely(c, false) {
				return false
			}
		}
		return true
	case *parse.CommandNode:
		args := n.Args
		if len(args) == 2 {
			if id, ok := args[0].(*parse.IdentifierNode); ok && (id.Ident == "entries" || id.Ident == "cards" || id.Ident == "len") && namesPosts(args[1]) {
				return true
			}
		}
		for _, a := range args {
			if namesPosts(a) || !postsReadSafely(a, false) {
				return false
			}
		}
		return true
	case *parse.ChainNode:
		return !mentionsPosts(n) && postsReadSafely(n.Node, false)
	case *parse.FieldNode, *parse.VariableNode:
		return !mentionsPosts(n)
	}
	return true
}

// namesPosts reports whether n is exactly .Posts or $.Posts.
func namesPosts(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.FieldNode:
		return len(n.Ident) == 1 && n.Ident[0] == "Posts"
	case *parse.VariableNode:
		return len(n.Ident) == 2 && n.Ident[0] == "$" && n.Ident[1] == "Posts"
	}
	return false
}

// mentionsPosts reports whether a field, variable or chain reads Posts.
func mentionsPosts(n parse.Node) bool {
	var idents []string
	switch n := n.(type) {
	case *parse.FieldNode:
		idents = n.Ident
	case *parse.VariableNode:
		idents = n.Ident
	case *parse.ChainNode:
		idents = n.Field
	}
	for _, id := range idents {
		if id == "Posts" {
			return true
		}
	}
	return false
}
