package stages

import (
	"errors"
	"testing"

	"github.com/contactgate/contactgate/state"
)

func TestSurvivorOf(t *testing.T) {
	t.Run("should follow a record's redirects to its survivor", func(t *testing.T) {
		// Given record B merged into A, and a record that was never held
		// merged into B before (its redirect now leads to A)
		e, a, b := bridgeEnv(t)
		if err := e.ix.Apply(state.Write{Record: state.Record{ID: b.RecordID}, MergedIDs: []string{"gone"}}); err != nil {
			t.Fatal(err)
		}
		recA, _, err := e.ix.Get(a.RecordID)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.ix.Apply(state.Write{Record: recA, MergedIDs: []string{b.RecordID}}); err != nil {
			t.Fatal(err)
		}
		// Then each leads to A, and A to itself
		for _, id := range []string{"gone", b.RecordID, a.RecordID} {
			if got, err := e.g.survivorOf(id); err != nil || got != a.RecordID {
				t.Errorf("survivorOf(%s) = %q, %v; want %s", id, got, err, a.RecordID)
			}
		}
	})

	t.Run("should follow a merge made back the other way to the record that survives it", func(t *testing.T) {
		// Given B merged into A, then A into B (another instance's merge,
		// made the other way): the index used to redirect B to itself
		e, a, b := bridgeEnv(t)
		if err := e.ix.Apply(state.Write{Record: state.Record{ID: a.RecordID}, MergedIDs: []string{b.RecordID}}); err != nil {
			t.Fatal(err)
		}
		if err := e.ix.Apply(state.Write{Record: state.Record{ID: b.RecordID}, MergedIDs: []string{a.RecordID}}); err != nil {
			t.Fatal(err)
		}

		// Then both lead to B, and nothing runs in a cycle
		for _, id := range []string{a.RecordID, b.RecordID} {
			if got, err := e.g.survivorOf(id); err != nil || got != b.RecordID {
				t.Errorf("survivorOf(%s) = %q, %v; want %s", id, got, err, b.RecordID)
			}
		}
		if _, ok, err := e.ix.Get(b.RecordID); err != nil || !ok {
			t.Fatalf("B is not live: %v, %v", ok, err)
		}
	})
}

func TestRedirectCycleIsCorruption(t *testing.T) {
	// An index written before absorb stopped redirecting a survivor to
	// itself can hold a cycle; reading it again finds the same cycle.
	e, _, _ := bridgeEnv(t)
	var err error = &RedirectCycleError{Chain: []string{"1", "2", "2"}}
	if !errors.Is(err, state.ErrCorrupt) || e.g.Retryable(err) || e.g.Pause(err) {
		t.Fatalf("%v: corrupt %v, retryable %v, pause %v", err, errors.Is(err, state.ErrCorrupt), e.g.Retryable(err), e.g.Pause(err))
	}
}
