package stages_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestBridgeMergeOnTheBroker runs bridge merges through the processor on
// the broker: an event that links two records of one person merges them
// exactly once, a merge the CRM did before a crash (the index write lost)
// is finished without a second one, and a replay from offset 0 changes
// nothing in the CRM.
func TestBridgeMergeOnTheBroker(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		for _, crashed := range []bool{false, true} {
			name := "linked by an event"
			if crashed {
				name = "merged in the CRM before a crash"
			}
			t.Run(name, func(t *testing.T) {
				p := newPipeline(t, c, emulator.Config{})
				es := &events{prefix: kafkatest.Name(t, "")}
				jesse := func(source, ext, company, phone string) schemas.ContactEvent {
					e := es.next(source)
					e.ExternalID, e.FirstName, e.LastName, e.Company, e.Phone = ext, "Jesse", "Butler", company, phone
					return e
				}
				// Given Jesse Butler from billing without a company, and
				// from a form with a company and a phone: two records
				first := []*kgo.Record{
					record(t, jesse("billing", "cus_42", "", ""), "billing:cus_42", 0),
					record(t, jesse("web_form", "", "Birch Financial", "+1 973 555 5333"), "+19735555333", 1),
				}
				p.produce(first...)
				r := p.start(kafkatest.Name(t, "g1"), nil)
				r.waitFor(t, len(first), time.Minute)
				outs, _ := r.ledger.exactlyOnce(t, first)
				a, b := outs[0].RecordID, outs[1].RecordID
				if a == b || p.crm.Stats().Records != 2 {
					t.Fatalf("records %s and %s; %d in the CRM; the test wants two", a, b, p.crm.Stats().Records)
				}
				if crashed {
					// An earlier attempt merged them and crashed before
					// its index write.
					if _, err := p.crm.Merge(context.Background(), a, b); err != nil {
						t.Fatal(err)
					}
				}

				// When billing's next event links them by name and company
				link := record(t, jesse("billing", "cus_42", "Birch Financial & Co.", ""), "billing:cus_42", 0)
				p.produce(link)
				all := append(slices.Clone(first), link)
				r.waitFor(t, len(all), time.Minute)

				// Then it merges the form's record into billing's, once
				outs, _ = r.ledger.exactlyOnce(t, all)
				if got := outs[2]; got.Action != schemas.ActionMerged || got.RecordID != a || !slices.Equal(got.MergedIDs, []string{b}) {
					t.Fatalf("linking event: %s on %s merged %v; want merged %s into %s", got.Action, got.RecordID, got.MergedIDs, b, a)
				}
				// (after a crash: the merge before it, and one the CRM refuses
				// as done, which the gatekeeper checks and accepts)
				wantMerges := 1
				if crashed {
					wantMerges = 2
				}
				if n := p.crm.Stats().ByOperation[emulator.OpMerge]; n != wantMerges || p.crm.Stats().Records != 1 {
					t.Fatalf("%d merge requests, %d records in the CRM; want %d and 1", n, p.crm.Stats().Records, wantMerges)
				}
				// and the merged-away record leaves the compacted outcome
				// topic: its last record is a tombstone
				var last *kgo.Record
				for _, rec := range p.readTopic(p.topics.Outcomes) {
					if string(rec.Key) == b {
						last = rec
					}
				}
				if last == nil || last.Value != nil {
					t.Fatalf("the outcome topic's last record for %s is %v, want a tombstone", b, last)
				}
				if err := r.stop(); err != nil {
					t.Fatal(err)
				}

				// When another group replays the topic from offset 0 on the
				// same index
				before := writes(p.crm.Stats())
				again := p.start(kafkatest.Name(t, "g2"), nil)
				again.waitFor(t, len(all), time.Minute)

				// Then nothing changes in the CRM, and every event lands on
				// the survivor
				if after := writes(p.crm.Stats()); !maps.Equal(before, after) {
					t.Fatalf("the replay wrote to the CRM: %v, then %v", before, after)
				}
				replayed, _ := again.ledger.exactlyOnce(t, all)
				for i, o := range replayed {
					if o.RecordID != a {
						t.Errorf("replayed event %d on %s, want the survivor %s", i, o.RecordID, a)
					}
				}
			})
		}
	})
}
