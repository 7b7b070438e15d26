package emulator

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
)

func TestBatchCreate(t *testing.T) {
	ctx := context.Background()

	t.Run("should create every input", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		res, err := e.BatchCreate(ctx, []map[string]string{{"email": "a@example.com"}, {"email": "b@example.com"}})
		if err != nil || len(res.Results) != 2 || len(res.Errors) != 0 {
			t.Fatalf("%+v, %v", res, err)
		}
	})

	t.Run("should fail whole when one e-mail exists", func(t *testing.T) {
		// Given a contact
		e, _ := newTestEmulator(t, Config{})
		held := mustCreate(t, e, map[string]string{"email": "b@example.com"})
		// When a batch holds its e-mail among new ones
		_, err := e.BatchCreate(ctx, []map[string]string{{"email": "a@example.com"}, {"email": "B@example.com"}, {"email": "c@example.com"}})
		// Then one 409 names it and nothing is created
		if cf := asConflict(t, err); cf.ExistingID != held.ID {
			t.Errorf("existing %s", cf.ExistingID)
		}
		if n := e.Stats().Records; n != 1 {
			t.Errorf("records = %d", n)
		}
		if _, err := e.GetByEmail(ctx, "a@example.com", nil); err == nil {
			t.Error("a@example.com was created")
		}
	})

	t.Run("should fail whole when the batch holds an e-mail twice", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		_, err := e.BatchCreate(ctx, []map[string]string{{"email": "a@example.com"}, {"email": "x@example.com", "hs_additional_emails": "A@example.com"}})
		if cf := asConflict(t, err); cf.ExistingID != "" || !strings.Contains(cf.Message, "a@example.com") {
			t.Errorf("%+v", cf)
		}
		if n := e.Stats().Records; n != 0 {
			t.Errorf("records = %d", n)
		}
	})

	t.Run("should fail whole on an invalid input", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		_, err := e.BatchCreate(ctx, []map[string]string{{"email": "a@example.com"}, {"email": "nope"}})
		asValidation(t, err)
		if n := e.Stats().Records; n != 0 {
			t.Errorf("records = %d", n)
		}
	})

	t.Run("should refuse more than 100 inputs", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		_, err := e.BatchCreate(ctx, make([]map[string]string, 101))
		asValidation(t, err)
	})
}

func TestBatchRead(t *testing.T) {
	ctx := context.Background()
	e, _ := newTestEmulator(t, Config{})
	a := mustCreate(t, e, map[string]string{"email": "a@example.com"})
	b := mustCreate(t, e, map[string]string{"email": "b@example.com"})

	t.Run("should read by id and by e-mail", func(t *testing.T) {
		res, err := e.BatchRead(ctx, []string{a.ID, b.ID}, "", nil)
		if err != nil || !slices.Equal(ids(res.Results), []string{a.ID, b.ID}) || res.Errors != nil {
			t.Fatalf("%+v, %v", res, err)
		}
		res, err = e.BatchRead(ctx, []string{"B@example.com"}, "email", []string{"email"})
		if err != nil || !slices.Equal(ids(res.Results), []string{b.ID}) {
			t.Fatalf("%+v, %v", res, err)
		}
	})

	t.Run("should list missing ids in one OBJECT_NOT_FOUND error", func(t *testing.T) {
		res, err := e.BatchRead(ctx, []string{"1", a.ID, "2"}, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(res.Results), []string{a.ID}) || len(res.Errors) != 1 {
			t.Fatalf("%+v", res)
		}
		if ie := res.Errors[0]; ie.Category != CategoryNotFound || !slices.Equal(ie.IDs, []string{"1", "2"}) {
			t.Errorf("%+v", ie)
		}
	})

	t.Run("should refuse the same id twice, an e-mail in any case", func(t *testing.T) {
		_, err := e.BatchRead(ctx, []string{"a@example.com", "A@example.com"}, "email", nil)
		if va := asValidation(t, err); !strings.Contains(va.Message, "Duplicate IDs found in batch input") {
			t.Errorf("%+v", va)
		}
	})

	t.Run("should refuse a non-unique idProperty", func(t *testing.T) {
		_, err := e.BatchRead(ctx, []string{"Ann"}, "firstname", nil)
		asValidation(t, err)
	})
}

func TestBatchUpdate(t *testing.T) {
	ctx := context.Background()
	e, _ := newTestEmulator(t, Config{})
	a := mustCreate(t, e, map[string]string{"email": "a@example.com"})
	b := mustCreate(t, e, map[string]string{"email": "b@example.com"})

	t.Run("should update, and report missing ids and conflicts per item", func(t *testing.T) {
		res, err := e.BatchUpdate(ctx, []connectors.UpdateInput{
			{ID: a.ID, Properties: map[string]string{"firstname": "Ann"}},
			{ID: "77", Properties: map[string]string{"firstname": "x"}},
			{ID: b.ID, Properties: map[string]string{"email": "a@example.com"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(res.Results), []string{a.ID}) || res.Results[0].Properties["firstname"] != "Ann" {
			t.Errorf("results %+v", res.Results)
		}
		categories := []string{}
		for _, ie := range res.Errors {
			categories = append(categories, ie.Category+":"+strings.Join(ie.IDs, ","))
		}
		if !slices.Equal(categories, []string{"CONFLICT:" + b.ID, "OBJECT_NOT_FOUND:77"}) {
			t.Errorf("errors %v", categories)
		}
	})

	t.Run("should refuse the same id twice", func(t *testing.T) {
		_, err := e.BatchUpdate(ctx, []connectors.UpdateInput{{ID: a.ID}, {ID: a.ID}})
		asValidation(t, err)
	})
}

func TestBatchUpsert(t *testing.T) {
	ctx := context.Background()

	t.Run("should create the new and update the existing, saying which", func(t *testing.T) {
		// Given one existing contact
		e, _ := newTestEmulator(t, Config{})
		old := mustCreate(t, e, map[string]string{"email": "old@example.com", "firstname": "Old"})
		// When upserting it and a new one by e-mail
		res, err := e.BatchUpsert(ctx, []connectors.UpsertInput{
			{ID: "OLD@example.com", IDProperty: "email", Properties: map[string]string{"lastname": "Timer"}},
			{ID: "new@example.com", IDProperty: "email", Properties: map[string]string{"firstname": "New"}},
		})
		// Then each result says whether it is new
		if err != nil || len(res.Results) != 2 || res.Errors != nil {
			t.Fatalf("%+v, %v", res, err)
		}
		got, created := res.Results[0], res.Results[1]
		if got.ID != old.ID || got.New || got.Properties["lastname"] != "Timer" || got.Properties["firstname"] != "Old" {
			t.Errorf("existing %+v", got)
		}
		if !created.New || created.Properties["email"] != "new@example.com" || created.Properties["firstname"] != "New" {
			t.Errorf("new %+v", created)
		}
	})

	t.Run("should find the contact by an additional e-mail", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		c := mustCreate(t, e, map[string]string{"email": "a@example.com", "hs_additional_emails": "alias@example.com"})
		res, err := e.BatchUpsert(ctx, []connectors.UpsertInput{{ID: "alias@example.com", IDProperty: "email"}})
		if err != nil || res.Results[0].ID != c.ID || res.Results[0].New {
			t.Fatalf("%+v, %v", res, err)
		}
	})

	t.Run("should report a conflict per item", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		a := mustCreate(t, e, map[string]string{"email": "a@example.com"})
		res, err := e.BatchUpsert(ctx, []connectors.UpsertInput{
			{ID: "b@example.com", IDProperty: "email", Properties: map[string]string{"hs_additional_emails": "a@example.com"}},
			{ID: "c@example.com", IDProperty: "email"},
		})
		if err != nil || len(res.Results) != 1 || len(res.Errors) != 1 {
			t.Fatalf("%+v, %v", res, err)
		}
		if ie := res.Errors[0]; ie.Category != CategoryConflict || ie.Message != conflictMessage(a.ID) || ie.IDs[0] != "b@example.com" {
			t.Errorf("%+v", ie)
		}
	})

	for _, idProperty := range []string{"hs_object_id", "firstname", ""} {
		t.Run(fmt.Sprintf("should refuse upserts by %q", idProperty), func(t *testing.T) {
			e, _ := newTestEmulator(t, Config{})
			_, err := e.BatchUpsert(ctx, []connectors.UpsertInput{{ID: "1", IDProperty: idProperty}})
			asValidation(t, err)
		})
	}

	t.Run("should refuse the same e-mail twice", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		_, err := e.BatchUpsert(ctx, []connectors.UpsertInput{{ID: "a@x.com", IDProperty: "email"}, {ID: "A@x.com", IDProperty: "email"}})
		asValidation(t, err)
	})
}
