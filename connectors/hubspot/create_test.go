package hubspot

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

var (
	createPath      = contactsPath
	batchCreatePath = contactsPath + "/batch/create"
)

func TestAmbiguousCreate(t *testing.T) {
	props := map[string]string{"email": "Robert@Acme.com", "firstname": "Robert"}

	t.Run("should return the contact a 503-after-write created, creating exactly one", func(t *testing.T) {
		// Given a CRM that stores the create, then answers 503
		f := newFakeHubSpot(t)
		f.inject(fault{Method: http.MethodPost, Path: createPath, Status: 503, After: true})
		// When the contact is created
		c, err := f.client(t, nil).Create(t.Context(), props)
		// Then the client found the stored contact instead of creating another
		if err != nil || c.ID == "" || c.Properties["firstname"] != "Robert" {
			t.Fatalf("contact %+v, err %v", c, err)
		}
		if n := f.withEmail("robert@acme.com"); n != 1 {
			t.Fatalf("%d contacts with the e-mail, want 1", n)
		}
		if n := len(f.received(http.MethodPost, createPath)); n != 1 {
			t.Fatalf("%d create requests, want 1", n)
		}
	})

	t.Run("should return the contact a timeout-after-write created, creating exactly one", func(t *testing.T) {
		// Given a CRM that stores the create, then never answers
		f := newFakeHubSpot(t)
		f.inject(fault{Method: http.MethodPost, Path: createPath, After: true, Hang: true})
		// When the contact is created with a 50 ms request timeout
		c, err := f.client(t, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond }).Create(t.Context(), props)
		// Then the client found the stored contact
		if err != nil || c.ID == "" || f.withEmail("robert@acme.com") != 1 {
			t.Fatalf("contact %+v, err %v, %d stored", c, err, f.withEmail("robert@acme.com"))
		}
	})

	t.Run("should create again when the failed attempt was not applied", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.inject(fault{Method: http.MethodPost, Path: createPath, Status: 502})
		c, err := f.client(t, nil).Create(t.Context(), props)
		if err != nil || c.ID == "" || f.withEmail("robert@acme.com") != 1 || len(f.received(http.MethodPost, createPath)) != 2 {
			t.Fatalf("contact %+v, err %v", c, err)
		}
	})

	t.Run("should resolve a 409 on the retry to the contact the earlier attempt created", func(t *testing.T) {
		// Given a first attempt that fails with 503, and lands late: after the
		// reconciling read, just before the retry
		f := newFakeHubSpot(t)
		var late string
		f.inject(
			fault{Method: http.MethodPost, Path: createPath, Status: 503},
			fault{Method: http.MethodPost, Path: createPath, Do: func(f *fakeHubSpot) { late = f.store(props) }},
		)
		// When the contact is created
		c, err := f.client(t, nil).Create(t.Context(), props)
		// Then the retry's 409 names our own contact, which is returned
		if err != nil || c.ID != late || f.withEmail("robert@acme.com") != 1 {
			t.Fatalf("contact %+v, err %v, want %s", c, err, late)
		}
	})

	t.Run("should report a conflict when someone else's contact holds the e-mail", func(t *testing.T) {
		// Given a first attempt that fails with 503 while another writer
		// creates a contact with the same e-mail and other values
		f := newFakeHubSpot(t)
		var other string
		f.inject(fault{Method: http.MethodPost, Path: createPath, Status: 503,
			Do: func(f *fakeHubSpot) {
				other = f.store(map[string]string{"email": "robert@acme.com", "firstname": "Bob"})
			}})
		// When the contact is created
		_, err := f.client(t, nil).Create(t.Context(), props)
		// Then the caller gets the conflict HubSpot would have answered
		var ce *connectors.ConflictError
		if !errors.As(err, &ce) || ce.ExistingID != other || f.withEmail("robert@acme.com") != 1 {
			t.Fatalf("err %v, want a conflict naming %s", err, other)
		}
	})

	t.Run("should not retry an ambiguous create without an e-mail", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.inject(fault{Method: http.MethodPost, Path: createPath, Status: 503, After: true})
		_, err := f.client(t, nil).Create(t.Context(), map[string]string{"firstname": "Anonymous"})
		var te *connectors.TransientError
		if !errors.As(err, &te) || !te.MaybeApplied || len(f.received(http.MethodPost, createPath)) != 1 {
			t.Fatalf("err %v", err)
		}
	})

	t.Run("should still say maybe applied when the reconciling reads fail", func(t *testing.T) {
		// Given a CRM that stores the create, answers 503, and then fails every read
		f := newFakeHubSpot(t)
		f.handle = func(w http.ResponseWriter, r *http.Request, body []byte) {
			if r.Method == http.MethodPost {
				var in wireProperties
				_ = json.Unmarshal(body, &in)
				f.store(in.Properties)
			}
			writeError(w, 503, "X", "down")
		}
		// When the contact is created
		_, err := f.client(t, func(c *Config) { c.MaxAttempts = 3 }).Create(t.Context(), props)
		// Then the error says the create may have been applied, and only one POST was sent
		var te *connectors.TransientError
		if !errors.As(err, &te) || !te.MaybeApplied || len(f.received(http.MethodPost, createPath)) != 1 {
			t.Fatalf("err %#v", err)
		}
	})

	t.Run("should say maybe applied when the breaker opens after an ambiguous create", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.inject(fault{Method: http.MethodPost, Path: createPath, Status: 503, After: true})
		cl := f.client(t, func(c *Config) { c.BreakerFailures = 1 })
		_, err := cl.Create(t.Context(), props)
		var te *connectors.TransientError
		if !errors.Is(err, connectors.ErrCircuitOpen) || !errors.As(err, &te) || !te.MaybeApplied {
			t.Fatalf("err %#v", err)
		}
	})
}

func TestAmbiguousBatchCreate(t *testing.T) {
	inputs := []map[string]string{{"email": "a@x.com", "firstname": "A"}, {"email": "b@x.com"}, {"email": "c@x.com"}}

	t.Run("should return the contacts a 503-after-write created, creating each once", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.inject(fault{Method: http.MethodPost, Path: batchCreatePath, Status: 503, After: true})
		res, err := f.client(t, nil).BatchCreate(t.Context(), inputs)
		if err != nil || len(res.Results) != 3 {
			t.Fatalf("res %+v, err %v", res, err)
		}
		for _, in := range inputs {
			if n := f.withEmail(in["email"]); n != 1 {
				t.Fatalf("%d contacts with %s", n, in["email"])
			}
		}
		if n := len(f.received(http.MethodPost, batchCreatePath)); n != 1 {
			t.Fatalf("%d batch creates, want 1", n)
		}
	})

	t.Run("should create only the inputs a partly applied attempt left out", func(t *testing.T) {
		// Given a failed attempt that stored only b@x.com
		f := newFakeHubSpot(t)
		f.inject(fault{Method: http.MethodPost, Path: batchCreatePath, Status: 504,
			Do: func(f *fakeHubSpot) { f.store(inputs[1]) }})
		// When the batch is created
		res, err := f.client(t, nil).BatchCreate(t.Context(), inputs)
		// Then the retry sends only a and c, and every contact exists once
		if err != nil || len(res.Results) != 3 {
			t.Fatalf("res %+v, err %v", res, err)
		}
		sent := batchInputs(t, f, "/batch/create")
		if len(sent) != 2 || len(sent[1]) != 2 || sent[1][0].Properties["email"] != "a@x.com" || sent[1][1].Properties["email"] != "c@x.com" {
			t.Fatalf("batches sent %+v", sent)
		}
		for _, in := range inputs {
			if n := f.withEmail(in["email"]); n != 1 {
				t.Fatalf("%d contacts with %s", n, in["email"])
			}
		}
	})
}

func TestAmbiguousMerge(t *testing.T) {
	t.Run("should not merge twice after a 503-after-write", func(t *testing.T) {
		// Given a CRM that merges, answers 503, and shows the merge on the primary
		f := newFakeHubSpot(t)
		var merges atomic.Int32
		f.handle = func(w http.ResponseWriter, r *http.Request, _ []byte) {
			switch {
			case r.Method == http.MethodPost && r.URL.Path == contactsPath+"/merge":
				merges.Add(1)
				writeError(w, 503, "X", "merged, then failed")
			case r.Method == http.MethodGet && r.URL.Path == contactsPath+"/1":
				writeJSON(w, 200, wireObject{ID: "1", Properties: map[string]string{"hs_merged_object_ids": "7;2"}})
			default:
				writeError(w, 400, "X", "unexpected")
			}
		}
		// When contact 2 is merged into 1
		c, err := f.client(t, nil).Merge(t.Context(), "1", "2")
		// Then the survivor is returned after a single merge request
		if err != nil || c.ID != "1" || merges.Load() != 1 {
			t.Fatalf("contact %+v, err %v, %d merges", c, err, merges.Load())
		}
	})
}
