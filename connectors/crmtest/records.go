package crmtest

import (
	"errors"
	"strconv"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

var allProps = []string{connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName,
	connectors.PropPhone, connectors.PropCompany, "jobtitle"}

func testRecords(t *testing.T, newCRM Factory) {
	t.Run("should read a created contact by id and by e-mail in any case", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		created, err := f.crm.Create(ctx, props("email", "Robert.Smith@AcmeCorp.com", "firstname", "Robert", "jobtitle", "CFO"))
		if err != nil {
			t.Fatal(err)
		}
		if created.ID == "" || created.Properties["firstname"] != "Robert" {
			t.Fatalf("created %+v", created)
		}
		byID, err := f.crm.Get(ctx, created.ID, allProps)
		if err != nil || byID.ID != created.ID || byID.Properties["jobtitle"] != "CFO" {
			t.Fatalf("Get = %+v, %v", byID, err)
		}
		byEmail, err := f.crm.GetByEmail(ctx, "robert.smith@acmecorp.com", allProps)
		if err != nil || byEmail.ID != created.ID {
			t.Fatalf("GetByEmail = %+v, %v", byEmail, err)
		}
	})

	t.Run("should answer 409 naming the first id when the e-mail exists in another case", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		need(t, f.refusesDuplicateEmail(), "refuses duplicate e-mails")
		ctx := t.Context()
		first, err := f.crm.Create(ctx, props("email", "bob@example.com"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.crm.Create(ctx, props("email", "BOB@Example.COM", "firstname", "Bob"))
		var ce *connectors.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, connectors.ErrConflict) {
			t.Fatalf("second create = %v, want a ConflictError", err)
		}
		if ce.ExistingID != first.ID {
			t.Fatalf("conflict names %q, want %q", ce.ExistingID, first.ID)
		}
	})

	t.Run("should create a second contact with an e-mail held, and read the oldest by e-mail, when the CRM allows duplicates", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		need(t, !f.refusesDuplicateEmail(), "allows duplicate e-mails")
		ctx := t.Context()
		first, err := f.crm.Create(ctx, props("email", "bob@example.com", "firstname", "Robert"))
		if err != nil {
			t.Fatal(err)
		}
		second, err := f.crm.Create(ctx, props("email", "BOB@Example.COM", "firstname", "Bob"))
		if err != nil || second.ID == "" || second.ID == first.ID {
			t.Fatalf("second create = %+v, %v; want a second contact", second, err)
		}
		got, err := f.crm.GetByEmail(ctx, "Bob@example.com", allProps)
		if err != nil || got.ID != first.ID || got.Properties["firstname"] != "Robert" {
			t.Fatalf("GetByEmail = %+v, %v; want the oldest, %s", got, err, first.ID)
		}
	})

	t.Run("should report a missing contact as not found", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		if _, err := f.crm.Get(t.Context(), "999999", nil); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("Get = %v, want ErrNotFound", err)
		}
		if _, err := f.crm.GetByEmail(t.Context(), "nobody@example.com", nil); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("GetByEmail = %v, want ErrNotFound", err)
		}
	})

	t.Run("should reject an invalid e-mail as a validation error", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		_, err := f.crm.Create(t.Context(), props("email", "not-an-email"))
		var ve *connectors.ValidationError
		if !errors.As(err, &ve) || ve.Status != 400 || connectors.Retryable(err) {
			t.Fatalf("create = %v, want a permanent 400 ValidationError", err)
		}
	})

	t.Run("should update, clear with an empty value, and refuse another's e-mail", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		a, _ := f.crm.Create(ctx, props("email", "a@example.com", "jobtitle", "CFO", "company", "Acme"))
		b, _ := f.crm.Create(ctx, props("email", "b@example.com"))
		if _, err := f.crm.Update(ctx, a.ID, props("jobtitle", "CEO", "company", "")); err != nil {
			t.Fatal(err)
		}
		got, err := f.crm.Get(ctx, a.ID, allProps)
		if err != nil || got.Properties["jobtitle"] != "CEO" || got.Properties["company"] != "" {
			t.Fatalf("after update: %+v, %v", got.Properties, err)
		}
		_, err = f.crm.Update(ctx, b.ID, props("email", "A@example.com"))
		var ce *connectors.ConflictError
		switch {
		case f.refusesDuplicateEmail() && (!errors.As(err, &ce) || ce.ExistingID != a.ID):
			t.Fatalf("update to a's e-mail = %v, want a conflict naming %s", err, a.ID)
		case !f.refusesDuplicateEmail() && err != nil:
			t.Fatalf("update to a's e-mail in a CRM that allows duplicates = %v", err)
		}
		if _, err := f.crm.Update(ctx, "999999", props("jobtitle", "x")); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("update of a missing id = %v, want ErrNotFound", err)
		}
	})

	t.Run("should list every contact across pages", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		want := map[string]bool{}
		for i := range 23 {
			c, err := f.crm.Create(ctx, props("email", emailN(i)))
			if err != nil {
				t.Fatal(err)
			}
			want[c.ID] = true
		}
		seen := map[string]bool{}
		after, pages := "", 0
		for {
			page, err := f.crm.List(ctx, after, 10, []string{"email"})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, c := range page.Results {
				if seen[c.ID] {
					t.Fatalf("contact %s listed twice", c.ID)
				}
				seen[c.ID] = true
			}
			if after = page.After; after == "" {
				break
			}
		}
		if len(seen) != len(want) || pages != 3 {
			t.Fatalf("listed %d contacts in %d pages, want %d in 3", len(seen), pages, len(want))
		}
	})
}

func emailN(i int) string { return "person" + strconv.Itoa(i) + "@example.com" }
