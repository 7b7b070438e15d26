package emulator

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// firstID is the id of the first contact; ids are sequential after it.
const firstID = 1001

// timeFormat is how HubSpot writes timestamps, in createdAt and in the
// createdate and lastmodifieddate properties.
const timeFormat = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// record is one live contact of the primary store.
type record struct {
	id  string
	num int64
	// props is replaced on every write, never changed in place, so that the
	// search index can hold an old version without copying it.
	props   map[string]string
	created time.Time
	updated time.Time
	// history holds each property's versions, newest last (history.go).
	history map[string][]connectors.PropertyVersion
}

// contact returns the record with the properties want selects (see project).
func (r *record) contact(want []string) connectors.Contact {
	return contactOf(r.id, r.props, want, r.created, r.updated)
}

// store is the consistent primary store and the search index it feeds. It
// is not safe for concurrent use: Emulator.mu guards it.
type store struct {
	now     func() time.Time
	next    int64
	records map[string]*record
	// ids are the live ids, ascending: List's order.
	ids []int64
	// byEmail maps every folded e-mail (primary and additional) to the live
	// record holding it.
	byEmail map[string]string
	// unique maps each unique-value property (unique.go) to its values'
	// holders: value → live record id.
	unique map[string]map[string]string
	// defs are the property definitions (definitions.go), by name.
	defs map[string]definition
	// merged maps a merged-away id to the id it was merged into.
	merged map[string]string
	// archived are the archived records, by id (archive.go).
	archived map[string]archived
	// upsertsFound counts the upserts that found their contact
	// (Stats.UpsertsFound).
	upsertsFound int
	index        *searchIndex
	// reject is Config.Reject, changed by Emulator.SetReject.
	reject func(property, value string) bool
}

// newStore returns an empty store with HubSpot's built-in property
// definitions, the unique properties named (Config.UniqueProperties) and
// the custom text properties (Config.Properties), already validated.
func newStore(now func() time.Time, searchLag time.Duration, unique, custom []string) *store {
	s := &store{
		now:      now,
		next:     firstID,
		records:  map[string]*record{},
		byEmail:  map[string]string{},
		unique:   map[string]map[string]string{},
		defs:     map[string]definition{},
		merged:   map[string]string{},
		archived: map[string]archived{},
		index:    newSearchIndex(searchLag),
	}
	for _, d := range builtinDefinitions {
		s.defs[d.Name] = definition{PropertyDefinition: d, created: now()}
	}
	for _, name := range unique {
		if err := s.defineUnique(name); err != nil {
			panic(fmt.Sprintf("emulator: unique property %s: %v", name, err)) // Config.Validate checked the names
		}
	}
	for _, name := range custom {
		if _, err := s.define(textDefinition(name)); err != nil {
			panic(fmt.Sprintf("emulator: property %s: %v", name, err)) // Config.Validate checked the names
		}
	}
	return s
}

// checkEmails returns a *connectors.ConflictError when one of the e-mails
// of props is held by a record other than self.
func (s *store) checkEmails(props map[string]string, self string) error {
	for _, e := range emailsOf(props) {
		if id, ok := s.byEmail[e]; ok && id != self {
			return conflict(id)
		}
	}
	return nil
}

// checkCreate reports why create(props) would fail, without creating.
func (s *store) checkCreate(props map[string]string) error {
	if err := s.validateProperties(props); err != nil {
		return err
	}
	if err := s.checkEmails(props, ""); err != nil {
		return err
	}
	return s.checkUnique(props, "", s.nextID())
}

func (s *store) create(props map[string]string) (*record, error) {
	if err := s.checkCreate(props); err != nil {
		return nil, err
	}
	now := s.now()
	r := &record{num: s.next, created: now, updated: now}
	r.id = strconv.FormatInt(r.num, 10)
	s.next++
	next := make(map[string]string, len(props)+len(alwaysReturned))
	for k, v := range props {
		if v != "" {
			next[k] = v
		}
	}
	next[PropObjectID] = r.id
	next[connectors.PropCreateDate] = formatTime(now)
	next[connectors.PropLastModified] = formatTime(now)
	r.props = next
	recordHistory(r, nil, next, now)
	s.records[r.id] = r
	s.ids = append(s.ids, r.num)
	s.indexEmails(r)
	s.indexUnique(r)
	s.publish(r)
	return r, nil
}

// update sets changes on r; an empty value clears a property. A write that
// changes nothing leaves the record (and its lastmodifieddate) alone.
func (s *store) update(r *record, changes map[string]string) (*record, error) {
	if err := s.validateProperties(changes); err != nil {
		return nil, err
	}
	next := maps.Clone(r.props)
	for k, v := range changes {
		if v == "" {
			delete(next, k)
		} else {
			next[k] = v
		}
	}
	if maps.Equal(next, r.props) {
		return r, nil
	}
	if err := s.checkEmails(next, r.id); err != nil {
		return nil, err
	}
	if err := s.checkUnique(next, r.id, r.id); err != nil {
		return nil, err
	}
	s.replace(r, next)
	return r, nil
}

// replace gives r new properties, stamping lastmodifieddate, and keeps the
// e-mail and unique-value lookups and the search index in step.
func (s *store) replace(r *record, props map[string]string) {
	now := s.now()
	props[connectors.PropLastModified] = formatTime(now)
	s.unindexEmails(r)
	s.unindexUnique(r)
	recordHistory(r, r.props, props, now)
	r.props, r.updated = props, now
	s.indexEmails(r)
	s.indexUnique(r)
	s.publish(r)
}

func (s *store) indexEmails(r *record) {
	for _, e := range emailsOf(r.props) {
		s.byEmail[e] = r.id
	}
}

func (s *store) unindexEmails(r *record) {
	for _, e := range emailsOf(r.props) {
		if s.byEmail[e] == r.id {
			delete(s.byEmail, e)
		}
	}
}

// publish queues r's current version for the search index.
func (s *store) publish(r *record) {
	s.index.put(s.now(), &doc{num: r.num, id: r.id, props: r.props, created: r.created, updated: r.updated})
}

// remove takes r out of the store (it was merged into survivor).
func (s *store) remove(r *record, survivor string) {
	s.unindexEmails(r)
	s.unindexUnique(r)
	delete(s.records, r.id)
	s.dropID(r.num)
	s.merged[r.id] = survivor
	s.index.remove(s.now(), r.num)
}

// dropID takes num out of the live ids.
func (s *store) dropID(num int64) {
	if i, ok := slices.BinarySearch(s.ids, num); ok {
		s.ids = slices.Delete(s.ids, i, i+1)
	}
}

// resolve finds the live record of id, following merges.
func (s *store) resolve(id string) (*record, error) {
	for range len(s.merged) + 1 {
		if r, ok := s.records[id]; ok {
			return r, nil
		}
		next, ok := s.merged[id]
		if !ok {
			break
		}
		id = next
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return nil, notFound("Object not found. objectId are usually numeric.")
	}
	return nil, notFound("resource not found: contact %s", id)
}

// resolveEmail finds the record holding email as its primary or an
// additional e-mail, case-insensitively.
func (s *store) resolveEmail(email string) (*record, error) {
	if id, ok := s.byEmail[fold(email)]; ok {
		return s.records[id], nil
	}
	return nil, notFound("resource not found: no contact with e-mail %s", email)
}

// lookup resolves an id by idProperty: "" or hs_object_id for ids, "email"
// for e-mails, a unique-value property for its values. Other properties are
// not unique: a 400, as in HubSpot.
func (s *store) lookup(id, idProperty string) (*record, error) {
	if err := s.checkIDProperty(idProperty); err != nil {
		return nil, err
	}
	switch idProperty {
	case "", PropObjectID:
		return s.resolve(id)
	case connectors.PropEmail:
		return s.resolveEmail(id)
	}
	return s.resolveUnique(idProperty, id)
}

// checkIDProperty accepts the properties that identify a contact.
func (s *store) checkIDProperty(idProperty string) error {
	switch {
	case idProperty == "", idProperty == PropObjectID, idProperty == connectors.PropEmail, s.isUnique(idProperty):
		return nil
	}
	return invalid("Property %q is not a unique identifier: use %s, %s or a property with unique values", idProperty, PropObjectID, connectors.PropEmail)
}

// list returns the page of live records after the cursor, in id order. The
// cursor is the last id of the previous page.
func (s *store) list(after string, limit int, want []string) (connectors.Page, error) {
	switch {
	case limit == 0:
		limit = defaultPageLimit
	case limit < 0 || limit > connectors.MaxListLimit:
		return connectors.Page{}, invalid("limit %d is outside 1..%d", limit, connectors.MaxListLimit)
	}
	start := 0
	if after != "" {
		n, err := strconv.ParseInt(after, 10, 64)
		if err != nil {
			return connectors.Page{}, invalid("Invalid paging cursor %q", after)
		}
		start, _ = slices.BinarySearch(s.ids, n+1)
	}
	end := min(start+limit, len(s.ids))
	page := connectors.Page{Results: make([]connectors.Contact, 0, end-start)}
	for _, n := range s.ids[start:end] {
		page.Results = append(page.Results, s.records[strconv.FormatInt(n, 10)].contact(want))
	}
	if end < len(s.ids) {
		page.After = strconv.FormatInt(s.ids[end-1], 10)
	}
	return page, nil
}

// defaultPageLimit is the page size of List and Search without a limit.
const defaultPageLimit = 10
