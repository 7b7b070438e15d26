package stages

import (
	"context"
	"strconv"
	"testing"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// BenchmarkPrepareApplyIndexHitUnchanged measures the common case: an event
// for a contact the index knows, which changes nothing (no CRM request).
// Each iteration decodes (Avro, wire format), validates, normalizes
// (e-mail, phone, names), looks the index up, merges, and writes the index
// (the processed event id).
func BenchmarkPrepareApplyIndexHitUnchanged(b *testing.B) {
	e := newEnv(b)
	ev := e.event("web_form")
	ev.Email, ev.Phone, ev.FirstName, ev.LastName, ev.Company = "ann.lee@acme.com", "+1 415 555 0123", "Ann", "Lee", "Acme Inc."
	ev.Properties = map[string]string{"jobtitle": "CTO", "city": "Oakland"}
	if _, err := e.process(ev); err != nil {
		b.Fatal(err)
	}
	recs := make([]*kgo.Record, b.N)
	for i := range recs {
		ev.EventID = "bench-" + strconv.Itoa(i)
		recs[i] = kafkaRecord(b, ev)
	}
	before := e.crm.Stats().Total
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		job, err := e.g.Prepare(ctx, recs[i])
		if err != nil {
			b.Fatal(err)
		}
		out, err := e.g.Apply(ctx, job)
		if err != nil || out.Action != schemas.ActionUnchanged {
			b.Fatalf("%v %+v", err, out)
		}
	}
	b.StopTimer()
	if n := e.crm.Stats().Total - before; n != 0 {
		b.Fatalf("%d CRM requests", n)
	}
}
