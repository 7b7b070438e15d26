package crmtest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func eq(prop, value string) connectors.Filter {
	return connectors.Filter{PropertyName: prop, Operator: connectors.OpEQ, Value: value}
}

func group(fs ...connectors.Filter) connectors.FilterGroup {
	return connectors.FilterGroup{Filters: fs}
}

func searchIDs(t *testing.T, crm connectors.CRM, groups ...connectors.FilterGroup) []string {
	t.Helper()
	page, err := crm.Search(t.Context(), connectors.SearchRequest{FilterGroups: groups, Limit: 100})
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	ids := make([]string, len(page.Results))
	for i, c := range page.Results {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	if page.Total != len(ids) {
		t.Errorf("search total %d, results %d", page.Total, len(ids))
	}
	return ids
}

func testSearch(t *testing.T, newCRM Factory) {
	t.Run("should miss a contact right after its create and find it after the lag", func(t *testing.T) {
		// Given a search index that lags two seconds
		f := setup(t, newCRM, emulator.Config{SearchLag: 2 * time.Second})
		c, err := f.crm.Create(t.Context(), props("email", "new@example.com", "phone", "+14155550100"))
		if err != nil {
			t.Fatal(err)
		}
		// When we search at once, then after the lag
		before := searchIDs(t, f.crm, group(eq("email", "new@example.com")))
		f.clock.Advance(2 * time.Second)
		after := searchIDs(t, f.crm, group(eq("email", "new@example.com")))
		// Then the first search misses and the second finds it
		if len(before) != 0 || !slices.Equal(after, []string{c.ID}) {
			t.Fatalf("search before the lag %v, after %v; want [] then [%s]", before, after, c.ID)
		}
		// And a consistent read found it all along
		if got, err := f.crm.GetByEmail(t.Context(), "new@example.com", nil); err != nil || got.ID != c.ID {
			t.Fatalf("GetByEmail = %v, %v", got.ID, err)
		}
	})

	t.Run("should keep serving the old value of an update until the lag passes", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{SearchLag: time.Second})
		ctx := t.Context()
		c, _ := f.crm.Create(ctx, props("email", "x@example.com", "company", "Acme"))
		f.clock.Advance(time.Second)
		if _, err := f.crm.Update(ctx, c.ID, props("company", "Globex")); err != nil {
			t.Fatal(err)
		}
		if ids := searchIDs(t, f.crm, group(eq("company", "Acme"))); !slices.Equal(ids, []string{c.ID}) {
			t.Fatalf("old value before the lag: %v", ids)
		}
		f.clock.Advance(time.Second)
		if ids := searchIDs(t, f.crm, group(eq("company", "Acme"))); len(ids) != 0 {
			t.Fatalf("old value after the lag: %v", ids)
		}
		if ids := searchIDs(t, f.crm, group(eq("company", "Globex"))); !slices.Equal(ids, []string{c.ID}) {
			t.Fatalf("new value after the lag: %v", ids)
		}
	})

	t.Run("should apply every operator, AND inside a group and OR across groups", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		mk := func(kv ...string) string {
			c, err := f.crm.Create(ctx, props(kv...))
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		bob := mk("email", "bob@acme.com", "firstname", "Bob", "lastname", "Smith", "company", "Acme Corp", "phone", "+14155550100")
		nancy := mk("email", "nancy@acme.com", "firstname", "Nancy", "lastname", "Campbell", "company", "Acme Corp", "phone", "+14155550100")
		nicole := mk("email", "nicole@globex.com", "firstname", "Nicole", "lastname", "Campbell", "company", "Globex")
		ids := func(s ...string) []string { slices.Sort(s); return s }

		for _, tc := range []struct {
			name   string
			groups []connectors.FilterGroup
			want   []string
		}{
			{"EQ ignores case", []connectors.FilterGroup{group(eq("lastname", "CAMPBELL"))}, ids(nancy, nicole)},
			{"AND in a group", []connectors.FilterGroup{group(eq("lastname", "Campbell"), eq("company", "Acme Corp"))}, ids(nancy)},
			{"OR across groups", []connectors.FilterGroup{group(eq("firstname", "Bob")), group(eq("firstname", "Nicole"))}, ids(bob, nicole)},
			{"NEQ", []connectors.FilterGroup{group(connectors.Filter{PropertyName: "company", Operator: connectors.OpNEQ, Value: "Acme Corp"})}, ids(nicole)},
			{"IN", []connectors.FilterGroup{group(connectors.Filter{PropertyName: "email", Operator: connectors.OpIN, Values: []string{"bob@acme.com", "nicole@globex.com", "nobody@x.org"}})}, ids(bob, nicole)},
			{"HAS_PROPERTY", []connectors.FilterGroup{group(connectors.Filter{PropertyName: "phone", Operator: connectors.OpHasProperty})}, ids(bob, nancy)},
			{"CONTAINS_TOKEN", []connectors.FilterGroup{group(connectors.Filter{PropertyName: "company", Operator: connectors.OpContainsToken, Value: "corp"})}, ids(bob, nancy)},
			{"shared phone", []connectors.FilterGroup{group(eq("phone", "+14155550100"))}, ids(bob, nancy)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := searchIDs(t, f.crm, tc.groups...); !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}
	})

	t.Run("should page through results with after", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		for i := range 25 {
			if _, err := f.crm.Create(ctx, props("email", emailN(i), "company", "Initech")); err != nil {
				t.Fatal(err)
			}
		}
		seen, after := map[string]bool{}, ""
		for pages := 1; ; pages++ {
			page, err := f.crm.Search(ctx, connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{group(eq("company", "Initech"))}, Limit: 10, After: after})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 25 {
				t.Fatalf("total %d, want 25", page.Total)
			}
			for _, c := range page.Results {
				seen[c.ID] = true
			}
			if after = page.After; after == "" {
				if pages != 3 || len(seen) != 25 {
					t.Fatalf("%d pages, %d contacts; want 3 and 25", pages, len(seen))
				}
				break
			}
		}
	})

	t.Run("should refuse requests over the documented caps", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		need(t, f.caps().MaxSearchFilterGroups > 0, "caps search requests")
		many := func(n int) []connectors.Filter {
			fs := make([]connectors.Filter, n)
			for i := range fs {
				fs[i] = eq("firstname", "x")
			}
			return fs
		}
		for name, groups := range map[string][]connectors.FilterGroup{
			"6 groups":            {group(many(1)...), group(many(1)...), group(many(1)...), group(many(1)...), group(many(1)...), group(many(1)...)},
			"7 filters in one":    {group(many(7)...)},
			"19 filters in total": {group(many(5)...), group(many(5)...), group(many(5)...), group(many(4)...)},
		} {
			_, err := f.crm.Search(t.Context(), connectors.SearchRequest{FilterGroups: groups})
			var ve *connectors.ValidationError
			if !errors.As(err, &ve) || ve.Status != 400 {
				t.Errorf("%s: %v, want a 400 ValidationError", name, err)
			}
		}
		_, err := f.crm.Search(t.Context(), connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{group(eq("firstname", "x"))}, After: "10000", Limit: 10})
		if !errors.Is(err, connectors.ErrValidation) {
			t.Errorf("paging past 10,000: %v, want a ValidationError", err)
		}
	})
}
