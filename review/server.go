package review

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/contactgate/contactgate/purge"
)

//go:embed assets
var assets embed.FS

// TokenCookie holds the page's token once the URL's token was accepted,
// so that the links need not carry it.
const TokenCookie = "contactgate_review"

// Server is the review page's HTTP handler.
type Server struct {
	q *Queue
	// Title names what is reviewed (the plan's path, the review topic).
	title string
	token string
	by    string
	now   func() time.Time
	mux   *http.ServeMux
}

// Option configures a Server.
type Option func(*Server)

// WithToken requires token, as the URL's token parameter or the cookie it
// sets, on every request. Default: none, for a page bound to 127.0.0.1.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithReviewer names who decides, kept with every decision. Default "".
func WithReviewer(by string) Option { return func(s *Server) { s.by = by } }

// WithClock sets the clock of the decisions' times. Default time.Now.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// NewToken returns a random token for WithToken.
func NewToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// NewServer returns the page of q; title names what is reviewed.
func NewServer(q *Queue, title string, opts ...Option) *Server {
	s := &Server{q: q, title: title, now: time.Now, mux: http.NewServeMux()}
	for _, o := range opts {
		o(s)
	}
	static, _ := fs.Sub(assets, "assets")
	files := http.StripPrefix("/assets/", http.FileServerFS(static))
	s.mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=3600") // embedded: they change with the binary only
		files.ServeHTTP(w, r)
	})
	s.mux.HandleFunc("GET /{$}", s.first)
	s.mux.HandleFunc("GET /item/{id}", s.show)
	s.mux.HandleFunc("POST /item/{id}", s.decide)
	s.mux.HandleFunc("POST /undo", s.undoLast)
	return s
}

// ServeHTTP checks the token, and that a form was posted by the page
// itself, before serving.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.token != "" {
		if t := r.URL.Query().Get("token"); t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1 {
			http.SetCookie(w, &http.Cookie{Name: TokenCookie, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		} else if c, err := r.Cookie(TokenCookie); err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.token)) != 1 {
			http.Error(w, "forbidden: open the page's URL with its token", http.StatusForbidden)
			return
		}
	}
	if s.token == "" && !loopback(r.Host) {
		// Without a token the page is for this machine only: a name that
		// another site rebinds to 127.0.0.1 is refused.
		http.Error(w, "forbidden: open the page at its 127.0.0.1 address", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodPost {
		// Another site's page may post to a local address: only this
		// page's own forms are taken.
		if o := r.Header.Get("Origin"); o != "" {
			if u, err := url.Parse(o); err != nil || u.Host != r.Host {
				http.Error(w, "forbidden: a form from another site", http.StatusForbidden)
				return
			}
		}
	}
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	s.mux.ServeHTTP(w, r)
}

// loopback reports whether host (a Host header) names this machine by
// its loopback address or as localhost.
func loopback(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// filterOf reads the queue's filter from a request's query or form.
func filterOf(r *http.Request) Filter {
	return Filter{Band: r.FormValue("band"), Differs: r.FormValue("differs"), Source: r.FormValue("source"), Status: r.FormValue("status")}
}

// query is a filter as a URL query, with extra pairs.
func (f Filter) query(extra ...string) string {
	v := url.Values{}
	for _, kv := range [][2]string{{"band", f.Band}, {"differs", f.Differs}, {"source", f.Source}, {"status", f.Status}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

func itemURL(id string, f Filter, extra ...string) string {
	return "/item/" + url.PathEscape(id) + f.query(extra...)
}

// first shows the first item of the filter, or that none is left.
func (s *Server) first(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r)
	if id := s.q.Next(f, ""); id != "" {
		http.Redirect(w, r, itemURL(id, f), http.StatusSeeOther)
		return
	}
	s.render(w, http.StatusOK, s.view(f, nil, purge.Decision{}, r))
}

func (s *Server) show(w http.ResponseWriter, r *http.Request) {
	it, d, ok := s.q.Item(r.PathValue("id"))
	if !ok {
		http.Error(w, fmt.Sprintf("no item %q in the queue", r.PathValue("id")), http.StatusNotFound)
		return
	}
	s.render(w, http.StatusOK, s.view(filterOf(r), it, d, r))
}

// decide records the reviewer's verdict on an item and shows the next.
func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	it, _, ok := s.q.Item(r.PathValue("id"))
	if !ok {
		http.Error(w, fmt.Sprintf("no item %q in the queue", r.PathValue("id")), http.StatusNotFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f := filterOf(r)
	d := purge.Decision{Cluster: it.ID, By: s.by, Note: strings.TrimSpace(r.PostFormValue("note")), At: s.now().UTC()}
	switch r.PostFormValue("action") {
	case "accept":
		d.Status = purge.DecisionAccepted
		if it.Editable {
			var err error
			if d.Master, d.Values, err = edits(it, r); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
	case "reject":
		d.Status = purge.DecisionRejected
	default:
		http.Error(w, "action: accept or reject", http.StatusBadRequest)
		return
	}
	if err := s.q.Decide(r.Context(), d); err != nil {
		v := s.view(f, it, purge.Decision{}, r)
		v.Error = "not saved: " + err.Error()
		s.render(w, http.StatusInternalServerError, v)
		return
	}
	next := s.q.Next(f, it.ID)
	if next == "" {
		http.Redirect(w, r, "/"+f.query("done", it.ID, "as", d.Status), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, itemURL(next, f, "done", it.ID, "as", d.Status), http.StatusSeeOther)
}

// edits are the master and the values of an accepted plan item as the
// reviewer left them: the values that differ from the master's own.
func edits(it *Item, r *http.Request) (string, map[string]string, error) {
	master := r.PostFormValue("master")
	if master == "" {
		master = it.Master
	}
	var rec *Record
	for i := range it.Records {
		if it.Records[i].ID == master {
			rec = &it.Records[i]
		}
	}
	if rec == nil {
		return "", nil, fmt.Errorf("master %q is not a record of cluster %s", master, it.ID)
	}
	values := map[string]string{}
	for _, row := range resultRows(it, nil) {
		if row.Property == "" {
			continue
		}
		v := strings.TrimSpace(r.PostFormValue("v." + row.Property))
		if master != it.Master && v == row.Result && v == it.Records[0].Fields[row.Field] {
			// The plan's master's own value, untouched: another master
			// keeps its own, and the merge fills its blanks.
			continue
		}
		if v != "" && v != rec.Fields[row.Field] {
			values[row.Property] = v
		}
	}
	if master == it.Master {
		master = ""
	}
	return master, values, nil
}

func (s *Server) undoLast(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r)
	id, err := s.q.Undo(r.Context(), s.by)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, ErrFinal) {
			status = http.StatusConflict
		}
		it, d, ok := s.q.Item(id)
		if !ok {
			http.Error(w, "undo not saved: "+err.Error(), status)
			return
		}
		v := s.view(f, it, d, r)
		v.Error = "undo not saved: " + err.Error()
		s.render(w, status, v)
		return
	}
	if id == "" {
		http.Redirect(w, r, "/"+f.query("note", "nothing to undo"), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, itemURL(id, f, "undone", "1"), http.StatusSeeOther)
}

// errNoItem is shown when the queue of a filter is empty.
var errNoItem = errors.New("nothing left to review with these filters")
