package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// attempts runs n attempts concurrently, each between Enter and Leave, as the
// gatekeeper's lanes do, and waits for them.
func attempts(b *Batcher, n int, fn func(i int)) {
	var wg sync.WaitGroup
	callers := make([]*Caller, n)
	for i := range n {
		callers[i] = b.Enter()
	}
	for i := range n {
		wg.Go(func() {
			defer callers[i].Leave()
			fn(i)
		})
	}
	wg.Wait()
}

func mustCreate(t *testing.T, crm connectors.CRM, props map[string]string) connectors.Contact {
	t.Helper()
	c, err := crm.Create(t.Context(), props)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBatcher(t *testing.T) {
	const never = time.Hour // linger: only the other triggers send

	t.Run("should send the creates of every attempt in flight as one batch create", func(t *testing.T) {
		crm := emulator.New(emulator.Config{})
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)

		got := make([]connectors.Contact, 10)
		errs := make([]error, 10)
		attempts(b, 10, func(i int) {
			got[i], errs[i] = b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@example.com", i)}, nil)
		})

		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for i, c := range got {
			ids[c.ID] = true
			if want := fmt.Sprintf("p%d@example.com", i); c.Properties["email"] != want {
				t.Errorf("caller %d got contact %s with e-mail %q, want %q", i, c.ID, c.Properties["email"], want)
			}
		}
		if st := crm.Stats(); st.Batch != 1 || st.Create != 0 || len(ids) != 10 || st.Records != 10 {
			t.Errorf("%d batch and %d single requests, %d distinct ids, %d records; want one batch of 10", st.Batch, st.Create, len(ids), st.Records)
		}
	})

	t.Run("should send a lone call after the linger when another attempt in flight does not call", func(t *testing.T) {
		crm := emulator.New(emulator.Config{})
		b := newTestBatcher(t, crm, connectors.MaxBatch, 30*time.Millisecond)
		busy := b.Enter() // a caller busy elsewhere
		defer busy.Leave()

		start := time.Now()
		attempts(b, 1, func(int) {
			if _, err := b.Create(t.Context(), map[string]string{"email": "alone@example.com"}, nil); err != nil {
				t.Error(err)
			}
		})

		if took := time.Since(start); took < 30*time.Millisecond {
			t.Errorf("sent after %s, before the linger", took)
		}
		if st := crm.Stats(); st.Create != 1 {
			t.Errorf("%d single creates, want 1", st.Create)
		}
	})

	t.Run("should split a batch of more than size inputs", func(t *testing.T) {
		crm := emulator.New(emulator.Config{})
		b := newTestBatcher(t, crm, 3, never)

		attempts(b, 7, func(i int) {
			if _, err := b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@example.com", i)}, nil); err != nil {
				t.Error(err)
			}
		})

		if st := crm.Stats(); st.Records != 7 || st.Batch+st.Create > 4 || st.Batch < 2 {
			t.Errorf("%d records in %d batch and %d single creates; want 7 in at most 4 requests", st.Records, st.Batch, st.Create)
		}
	})

	t.Run("should answer only the input whose e-mail exists with the conflict", func(t *testing.T) {
		// Given a contact holding taken@example.com
		crm := emulator.New(emulator.Config{})
		holder := mustCreate(t, crm, map[string]string{"email": "taken@example.com"})
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)

		// When five creates go in one batch, the third with that e-mail
		errs := make([]error, 5)
		attempts(b, 5, func(i int) {
			email := fmt.Sprintf("p%d@example.com", i)
			if i == 2 {
				email = "TAKEN@example.com"
			}
			_, errs[i] = b.Create(t.Context(), map[string]string{"email": email}, nil)
		})

		// Then it alone gets a conflict naming the holder, the others exist
		for i, err := range errs {
			var conflict *connectors.ConflictError
			switch {
			case i == 2 && (!errors.As(err, &conflict) || conflict.ExistingID != holder.ID):
				t.Errorf("caller 2: %v, want a conflict with contact %s", err, holder.ID)
			case i != 2 && err != nil:
				t.Errorf("caller %d: %v", i, err)
			}
		}
		if st := crm.Stats(); st.Records != 5 {
			t.Errorf("%d records, want 5", st.Records)
		}
	})

	t.Run("should answer each update with its own item error", func(t *testing.T) {
		// Given two contacts
		crm := emulator.New(emulator.Config{})
		a := mustCreate(t, crm, map[string]string{"email": "a@example.com"})
		c := mustCreate(t, crm, map[string]string{"email": "c@example.com"})
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)

		// When one batch updates a, a contact that does not exist, and c
		// with a's e-mail
		inputs := []struct {
			id    string
			props map[string]string
		}{
			{a.ID, map[string]string{"jobtitle": "CFO"}},
			{"999999", map[string]string{"jobtitle": "CTO"}},
			{c.ID, map[string]string{"email": "a@example.com"}},
		}
		errs := make([]error, len(inputs))
		attempts(b, len(inputs), func(i int) {
			_, errs[i] = b.Update(t.Context(), inputs[i].id, inputs[i].props)
		})

		// Then a is updated, the missing one is not found, c conflicts
		var conflict *connectors.ConflictError
		if errs[0] != nil || !errors.Is(errs[1], connectors.ErrNotFound) ||
			!errors.As(errs[2], &conflict) || conflict.ExistingID != a.ID {
			t.Errorf("errors %v; want nil, not found, conflict with %s", errs, a.ID)
		}
		if got, _ := crm.Get(t.Context(), a.ID, []string{"jobtitle"}); got.Properties["jobtitle"] != "CFO" {
			t.Errorf("a's job title %q", got.Properties["jobtitle"])
		}
		if st := crm.Stats(); st.Batch != 1 || st.Update != 0 {
			t.Errorf("%d batch and %d single updates, want one batch", st.Batch, st.Update)
		}
	})

	t.Run("should send two updates of one contact one after the other", func(t *testing.T) {
		crm := emulator.New(emulator.Config{Properties: []string{"p0", "p1", "p2"}})
		a := mustCreate(t, crm, map[string]string{"email": "a@example.com"})
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)

		errs := make([]error, 3)
		attempts(b, 3, func(i int) {
			_, errs[i] = b.Update(t.Context(), a.ID, map[string]string{fmt.Sprintf("p%d", i): "x"})
		})

		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		got, _ := crm.Get(t.Context(), a.ID, []string{"p0", "p1", "p2"})
		if got.Properties["p0"] != "x" || got.Properties["p1"] != "x" || got.Properties["p2"] != "x" {
			t.Errorf("properties %v, want all three updates", got.Properties)
		}
	})

	t.Run("should give each reader the contact of its own address", func(t *testing.T) {
		// Given x@a.com, who also has X.Other@b.com, and y@a.com
		crm := emulator.New(emulator.Config{})
		x := mustCreate(t, crm, map[string]string{"email": "x@a.com", emulator.PropAdditionalEmails: "x.other@b.com", "firstname": "X"})
		y := mustCreate(t, crm, map[string]string{"email": "y@a.com", "firstname": "Y"})
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)

		// When four attempts read in one batch
		reads := [][]string{{"x@a.com"}, {"nobody@a.com"}, {"X.Other@B.com"}, {"nobody@b.com", "y@a.com"}}
		got := make([]connectors.Contact, len(reads))
		errs := make([]error, len(reads))
		attempts(b, len(reads), func(i int) {
			got[i], errs[i] = b.ReadByEmail(t.Context(), reads[i], []string{"firstname"})
		})

		// Then each gets its own contact, and only what it asked for
		if errs[0] != nil || got[0].ID != x.ID || !errors.Is(errs[1], connectors.ErrNotFound) ||
			errs[2] != nil || got[2].ID != x.ID || errs[3] != nil || got[3].ID != y.ID {
			t.Errorf("ids %s %s %s %s, errors %v", got[0].ID, got[1].ID, got[2].ID, got[3].ID, errs)
		}
		if len(got[0].Properties) != 1 || got[0].Properties["firstname"] != "X" {
			t.Errorf("properties %v, want only firstname", got[0].Properties)
		}
		if !slices.Equal(got[2].AdditionalEmails, []string{"x.other@b.com"}) {
			t.Errorf("additional e-mails %q, want x.other@b.com whatever the read named", got[2].AdditionalEmails)
		}
		if st := crm.Stats(); st.Batch != 1 || st.Read != 1 {
			t.Errorf("%d batch requests, %d reads; want one batch read", st.Batch, st.Read)
		}
	})

	t.Run("should give each phone search its own results from one IN search", func(t *testing.T) {
		// Given two people with one number each (written two ways), and a
		// switchboard that 30 people share
		crm := emulator.New(emulator.Config{})
		ann := mustCreate(t, crm, map[string]string{"phone": "+14155550100", "lastname": "Ann"})
		bea := mustCreate(t, crm, map[string]string{"phone": "415-555-0199", "lastname": "Bea"})
		for i := range DefaultSearchCap + 5 {
			mustCreate(t, crm, map[string]string{"phone": "+14155550000", "lastname": fmt.Sprint("Staff", i)})
		}
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)

		searches := [][]string{{"+14155550100", "(415) 555-0100"}, {"+14155550199", "415-555-0199"}, {"+14155550000"}, {"+14155559999"}}
		got := make([][]connectors.Contact, len(searches))
		attempts(b, len(searches), func(i int) {
			var err error
			if got[i], err = b.SearchPhone(t.Context(), searches[i], []string{"lastname"}); err != nil {
				t.Error(err)
			}
		})

		ids := func(cs []connectors.Contact) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		if !slices.Equal(ids(got[0]), []string{ann.ID}) || !slices.Equal(ids(got[1]), []string{bea.ID}) || got[2] != nil || got[3] != nil {
			t.Errorf("results %v %v %v %v; want ann, bea, none (switchboard), none", ids(got[0]), ids(got[1]), ids(got[2]), ids(got[3]))
		}
		if st := crm.Stats(); st.Search != 1 {
			t.Errorf("%d searches, want 1", st.Search)
		}
	})

	t.Run("should find Robert by last name and company when Bob searches", func(t *testing.T) {
		crm := emulator.New(emulator.Config{})
		robert := mustCreate(t, crm, map[string]string{"firstname": "Robert", "lastname": "Smith", "company": "Acme"})
		mustCreate(t, crm, map[string]string{"firstname": "Robert", "lastname": "Smith", "company": "Initech"})
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)

		found, err := b.SearchName(t.Context(), " smith", "ACME ", []string{"firstname"})

		if err != nil || len(found) != 1 || found[0].ID != robert.ID || found[0].Properties["firstname"] != "Robert" {
			t.Fatalf("found %v, %v; want Robert at Acme", found, err)
		}
	})

	t.Run("should wait for a write whose caller gives up, and return promptly from a read", func(t *testing.T) {
		crm := emulator.New(emulator.Config{Latency: 100 * time.Millisecond})
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
		defer cancel()

		c, err := b.Create(ctx, map[string]string{"email": "late@example.com"}, nil)
		if err != nil || c.ID == "" {
			t.Errorf("create: %v; want the contact, since the write went out", err)
		}
		ctx, cancel = context.WithTimeout(t.Context(), 10*time.Millisecond)
		defer cancel()
		// The CRM runs the read without the caller's deadline
		// (callContext), so only a read that stopped waiting for it ends
		// with the deadline.
		if _, err := b.ReadByEmail(ctx, []string{"late@example.com"}, nil); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("read: %v; want the deadline, before the CRM answers", err)
		}
	})
}

// newTestBatcher is a Batcher of crm upserting by connectors.PropContactgateKey.
func newTestBatcher(t *testing.T, crm connectors.CRM, size int, linger time.Duration, opts ...Option) *Batcher {
	t.Helper()
	b, err := New(crm, append([]Option{WithSize(size), WithLinger(linger), WithKeyProperty(connectors.PropContactgateKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
