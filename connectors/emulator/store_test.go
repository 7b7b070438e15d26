package emulator

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

func TestCreate(t *testing.T) {
	ctx := context.Background()

	t.Run("should give sequential ids and HubSpot's computed properties", func(t *testing.T) {
		e, clock := newTestEmulator(t, Config{})
		a := mustCreate(t, e, map[string]string{"email": "a@example.com", "firstname": "Ann"})
		b := mustCreate(t, e, map[string]string{"email": "b@example.com"})
		if a.ID != "1001" || b.ID != "1002" {
			t.Fatalf("ids %s, %s", a.ID, b.ID)
		}
		want := formatTime(clock.Now())
		if a.ID != "1001" || a.Properties["createdate"] != want || a.Properties["lastmodifieddate"] != want {
			t.Errorf("properties %v", a.Properties)
		}
		if !a.CreatedAt.Equal(clock.Now()) || !a.UpdatedAt.Equal(clock.Now()) || a.Archived {
			t.Errorf("contact %+v", a)
		}
	})

	t.Run("should refuse an e-mail held in another case with a 409 naming the holder", func(t *testing.T) {
		// Given a contact with an e-mail
		e, _ := newTestEmulator(t, Config{})
		first := mustCreate(t, e, map[string]string{"email": "Ann@Example.com"})
		// When another is created with the same e-mail in another case
		_, err := e.Create(ctx, map[string]string{"email": "ann@example.COM"})
		// Then it is a conflict naming the first
		cf := asConflict(t, err)
		if cf.ExistingID != first.ID || cf.Message != "Contact already exists. Existing ID: "+first.ID || cf.CorrelationID == "" {
			t.Errorf("conflict %+v", cf)
		}
		if n := e.Stats().Records; n != 1 {
			t.Errorf("records = %d", n)
		}
	})

	t.Run("should treat additional e-mails as held", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		first := mustCreate(t, e, map[string]string{"email": "a@example.com", "hs_additional_emails": "old@example.com; other@example.com"})
		_, err := e.Create(ctx, map[string]string{"email": "OTHER@example.com"})
		if cf := asConflict(t, err); cf.ExistingID != first.ID {
			t.Errorf("existing id %s", cf.ExistingID)
		}
		_, err = e.Create(ctx, map[string]string{"email": "new@example.com", "hs_additional_emails": "a@example.com"})
		asConflict(t, err)
	})

	t.Run("should reject invalid input with HubSpot's codes in the message", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		for _, tc := range []struct {
			props map[string]string
			code  string
		}{
			{map[string]string{"email": "not-an-email"}, CodeInvalidEmail},
			{map[string]string{"email": "a@b"}, CodeInvalidEmail},
			{map[string]string{"email": " a@example.com"}, CodeInvalidEmail},
			{map[string]string{"hs_additional_emails": "ok@x.com;nope"}, CodeInvalidEmail},
			{map[string]string{"FirstName": "Ann"}, CodePropertyDoesntExist},
			{map[string]string{"first-name": "Ann"}, CodePropertyDoesntExist},
			{map[string]string{"hs_object_id": "7"}, CodeReadOnlyValue},
			{map[string]string{"email": "a@example.com", "lastmodifieddate": "x"}, CodeReadOnlyValue},
		} {
			_, err := e.Create(ctx, tc.props)
			va := asValidation(t, err)
			if va.Status != 400 || va.Category != CategoryValidation || !strings.Contains(va.Message, tc.code) {
				t.Errorf("create %v: %+v, want %s", tc.props, va, tc.code)
			}
		}
		if n := e.Stats().Records; n != 0 {
			t.Errorf("records = %d", n)
		}
	})

	t.Run("should allow contacts without an e-mail", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		mustCreate(t, e, map[string]string{"firstname": "Ann"})
		mustCreate(t, e, map[string]string{"firstname": "Ann", "email": ""})
	})
}

func TestGet(t *testing.T) {
	ctx := context.Background()
	e, _ := newTestEmulator(t, Config{})
	c := mustCreate(t, e, map[string]string{"email": "a@example.com", "firstname": "Ann", "phone": "+3312"})

	t.Run("should return every property when none are named", func(t *testing.T) {
		got, err := e.Get(ctx, c.ID, nil)
		if err != nil || got.Properties["phone"] != "+3312" || got.Properties["firstname"] != "Ann" {
			t.Fatalf("get = %+v, %v", got, err)
		}
	})
	t.Run("should return the named properties and the computed ones", func(t *testing.T) {
		got, err := e.Get(ctx, c.ID, []string{"phone", "lastname"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Properties) != 3 || got.Properties["phone"] == "" || got.ID != c.ID {
			t.Errorf("properties %v", got.Properties)
		}
	})
	t.Run("should find by e-mail in any case", func(t *testing.T) {
		got, err := e.GetByEmail(ctx, "A@EXAMPLE.com", nil)
		if err != nil || got.ID != c.ID {
			t.Fatalf("get by email = %+v, %v", got, err)
		}
	})
	t.Run("should answer ErrNotFound for unknown ids and e-mails", func(t *testing.T) {
		for _, err := range []error{
			func() error { _, err := e.Get(ctx, "999", nil); return err }(),
			func() error { _, err := e.Get(ctx, "abc", nil); return err }(),
			func() error { _, err := e.GetByEmail(ctx, "nobody@example.com", nil); return err }(),
		} {
			if !errors.Is(err, connectors.ErrNotFound) {
				t.Errorf("err = %v", err)
			}
		}
	})
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()

	t.Run("should set values and clear those set to empty", func(t *testing.T) {
		e, clock := newTestEmulator(t, Config{})
		c := mustCreate(t, e, map[string]string{"email": "a@example.com", "firstname": "Ann", "phone": "1"})
		clock.Advance(time.Minute)
		got, err := e.Update(ctx, c.ID, map[string]string{"firstname": "Anne", "phone": ""})
		if err != nil {
			t.Fatal(err)
		}
		if got.Properties["firstname"] != "Anne" || got.Properties["phone"] != "" || !got.UpdatedAt.Equal(clock.Now()) {
			t.Errorf("updated %+v", got)
		}
		if _, has := got.Properties["phone"]; has {
			t.Error("phone still present")
		}
		if got.Properties["lastmodifieddate"] != formatTime(clock.Now()) || got.Properties["createdate"] == got.Properties["lastmodifieddate"] {
			t.Errorf("timestamps %v", got.Properties)
		}
	})

	t.Run("should refuse an e-mail held by another contact", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		a := mustCreate(t, e, map[string]string{"email": "a@example.com"})
		b := mustCreate(t, e, map[string]string{"email": "b@example.com"})
		_, err := e.Update(ctx, b.ID, map[string]string{"email": "A@example.com"})
		if cf := asConflict(t, err); cf.ExistingID != a.ID {
			t.Errorf("existing %s", cf.ExistingID)
		}
	})

	t.Run("should free the old e-mail when it changes", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		a := mustCreate(t, e, map[string]string{"email": "a@example.com"})
		if _, err := e.Update(ctx, a.ID, map[string]string{"email": "z@example.com"}); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, e, map[string]string{"email": "a@example.com"})
		if _, err := e.GetByEmail(ctx, "z@example.com", nil); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("should answer ErrNotFound for an unknown id", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		if _, err := e.Update(ctx, "5", map[string]string{"firstname": "x"}); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestList(t *testing.T) {
	ctx := context.Background()
	e, _ := newTestEmulator(t, Config{})
	for range 25 {
		mustCreate(t, e, map[string]string{"firstname": "x"})
	}

	t.Run("should page through every contact in id order", func(t *testing.T) {
		var ids []string
		after, pages := "", 0
		for {
			p, err := e.List(ctx, after, 10, []string{"firstname"})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Results {
				ids = append(ids, c.ID)
			}
			pages++
			if after = p.After; after == "" {
				break
			}
		}
		if len(ids) != 25 || pages != 3 || ids[0] != "1001" || ids[24] != "1025" {
			t.Errorf("ids %v in %d pages", ids, pages)
		}
	})
	t.Run("should refuse limits over 100 and bad cursors", func(t *testing.T) {
		_, err := e.List(ctx, "", 101, nil)
		asValidation(t, err)
		_, err = e.List(ctx, "x", 10, nil)
		asValidation(t, err)
	})
	t.Run("should default to pages of 10", func(t *testing.T) {
		p, err := e.List(ctx, "", 0, nil)
		if err != nil || len(p.Results) != 10 || p.After != "1010" {
			t.Fatalf("page = %d results, after %q, %v", len(p.Results), p.After, err)
		}
	})
}
