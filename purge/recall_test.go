package purge

import (
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestEstimateBlockingRecall(t *testing.T) {
	p := func(f map[match.Kind]string) match.Profile { return match.NewProfile(f, match.Options{}) }
	profiles := []match.Profile{
		p(map[match.Kind]string{match.KindEmail: "ann@acme.com", match.KindFirstName: "Ann", match.KindLastName: "Lee"}),
		p(map[match.Kind]string{match.KindEmail: "ann@acme.com", match.KindFirstName: "Ann", match.KindLastName: "Lee"}),
		p(map[match.Kind]string{match.KindEmail: "bo@acme.com", match.KindFirstName: "Bo", match.KindLastName: "Diaz"}),
		p(map[match.Kind]string{match.KindEmail: "bo@acme.com", match.KindFirstName: "Robert", match.KindLastName: "Dias"}),
		p(map[match.Kind]string{match.KindEmail: "cy@acme.com", match.KindFirstName: "Cy", match.KindLastName: "Hart"}),
		p(map[match.Kind]string{match.KindEmail: "cy.hart@home.org", match.KindFirstName: "Cy", match.KindLastName: "Hart"}),
	}
	// Found in the match band: one pair by both groups of keys, one by the
	// e-mail alone, one by the names alone. Each group found one of the
	// two the other found: recall 1/2 each, 3/4 together.
	pairs := []Pair{{L: 0, R: 1, Band: match.BandMatch}, {L: 2, R: 3, Band: match.BandMatch}, {L: 4, R: 5, Band: match.BandMatch},
		{L: 0, R: 2, Band: match.BandPossible}}
	if got := estimateBlockingRecall(profiles, pairs); got != 0.75 {
		t.Errorf("estimate %.3f, want 0.75", got)
	}
	if got := estimateBlockingRecall(profiles, pairs[:1]); got != 1 {
		t.Errorf("one pair found by both: estimate %.3f, want 1", got)
	}
	if got := estimateBlockingRecall(profiles, pairs[1:2]); got != 0 {
		t.Errorf("names found nothing: estimate %.3f, want 0 (unknown)", got)
	}
}
