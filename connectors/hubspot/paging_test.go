package hubspot

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func TestListPaging(t *testing.T) {
	t.Run("should page through the emulator's list with its cursors", func(t *testing.T) {
		em := newEmulated(t, emulator.Config{}, nil)
		for _, e := range []string{"a@example.com", "b@example.com", "c@example.com"} {
			if _, err := em.cl.Create(t.Context(), map[string]string{"email": e}); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		after := ""
		for pages := 0; pages == 0 || after != ""; pages++ {
			if pages > 3 {
				t.Fatal("the cursors do not end")
			}
			p, err := em.cl.List(t.Context(), after, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Results {
				got = append(got, c.ID)
			}
			after = p.After
		}
		if len(got) != 3 {
			t.Errorf("listed %v", got)
		}
	})

	t.Run("should take the cursor from next.link when next.after is absent", func(t *testing.T) {
		// Given a HubSpot whose first page names the next only by link
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Query().Get("after") == "" {
				_, _ = w.Write([]byte(`{"results":[{"id":"1","properties":{}}],"paging":{"next":{"link":"https://api.hubapi.com/crm/v3/objects/contacts?limit=1&after=NTI1Cg%3D%3D"}}}`))
				return
			}
			_, _ = w.Write([]byte(`{"results":[{"id":"2","properties":{}}]}`))
		}))
		t.Cleanup(srv.Close)
		cl, err := New(Config{BaseURL: srv.URL, Token: fakeToken, RequestTimeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}

		// When the client lists, then lists after the cursor it returned
		p, err := cl.List(t.Context(), "", 1, nil)
		if err != nil || p.After != "NTI1Cg==" {
			t.Fatalf("first page: after %q, %v", p.After, err)
		}
		p, err = cl.List(t.Context(), p.After, 1, nil)

		// Then the second page is the last
		if err != nil || p.After != "" || len(p.Results) != 1 || p.Results[0].ID != "2" {
			t.Fatalf("second page: %+v, %v", p, err)
		}
	})
}

func TestArchiveOverHTTP(t *testing.T) {
	t.Run("should archive a contact so that reads no longer find it", func(t *testing.T) {
		em := newEmulated(t, emulator.Config{}, nil)
		c, err := em.cl.Create(t.Context(), map[string]string{"email": "gone@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		if err := em.cl.Archive(t.Context(), c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := em.cl.Get(t.Context(), c.ID, nil); !errors.Is(err, connectors.ErrNotFound) {
			t.Errorf("get after archive: %v", err)
		}
		if _, err := em.cl.GetByEmail(t.Context(), "gone@example.com", nil); !errors.Is(err, connectors.ErrNotFound) {
			t.Errorf("get by e-mail after archive: %v", err)
		}
		if err := em.cl.Archive(t.Context(), "424242"); !errors.Is(err, connectors.ErrNotFound) {
			t.Errorf("archive of an unknown id: %v", err)
		}
	})
}
