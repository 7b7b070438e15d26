package emulator

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// StatsPath serves Stats as JSON. It needs no token, counts against no limit
// and is not logged.
const StatsPath = "/__emulator/stats"

// Handler serves HubSpot's CRM v3 contact routes, the contact property
// definitions' list, GET by name and POST (definitions.go), and StatsPath. Each handler
// decodes the request, runs the same op as the in-process method, and
// translates the result or typed error into HubSpot's status, headers and
// body. A request whose caller gave up (a hang, or latency cut short) is
// aborted with http.ErrAbortHandler: no answer, as from a dead server; serve
// the handler with an http.Server (httptest.NewServer), not a recorder.
func (e *Emulator) Handler() http.Handler {
	a := &api{e: e}
	mux := http.NewServeMux()
	routes := []struct {
		pattern string
		op      Operation
		h       handler
	}{
		{"POST " + BasePath, OpCreate, a.create},
		{"GET " + BasePath, OpList, a.list},
		{"GET " + BasePath + "/{id}", OpGet, a.get},
		{"PATCH " + BasePath + "/{id}", OpUpdate, a.update},
		{"DELETE " + BasePath + "/{id}", OpArchive, a.archive},
		{"POST " + BasePath + "/search", OpSearch, a.search},
		{"POST " + BasePath + "/merge", OpMerge, a.merge},
		{"POST " + BasePath + "/batch/read", OpBatchRead, a.batchRead},
		{"POST " + BasePath + "/batch/create", OpBatchCreate, a.batchCreate},
		{"POST " + BasePath + "/batch/update", OpBatchUpdate, a.batchUpdate},
		{"POST " + BasePath + "/batch/upsert", OpBatchUpsert, a.batchUpsert},
		{"GET " + PropertiesPath + "/{name}", OpGetProperty, a.getProperty},
		{"POST " + PropertiesPath, OpCreateProperty, a.createProperty},
		{"GET " + PropertiesPath, OpListProperties, a.listProperties},
	}
	for _, rt := range routes {
		mux.Handle(rt.pattern, a.route(rt.op, rt.h))
	}
	mux.HandleFunc("GET "+StatsPath, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, e.Stats())
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, errorJSON{
			Status: "error", Message: "No route for " + r.Method + " " + r.URL.Path, CorrelationID: newCorrelationID(), Category: "RESOURCE_NOT_FOUND",
		})
	})
	return mux
}

type api struct{ e *Emulator }

type handler func(w http.ResponseWriter, r *http.Request, ep endpoint)

// route checks the bearer token, then hands the request to h.
func (a *api) route(op Operation, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := op // per request: the closure is shared by concurrent requests
		if op == OpGet && r.URL.Query().Get("idProperty") == connectors.PropEmail {
			op = OpGetByEmail
		}
		ep := endpoint{op: op, method: r.Method, path: r.URL.Path}
		if msg := a.unauthorized(r); msg != "" {
			a.e.record(Request{Operation: op, Method: r.Method, Path: r.URL.Path, Status: http.StatusUnauthorized, Time: a.e.cfg.Now()})
			writeJSON(w, http.StatusUnauthorized, errorJSON{
				Status: "error", Message: msg, CorrelationID: newCorrelationID(), Category: CategoryAuthentication,
			})
			return
		}
		h(w, r, ep)
	})
}

// unauthorized returns HubSpot's 401 message, or "" when the request may
// pass.
func (a *api) unauthorized(r *http.Request) string {
	if a.e.cfg.Token == "" {
		return ""
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(a.e.cfg.Token)) != 1 {
		return "The access token provided is invalid or expired."
	}
	return ""
}

// respond writes the answer: rate-limit headers (never on search), then the
// error or the body.
func (a *api) respond(w http.ResponseWriter, ep endpoint, ans answer, err error, body func() any) {
	if ep.op != OpSearch {
		setRateHeaders(w.Header(), ans.headers)
	}
	if err == nil {
		writeJSON(w, ans.status, body())
		return
	}
	var (
		tr *connectors.TransientError
		rl *connectors.RateLimitError
	)
	if errors.As(err, &tr) && tr.Status == 0 {
		panic(http.ErrAbortHandler) // the caller gave up: no answer at all
	}
	if errors.As(err, &rl) && rl.Policy != connectors.PolicyDaily && a.e.cfg.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(roundUpToSecond(a.e.cfg.RetryAfter)/time.Second)))
	}
	status, b := errorBody(err)
	writeJSON(w, status, b)
}

// withBody decodes the request body into v, then builds the op; a body that
// cannot be decoded becomes an op failing with a 400.
func withBody[T any](r *http.Request, v any, build func() op[T]) op[T] {
	if err := decode(r, v); err != nil {
		return rejectOp[T](err)
	}
	return build()
}

// propertiesParam reads ?properties=a,b (repeated or comma-separated);
// without it, DefaultProperties.
func propertiesParam(q url.Values) []string {
	if names := namesParam(q, "properties"); names != nil {
		return names
	}
	return DefaultProperties
}

// namesParam reads a list of names, repeated or comma-separated; nil
// without one.
func namesParam(q url.Values, key string) []string {
	var names []string
	for _, v := range q[key] {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				names = append(names, name)
			}
		}
	}
	return names
}

func (a *api) get(w http.ResponseWriter, r *http.Request, ep endpoint) {
	q := r.URL.Query()
	want := propertiesParam(q)
	work := getOp(r.PathValue("id"), q.Get("idProperty"), want)
	if q.Get("archived") == "true" {
		work = getArchivedOp(r.PathValue("id"), want)
	}
	if names := namesParam(q, "propertiesWithHistory"); names != nil {
		work = withHistoryOp(work, names)
	}
	c, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any { return toJSON(c, want) })
}

func (a *api) list(w http.ResponseWriter, r *http.Request, ep endpoint) {
	q := r.URL.Query()
	want := propertiesParam(q)
	work := listOp(q.Get("after"), 0, want)
	if s := q.Get("limit"); s != "" {
		limit, err := strconv.Atoi(s)
		if err != nil {
			work = rejectOp[connectors.Page](invalid("Invalid limit %q", s))
		} else {
			work = listOp(q.Get("after"), limit, want)
		}
	}
	p, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any {
		return listJSON{Results: toJSONs(p.Results, want, false), Paging: pagingWithLink(r, p.After)}
	})
}

type propertiesBody struct {
	Properties propertyValues `json:"properties"`
}

func (a *api) create(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body propertiesBody
	work := withBody(r, &body, func() op[connectors.Contact] { return createOp(body.Properties) })
	c, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any { return toJSON(c, nil) })
}

func (a *api) update(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body propertiesBody
	work := withBody(r, &body, func() op[connectors.Contact] {
		return updateOp(r.PathValue("id"), r.URL.Query().Get("idProperty"), body.Properties)
	})
	c, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any { return toJSON(c, nil) })
}

func (a *api) search(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body struct {
		connectors.SearchRequest
		Query string `json:"query"`
	}
	work := withBody(r, &body, func() op[connectors.SearchPage] {
		if body.Query != "" {
			return rejectOp[connectors.SearchPage](invalid("Full-text query is not supported by the emulator: use filterGroups."))
		}
		if body.Properties == nil {
			body.Properties = DefaultProperties
		}
		return searchOp(body.SearchRequest)
	})
	p, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any {
		return searchJSON{Total: p.Total, Results: toJSONs(p.Results, body.Properties, false), Paging: paging(p.After)}
	})
}

func (a *api) merge(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body struct {
		PrimaryObjectID string `json:"primaryObjectId"`
		ObjectIDToMerge string `json:"objectIdToMerge"`
	}
	work := withBody(r, &body, func() op[connectors.Contact] { return mergeOp(body.PrimaryObjectID, body.ObjectIDToMerge) })
	c, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any { return toJSON(c, nil) })
}
