package stages

import (
	"slices"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestDetailKeysKeepOlderDetails(t *testing.T) {
	// Given Jane Doe's record, once seen at postcode 2600 with her old
	// personal address
	old := match.NewProfile(map[match.Kind]string{match.KindFirstName: "Jane", match.KindLastName: "Doe",
		match.KindDOB: "1985-03-12", match.KindPostcode: "2600", match.KindEmail: "jdoe77@mail.example"}, match.Options{})
	// When she moves and writes from a new work address
	cur := match.NewProfile(map[match.Kind]string{match.KindFirstName: "Jane", match.KindLastName: "Doe",
		match.KindDOB: "1985-03-12", match.KindPostcode: "2615", match.KindEmail: "jane.doe1985@newjob.example"}, match.Options{})
	keys := detailKeys(match.DetailBlockKeys(&cur), match.DetailBlockKeys(&old))
	// Then the old postcode and the old address still find her, and the
	// ends of either address are left to the index, which makes them from
	// every address the record holds (state.Record.Keys)
	for _, want := range []string{"pc:2600:j", "pc:2600:d", "eml:jdoe77:"} {
		if !slices.Contains(keys, want) {
			t.Errorf("keys %q lack %q", keys, want)
		}
	}
	if i := slices.IndexFunc(keys, match.IsEmailSlipKey); i >= 0 {
		t.Errorf("keys %q hold the slip key %q", keys, keys[i])
	}
}
