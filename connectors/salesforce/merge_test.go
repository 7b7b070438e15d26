package salesforce_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

func TestMergeManyMergesTwoInOneRequest(t *testing.T) {
	em, cl := org(t, sfemulator.Config{})
	ctx := t.Context()
	// Given a master without a city, postcode or key, and two duplicates
	// that have them
	master, err := cl.Create(ctx, map[string]string{"email": "ann@acme.com", "firstname": "Ann", "lastname": "Lee"})
	if err != nil {
		t.Fatal(err)
	}
	first, err := cl.Create(ctx, map[string]string{"email": "ann.lee@gmail.com", "firstname": "Annie", "city": "Leeds",
		"address": "1 Park Row", connectors.PropContactgateKey: "k-first"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := cl.Create(ctx, map[string]string{"email": "al@work.com", "city": "York", "zip": "LS1 4DY", "Department": "Sales"})
	if err != nil {
		t.Fatal(err)
	}
	before := em.Stats().Routes["POST soap merge"]

	// When both are merged into the master at once
	survivor, err := cl.MergeMany(ctx, master.ID, []string{first.ID, second.ID})
	if err != nil {
		t.Fatal(err)
	}

	// Then one merge() call did it
	if n := em.Stats().Routes["POST soap merge"] - before; n != 1 {
		t.Fatalf("merge() calls %d, want 1", n)
	}
	// And the master keeps its values, and the blanks are filled in order:
	// the first duplicate's city, the second's postcode and department
	got, err := cl.Get(ctx, master.ID, []string{"firstname", "city", "address", "zip", "Department", connectors.PropContactgateKey})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"firstname": "Ann", "city": "Leeds", "address": "1 Park Row", "zip": "LS1 4DY", "Department": "Sales",
		connectors.PropContactgateKey: "k-first"}
	for k, v := range want {
		if got.Properties[k] != v || (k != connectors.PropContactgateKey && survivor.Properties[k] != v) {
			t.Errorf("%s = %q (answered %q), want %q", k, got.Properties[k], survivor.Properties[k], v)
		}
	}
	for _, c := range []connectors.Contact{got, survivor} {
		if !slices.Equal(c.AdditionalEmails, []string{"ann.lee@gmail.com", "al@work.com"}) {
			t.Errorf("additional e-mails %q, want both duplicates' in order", c.AdditionalEmails)
		}
	}
	// And both merged-away ids and e-mails lead to the master
	for _, id := range []string{first.ID, second.ID} {
		if c, err := cl.Get(ctx, id, nil); err != nil || c.ID != master.ID {
			t.Errorf("Get(%s) = %s, %v; want the master %s", id, c.ID, err, master.ID)
		}
	}
	if c, err := cl.GetByEmail(ctx, "al@work.com", nil); err != nil || c.ID != master.ID {
		t.Errorf("GetByEmail(al@work.com) = %s, %v; want the master %s", c.ID, err, master.ID)
	}
}

func TestMergeManyRefusesWhatMergeRefuses(t *testing.T) {
	_, cl := org(t, sfemulator.Config{})
	ctx := t.Context()
	var ids []string
	for _, e := range []string{"a@x.com", "b@x.com", "c@x.com", "d@x.com"} {
		c, err := cl.Create(ctx, map[string]string{"email": e})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	for name, others := range map[string][]string{
		"three others": ids[1:], "none": nil, "one twice": {ids[1], ids[1]}, "the master": {ids[0]},
	} {
		if _, err := cl.MergeMany(ctx, ids[0], others); !errors.Is(err, connectors.ErrValidation) {
			t.Errorf("%s: MergeMany = %v, want a validation error", name, err)
		}
	}
	// And nothing was merged
	for _, id := range ids {
		if c, err := cl.Get(ctx, id, nil); err != nil || c.ID != id {
			t.Errorf("Get(%s) = %s, %v; want it on its own", id, c.ID, err)
		}
	}
}

func TestID18(t *testing.T) {
	for in, want := range map[string]string{
		"001A0000006Vm9r":    "001A0000006Vm9rIAC", // 001A0: bit 3, I; 00000: A; 6Vm9r: bit 1, C
		"003000000000001":    "003000000000001AAA",
		"003000000000001AAA": "003000000000001AAA", // 18 already
		"not-an-id":          "not-an-id",
		"003000000000-01":    "003000000000-01",
	} {
		if got := salesforce.ID18(in); got != want {
			t.Errorf("ID18(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMergeManyInAnOrgWithoutTheKeyField(t *testing.T) {
	// Given an org whose Contact has no contactgate_key__c: its queries
	// naming the field are refused as Salesforce refuses them
	em := sfemulator.New(sfemulator.Config{ClientID: "app", ClientSecret: "s3cret"})
	var refused atomic.Int32
	h := em.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/query") && strings.Contains(r.URL.Query().Get("q"), salesforce.DefaultKeyField) {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `[{"errorCode":"INVALID_FIELD","message":"No such column '%s' on entity 'Contact'."}]`, salesforce.DefaultKeyField)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	cl, err := salesforce.New(salesforce.Config{InstanceURL: srv.URL, ClientID: "app", ClientSecret: "s3cret", Raw: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	primary, err := cl.Create(ctx, map[string]string{"email": "a@x.com"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := cl.Create(ctx, map[string]string{"email": "b@x.com", "city": "Leeds"})
	if err != nil {
		t.Fatal(err)
	}

	// When the two are merged, it is done without the key
	if _, err := cl.MergeMany(ctx, primary.ID, []string{other.ID}); err != nil {
		t.Fatalf("merge = %v (queries refused %d)", err, refused.Load())
	}
	if got, err := cl.Get(ctx, other.ID, []string{"city"}); err != nil || got.ID != primary.ID || got.Properties["city"] != "Leeds" {
		t.Fatalf("the merged-away id reads %+v, %v", got, err)
	}
	if refused.Load() == 0 {
		t.Fatal("no query named the key field: the test proves nothing")
	}
}
