package precedence

import (
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

const testFile = `
sources: [crm, billing, web_form, webinar]
default: rank
fields:
  last_activity_date: latest
  billing_address: {policy: rank, only_from: [billing, crm]}
  lead_source: never_overwrite
`

var (
	t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)
	t2 = t0.Add(2 * time.Hour)
)

func testPrecedence(t testing.TB) *Precedence {
	t.Helper()
	p, err := Parse([]byte(testFile))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func pv(value, source string, at time.Time) schemas.PropertyValue {
	return schemas.PropertyValue{Value: value, Source: source, UpdatedAt: at}
}

func decision(field, value, reason string) schemas.FieldDecision {
	return schemas.FieldDecision{Field: field, Value: value, Reason: reason}
}

// mergeOne merges a single incoming field into a record holding cur under
// that field (none when cur.Value is empty).
func mergeOne(t *testing.T, p *Precedence, field string, cur schemas.PropertyValue, value, source string, at time.Time) Result {
	t.Helper()
	current := map[string]schemas.PropertyValue{}
	if cur.Value != "" {
		current[field] = cur
	}
	return p.Merge(current, map[string]string{field: value}, source, at)
}

// wantChanged asserts that field changed to value for reason, with the
// event's provenance.
func wantChanged(t *testing.T, r Result, field, value, reason, source string, at time.Time) {
	t.Helper()
	if want := []schemas.FieldDecision{decision(field, value, reason)}; !reflect.DeepEqual(r.Changed, want) || len(r.Refused) != 0 {
		t.Fatalf("changed %+v refused %+v, want changed %+v and nothing refused", r.Changed, r.Refused, want)
	}
	if got, want := r.Properties[field], pv(value, source, at); got != want {
		t.Fatalf("property %s = %+v, want %+v", field, got, want)
	}
}

// wantRefused asserts that field was refused for reason and kept cur.
func wantRefused(t *testing.T, r Result, field, value, reason string, cur schemas.PropertyValue) {
	t.Helper()
	if want := []schemas.FieldDecision{decision(field, value, reason)}; !reflect.DeepEqual(r.Refused, want) || len(r.Changed) != 0 {
		t.Fatalf("changed %+v refused %+v, want refused %+v and nothing changed", r.Changed, r.Refused, want)
	}
	if got := r.Properties[field]; got != cur {
		t.Fatalf("property %s = %+v, want it kept as %+v", field, got, cur)
	}
	if u := r.Updates(); len(u) != 0 {
		t.Fatalf("Updates() = %v, want none", u)
	}
}

func TestMergeRank(t *testing.T) {
	p := testPrecedence(t)
	t.Run("should let a higher-ranked source overwrite, even with an older event", func(t *testing.T) {
		// Given a job title set by the webinar tool
		cur := pv("Engineer", "webinar", t2)
		// When billing sends another, with an older occurred_at
		r := mergeOne(t, p, "jobtitle", cur, "CTO", "billing", t1)
		// Then billing's value wins
		wantChanged(t, r, "jobtitle", "CTO", "rank billing(2) >= webinar(4)", "billing", t1)
	})
	t.Run("should refuse a lower-ranked source", func(t *testing.T) {
		// Given a job title set by billing
		cur := pv("CTO", "billing", t0)
		// When a newer webinar registration says otherwise
		r := mergeOne(t, p, "jobtitle", cur, "Engineer", "webinar", t2)
		// Then it is refused, and the reason names both ranks
		wantRefused(t, r, "jobtitle", "Engineer", "rank webinar(4) < billing(2)", cur)
	})
	t.Run("should let an equal-ranked source overwrite with a newer or equally new value", func(t *testing.T) {
		cur := pv("CTO", "billing", t1)
		r := mergeOne(t, p, "jobtitle", cur, "CFO", "billing", t1)
		wantChanged(t, r, "jobtitle", "CFO", "rank billing(2) >= billing(2)", "billing", t1)
	})
	t.Run("should refuse an equal-ranked source with an older value, so a replay never goes back", func(t *testing.T) {
		// Given a value billing sent at t2
		cur := pv("CFO", "billing", t2)
		// When billing's older event at t1 arrives late (or is replayed)
		r := mergeOne(t, p, "jobtitle", cur, "CTO", "billing", t1)
		// Then the newer value stays
		wantRefused(t, r, "jobtitle", "CTO", "rank billing(2) = billing(2), older than current", cur)
	})
	t.Run("should rank an unknown source lowest", func(t *testing.T) {
		// Given a value from the lowest ranked source
		cur := pv("Engineer", "webinar", t0)
		// When a source nobody ranked tries to change it
		r := mergeOne(t, p, "jobtitle", cur, "Intern", "zapier", t2)
		// Then it is refused; and it may still overwrite another unknown source's value
		wantRefused(t, r, "jobtitle", "Intern", "rank zapier(unranked) < webinar(4)", cur)
		if got, want := p.Rank("zapier"), 5; got != want {
			t.Fatalf("Rank(zapier) = %d, want %d", got, want)
		}
		r = mergeOne(t, p, "jobtitle", pv("Engineer", "", t0), "Intern", "zapier", t2)
		wantChanged(t, r, "jobtitle", "Intern", `rank zapier(unranked) >= ""(unranked)`, "zapier", t2)
	})
}

func TestMergeLatest(t *testing.T) {
	p := testPrecedence(t)
	t.Run("should let a newer event win whatever its rank", func(t *testing.T) {
		cur := pv("2026-03-01", "crm", t0)
		r := mergeOne(t, p, "last_activity_date", cur, "2026-03-02", "webinar", t1)
		wantChanged(t, r, "last_activity_date", "2026-03-02", ReasonLatest, "webinar", t1)
	})
	t.Run("should refuse an older event whatever its rank", func(t *testing.T) {
		cur := pv("2026-03-02", "webinar", t1)
		r := mergeOne(t, p, "last_activity_date", cur, "2026-03-01", "crm", t0)
		wantRefused(t, r, "last_activity_date", "2026-03-01", ReasonOlder, cur)
	})
	t.Run("should break a tie in time by rank, and keep the current value on a full tie", func(t *testing.T) {
		cur := pv("2026-03-01", "webinar", t1)
		r := mergeOne(t, p, "last_activity_date", cur, "2026-03-02", "billing", t1)
		wantChanged(t, r, "last_activity_date", "2026-03-02", "latest, same time, rank billing(2) > webinar(4)", "billing", t1)
		r = mergeOne(t, p, "last_activity_date", cur, "2026-03-02", "webinar", t1)
		wantRefused(t, r, "last_activity_date", "2026-03-02", "same time as current (latest), rank webinar(4) <= webinar(4)", cur)
	})
}

func TestMergeNeverOverwriteAndOnlyFrom(t *testing.T) {
	p := testPrecedence(t)
	t.Run("should set a never_overwrite field only while it is empty", func(t *testing.T) {
		r := mergeOne(t, p, "lead_source", schemas.PropertyValue{}, "webinar", "webinar", t0)
		wantChanged(t, r, "lead_source", "webinar", ReasonNewValue, "webinar", t0)
		cur := pv("webinar", "webinar", t0)
		r = mergeOne(t, p, "lead_source", cur, "billing", "crm", t2)
		wantRefused(t, r, "lead_source", "billing", ReasonNeverOverwrite, cur)
	})
	t.Run("should refuse a source outside only_from, even on an empty field", func(t *testing.T) {
		r := mergeOne(t, p, "billing_address", schemas.PropertyValue{}, "1 Main St", "webinar", t0)
		wantRefused(t, r, "billing_address", "1 Main St", "only_from [billing, crm]", schemas.PropertyValue{})
		if _, ok := r.Properties["billing_address"]; ok {
			t.Fatal("a refused field appeared in Properties")
		}
	})
	t.Run("should apply the policy among the only_from sources", func(t *testing.T) {
		cur := pv("1 Main St", "crm", t0)
		r := mergeOne(t, p, "billing_address", cur, "2 Main St", "billing", t2)
		wantRefused(t, r, "billing_address", "2 Main St", "rank billing(2) < crm(1)", cur)
	})
}

func TestMergeEmptyAndSameValues(t *testing.T) {
	p := testPrecedence(t)
	t.Run("should never erase a known value with an empty one, and not report it", func(t *testing.T) {
		// Given a record with an e-mail
		current := map[string]schemas.PropertyValue{"email": pv("a@x.com", "web_form", t0)}
		// When even the strongest source sends blank values, for a known and an unknown field
		r := p.Merge(current, map[string]string{"email": "", "phone": "  \t"}, "crm", t2)
		// Then nothing changes and nothing is refused
		if len(r.Changed)+len(r.Refused) != 0 || !maps.Equal(r.Properties, current) {
			t.Fatalf("got %+v, want the record unchanged and no decisions", r)
		}
	})
	t.Run("should not count the current value as a change, and keep its provenance", func(t *testing.T) {
		// Given a value set by the webinar tool
		current := map[string]schemas.PropertyValue{"jobtitle": pv("CTO", "webinar", t0)}
		// When billing confirms the same value later
		r := p.Merge(current, map[string]string{"jobtitle": "CTO"}, "billing", t2)
		// Then there is nothing to write and the provenance is unchanged
		if len(r.Changed)+len(r.Refused) != 0 || r.Updates() != nil || !maps.Equal(r.Properties, current) {
			t.Fatalf("got %+v, want no change and the current provenance", r)
		}
	})
	t.Run("should return a non-nil record for an empty one, without touching the caller's maps", func(t *testing.T) {
		r := p.Merge(nil, nil, "billing", t0)
		if r.Properties == nil || len(r.Properties) != 0 || r.Updates() != nil {
			t.Fatalf("got %+v, want an empty, non-nil record and no updates", r)
		}
		current := map[string]schemas.PropertyValue{"jobtitle": pv("CTO", "webinar", t0)}
		before := maps.Clone(current)
		p.Merge(current, map[string]string{"jobtitle": "CFO", "phone": "+1"}, "billing", t1)
		if !maps.Equal(current, before) {
			t.Fatalf("Merge modified current: %v", current)
		}
	})
}

func TestMergeResult(t *testing.T) {
	p := testPrecedence(t)
	t.Run("should sort decisions by field name and list only changed fields in Updates", func(t *testing.T) {
		// Given a record with values from several sources
		current := map[string]schemas.PropertyValue{
			"jobtitle":    pv("CTO", "billing", t0),
			"lastname":    pv("Smith", "webinar", t0),
			"lead_source": pv("import", "import", t0),
		}
		// When a web form sends five fields
		incoming := map[string]string{
			"lastname": "Smyth", "firstname": "Robert", "jobtitle": "CEO",
			"lead_source": "web", "billing_address": "1 Main St",
		}
		r := p.Merge(current, incoming, "web_form", t1)
		// Then the decisions come sorted, whatever the map order
		wantChangedList := []schemas.FieldDecision{
			decision("firstname", "Robert", ReasonNewValue),
			decision("lastname", "Smyth", "rank web_form(3) >= webinar(4)"),
		}
		wantRefusedList := []schemas.FieldDecision{
			decision("billing_address", "1 Main St", "only_from [billing, crm]"),
			decision("jobtitle", "CEO", "rank web_form(3) < billing(2)"),
			decision("lead_source", "web", ReasonNeverOverwrite),
		}
		if !reflect.DeepEqual(r.Changed, wantChangedList) || !reflect.DeepEqual(r.Refused, wantRefusedList) {
			t.Fatalf("changed %+v\nrefused %+v\nwant changed %+v\nrefused %+v", r.Changed, r.Refused, wantChangedList, wantRefusedList)
		}
		if got, want := r.Updates(), map[string]string{"firstname": "Robert", "lastname": "Smyth"}; !maps.Equal(got, want) {
			t.Fatalf("Updates() = %v, want %v", got, want)
		}
		if len(r.Properties) != 4 || r.Properties["jobtitle"] != current["jobtitle"] {
			t.Fatalf("Properties = %v, want the 3 current fields (jobtitle kept) plus firstname", r.Properties)
		}
	})
}
