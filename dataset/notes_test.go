package dataset

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func notesOf(t *testing.T, header string, opts ...Option) []string {
	t.Helper()
	rd, err := NewReader(strings.NewReader(header+"\n"), opts...)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return rd.Notes()
}

func TestMappingNotes(t *testing.T) {
	t.Run("should say which column a loosely named header was taken as", func(t *testing.T) {
		notes := notesOf(t, "id,firstname,FIRST-NAME-X,LAST-NAME,E-mail")
		want := []string{`column "firstname" taken as first_name`, `column "LAST-NAME" taken as last_name`, `column "E-mail" taken as email`}
		if len(notes) != len(want) {
			t.Fatalf("notes %q, want %d", notes, len(want))
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(notes, "\n"), w) {
				t.Errorf("no note %q in %q", w, notes)
			}
		}
	})
	for _, header := range []string{
		"Record ID,First Name,Last Name,Email,Phone Number,State/Region,Country/Region", // HubSpot's export
		"unique_id,first_name,surname,dob,city,email",                                   // snake_case
		"RECORD_ID,PRIMARY_NAME_FIRST,PRIMARY_NAME_LAST,ADDR_LINE1,SSN_NUMBER",          // Senzing
		"id,firstName,LastName,emailAddress",                                            // camelCase, PascalCase
	} {
		t.Run("should say nothing of usual names: "+header, func(t *testing.T) {
			if notes := notesOf(t, header); len(notes) != 0 {
				t.Errorf("notes %q", notes)
			}
		})
	}
	t.Run("should say that several columns of one kind give one value, in order", func(t *testing.T) {
		notes := notesOf(t, "Email,Work Email,Street,Address 2")
		if len(notes) != 1 || !strings.Contains(notes[0], `"Email", "Work Email" all taken as email`) {
			t.Errorf("notes %q", notes)
		}
	})
	t.Run("should say which of two columns of one name is left out", func(t *testing.T) {
		notes := notesOf(t, "First Name,first_name")
		if len(notes) != 1 || !strings.Contains(notes[0], `column "first_name" left out: "First Name"`) {
			t.Errorf("notes %q", notes)
		}
	})
	t.Run("should say when --map found a column under another spelling", func(t *testing.T) {
		notes := notesOf(t, "Given,FIRST-NAME", WithMapping(Mapping{match.KindFirstName: {"first name"}}))
		if len(notes) != 1 || !strings.Contains(notes[0], `--map first_name=first name took column "FIRST-NAME"`) {
			t.Errorf("notes %q", notes)
		}
		if notes := notesOf(t, "Given,FIRST-NAME", WithMapping(Mapping{match.KindFirstName: {"FIRST-NAME"}})); len(notes) != 0 {
			t.Errorf("exact --map: notes %q", notes)
		}
	})
	t.Run("should not note the truth column", func(t *testing.T) {
		truth, err := ParseTruth(TruthFormatFebrl, "rec_id")
		if err != nil {
			t.Fatal(err)
		}
		if notes := notesOf(t, "rec_id, given_name, surname", WithTruth(truth)); len(notes) != 0 {
			t.Errorf("notes %q", notes)
		}
	})
}

func TestColumnMappedTwiceIsRefused(t *testing.T) {
	_, err := NewReader(strings.NewReader("id,Contact\n"), WithMapping(Mapping{match.KindEmail: {"Contact"}, match.KindPhone: {"contact"}}))
	if !errors.Is(err, ErrColumnTwice) || !strings.Contains(err.Error(), `"Contact" is both email and phone`) {
		t.Errorf("err = %v", err)
	}
}

// No header names two kinds by the aliases alone: detection cannot map a
// column twice.
func TestAliasesAreOfOneKind(t *testing.T) {
	seen := map[string]match.Kind{}
	for _, a := range columnAliases {
		for _, c := range a.columns {
			if k, ok := seen[columnKey(c)]; ok && k != a.kind {
				t.Errorf("alias %q is %s and %s", c, k, a.kind)
			}
			seen[columnKey(c)] = a.kind
		}
	}
}
