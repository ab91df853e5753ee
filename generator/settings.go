package generator

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Settings are the site's settings, read from the front matter of
// content/_index.md. There is no other configuration file.
type Settings struct {
	Title        string
	Description  string
	BaseURL      string // absolute, ends in "/"; empty means feeds and sitemap use relative URLs
	BasePath     string // the path of BaseURL, "/" by default: the prefix of every root-relative link
	Language     string
	TimeZone     *time.Location
	PostsPerPage int // cards on the home page and each page of older posts
	// EntriesPerPage is the posts a section, tag, stage or author page
	// lists on each of its pages.
	EntriesPerPage int
	FeedSize       int
	Theme          string
	Stages         []*Stage
	UnsafeHTML     bool // raw HTML in markdown is rendered (opt-in); otherwise it is dropped
	FeedSummary    bool // feeds carry summaries instead of full content
	Places         []string
	// Confidentiality is false when the site turned the patient identifier
	// check off; every build then warns.
	Confidentiality bool
	Intro           []byte // the markdown body of _index.md: the home page introduction
	Params          map[string]any
}

// defaultStages is the change journey a reflection follows unless the site
// sets its own list.
var defaultStages = []struct{ name, description string }{
	{"Curiosity", "Something in clinic made us wonder: a question worth following."},
	{"Quality improvement", "Measuring what we do and testing a change: audits and PDSA cycles."},
	{"Research", "What the evidence says: reading, asking and finding out more."},
	{"Implementation", "Putting the change into everyday practice and making it stick."},
	{"Sharing", "Passing the learning on to colleagues, trainees and the wider team."},
}

func defaultSettings() *Settings {
	s := &Settings{
		Title:           "Reflections",
		BasePath:        "/",
		Language:        "en-GB",
		PostsPerPage:    10,
		EntriesPerPage:  100,
		FeedSize:        20,
		Theme:           "default",
		Params:          map[string]any{},
		Confidentiality: true,
	}
	s.TimeZone, _ = time.LoadLocation("Europe/London")
	for i, d := range defaultStages {
		s.Stages = append(s.Stages, &Stage{Slug: Slug(d.name), Name: d.name, Description: d.description, Order: i + 1})
	}
	return s
}

// readSettings reads the settings from the bytes of content/_index.md,
// with baseURL (when set) in place of the file's own.
func readSettings(b []byte, baseURL string) (*Settings, ErrorList) {
	const p = ContentDir + "/_index.md"
	s := defaultSettings()
	var errs ErrorList
	fm, _, _, err := splitFrontMatter(p, normalizeText(b))
	if err != nil {
		errs.Append(Pos{Path: p, Line: 1}, err)
	}
	applySettings(s, fm, &errs, Pos{Path: p, Line: 1})
	if baseURL != "" {
		setBaseURL(s, baseURL, &errs, Pos{Path: "--base-url"})
	}
	return s, errs
}

// applySettings reads settings from the decoded front matter of _index.md,
// reporting every bad value at pos.
func applySettings(s *Settings, fm map[string]any, errs *ErrorList, pos Pos) {
	for k, v := range fm {
		key := strings.ToLower(strings.ReplaceAll(k, "_", ""))
		switch key {
		case "title":
			s.Title = stringValue(v)
		case "description":
			s.Description = stringValue(v)
		case "baseurl":
			setBaseURL(s, stringValue(v), errs, pos)
		case "language", "languagecode":
			s.Language = stringValue(v)
		case "timezone":
			loc, err := time.LoadLocation(stringValue(v))
			if err != nil {
				errs.Add(pos, "timezone %q is not a known time zone (use a name such as Europe/London)", stringValue(v))
				continue
			}
			s.TimeZone = loc
		case "postsperpage", "paginate":
			setCount(&s.PostsPerPage, k, v, errs, pos)
		case "entriesperpage":
			setCount(&s.EntriesPerPage, k, v, errs, pos)
		case "feedsize":
			setCount(&s.FeedSize, k, v, errs, pos)
		case "theme":
			s.Theme = stringValue(v)
			if s.Theme == "" || strings.ContainsAny(s.Theme, `/\`) || strings.HasPrefix(s.Theme, ".") {
				errs.Add(pos, "theme %q must be the name of a folder in themes/", s.Theme)
				s.Theme = "default"
			}
		case "stages":
			setStages(s, v, errs, pos)
		case "unsafehtml", "rawhtml":
			s.UnsafeHTML = boolValue(v)
		case "feedfullcontent":
			s.FeedSummary = !boolValue(v)
		case "feedsummary":
			s.FeedSummary = boolValue(v)
		case "confidentiality", "confidentialitycheck":
			s.Confidentiality = boolValue(v) || stringValue(v) == "on"
		case "places":
			s.Places = stringList(v)
		default:
			s.Params[k] = v
		}
	}
}

// setCount sets a setting that must be a whole number of at least 1.
func setCount(dst *int, key string, v any, errs *ErrorList, pos Pos) {
	n, ok := intValue(v)
	if !ok || n < 1 {
		errs.Add(pos, "%s must be a whole number of at least 1", key)
		return
	}
	*dst = n
}

func setBaseURL(s *Settings, raw string, errs *ErrorList, pos Pos) {
	if raw == "" {
		s.BaseURL, s.BasePath = "", "/"
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs.Add(pos, "baseURL %q must be an absolute http or https URL such as https://example.org/", raw)
		return
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	s.BaseURL = u.String()
	s.BasePath = u.Path
}

func setStages(s *Settings, v any, errs *ErrorList, pos Pos) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		errs.Add(pos, "stages must be a list of stage names, or of {name, description}")
		return
	}
	var stages []*Stage
	seen := map[string]bool{}
	for i, item := range list {
		st := &Stage{Order: i + 1}
		switch item := item.(type) {
		case map[string]any:
			st.Name = stringValue(item["name"])
			st.Description = stringValue(item["description"])
		default:
			st.Name = stringValue(item)
		}
		st.Slug = Slug(st.Name)
		if st.Slug == "" {
			errs.Add(pos, "stage %d has no name", i+1)
			continue
		}
		if seen[st.Slug] {
			errs.Add(pos, "stage %q is listed twice", st.Name)
			continue
		}
		seen[st.Slug] = true
		stages = append(stages, st)
	}
	if len(stages) > 0 {
		s.Stages = stages
	}
}

// absURL makes a root-relative URL absolute with the base URL, for feeds,
// sitemap and canonical links; without a base URL it stays root-relative.
func (s *Settings) absURL(rel string) string {
	if s.BaseURL == "" {
		return rel
	}
	return strings.TrimSuffix(s.BaseURL, s.BasePath) + rel
}

func stringValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case time.Time:
		return v.Format(time.RFC3339)
	default:
		return strings.TrimSpace(fmt.Sprint(v))
	}
}

func intValue(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), v == float64(int(v))
	}
	return 0, false
}

func boolValue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true") || strings.EqualFold(v, "yes")
	}
	return false
}

// stringList reads a list of strings, or a comma-separated string, as
// writers use both for tags and authors.
func stringList(v any) []string {
	var out []string
	switch v := v.(type) {
	case nil:
	case []any:
		for _, x := range v {
			if s := stringValue(x); s != "" {
				out = append(out, s)
			}
		}
	case []string:
		for _, x := range v {
			if s := strings.TrimSpace(x); s != "" {
				out = append(out, s)
			}
		}
	default:
		for _, x := range strings.Split(stringValue(v), ",") {
			if s := strings.TrimSpace(x); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
