package hubspot

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeHubSpot is a small hand-written HubSpot: contacts in memory, e-mail
// uniqueness with HubSpot's 409, the batch endpoints, and faults queued by
// tests. It stands in for the emulator so that these tests do not depend on
// it.
type fakeHubSpot struct {
	t     *testing.T
	srv   *httptest.Server
	token string

	mu       sync.Mutex
	nextID   int
	contacts map[string]map[string]string // id → properties
	requests []fakeRequest
	faults   []fault
	// handle, when set, answers every request instead of the store.
	handle func(w http.ResponseWriter, r *http.Request, body []byte)
}

// fakeRequest is one request the fake received.
type fakeRequest struct {
	Method, Path, Query, Auth string
	Body                      []byte
}

// fault changes the answer to the next request matching Method and Path.
// Do, when set, runs first (e.g. to store a contact as if an earlier request
// landed late). Then the store answers as usual when Status is 0; else the
// fault answers Status, after applying the request when After. Hang waits
// for the client to give up instead of answering (after applying when After).
type fault struct {
	Method, Path string
	Status       int
	After, Hang  bool
	Do           func(f *fakeHubSpot)
}

const fakeToken = "pat-na1-s3cr3t-t0ken"

func newFakeHubSpot(t *testing.T) *fakeHubSpot {
	f := &fakeHubSpot{t: t, token: fakeToken, nextID: 100, contacts: map[string]map[string]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// client returns a client of the fake with fast test policies, adjusted by mod.
func (f *fakeHubSpot) client(t *testing.T, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: f.srv.URL, Token: f.token, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
		RequestTimeout: 2 * time.Second, BreakerDelay: time.Minute, RateLimit: 10_000, SearchRateLimit: 10_000, RateBurst: 10_000}
	if mod != nil {
		mod(&cfg)
	}
	cl, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func (f *fakeHubSpot) inject(fs ...fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, fs...)
}

// received returns the requests so far with method and path (any when "").
func (f *fakeHubSpot) received(method, path string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.requests {
		if (method == "" || r.Method == method) && (path == "" || r.Path == path) {
			out = append(out, r)
		}
	}
	return out
}

// withEmail counts the stored contacts with that e-mail.
func (f *fakeHubSpot) withEmail(email string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, p := range f.contacts {
		if strings.EqualFold(p["email"], email) {
			n++
		}
	}
	return n
}

func (f *fakeHubSpot) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, fakeRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"), body})
	var ft *fault
	for i, x := range f.faults {
		if x.Method == r.Method && x.Path == r.URL.Path {
			ft = &x
			f.faults = append(f.faults[:i:i], f.faults[i+1:]...)
			break
		}
	}
	handle := f.handle
	f.mu.Unlock()

	w.Header().Set(HeaderRateLimitMax, "190")
	w.Header().Set(HeaderRateLimitRemaining, "189")
	w.Header().Set(HeaderRateLimitInterval, "10000")
	if handle != nil {
		handle(w, r, body)
		return
	}
	if ft != nil && ft.Do != nil {
		ft.Do(f)
	}
	if ft != nil && ft.Status == 0 && !ft.Hang {
		ft = nil
	}
	if ft != nil && !ft.After {
		if ft.Hang {
			<-r.Context().Done()
			return
		}
		writeError(w, ft.Status, "INTERNAL_ERROR", "injected")
		return
	}
	status, out := f.apply(r, body)
	if ft != nil {
		if ft.Hang {
			<-r.Context().Done()
			return
		}
		writeError(w, ft.Status, "INTERNAL_ERROR", "injected after the write")
		return
	}
	writeJSON(w, status, out)
}

// apply runs the request against the store.
func (f *fakeHubSpot) apply(r *http.Request, body []byte) (int, any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		return 401, errorBody("INVALID_AUTHENTICATION", "Authentication credentials not found.")
	}
	path := strings.TrimPrefix(r.URL.Path, contactsPath)
	var in struct {
		Properties map[string]string `json:"properties"`
		Inputs     []wireBatchInput  `json:"inputs"`
		IDProperty string            `json:"idProperty"`
	}
	_ = json.Unmarshal(body, &in)
	switch {
	case r.Method == http.MethodPost && path == "":
		if id := f.byEmail(in.Properties["email"]); id != "" {
			return 409, errorBody("CONFLICT", "Contact already exists. Existing ID: "+id)
		}
		return 201, f.create(in.Properties)
	case r.Method == http.MethodGet && path != "" && path != "/":
		id := strings.TrimPrefix(path, "/")
		if r.URL.Query().Get("idProperty") == "email" {
			id = f.byEmail(id)
		}
		if _, ok := f.contacts[id]; !ok {
			return 404, errorBody("OBJECT_NOT_FOUND", "resource not found")
		}
		return 200, f.object(id)
	case r.Method == http.MethodPost && path == "/batch/create":
		var out []wireObject
		for _, x := range in.Inputs {
			if id := f.byEmail(x.Properties["email"]); id != "" {
				return 409, errorBody("CONFLICT", "Contact already exists. Existing ID: "+id)
			}
		}
		for _, x := range in.Inputs {
			out = append(out, f.create(x.Properties))
		}
		return 201, wireBatchResponse{Status: "COMPLETE", Results: out}
	case r.Method == http.MethodPost && path == "/batch/read":
		resp := wireBatchResponse{Status: "COMPLETE"}
		for _, x := range in.Inputs {
			id := x.ID
			if in.IDProperty == "email" {
				id = f.byEmail(id)
			}
			if _, ok := f.contacts[id]; ok {
				resp.Results = append(resp.Results, f.object(id))
				continue
			}
			e := wireItemError{Status: "error", Category: "OBJECT_NOT_FOUND", Message: "not found"}
			e.Context.IDs = []string{x.ID}
			resp.Errors = append(resp.Errors, e)
		}
		if len(resp.Errors) > 0 {
			return 207, resp
		}
		return 200, resp
	}
	return 400, errorBody("VALIDATION_ERROR", fmt.Sprintf("fake: no route for %s %s", r.Method, r.URL.Path))
}

// store adds a contact directly, as if created by someone else or earlier.
func (f *fakeHubSpot) store(props map[string]string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.create(props).ID
}

func (f *fakeHubSpot) byEmail(email string) string {
	for id, p := range f.contacts {
		if email != "" && strings.EqualFold(p["email"], email) {
			return id
		}
	}
	return ""
}

func (f *fakeHubSpot) create(props map[string]string) wireObject {
	f.nextID++
	id := strconv.Itoa(f.nextID)
	p := map[string]string{"hs_object_id": id}
	for k, v := range props {
		p[k] = v
	}
	f.contacts[id] = p
	return f.object(id)
}

func (f *fakeHubSpot) object(id string) wireObject {
	p := map[string]string{}
	for k, v := range f.contacts[id] {
		p[k] = v
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return wireObject{ID: id, Properties: p, CreatedAt: at, UpdatedAt: at}
}

func errorBody(category, message string) wireError {
	return wireError{Status: "error", Message: message, CorrelationID: "corr-1", Category: category}
}

func writeError(w http.ResponseWriter, status int, category, message string) {
	writeJSON(w, status, errorBody(category, message))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
