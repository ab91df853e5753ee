package generator

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// quickYAML decodes the front matter most posts have: top-level keys with a
// one-line value, a flow list ([a, b]) or a block list ("- a" lines). It
// gives what the YAML decoder gives for such input (yaml.v2's rules: yes/no
// are booleans, a date stays a string) and declines (ok false) anything it
// is not sure of, such as numbers, escapes, nesting, anchors, continuation
// lines, comments after a value or tabs, which then go to the decoder.
//
// It exists for speed: the decoder costs about a tenth of a build's CPU,
// and almost every post's front matter is this simple. FuzzFrontMatterWindow
// holds it to the decoder's result.
func quickYAML(src []byte) (fm map[string]any, ok bool) {
	if !yamlPlainText(src) {
		return nil, false
	}
	fm = make(map[string]any, 8)
	var listKey string // the key whose block list is being read
	var list []any
	listIndent := -1
	endList := func() {
		if listKey != "" {
			if list == nil {
				fm[listKey] = nil // "key:" and nothing under it
			} else {
				fm[listKey] = list
			}
		}
		listKey, list, listIndent = "", nil, -1
	}
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if bytes.IndexByte(line, '\r') >= 0 {
			return nil, false
		}
		trimmed := bytes.TrimLeft(line, " ")
		if len(trimmed) == 0 {
			if listKey != "" {
				return nil, false // a blank line inside a list: let the decoder judge
			}
			continue
		}
		if trimmed[0] == '#' {
			if len(trimmed) < len(line) {
				return nil, false // an indented comment
			}
			continue
		}
		indent := len(line) - len(trimmed)
		if listKey != "" && trimmed[0] == '-' && (len(trimmed) == 1 || trimmed[1] == ' ') {
			if listIndent >= 0 && indent != listIndent {
				return nil, false
			}
			listIndent = indent
			v, ok := quickScalar(bytes.Trim(trimmed[1:], " "), false)
			if !ok {
				return nil, false
			}
			list = append(list, v)
			continue
		}
		if indent > 0 {
			return nil, false // a continuation line or nesting
		}
		endList()
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || (colon+1 < len(line) && line[colon+1] != ' ') {
			return nil, false
		}
		key := string(line[:colon])
		if !yamlSimpleKey(key) {
			return nil, false
		}
		if _, dup := fm[key]; dup {
			return nil, false
		}
		value := bytes.Trim(line[colon+1:], " ")
		if len(value) == 0 {
			listKey = key
			fm[key] = nil // held until the list ends
			continue
		}
		if value[0] == '[' {
			v, ok := quickFlowList(value)
			if !ok {
				return nil, false
			}
			fm[key] = v
			continue
		}
		v, ok := quickScalar(value, false)
		if !ok {
			return nil, false
		}
		fm[key] = v
	}
	endList()
	return fm, true
}

// yamlPlainText reports whether src holds only characters that the YAML
// decoder reads as themselves: no tabs, control characters, or the line
// breaks and byte-order mark of other encodings.
func yamlPlainText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\r') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r > 0xD7FF && r < 0xE000, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += size
	}
	return true
}

// yamlSimpleKey reports whether key is a plain word that the decoder takes
// as the string it reads (and not too long for it: it gives up on a key of
// over 1024 characters).
func yamlSimpleKey(key string) bool {
	if len(key) > 1000 {
		return false
	}
	c := key[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
		return false
	}
	for i := 1; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	_, special := yamlWords[key]
	return !special
}

// yamlWords are the plain scalars YAML 1.1 (and so yaml.v2) reads as
// something other than a string. Those not listed with a value (floats and
// the merge key) make quickYAML decline.
var yamlWords = map[string]any{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"true": true, "True": true, "TRUE": true,
	"on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false,
	"false": false, "False": false, "FALSE": false,
	"off": false, "Off": false, "OFF": false,
	"~": nil, "null": nil, "Null": nil, "NULL": nil,
	".nan": 0, ".NaN": 0, ".NAN": 0, ".inf": 0, ".Inf": 0, ".INF": 0,
	"+.inf": 0, "+.Inf": 0, "+.INF": 0, "-.inf": 0, "-.Inf": 0, "-.INF": 0,
	"<<": 0,
}

// quickScalar decodes a one-line value: quoted without escapes, or plain.
// In a flow list (inFlow) a plain value may not hold the list's own marks.
func quickScalar(v []byte, inFlow bool) (any, bool) {
	if len(v) == 0 {
		return nil, false
	}
	switch v[0] {
	case '"':
		if len(v) < 2 || v[len(v)-1] != '"' || bytes.IndexByte(v[1:len(v)-1], '"') >= 0 || bytes.IndexByte(v, '\\') >= 0 {
			return nil, false
		}
		return string(v[1 : len(v)-1]), true
	case '\'':
		if len(v) < 2 || v[len(v)-1] != '\'' {
			return nil, false
		}
		inner := v[1 : len(v)-1]
		if bytes.IndexByte(inner, '\'') >= 0 {
			s := string(inner)
			if strings.Count(s, "''")*2 != strings.Count(s, "'") {
				return nil, false
			}
			return strings.ReplaceAll(s, "''", "'"), true
		}
		return string(inner), true
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return nil, false
	}
	if bytes.Contains(v, []byte(": ")) || bytes.Contains(v, []byte(" #")) || v[len(v)-1] == ':' {
		return nil, false
	}
	if inFlow && bytes.ContainsAny(v, ",[]{}?:#") {
		return nil, false
	}
	s := string(v)
	if w, special := yamlWords[s]; special {
		switch w.(type) {
		case bool, nil:
			return w, true
		}
		return nil, false
	}
	switch c := v[0]; {
	case c >= '0' && c <= '9', c == '+', c == '.':
		// A number or a date. A value starting YYYY- is a string to the
		// decoder whether or not it is a valid date (yaml.v2 keeps dates
		// as strings in a map of any); numbers it declines.
		if len(v) > 4 && v[4] == '-' && isDigits(v[:4]) {
			return s, true
		}
		return nil, false
	}
	return s, true
}

// quickFlowList decodes [a, b, "c"] on one line.
func quickFlowList(v []byte) (any, bool) {
	if v[len(v)-1] != ']' {
		return nil, false
	}
	inner := bytes.Trim(v[1:len(v)-1], " ")
	list := []any{}
	if len(inner) == 0 {
		return list, true
	}
	if bytes.ContainsAny(inner, `"'`) {
		return nil, false
	}
	for item := range bytes.SplitSeq(inner, []byte{','}) {
		item = bytes.Trim(item, " ")
		x, ok := quickScalar(item, true)
		if !ok {
			return nil, false
		}
		list = append(list, x)
	}
	return list, true
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
