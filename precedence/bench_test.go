package precedence

import (
	"strconv"
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// BenchmarkMerge merges a typical event (8 properties: identifiers, activity,
// a billing address refused, an unchanged value, a blank one) into a record
// of 20 properties set by several sources.
func BenchmarkMerge(b *testing.B) {
	p := Default()
	sources := []string{"crm", "billing", "web_form", "webinar", "import"}
	current := make(map[string]schemas.PropertyValue, 20)
	for i := range 14 {
		current["custom_"+strconv.Itoa(i)] = pv("value "+strconv.Itoa(i), sources[i%len(sources)], t0)
	}
	current["email"] = pv("r.smith@acme.com", "billing", t0)
	current["phone"] = pv("+14155550100", "web_form", t0)
	current["firstname"] = pv("Robert", "billing", t0)
	current["lastname"] = pv("Smith", "billing", t0)
	current["billing_address"] = pv("1 Market St", "billing", t0)
	current["last_activity_date"] = pv("2026-03-01", "web_form", t0)
	incoming := map[string]string{
		"email": "r.smith@acme.com", "phone": "+14155550199", "firstname": "Bob",
		"company": "Acme", "jobtitle": "CFO", "billing_address": "2 Main St",
		"last_activity_date": "2026-03-02", "custom_3": "",
	}
	b.ReportAllocs()
	for b.Loop() {
		r := p.Merge(current, incoming, "webinar", t1)
		if len(r.Properties) != 22 {
			b.Fatalf("got %d properties, want 22", len(r.Properties))
		}
	}
}
