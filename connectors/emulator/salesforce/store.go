package salesforce

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Contact's fields the emulator knows, canonical spelling. Id, IsDeleted,
// MasterRecordId, CreatedDate and LastModifiedDate are read-only.
var contactFields = []string{
	"Id", "IsDeleted", "MasterRecordId", "CreatedDate", "LastModifiedDate",
	"FirstName", "LastName", "Email", "Phone", "MobilePhone", "Title", "Department",
	"MailingStreet", "MailingCity", "MailingState", "MailingPostalCode", "MailingCountry",
	"Birthdate", "LeadSource", "Description",
	// contactgate's custom fields (docs/salesforce.md): the key (External
	// ID, unique), the additional e-mails and the company as text.
	KeyField, EmailsField, CompanyField,
}

// contactgate's custom fields on Contact.
const (
	KeyField     = "contactgate_key__c"
	EmailsField  = "contactgate_emails__c"
	CompanyField = "contactgate_company__c"
)

var readOnlyFields = map[string]bool{"Id": true, "IsDeleted": true, "MasterRecordId": true, "CreatedDate": true, "LastModifiedDate": true}

// canonField maps a field name, any case, to its canonical spelling.
var canonFields = func() map[string]string {
	m := map[string]string{}
	for _, f := range contactFields {
		m[strings.ToLower(f)] = f
	}
	return m
}()

func canon(name string) (string, bool) {
	f, ok := canonFields[strings.ToLower(name)]
	return f, ok
}

// emailPattern is the emulator's idea of a valid e-mail.
var emailPattern = regexp.MustCompile(`^[^@\s;]+@[^@\s;]+\.[^@\s;]+$`)

// apiError is one Salesforce error: errorCode (statusCode in collections),
// message, fields, and the matching records of DUPLICATES_DETECTED.
type apiError struct {
	Code    string
	Message string
	Fields  []string
	Matches []string
	// Status is the HTTP status of a single-record call.
	Status int
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// version is one state of a record, as the search index sees it from at.
type version struct {
	at      time.Time
	fields  map[string]string // nil: deleted
	deleted bool
}

// rec is one Contact, live or deleted (merged away).
type rec struct {
	id       string
	fields   map[string]string // replaced on every write
	deleted  bool
	master   string // MasterRecordId of a merged-away record
	versions []version
}

// store is the org's Contacts. Not safe for concurrent use: Emulator.mu
// guards it.
type store struct {
	now       func() time.Time
	searchLag time.Duration
	dupRule   bool
	next      int
	recs      map[string]*rec
	ids       []string // every id, ascending
}

func newStore(now func() time.Time, lag time.Duration, dupRule bool) *store {
	return &store{now: now, searchLag: lag, dupRule: dupRule, next: 1, recs: map[string]*rec{}}
}

// newID returns an 18-character Contact id (key prefix 003), ascending.
func (s *store) newID() string {
	id := fmt.Sprintf("003%012dAAA", s.next)
	s.next++
	return id
}

// validate checks a write's fields: known, writable, a valid e-mail.
func validate(fields map[string]string) (map[string]string, *apiError) {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		f, ok := canon(k)
		if !ok {
			return nil, &apiError{Status: 400, Code: "INVALID_FIELD", Message: fmt.Sprintf("No such column '%s' on sobject of type Contact", k)}
		}
		if readOnlyFields[f] {
			return nil, &apiError{Status: 400, Code: "INVALID_FIELD_FOR_INSERT_UPDATE", Message: fmt.Sprintf("Unable to create/update fields: %s. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", f), Fields: []string{f}}
		}
		if f == "Email" && v != "" && !emailPattern.MatchString(v) {
			return nil, &apiError{Status: 400, Code: "INVALID_EMAIL_ADDRESS", Message: "Email: invalid email address: " + v, Fields: []string{"Email"}}
		}
		out[f] = v
	}
	return out, nil
}

// check reports why writing fields to self ("" for a new record) fails: a
// key held by another record (DUPLICATE_VALUE), or, with the duplicate rule
// on, an Email another record holds (DUPLICATES_DETECTED).
func (s *store) check(fields map[string]string, self string) *apiError {
	if k := fields[KeyField]; k != "" {
		if id := s.holder(KeyField, k, self, false); id != "" {
			return &apiError{Status: 400, Code: "DUPLICATE_VALUE", Fields: []string{KeyField},
				Message: fmt.Sprintf("duplicate value found: %s duplicates value on record with id: %s", KeyField, id)}
		}
	}
	if e := fields["Email"]; s.dupRule && e != "" {
		if id := s.holder("Email", e, self, true); id != "" {
			return &apiError{Status: 400, Code: "DUPLICATES_DETECTED", Matches: []string{id},
				Message: "Use one of these records?"}
		}
	}
	return nil
}

// holder is the first live record other than self whose field equals v.
func (s *store) holder(field, v, self string, fold bool) string {
	for _, id := range s.ids {
		r := s.recs[id]
		if r.deleted || id == self {
			continue
		}
		if got := r.fields[field]; got == v || (fold && strings.EqualFold(got, v)) {
			return id
		}
	}
	return ""
}

// write records r's new fields, for the consistent store and the index.
func (s *store) write(r *rec, fields map[string]string) {
	now := s.now()
	fields["LastModifiedDate"] = formatTime(now)
	r.fields = fields
	r.versions = append(r.versions, version{at: now, fields: fields, deleted: r.deleted})
	// Keep one version the index already sees, and the ones it will.
	cut := 0
	for i := range r.versions {
		if !r.versions[i].at.After(now.Add(-s.searchLag)) {
			cut = i
		}
	}
	r.versions = r.versions[cut:]
}

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000+0000") }

func (s *store) create(in map[string]string) (*rec, *apiError) {
	fields, err := validate(in)
	if err != nil {
		return nil, err
	}
	if err := s.check(fields, ""); err != nil {
		return nil, err
	}
	r := &rec{id: s.newID()}
	fields["Id"] = r.id
	fields["CreatedDate"] = formatTime(s.now())
	s.recs[r.id] = r
	s.ids = append(s.ids, r.id)
	s.write(r, fields)
	return r, nil
}

// live returns the live record id, or a 404.
func (s *store) live(id string) (*rec, *apiError) {
	r, ok := s.recs[id]
	switch {
	case !ok:
		return nil, errorf(404, "NOT_FOUND", "The requested resource does not exist")
	case r.deleted:
		return nil, errorf(404, "ENTITY_IS_DELETED", "entity is deleted")
	}
	return r, nil
}

// update sets fields of id; an empty value clears one.
func (s *store) update(id string, in map[string]string) (*rec, *apiError) {
	r, err := s.live(id)
	if err != nil {
		return nil, err
	}
	fields, err := validate(in)
	if err != nil {
		return nil, err
	}
	next := maps.Clone(r.fields)
	for k, v := range fields {
		if v == "" {
			delete(next, k)
		} else {
			next[k] = v
		}
	}
	if err := s.check(fields, id); err != nil {
		return nil, err
	}
	s.write(r, next)
	return r, nil
}

// upsert creates or updates the record whose external-ID field holds key.
func (s *store) upsert(field, key string, in map[string]string) (*rec, bool, *apiError) {
	f, ok := canon(field)
	if !ok || f != KeyField {
		return nil, false, errorf(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: %s", field)
	}
	if id := s.holder(f, key, "", false); id != "" {
		r, err := s.update(id, in)
		return r, false, err
	}
	in = maps.Clone(in)
	in[f] = key
	r, err := s.create(in)
	return r, err == nil, err
}

// merge merges losers into master: master's fields (with overrides
// applied) survive, losers are deleted with MasterRecordId set.
func (s *store) merge(master string, overrides map[string]string, losers []string) (*rec, *apiError) {
	m, err := s.live(master)
	if err != nil {
		return nil, err
	}
	if len(losers) == 0 || len(losers) > 2 {
		return nil, errorf(400, "INVALID_OPERATION", "merge takes one or two records to merge, got %d", len(losers))
	}
	for _, l := range losers {
		if l == master || slices.Contains(losers[:slices.Index(losers, l)], l) {
			return nil, errorf(400, "INVALID_ID_FIELD", "Cannot merge a record with itself: %s", l)
		}
		if _, err := s.live(l); err != nil {
			return nil, err
		}
	}
	fields, err := validate(overrides)
	if err != nil {
		return nil, err
	}
	next := maps.Clone(m.fields)
	for k, v := range fields {
		if v == "" {
			delete(next, k)
		} else {
			next[k] = v
		}
	}
	for _, l := range losers {
		r := s.recs[l]
		r.deleted, r.master = true, master
		gone := maps.Clone(r.fields)
		gone["IsDeleted"], gone["MasterRecordId"] = "true", master
		s.write(r, gone)
	}
	s.write(m, next)
	return m, nil
}

// view is a record's fields as a query sees them: its live or deleted
// state, with IsDeleted and MasterRecordId.
func (r *rec) view(fields map[string]string) map[string]string {
	v := maps.Clone(fields)
	v["IsDeleted"] = fmt.Sprint(r.deleted)
	if r.master != "" {
		v["MasterRecordId"] = r.master
	}
	return v
}

// indexed is what the search index holds of r at now: the latest version
// at least searchLag old, nil if none (or deleted).
func (s *store) indexed(r *rec) map[string]string {
	cutoff := s.now().Add(-s.searchLag)
	var seen map[string]string
	for _, v := range r.versions {
		if v.at.After(cutoff) {
			break
		}
		seen = v.fields
		if v.deleted {
			seen = nil
		}
	}
	return seen
}

// run evaluates q over the live records (all records when all), or over
// the search index when q.term is set.
func (s *store) run(q *query, all bool) ([]map[string]string, error) {
	if !strings.EqualFold(q.object, "Contact") {
		return nil, fmt.Errorf("sObject type '%s' is not supported", q.object)
	}
	var rows []map[string]string
	for _, id := range s.ids {
		r := s.recs[id]
		var fields map[string]string
		switch {
		case q.term != "":
			if fields = s.indexed(r); fields == nil || !termMatches(fields, q.term) {
				continue
			}
		case r.deleted && !all:
			continue
		default:
			fields = r.view(r.fields)
		}
		if q.where != nil && !q.where.match(fields) {
			continue
		}
		rows = append(rows, fields)
	}
	sortRows(rows, q.orderBy)
	if q.limit > 0 && len(rows) > q.limit {
		rows = rows[:q.limit]
	}
	out := make([]map[string]string, len(rows))
	for i, row := range rows {
		out[i] = project(row, q.fields)
	}
	return out, nil
}

func sortRows(rows []map[string]string, by []order) {
	slices.SortStableFunc(rows, func(a, b map[string]string) int {
		for _, o := range by {
			c := strings.Compare(a[o.field], b[o.field])
			if o.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

// project keeps the fields asked for (Id always); unset ones are "".
func project(fields map[string]string, want []string) map[string]string {
	out := map[string]string{"Id": fields["Id"]}
	for _, f := range want {
		out[f] = fields[f]
	}
	return out
}

// termMatches reports whether a SOSL term matches one of the fields: the
// whole value or one of its words, case-insensitively; '*' is a wildcard.
func termMatches(fields map[string]string, term string) bool {
	pattern := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(term, "*", "%"), "?", "_"))
	for k, v := range fields {
		if k == "Id" || k == "IsDeleted" || v == "" {
			continue
		}
		v = strings.ToLower(v)
		if like(v, pattern) {
			return true
		}
		for _, w := range strings.FieldsFunc(v, func(r rune) bool { return !isWordRune(r) }) {
			if like(w, pattern) {
				return true
			}
		}
	}
	return false
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127
}
