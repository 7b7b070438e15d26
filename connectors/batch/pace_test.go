package batch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// pacedCRM is the emulator behind a limiter the test opens: AwaitPermit
// returns once the test sends on permits (or ctx ends).
type pacedCRM struct {
	*emulator.Emulator
	permits chan struct{}
}

func (p *pacedCRM) AwaitPermit(ctx context.Context, _ bool) (context.Context, error) {
	select {
	case <-p.permits:
		return ctx, nil
	case <-ctx.Done():
		return ctx, ctx.Err()
	}
}

// waitFor polls cond under the batcher's lock until it holds.
func waitFor(t *testing.T, b *Batcher, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b.mu.Lock()
		ok := cond()
		b.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPacedBatcher(t *testing.T) {
	const never = time.Hour // linger: only the other triggers send

	t.Run("should fill one batch with the calls that queue while a permit is awaited", func(t *testing.T) {
		// Given a CRM whose limiter holds its permits, and one attempt
		// whose create is ready to go and waits for a permit
		crm := &pacedCRM{Emulator: emulator.New(emulator.Config{}), permits: make(chan struct{})}
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)
		const n = 30
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := func(i int) {
			c := b.Enter()
			wg.Go(func() {
				defer c.Leave()
				_, errs[i] = b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@example.com", i)}, nil)
			})
		}
		start(0)
		waitFor(t, b, "a sender awaiting a permit", func() bool { return b.awaiting[limiterOf(callCreate)] })
		// When more attempts create while it waits, and then one permit comes
		for i := 1; i < n; i++ {
			start(i)
		}
		waitFor(t, b, "every create queued", func() bool { return len(b.queued[callCreate]) == n })
		crm.permits <- struct{}{}
		wg.Wait()
		// Then the one permit carried every create in one batch
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if st := crm.Stats(); st.Total != 1 || st.Batch != 1 || st.Records != n {
			t.Fatalf("%d requests (%d batch), %d records; want one batch create of %d", st.Total, st.Batch, st.Records, n)
		}
	})

	t.Run("should send a batch per permit when more than a batch is queued", func(t *testing.T) {
		crm := &pacedCRM{Emulator: emulator.New(emulator.Config{}), permits: make(chan struct{}, 2)}
		b := newTestBatcher(t, crm, 10, never)
		// Given 25 creates queued behind a limiter that has no permit yet
		var wg sync.WaitGroup
		for i := range 25 {
			c := b.Enter()
			wg.Go(func() {
				defer c.Leave()
				if _, err := b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("q%d@example.com", i)}, nil); err != nil {
					t.Error(err)
				}
			})
		}
		waitFor(t, b, "every create queued", func() bool { return len(b.queued[callCreate]) == 25 })
		// When permits come, one at a time
		for range 3 {
			crm.permits <- struct{}{}
		}
		wg.Wait()
		// Then each permit carried one batch of at most 10
		if st := crm.Stats(); st.Total != 3 || st.Records != 25 {
			t.Fatalf("%d requests, %d records; want 3 batches for 25 creates", st.Total, st.Records)
		}
	})

	t.Run("should answer the calls whose context ended before a permit, sending nothing", func(t *testing.T) {
		crm := &pacedCRM{Emulator: emulator.New(emulator.Config{}), permits: make(chan struct{})}
		b := newTestBatcher(t, crm, connectors.MaxBatch, never)
		ctx, cancel := context.WithCancel(t.Context())
		// Given an update and a read waiting for permits
		var wg sync.WaitGroup
		errs := make([]error, 2)
		attemptsStarted := func(i int, fn func() error) {
			c := b.Enter()
			wg.Go(func() {
				defer c.Leave()
				errs[i] = fn()
			})
		}
		attemptsStarted(0, func() error { _, err := b.Update(ctx, "1", map[string]string{"a": "b"}); return err })
		attemptsStarted(1, func() error { _, err := b.ReadByEmail(ctx, []string{"a@x.com"}, nil); return err })
		waitFor(t, b, "both queued, a permit awaited", func() bool {
			return len(b.queued[callUpdate]) == 1 && len(b.queued[callRead]) == 1 && b.awaiting[limiterOther]
		})
		// When their context ends
		cancel()
		wg.Wait()
		// Then both end with it and the CRM saw nothing: the write was
		// never sent, so it is not left in doubt
		for i, err := range errs {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("call %d: %v, want context.Canceled", i, err)
			}
		}
		if st := crm.Stats(); st.Total != 0 {
			t.Fatalf("%d requests reached the CRM", st.Total)
		}
	})
}

func TestPacedSearches(t *testing.T) {
	t.Run("should answer a phone search and a name search queued together with one search request", func(t *testing.T) {
		// Given two contacts, and a limiter that holds its permits
		crm := &pacedCRM{Emulator: emulator.New(emulator.Config{}), permits: make(chan struct{})}
		byPhone := mustCreate(t, crm, map[string]string{"email": "a@example.com", "phone": "+14155550100", "lastname": "Other"})
		byName := mustCreate(t, crm, map[string]string{"email": "b@example.com", "lastname": "Smith", "company": "Acme"})
		b := newTestBatcher(t, crm, connectors.MaxBatch, time.Hour)
		before := crm.Stats().Search

		// When a phone search and a name search wait for a permit, and one comes
		var wg sync.WaitGroup
		var phoneFound, nameFound []connectors.Contact
		var phoneErr, nameErr error
		for i := range 2 {
			c := b.Enter()
			wg.Go(func() {
				defer c.Leave()
				if i == 0 {
					phoneFound, phoneErr = b.SearchPhone(t.Context(), []string{"+14155550100"}, []string{"lastname"})
				} else {
					nameFound, nameErr = b.SearchName(t.Context(), "smith", "ACME", []string{"firstname"})
				}
			})
		}
		waitFor(t, b, "both searches queued", func() bool {
			return len(b.queued[callSearchPhone]) == 1 && len(b.queued[callSearchName]) == 1 && b.awaiting[limiterSearch]
		})
		crm.permits <- struct{}{}
		wg.Wait()

		// Then one request answered each with its own contact only
		if err := errors.Join(phoneErr, nameErr); err != nil {
			t.Fatal(err)
		}
		if len(phoneFound) != 1 || phoneFound[0].ID != byPhone.ID {
			t.Errorf("phone search found %v, want only contact %s", phoneFound, byPhone.ID)
		}
		if len(nameFound) != 1 || nameFound[0].ID != byName.ID {
			t.Errorf("name search found %v, want only contact %s", nameFound, byName.ID)
		}
		if n := crm.Stats().Search - before; n != 1 {
			t.Errorf("%d search requests, want 1", n)
		}
	})
}

func TestPickTheFullestQueue(t *testing.T) {
	queue := func(kind callKind, n int) []*call {
		q := make([]*call, n)
		for i := range q {
			q[i] = &call{kind: kind, weight: 1}
		}
		return q
	}

	t.Run("should give a permit to the fullest queue of the limiter's kinds", func(t *testing.T) {
		b := newTestBatcher(t, emulator.New(emulator.Config{}), connectors.MaxBatch, time.Hour)
		b.mu.Lock()
		defer b.mu.Unlock()
		b.queued[callRead], b.ready[callRead] = queue(callRead, 3), true
		b.queued[callUpdate], b.ready[callUpdate] = queue(callUpdate, 40), true
		b.queued[callSearchName], b.ready[callSearchName] = queue(callSearchName, 90), true // another limiter
		if k := b.pickLocked(limiterOther); k != callUpdate {
			t.Fatalf("picked kind %d, want the update queue (%d)", k, callUpdate)
		}
	})

	t.Run("should not pass over a ready queue for more than a bounded number of permits", func(t *testing.T) {
		b := newTestBatcher(t, emulator.New(emulator.Config{}), connectors.MaxBatch, time.Hour)
		b.mu.Lock()
		defer b.mu.Unlock()
		b.queued[callRead], b.ready[callRead] = queue(callRead, 1), true
		for permit := 1; ; permit++ {
			// Full batches of updates keep coming
			b.queued[callUpdate], b.ready[callUpdate] = queue(callUpdate, connectors.MaxBatch), true
			if k := b.pickLocked(limiterOther); k == callRead {
				if permit < 2 {
					t.Fatalf("the lone read went first, before a full batch")
				}
				return
			}
			if permit > 11 {
				t.Fatalf("the lone read was passed over for %d permits", permit)
			}
		}
	})
}

func TestPatience(t *testing.T) {
	const never = time.Hour // linger: only the other triggers send

	t.Run("should hold a queue short of a batch while callers are in flight, and send it once full", func(t *testing.T) {
		// Given a paced CRM with permits at hand, batches of 3, and a
		// patience that does not end within the test
		crm := &pacedCRM{Emulator: emulator.New(emulator.Config{}), permits: make(chan struct{}, 10)}
		for range 10 {
			crm.permits <- struct{}{}
		}
		b := newTestBatcher(t, crm, 3, never, WithPatience(time.Hour, time.Hour))
		var wg sync.WaitGroup
		errs := make([]error, 3)
		create := func(i int) {
			c := b.Enter()
			wg.Go(func() {
				defer c.Leave()
				_, errs[i] = b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("h%d@example.com", i)}, nil)
			})
		}
		// When two creates queue, every caller blocked on them
		create(0)
		create(1)
		waitFor(t, b, "two creates held", func() bool {
			return len(b.queued[callCreate]) == 2 && b.held[callCreate] != nil
		})
		// Then no sender asks for a permit for them
		b.mu.Lock()
		awaiting, ready := b.awaiting[limiterOther], b.ready[callCreate]
		b.mu.Unlock()
		if awaiting || ready || crm.Stats().Total != 0 {
			t.Fatalf("a short queue went before its patience ended (awaiting a permit %v, ready %v, %d requests)", awaiting, ready, crm.Stats().Total)
		}
		// And when a third fills the batch, the three go in one request
		create(2)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if st := crm.Stats(); st.Total != 1 || st.Records != 3 {
			t.Fatalf("%d requests, %d records; want one batch create of 3", st.Total, st.Records)
		}
	})

	t.Run("should send a short queue when its patience ends", func(t *testing.T) {
		crm := &pacedCRM{Emulator: emulator.New(emulator.Config{}), permits: make(chan struct{}, 1)}
		crm.permits <- struct{}{}
		b := newTestBatcher(t, crm, connectors.MaxBatch, never, WithPatience(time.Millisecond, time.Millisecond))
		attempts(b, 1, func(int) {
			if _, err := b.Create(t.Context(), map[string]string{"email": "lone@example.com"}, nil); err != nil {
				t.Error(err)
			}
		})
		if st := crm.Stats(); st.Total != 1 || st.Records != 1 {
			t.Fatalf("%d requests, %d records; want the lone create sent", st.Total, st.Records)
		}
	})

	t.Run("should hold searches by their own patience", func(t *testing.T) {
		// Given no patience for the other calls and a long one for searches
		crm := &pacedCRM{Emulator: emulator.New(emulator.Config{}), permits: make(chan struct{}, 10)}
		for range 10 {
			crm.permits <- struct{}{}
		}
		b := newTestBatcher(t, crm, connectors.MaxBatch, never, WithPatience(0, 0), WithSearchPatience(time.Hour, time.Hour))
		searcher, creator := b.Enter(), b.Enter()
		var wg sync.WaitGroup
		var searchErr error
		wg.Go(func() {
			defer searcher.Leave()
			_, searchErr = b.SearchPhone(t.Context(), []string{"+14155550100"}, nil)
		})
		// When a create is made while the search waits
		_, err := b.Create(t.Context(), map[string]string{"email": "first@example.com"}, nil)
		creator.Leave()
		// Then the create went, and the search is still held
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, b, "the search held", func() bool {
			return len(b.queued[callSearchPhone]) == 1 && b.held[callSearchPhone] != nil && !b.ready[callSearchPhone]
		})
		if st := crm.Stats(); st.Search != 0 || st.Create+st.Batch != 1 {
			t.Fatalf("%d searches, %d creates; want the create alone sent", st.Search, st.Create+st.Batch)
		}
		// And the searches that fill its batch send it, in one request
		for i := range connectors.MaxBatch - 1 {
			c := b.Enter()
			wg.Go(func() {
				defer c.Leave()
				if _, err := b.SearchPhone(t.Context(), []string{fmt.Sprintf("+1415555%04d", 200+i)}, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if searchErr != nil {
			t.Fatal(searchErr)
		}
		if st := crm.Stats(); st.Search != 1 {
			t.Fatalf("%d search requests, want one for the full batch", st.Search)
		}
	})

	t.Run("should refuse a negative patience", func(t *testing.T) {
		for _, opt := range []Option{WithPatience(-time.Millisecond, time.Second), WithSearchPatience(time.Millisecond, -time.Second)} {
			if _, err := New(emulator.New(emulator.Config{}), opt); !errors.Is(err, ErrInvalidOption) {
				t.Fatalf("New with a negative patience: %v, want ErrInvalidOption", err)
			}
		}
	})
}
