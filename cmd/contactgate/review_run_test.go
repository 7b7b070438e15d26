package main

import (
	"context"
	"testing"

	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// TestVerdictsReopened: run forgets a reject that a reviewer took back
// (the review page's undo writes the pair open and reopened), and a
// proposal, open but never reopened, leaves a reject standing.
func TestVerdictsReopened(t *testing.T) {
	ix, err := state.Open("", state.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	v := &verdicts{ix: ix}
	pair := [2]string{"101", "202"}
	distinct := func() bool {
		t.Helper()
		d, err := ix.Distinct(pair[0], pair[1])
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	apply := func(item schemas.ReviewItem) {
		t.Helper()
		item.RecordIDs = pair
		if err := v.apply(context.Background(), item); err != nil {
			t.Fatal(err)
		}
	}

	// Given a rejected pair
	apply(schemas.ReviewItem{Status: schemas.ReviewRejected})
	// When the pair is proposed again (a proposal in flight)
	apply(schemas.ReviewItem{Status: schemas.ReviewOpen, Proposed: schemas.ProposedMerge})
	// Then it stays distinct
	if !distinct() {
		t.Fatal("a proposal cleared the reject")
	}
	// When the reviewer takes the reject back
	apply(schemas.ReviewItem{Status: schemas.ReviewOpen, Reopened: true})
	// Then run forgets it
	if distinct() {
		t.Error("the reject taken back still holds the pair apart")
	}
}
