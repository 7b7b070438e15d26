package stages

import (
	"context"
	"errors"
	"slices"
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

	t.Run("should report redirects that run in a cycle as a corrupt index, not to retry", func(t *testing.T) {
		// Given an index whose redirects run in a cycle: B merged into A,
		// then A into B, which redirects A to B and, as a record merged
		// into A before, B to itself
		e, a, b := bridgeEnv(t)
		if err := e.ix.Apply(state.Write{Record: state.Record{ID: a.RecordID}, MergedIDs: []string{b.RecordID}}); err != nil {
			t.Fatal(err)
		}
		if err := e.ix.Apply(state.Write{Record: state.Record{ID: b.RecordID}, MergedIDs: []string{a.RecordID}}); err != nil {
			t.Fatal(err)
		}

		// When the survivor of A is asked for
		got, err := e.g.survivorOf(a.RecordID)

		// Then the answer is an error that names the cycle and is
		// classified as corruption: neither retried nor paused for
		var cycle *RedirectCycleError
		if !errors.As(err, &cycle) || !errors.Is(err, state.ErrCorrupt) {
			t.Fatalf("survivorOf(%s) = %q, %v; want a *RedirectCycleError wrapping state.ErrCorrupt", a.RecordID, got, err)
		}
		if len(cycle.Chain) < 2 || cycle.Chain[0] != a.RecordID || !slices.Contains(cycle.Chain[:len(cycle.Chain)-1], cycle.Chain[len(cycle.Chain)-1]) {
			t.Errorf("chain %v: want it to start at %s and end on a record seen before", cycle.Chain, a.RecordID)
		}
		if e.g.Retryable(err) || e.g.Pause(err) {
			t.Errorf("%v is retryable (%v) or a pause (%v): reading again finds the same cycle", err, e.g.Retryable(err), e.g.Pause(err))
		}

		// And a reviewer's accept of the pair fails with it, merging nothing
		merged := merges(e)
		if out, err := e.g.MergeAccepted(context.Background(), [2]string{a.RecordID, b.RecordID}); !errors.As(err, &cycle) || out != nil {
			t.Fatalf("MergeAccepted = %+v, %v; want the cycle", out, err)
		}
		if merges(e) != merged {
			t.Errorf("%d merge calls, want %d", merges(e), merged)
		}
	})
}
