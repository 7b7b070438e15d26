package emulator

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

func eq(prop, value string) connectors.Filter {
	return connectors.Filter{PropertyName: prop, Operator: connectors.OpEQ, Value: value}
}

func ids(cs []connectors.Contact) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func groups(filters ...[]connectors.Filter) []connectors.FilterGroup {
	var gs []connectors.FilterGroup
	for _, f := range filters {
		gs = append(gs, connectors.FilterGroup{Filters: f})
	}
	return gs
}

func TestSearchLag(t *testing.T) {
	ctx := context.Background()
	byEmail := connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{eq("email", "a@example.com")})}

	t.Run("should miss a new contact until the lag has passed", func(t *testing.T) {
		// Given an index that lags 10 s
		e, clock := newTestEmulator(t, Config{SearchLag: 10 * time.Second})
		// When a contact is created
		c := mustCreate(t, e, map[string]string{"email": "a@example.com"})
		// Then search misses it while reads find it
		if p, err := e.Search(ctx, byEmail); err != nil || p.Total != 0 {
			t.Fatalf("search right after create = %+v, %v", p, err)
		}
		if _, err := e.GetByEmail(ctx, "a@example.com", nil); err != nil {
			t.Fatalf("consistent read: %v", err)
		}
		clock.Advance(9 * time.Second)
		if p, _ := e.Search(ctx, byEmail); p.Total != 0 {
			t.Fatalf("search after 9 s found %v", ids(p.Results))
		}
		// And finds it once the lag has passed
		clock.Advance(time.Second)
		if p, err := e.Search(ctx, byEmail); err != nil || p.Total != 1 || p.Results[0].ID != c.ID {
			t.Fatalf("search after the lag = %+v, %v", p, err)
		}
	})

	t.Run("should show the previous version until an update is visible", func(t *testing.T) {
		e, clock := newTestEmulator(t, Config{SearchLag: 5 * time.Second})
		c := mustCreate(t, e, map[string]string{"email": "a@example.com", "firstname": "Ann"})
		clock.Advance(5 * time.Second)
		if _, err := e.Update(ctx, c.ID, map[string]string{"firstname": "Anne"}); err != nil {
			t.Fatal(err)
		}
		req := connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{eq("firstname", "Anne")})}
		old := connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{eq("firstname", "Ann")})}
		if p, _ := e.Search(ctx, req); p.Total != 0 {
			t.Fatal("the update is visible at once")
		}
		if p, _ := e.Search(ctx, old); p.Total != 1 || p.Results[0].Properties["firstname"] != "Ann" {
			t.Fatalf("previous version: %+v", p)
		}
		clock.Advance(5 * time.Second)
		if p, _ := e.Search(ctx, req); p.Total != 1 || p.Results[0].Properties["firstname"] != "Anne" {
			t.Fatalf("after the lag: %+v", p)
		}
		if p, _ := e.Search(ctx, old); p.Total != 0 {
			t.Fatal("the old version is still found")
		}
	})
}

func TestSearchOperators(t *testing.T) {
	ctx := context.Background()
	e, _ := newTestEmulator(t, Config{})
	ann := mustCreate(t, e, map[string]string{"email": "ann@example.com", "firstname": "Ann", "company": "Acme Corp", "phone": "+331"})
	bob := mustCreate(t, e, map[string]string{"email": "bob@other.org", "firstname": "Bob", "company": "Globex"})
	cid := mustCreate(t, e, map[string]string{"firstname": "Cid", "company": "acme"})

	for _, tc := range []struct {
		name   string
		groups []connectors.FilterGroup
		want   []string
	}{
		{"should match EQ case-insensitively", groups([]connectors.Filter{eq("email", "ANN@example.com")}), []string{ann.ID}},
		{"should match EQ on an unindexed property", groups([]connectors.Filter{eq("hs_object_id", bob.ID)}), []string{bob.ID}},
		{"should match EQ \"\" on records without the property", groups([]connectors.Filter{eq("email", "")}), []string{cid.ID}},
		{"should match NEQ, records without the property included",
			groups([]connectors.Filter{{PropertyName: "firstname", Operator: connectors.OpNEQ, Value: "ann"}}), []string{bob.ID, cid.ID}},
		{"should match IN any of the values",
			groups([]connectors.Filter{{PropertyName: "firstname", Operator: connectors.OpIN, Values: []string{"bob", "CID", "zed"}}}), []string{bob.ID, cid.ID}},
		{"should match NOT_IN",
			groups([]connectors.Filter{{PropertyName: "firstname", Operator: opNotIn, Values: []string{"bob", "cid"}}}), []string{ann.ID}},
		{"should match HAS_PROPERTY", groups([]connectors.Filter{{PropertyName: "phone", Operator: connectors.OpHasProperty}}), []string{ann.ID}},
		{"should match NOT_HAS_PROPERTY", groups([]connectors.Filter{{PropertyName: "email", Operator: opNotHasProperty}}), []string{cid.ID}},
		{"should match CONTAINS_TOKEN on a word",
			groups([]connectors.Filter{{PropertyName: "company", Operator: connectors.OpContainsToken, Value: "ACME"}}), []string{ann.ID, cid.ID}},
		{"should match CONTAINS_TOKEN with a wildcard on the whole value",
			groups([]connectors.Filter{{PropertyName: "email", Operator: connectors.OpContainsToken, Value: "*@example.com"}}), []string{ann.ID}},
		{"should match CONTAINS_TOKEN with a wildcard on a word",
			groups([]connectors.Filter{{PropertyName: "company", Operator: connectors.OpContainsToken, Value: "glo*"}}), []string{bob.ID}},
		{"should match NOT_CONTAINS_TOKEN",
			groups([]connectors.Filter{{PropertyName: "company", Operator: opNotContainsToken, Value: "acme"}}), []string{bob.ID}},
		{"should AND the filters of a group",
			groups([]connectors.Filter{{PropertyName: "company", Operator: connectors.OpContainsToken, Value: "acme"}, eq("firstname", "cid")}), []string{cid.ID}},
		{"should OR the groups, each record once, in id order",
			groups([]connectors.Filter{eq("firstname", "cid")}, []connectors.Filter{eq("firstname", "ann")}, []connectors.Filter{eq("email", "ann@example.com")}),
			[]string{ann.ID, cid.ID}},
		{"should return everything without groups", nil, []string{ann.ID, bob.ID, cid.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := e.Search(ctx, connectors.SearchRequest{FilterGroups: tc.groups})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(p.Results); !slices.Equal(got, tc.want) || p.Total != len(tc.want) {
				t.Errorf("got %v (total %d), want %v", got, p.Total, tc.want)
			}
		})
	}

	t.Run("should return the named properties and the computed ones", func(t *testing.T) {
		p, err := e.Search(ctx, connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{eq("firstname", "ann")}), Properties: []string{"company"}})
		if err != nil || len(p.Results) != 1 {
			t.Fatalf("%+v, %v", p, err)
		}
		if got := p.Results[0].Properties; len(got) != 3 || got["company"] != "Acme Corp" || got["email"] != "" {
			t.Errorf("properties %v", got)
		}
	})
}

func TestSearchRejects(t *testing.T) {
	ctx := context.Background()
	e, _ := newTestEmulator(t, Config{})
	many := func(n int) []connectors.Filter {
		fs := make([]connectors.Filter, n)
		for i := range fs {
			fs[i] = eq("firstname", strconv.Itoa(i))
		}
		return fs
	}
	for _, tc := range []struct {
		name string
		req  connectors.SearchRequest
	}{
		{"should refuse more than 5 groups", connectors.SearchRequest{FilterGroups: groups(many(1), many(1), many(1), many(1), many(1), many(1))}},
		{"should refuse more than 6 filters in a group", connectors.SearchRequest{FilterGroups: groups(many(7))}},
		{"should refuse more than 18 filters in all", connectors.SearchRequest{FilterGroups: groups(many(5), many(5), many(5), many(4))}},
		{"should refuse a limit over 200", connectors.SearchRequest{Limit: 201}},
		{"should refuse paging past 10,000", connectors.SearchRequest{After: "10000"}},
		{"should refuse a cursor that is not an offset", connectors.SearchRequest{After: "abc"}},
		{"should refuse an unknown operator", connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{{PropertyName: "x", Operator: "GT", Value: "1"}})}},
		{"should refuse IN without values", connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{{PropertyName: "x", Operator: connectors.OpIN}})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Search(ctx, tc.req)
			if va := asValidation(t, err); va.Status != 400 || va.Category != CategoryValidation {
				t.Errorf("%+v", va)
			}
		})
	}
	t.Run("should accept exactly 18 filters in 3 groups of 6", func(t *testing.T) {
		if _, err := e.Search(ctx, connectors.SearchRequest{FilterGroups: groups(many(6), many(6), many(6))}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSearchPaging(t *testing.T) {
	ctx := context.Background()
	e, _ := newTestEmulator(t, Config{})
	for range 25 {
		mustCreate(t, e, map[string]string{"company": "acme"})
	}
	req := connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{eq("company", "acme")}), Limit: 10}

	t.Run("should page with an offset cursor until the last page", func(t *testing.T) {
		var got []string
		for pages := 1; ; pages++ {
			p, err := e.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != 25 {
				t.Fatalf("total %d", p.Total)
			}
			got = append(got, ids(p.Results)...)
			if p.After == "" {
				if pages != 3 {
					t.Errorf("%d pages", pages)
				}
				break
			}
			req.After = p.After
		}
		if len(got) != 25 || got[0] != "1001" || got[24] != "1025" {
			t.Errorf("ids %v", got)
		}
	})
	t.Run("should default to 10 results", func(t *testing.T) {
		p, _ := e.Search(ctx, connectors.SearchRequest{})
		if len(p.Results) != 10 || p.After != "10" {
			t.Errorf("%d results, after %q", len(p.Results), p.After)
		}
	})
	t.Run("should answer an empty page past the end", func(t *testing.T) {
		p, err := e.Search(ctx, connectors.SearchRequest{After: "40"})
		if err != nil || len(p.Results) != 0 || p.After != "" || p.Total != 25 {
			t.Errorf("%+v, %v", p, err)
		}
	})
}

func TestContainsToken(t *testing.T) {
	for _, tc := range []struct {
		value, pattern string
		want           bool
	}{
		{"Acme Corp", "corp", true},
		{"ann@example.com", "example", true},
		{"ann@example.com", "*@EXAMPLE.COM", true},
		{"ann@example.com", "ann*", true},
		{"ann@example.com", "*xam*", true},
		{"ann@example.com", "exam", false},
		{"Acme Corp", "acme corp", true},
		{"Acme Corp", "acmecorp", false},
	} {
		if got := containsToken(tc.value, tc.pattern); got != tc.want {
			t.Errorf("containsToken(%q, %q) = %v", tc.value, tc.pattern, got)
		}
	}
}
