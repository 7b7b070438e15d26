package batch

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// nonUniqueEmail is the emulator declaring that its e-mails are not unique
// (as Salesforce's).
type nonUniqueEmail struct{ *emulator.Emulator }

func (n nonUniqueEmail) Capabilities() connectors.Capabilities {
	c := n.Emulator.Capabilities()
	c.UniqueEmail = false
	return c
}

func TestBatchCreateConflicts(t *testing.T) {
	const never = time.Hour // linger: only the other triggers send

	t.Run("should settle a refused batch with one read and one resend, however many conflict", func(t *testing.T) {
		// Given two contacts holding e-mails that two of ten creates bring
		crm := emulator.New(emulator.Config{})
		held := map[int]connectors.Contact{
			3: mustCreate(t, crm, map[string]string{"email": "p3@example.com", "firstname": "Three"}),
			7: mustCreate(t, crm, map[string]string{"email": "p7@example.com", "firstname": "Seven"}),
		}
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)
		before := crm.Stats()

		// When ten creates go in one batch
		got := make([]connectors.Contact, 10)
		errs := make([]error, 10)
		attempts(b, 10, func(i int) {
			got[i], errs[i] = b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("P%d@example.com", i)}, []string{"email", "firstname"})
		})

		// Then the two get conflicts naming their holders, with the
		// holders' properties, and the eight others are created, in three
		// requests: the refused batch, one batch read, the resend
		for i, err := range errs {
			var conflict *connectors.ConflictError
			h, isHeld := held[i]
			switch {
			case isHeld && (!errors.As(err, &conflict) || conflict.ExistingID != h.ID || got[i].ID != h.ID || got[i].Properties["firstname"] != h.Properties["firstname"]):
				t.Errorf("caller %d: %v, contact %+v; want a conflict with contact %s, and it", i, err, got[i], h.ID)
			case !isHeld && err != nil:
				t.Errorf("caller %d: %v", i, err)
			}
		}
		after := crm.Stats()
		if n := after.Total - before.Total; n != 3 || after.ByOperation[emulator.OpBatchRead] != 1 || after.Records != 10 {
			t.Errorf("%d requests (%v), %d records; want 3 (one batch read) and 10", n, after.ByOperation, after.Records)
		}
	})

	t.Run("should split the batch where the CRM's e-mails are not unique", func(t *testing.T) {
		// Given a CRM that declares no unique e-mails (its emulator still
		// refuses one) and a contact holding one of five creates' e-mails
		em := emulator.New(emulator.Config{})
		holder := mustCreate(t, em, map[string]string{"email": "p2@example.com"})
		b := newTestBatcher(t, nonUniqueEmail{em}, connectors.MaxBatch, never)

		// When five creates go in one batch
		errs := make([]error, 5)
		attempts(b, 5, func(i int) {
			_, errs[i] = b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@example.com", i)}, nil)
		})

		// Then the batch is halved, never read
		var conflict *connectors.ConflictError
		if !errors.As(errs[2], &conflict) || conflict.ExistingID != holder.ID {
			t.Errorf("caller 2: %v, want a conflict with %s", errs[2], holder.ID)
		}
		if st := em.Stats(); st.ByOperation[emulator.OpBatchRead] != 0 || st.Records != 5 {
			t.Errorf("%d batch reads, %d records; want 0 and 5", st.ByOperation[emulator.OpBatchRead], st.Records)
		}
	})
}
