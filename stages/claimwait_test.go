package stages

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

// slowCreates holds every create until release is closed, as a create
// queued behind a rate limiter is held; entered is signalled once per
// create.
type slowCreates struct {
	*emulator.Emulator
	entered chan struct{}
	release chan struct{}
}

func (s *slowCreates) hold() {
	s.entered <- struct{}{}
	<-s.release
}

func (s *slowCreates) Create(ctx context.Context, p map[string]string) (connectors.Contact, error) {
	s.hold()
	return s.Emulator.Create(ctx, p)
}

func (s *slowCreates) BatchCreate(ctx context.Context, in []map[string]string) (connectors.BatchResult, error) {
	s.hold()
	return s.Emulator.BatchCreate(ctx, in)
}

func (s *slowCreates) BatchUpsert(ctx context.Context, in []connectors.UpsertInput) (connectors.BatchResult, error) {
	s.hold()
	return s.Emulator.BatchUpsert(ctx, in)
}

func TestClaimWait(t *testing.T) {
	t.Run("should wait for the claim's owner instead of spending an attempt", func(t *testing.T) {
		// Given an event whose create is held (behind a rate limiter, say)
		var crm *slowCreates
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM {
			crm = &slowCreates{Emulator: em, entered: make(chan struct{}, 4), release: make(chan struct{})}
			return crm
		}))
		first, second := e.event("crm"), e.event("web")
		first.Email, first.FirstName, first.LastName = "ana.lima@example.com", "Ana", "Lima"
		second.Email, second.Phone = "ana.lima@example.com", "+14155550123"
		var (
			wg         sync.WaitGroup
			outA       *schemas.Outcome
			errA, errB error
			outB       *schemas.Outcome
		)
		wg.Go(func() { outA, errA = e.process(first) })
		<-crm.entered
		// When a second event of the same person is applied once meanwhile
		wg.Go(func() {
			job, err := e.g.Prepare(t.Context(), kafkaRecord(t, second))
			if err != nil {
				errB = err
				return
			}
			outB, errB = e.g.Apply(t.Context(), job)
		})
		deadline := time.Now().Add(10 * time.Second)
		for e.g.attempts.waiting.Load() == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the second event did not wait for the first's attempt")
			}
			time.Sleep(time.Millisecond)
		}
		close(crm.release)
		wg.Wait()
		// Then its one Apply waited for the first's attempt and found its record
		if errA != nil || errB != nil {
			t.Fatalf("first: %v; second: %v", errA, errB)
		}
		if outA.RecordID != outB.RecordID || e.records() != 1 {
			t.Fatalf("records %s and %s, %d in the CRM; want one", outA.RecordID, outB.RecordID, e.records())
		}
	})
}
