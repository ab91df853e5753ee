package generator

import (
	"html/template"
	"testing"
)

func TestListsReadOnlySnippets(t *testing.T) {
	funcs := template.FuncMap{"entries": func(any) string { return "" }, "cards": func(any) string { return "" }}
	for _, tc := range []struct {
		text string
		safe bool
	}{
		{`{{entries .Posts}}`, true},
		{`{{cards .Posts}} {{len .Posts}} {{if .Posts}}x{{end}}`, true},
		{`{{if .Posts}}<ul>{{entries $.Posts}}</ul>{{else}}none{{end}}`, true},
		{`{{range .Posts}}{{.Title}}{{end}}`, false},
		{`{{with .Posts}}{{len .}}{{end}}`, false},
		{`{{index .Posts 0}}`, false},
		{`{{template "x" .Posts}}`, false},
		{`{{$p := .Posts}}{{len $p}}`, false},
		{`{{(index .Posts 0).Summary}}`, false},
		{`{{.Title}} {{.Site.Posts}}`, false},
	} {
		tpl := template.Must(template.New("x").Funcs(funcs).Parse(tc.text))
		if got := listsReadOnlySnippets(tpl); got != tc.safe {
			t.Errorf("%s: got %v, want %v", tc.text, got, tc.safe)
		}
	}
}
