package salesforce

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// maxCollection is the most records one sObject collection call takes.
const maxCollection = 200

// maxURI is the longest request URI the emulator takes (inferred:
// Salesforce documents 16,384 bytes for REST URIs, docs/salesforce.md).
const maxURI = 16384

// Handler serves the org: the OAuth token endpoint, the REST routes
// connectors/salesforce uses, SOAP merge() and the stats route.
func (e *Emulator) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+TokenPath, e.token)
	mux.HandleFunc("GET "+StatsPath, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, e.Stats()) })
	data := func(pattern, route string, h func(w http.ResponseWriter, r *http.Request)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if len(r.RequestURI) > maxURI {
				writeError(w, errorf(http.StatusRequestURITooLong, "URI_TOO_LONG", "the request URI is longer than %d bytes", maxURI))
				return
			}
			if err := e.admit(route, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")); err != nil {
				writeError(w, err)
				return
			}
			if used, max := e.usage(); max > 0 {
				w.Header().Set(LimitInfoHeader, fmt.Sprintf("api-usage=%d/%d", used, max))
			}
			h(w, r)
		})
	}
	data("GET "+DataPath+"/limits", "GET limits", e.limits)
	data("GET "+DataPath+"/sobjects/Contact/describe", "GET describe", e.describe)
	data("GET "+DataPath+"/sobjects/Contact/{id}", "GET sobject", e.get)
	data("POST "+DataPath+"/sobjects/Contact", "POST sobject", e.create)
	data("PATCH "+DataPath+"/sobjects/Contact/{id}", "PATCH sobject", e.update)
	data("PATCH "+DataPath+"/sobjects/Contact/{field}/{value}", "PATCH upsert", e.upsert)
	data("GET "+DataPath+"/query", "GET query", e.query(false))
	data("GET "+DataPath+"/queryAll", "GET queryAll", e.query(true))
	data("GET "+DataPath+"/search", "GET search", e.search)
	data("GET "+DataPath+"/composite/sobjects/Contact", "GET composite/sobjects", e.collectionRead)
	data("POST "+DataPath+"/composite/sobjects", "POST composite/sobjects", e.collectionWrite(""))
	data("PATCH "+DataPath+"/composite/sobjects", "PATCH composite/sobjects", e.collectionWrite("update"))
	data("PATCH "+DataPath+"/composite/sobjects/Contact/{field}", "PATCH composite/sobjects upsert", e.collectionWrite("upsert"))
	mux.HandleFunc("POST "+SOAPPath, e.soap)
	return mux
}

// wireError is a REST error: errorCode in single calls, statusCode in
// collections.
type wireError struct {
	Message         string           `json:"message"`
	ErrorCode       string           `json:"errorCode,omitempty"`
	StatusCode      string           `json:"statusCode,omitempty"`
	Fields          []string         `json:"fields"`
	DuplicateResult *duplicateResult `json:"duplicateResult,omitempty"`
}

type duplicateResult struct {
	DuplicateRule string        `json:"duplicateRule"`
	MatchResults  []matchResult `json:"matchResults"`
}

type matchResult struct {
	EntityType   string        `json:"entityType"`
	MatchRecords []matchRecord `json:"matchRecords"`
}

type matchRecord struct {
	Record map[string]any `json:"record"`
}

func toWire(e *apiError, collection bool) wireError {
	w := wireError{Message: e.Message, Fields: e.Fields}
	if w.Fields == nil {
		w.Fields = []string{}
	}
	if collection {
		w.StatusCode = e.Code
	} else {
		w.ErrorCode = e.Code
	}
	if len(e.Matches) > 0 {
		mr := matchResult{EntityType: "Contact"}
		for _, id := range e.Matches {
			mr.MatchRecords = append(mr.MatchRecords, matchRecord{Record: map[string]any{"attributes": attributes(id), "Id": id}})
		}
		w.DuplicateResult = &duplicateResult{DuplicateRule: "Standard_Rule_for_Contacts_with_Duplicate_Leads", MatchResults: []matchResult{mr}}
	}
	return w
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.Status, []wireError{toWire(e, false)})
}

func attributes(id string) map[string]string {
	a := map[string]string{"type": "Contact"}
	if id != "" {
		a["url"] = DataPath + "/sobjects/Contact/" + id
	}
	return a
}

// recordJSON is a row as Salesforce writes it: unset fields null,
// IsDeleted a boolean.
func recordJSON(row map[string]string) map[string]any {
	out := map[string]any{"attributes": attributes(row["Id"])}
	for k, v := range row {
		switch {
		case k == "IsDeleted":
			out[k] = v == "true"
		case v == "":
			out[k] = nil
		default:
			out[k] = v
		}
	}
	return out
}

// decodeFields reads a record body into field values; null clears.
func decodeFields(raw map[string]any) map[string]string {
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		switch v := v.(type) {
		case nil:
			out[k] = ""
		case string:
			out[k] = v
		case map[string]any: // attributes
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	delete(out, "attributes")
	return out
}

func decodeBody(r *http.Request, v any) *apiError {
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 32<<20)).Decode(v); err != nil {
		return errorf(400, "JSON_PARSER_ERROR", "The request body is not valid JSON: %v", err)
	}
	return nil
}

// fieldsParam reads ?fields=A,B as canonical names.
func fieldsParam(r *http.Request) ([]string, *apiError) {
	var out []string
	for _, f := range strings.Split(r.URL.Query().Get("fields"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		c, ok := canon(f)
		if !ok {
			return nil, errorf(400, "INVALID_FIELD", "No such column '%s' on entity 'Contact'", f)
		}
		out = append(out, c)
	}
	if out == nil {
		out = contactFields
	}
	return out, nil
}

func (e *Emulator) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, map[string]string{"error": "invalid_request", "error_description": "not a form"})
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "client_credentials":
		if r.PostForm.Get("client_id") != e.cfg.ClientID || r.PostForm.Get("client_secret") != e.cfg.ClientSecret {
			writeJSON(w, 400, map[string]string{"error": "invalid_client", "error_description": "invalid client credentials"})
			return
		}
	case grantJWTBearer:
		if err := e.checkAssertion(r.PostForm.Get("assertion")); err != nil {
			writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": err.Error()})
			return
		}
	default:
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type", "error_description": "grant type not supported"})
		return
	}
	writeJSON(w, 200, map[string]string{"access_token": e.issue(), "instance_url": "http://" + r.Host,
		"token_type": "Bearer", "issued_at": fmt.Sprint(e.cfg.Now().UnixMilli())})
}

func (e *Emulator) limits(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	max, used := e.cfg.DailyLimit, e.used
	e.mu.Unlock()
	writeJSON(w, 200, map[string]any{"DailyApiRequests": map[string]int{"Max": max, "Remaining": max - used}})
}

func (e *Emulator) describe(w http.ResponseWriter, _ *http.Request) {
	fields := make([]map[string]any, 0, len(contactFields))
	for _, f := range contactFields {
		fields = append(fields, map[string]any{"name": f, "type": fieldType(f), "unique": f == KeyField,
			"externalId": f == KeyField, "updateable": !readOnlyFields[f], "custom": strings.HasSuffix(f, "__c")})
	}
	writeJSON(w, 200, map[string]any{"name": "Contact", "fields": fields})
}

func fieldType(f string) string {
	switch f {
	case "Id", "MasterRecordId":
		return "id"
	case "Email":
		return "email"
	case "Phone", "MobilePhone":
		return "phone"
	case "IsDeleted":
		return "boolean"
	case "CreatedDate", "LastModifiedDate":
		return "datetime"
	}
	return "string"
}

func (e *Emulator) get(w http.ResponseWriter, r *http.Request) {
	fields, aerr := fieldsParam(r)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	e.mu.Lock()
	rec, aerr := e.store.live(r.PathValue("id"))
	var row map[string]string
	if aerr == nil {
		row = project(rec.view(rec.fields), fields)
	}
	e.mu.Unlock()
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, 200, recordJSON(row))
}

func (e *Emulator) create(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if aerr := decodeBody(r, &body); aerr != nil {
		writeError(w, aerr)
		return
	}
	e.mu.Lock()
	aerr := e.lockFailure()
	var rec *rec
	if aerr == nil {
		rec, aerr = e.store.create(decodeFields(body))
	}
	e.mu.Unlock()
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, 201, map[string]any{"id": rec.id, "success": true, "errors": []any{}})
}

func (e *Emulator) update(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if aerr := decodeBody(r, &body); aerr != nil {
		writeError(w, aerr)
		return
	}
	e.mu.Lock()
	aerr := e.lockFailure()
	if aerr == nil {
		_, aerr = e.store.update(r.PathValue("id"), decodeFields(body))
	}
	e.mu.Unlock()
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) upsert(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if aerr := decodeBody(r, &body); aerr != nil {
		writeError(w, aerr)
		return
	}
	e.mu.Lock()
	aerr := e.lockFailure()
	var (
		rec     *rec
		created bool
	)
	if aerr == nil {
		rec, created, aerr = e.store.upsert(r.PathValue("field"), r.PathValue("value"), decodeFields(body))
	}
	e.mu.Unlock()
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	status := 200
	if created {
		status = 201
	}
	writeJSON(w, status, map[string]any{"id": rec.id, "success": true, "errors": []any{}, "created": created})
}

func (e *Emulator) query(all bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := parseSOQL(r.URL.Query().Get("q"), canon)
		if err != nil {
			writeError(w, queryError(err, "MALFORMED_QUERY"))
			return
		}
		if records, ok := e.records(w, q, all); ok {
			writeJSON(w, 200, map[string]any{"totalSize": len(records), "done": true, "records": records})
		}
	}
}

func (e *Emulator) search(w http.ResponseWriter, r *http.Request) {
	q, err := parseSOSL(r.URL.Query().Get("q"), canon)
	if err != nil {
		writeError(w, queryError(err, "MALFORMED_SEARCH"))
		return
	}
	if records, ok := e.records(w, q, false); ok {
		writeJSON(w, 200, map[string]any{"searchRecords": records})
	}
}

// records runs a parsed SOQL or SOSL query and returns its rows as JSON
// records; on an error it answers w and returns false.
func (e *Emulator) records(w http.ResponseWriter, q *query, all bool) ([]map[string]any, bool) {
	e.mu.Lock()
	rows, err := e.store.run(q, all)
	e.mu.Unlock()
	if err != nil {
		writeError(w, errorf(400, "INVALID_TYPE", "%v", err))
		return nil, false
	}
	records := make([]map[string]any, len(rows))
	for i, row := range rows {
		records[i] = recordJSON(row)
	}
	return records, true
}
