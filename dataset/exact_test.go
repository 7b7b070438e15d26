package dataset

import (
	"reflect"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestExactKeys(t *testing.T) {
	add := func(t *testing.T, e *ExactKeys, id string, f map[match.Kind]string) string {
		t.Helper()
		c, err := e.Add(id, f)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	t.Run("should link normalized e-mails, phones and national ids", func(t *testing.T) {
		e := NewExactKeys("")
		add(t, e, "a", map[match.Kind]string{match.KindEmail: "Bob.Smith@gmail.com"})
		if c := add(t, e, "b", map[match.Kind]string{match.KindEmail: " bobsmith+crm@googlemail.com"}); c != "a" {
			t.Errorf("gmail variant: cluster %q", c)
		}
		add(t, e, "c", map[match.Kind]string{match.KindPhone: "(415) 555-0132"})
		if c := add(t, e, "d", map[match.Kind]string{match.KindPhone: "+1 415 555 0132"}); c != "c" {
			t.Errorf("phone: cluster %q", c)
		}
		add(t, e, "e", map[match.Kind]string{match.KindNationalID: "294-66-9999"})
		if c := add(t, e, "f", map[match.Kind]string{match.KindNationalID: " 294 66 9999 "}); c != "e" {
			t.Errorf("national id: cluster %q", c)
		}
	})

	t.Run("should not link names, invalid values or placeholders", func(t *testing.T) {
		e := NewExactKeys("US")
		for i, f := range []map[match.Kind]string{
			{match.KindFirstName: "Bob", match.KindLastName: "Smith"},
			{match.KindFirstName: "Bob", match.KindLastName: "Smith"},
			{match.KindPhone: "555-555-5555"},
			{match.KindPhone: "555-555-5555"},
			{match.KindNationalID: "N/A"},
			{match.KindNationalID: "n/a"},
			{match.KindEmail: "not an address"},
			{match.KindEmail: "not an address"},
		} {
			id := string(rune('a' + i))
			if c := add(t, e, id, f); c != id {
				t.Errorf("record %d %v joined %q", i, f, c)
			}
		}
	})

	t.Run("should merge clusters that a later record links, named by the first record", func(t *testing.T) {
		e := NewExactKeys("US")
		add(t, e, "x", map[match.Kind]string{match.KindEmail: "x@example.com"})
		add(t, e, "y", map[match.Kind]string{match.KindPhone: "+44 20 7946 0958"})
		if c := add(t, e, "z", map[match.Kind]string{match.KindEmail: "x@example.com", match.KindPhone: "+442079460958"}); c != "x" {
			t.Errorf("z joined %q", c)
		}
		for _, id := range []string{"x", "y", "z"} {
			if c, ok := e.ClusterOf(id); !ok || c != "x" {
				t.Errorf("ClusterOf(%s) = %q, %v", id, c, ok)
			}
		}
		if _, ok := e.ClusterOf("nobody"); ok {
			t.Error("unknown id found")
		}
	})

	t.Run("should refuse an id added twice", func(t *testing.T) {
		e := NewExactKeys("US")
		add(t, e, "a", nil)
		if _, err := e.Add("a", nil); err == nil {
			t.Error("accepted")
		}
	})

	t.Run("should read national phone numbers in the record's country", func(t *testing.T) {
		got := ExactMatchKeys(map[match.Kind]string{match.KindPhone: "020 7946 0958", match.KindCountry: "United Kingdom"}, "US")
		if want := []string{"phone:+442079460958"}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}
