package batch

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func TestBatcherCreatesByKey(t *testing.T) {
	t.Run("should upsert the creates by key in flight together, tell found from new, and isolate a refused one", func(t *testing.T) {
		// Given a contact that holds k-3 already, and a CRM that refuses
		// the first name "Bad"
		crm := emulator.New(emulator.Config{Reject: func(p, v string) bool { return p == "firstname" && v == "Bad" }})
		held := mustCreate(t, crm, map[string]string{"firstname": "Old", connectors.PropContactgateKey: "k-3"})
		b := newTestBatcher(t, crm, connectors.MaxBatch, time.Hour)

		// When five attempts create by key at once, the last with the refused value
		got := make([]connectors.Contact, 5)
		errs := make([]error, 5)
		attempts(b, 5, func(i int) {
			key, name := fmt.Sprint("k-", i), fmt.Sprint("P", i)
			if i == 4 {
				name = "Bad"
			}
			got[i], errs[i] = b.CreateByKey(t.Context(), key, map[string]string{"firstname": name, connectors.PropContactgateKey: key})
		})

		// Then each gets its own contact: new ones, and k-3's holder updated
		for i := range 4 {
			switch {
			case errs[i] != nil:
				t.Errorf("caller %d: %v", i, errs[i])
			case got[i].Properties["firstname"] != fmt.Sprint("P", i):
				t.Errorf("caller %d got %+v", i, got[i].Properties)
			case i == 3 && (got[i].ID != held.ID || got[i].New):
				t.Errorf("caller 3 got %s new=%t, want %s found", got[i].ID, got[i].New, held.ID)
			case i != 3 && !got[i].New:
				t.Errorf("caller %d got %s, not new", i, got[i].ID)
			}
		}
		// And the refused one its own rejection, nothing created for it
		if !errors.Is(errs[4], connectors.ErrValidation) {
			t.Errorf("caller 4: %v, want a rejection", errs[4])
		}
		if st := crm.Stats(); st.Records != 4 || st.Create != 1 || st.ByOperation[emulator.OpBatchUpsert] < 2 {
			t.Errorf("%d records, %d creates, %d upserts; want 4 records (one made beforehand) by split upserts", st.Records, st.Create, st.ByOperation[emulator.OpBatchUpsert])
		}
	})
}
