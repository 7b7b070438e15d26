package salesforce_test

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

// org starts an emulated org with client credentials and a client of it
// with retries on (tiny backoff).
func org(t *testing.T, cfg sfemulator.Config) (*sfemulator.Emulator, *salesforce.Client) {
	t.Helper()
	cfg.ClientID, cfg.ClientSecret = "app", "s3cret"
	em := sfemulator.New(cfg)
	srv := httptest.NewServer(em.Handler())
	t.Cleanup(srv.Close)
	cl, err := salesforce.New(salesforce.Config{InstanceURL: srv.URL, ClientID: "app", ClientSecret: "s3cret",
		DuplicateRule: cfg.DuplicateRule, MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return em, cl
}

func TestRefreshesTheTokenOn401(t *testing.T) {
	em, cl := org(t, sfemulator.Config{})
	ctx := t.Context()
	c, err := cl.Create(ctx, map[string]string{"email": "a@x.com"})
	if err != nil {
		t.Fatal(err)
	}
	// When the session expires
	em.ExpireTokens()
	// Then the next call gets a new token and succeeds
	if got, err := cl.Get(ctx, c.ID, []string{"email"}); err != nil || got.Properties["email"] != "a@x.com" {
		t.Fatalf("Get after expiry = %+v, %v", got, err)
	}
	if s := em.Stats(); s.TokensIssued != 2 {
		t.Fatalf("tokens issued %d, want 2", s.TokensIssued)
	}
}

func TestRetriesUnableToLockRow(t *testing.T) {
	em, cl := org(t, sfemulator.Config{})
	ctx := t.Context()
	// Given two writes refused for a held lock
	em.FailNextWrites(2)
	// When a create is made, it lands on the third attempt, once
	if _, err := cl.Create(ctx, map[string]string{"email": "a@x.com"}); err != nil {
		t.Fatalf("create = %v", err)
	}
	if s := em.Stats(); s.Contacts != 1 || s.Routes["POST sobject"] != 3 {
		t.Fatalf("stats %+v, want 1 contact after 3 attempts", s)
	}
	// And a lock held longer than the attempts is a retryable error
	em.FailNextWrites(5)
	_, err := cl.Create(ctx, map[string]string{"email": "b@x.com"})
	if !errors.Is(err, connectors.ErrTransient) || !connectors.Retryable(err) {
		t.Fatalf("create under a held lock = %v, want a retryable transient error", err)
	}
}

func TestDailyQuotaIsNotRetried(t *testing.T) {
	em, cl := org(t, sfemulator.Config{DailyLimit: 2})
	ctx := t.Context()
	for i := range 2 {
		if _, err := cl.Create(ctx, map[string]string{"email": fmt.Sprintf("p%d@x.com", i)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := cl.Create(ctx, map[string]string{"email": "late@x.com"})
	var rl *connectors.RateLimitError
	if !errors.As(err, &rl) || rl.Policy != connectors.PolicyDaily || connectors.Retryable(err) {
		t.Fatalf("past the quota = %v, want a DAILY rate limit", err)
	}
	if s := em.Stats(); s.QuotaRefused != 1 {
		t.Fatalf("quota refused %d times, want 1 (no retry)", s.QuotaRefused)
	}
	// And the client knew how close the org was from Sforce-Limit-Info
	if u, ok := cl.Usage(); !ok || u != (salesforce.APIUsage{Used: 2, Max: 2}) {
		t.Fatalf("usage %+v, %v; want 2/2", u, ok)
	}
}

func TestPerRecordErrorsCarryTheirClass(t *testing.T) {
	_, cl := org(t, sfemulator.Config{DuplicateRule: true})
	ctx := t.Context()
	a, _ := cl.Create(ctx, map[string]string{"email": "a@x.com"})
	b, _ := cl.Create(ctx, map[string]string{"email": "b@x.com"})
	res, err := cl.BatchUpsert(ctx, []connectors.UpsertInput{
		{ID: "k-1", IDProperty: connectors.PropContactgateKey, Properties: map[string]string{"firstname": "Ann"}},
		{ID: "k-2", IDProperty: connectors.PropContactgateKey, Properties: map[string]string{"email": "A@x.com"}},
	})
	if err != nil || len(res.Results) != 1 || !res.Results[0].New || len(res.Errors) != 1 {
		t.Fatalf("upsert = %+v, %v", res, err)
	}
	var ce *connectors.ConflictError
	if ie := res.Errors[0]; ie.Category != "DUPLICATES_DETECTED" || !errors.As(ie.Err, &ce) || ce.ExistingID != a.ID || ie.IDs[0] != "k-2" {
		t.Fatalf("item error %+v, want DUPLICATES_DETECTED naming %s", ie, a.ID)
	}
	// A key another contact holds is a unique-value conflict naming it
	up, err := cl.BatchUpdate(ctx, []connectors.UpdateInput{{ID: b.ID, Properties: map[string]string{connectors.PropContactgateKey: "k-1"}}})
	var uv *connectors.UniqueValueError
	if err != nil || len(up.Errors) != 1 || !errors.As(up.Errors[0].Err, &uv) || uv.ExistingID != res.Results[0].ID {
		t.Fatalf("update = %+v, %v; want a unique-value conflict naming %s", up, err, res.Results[0].ID)
	}
}

func TestCollectionsTake200(t *testing.T) {
	em, cl := org(t, sfemulator.Config{})
	inputs := make([]map[string]string, salesforce.MaxCollection)
	for i := range inputs {
		inputs[i] = map[string]string{"email": fmt.Sprintf("p%d@x.com", i)}
	}
	res, err := cl.BatchCreate(t.Context(), inputs)
	if err != nil || len(res.Results) != 200 {
		t.Fatalf("batch create of 200 = %d results, %v", len(res.Results), err)
	}
	if s := em.Stats(); s.Routes["POST composite/sobjects"] != 1 || s.Contacts != 200 {
		t.Fatalf("stats %+v, want one call creating 200", s)
	}
	if _, err := cl.BatchCreate(t.Context(), append(inputs, inputs[0])); !errors.Is(err, connectors.ErrValidation) {
		t.Fatalf("batch of 201 = %v, want a validation error", err)
	}
	if caps := connectors.CapabilitiesOf(cl); caps.MaxBatch != 200 || caps.UniqueEmail || caps.UpsertByEmail || caps.MergeArity != 3 {
		t.Fatalf("capabilities %+v", caps)
	}
}

func TestConfigNeverShowsTheSecret(t *testing.T) {
	cfg := salesforce.Config{InstanceURL: "https://acme.my.salesforce.com", ClientID: "app", ClientSecret: "s3cret-value"}
	for _, s := range []string{cfg.String(), fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg)} {
		if strings.Contains(s, "s3cret-value") {
			t.Fatalf("secret shown: %s", s)
		}
	}
	if _, err := salesforce.New(salesforce.Config{InstanceURL: "https://acme.my.salesforce.com", ClientID: "app"}); err == nil {
		t.Fatal("a config without a secret or token was accepted")
	}
}

func TestJWTBearerFlow(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	em := sfemulator.New(sfemulator.Config{ClientID: "app", ClientSecret: "unused", JWTUsername: "integration@acme.com", JWTKey: &key.PublicKey})
	srv := httptest.NewServer(em.Handler())
	t.Cleanup(srv.Close)
	client := func(user string, k *rsa.PrivateKey) *salesforce.Client {
		cl, err := salesforce.New(salesforce.Config{InstanceURL: srv.URL, ClientID: "app", Raw: true,
			JWT: &salesforce.JWTBearer{Username: user, Key: k}})
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	// A signed assertion for the right user gets a token, again after expiry
	cl := client("integration@acme.com", key)
	if _, err := cl.Create(t.Context(), map[string]string{"email": "a@x.com"}); err != nil {
		t.Fatalf("create with a JWT token: %v", err)
	}
	em.ExpireTokens()
	if _, err := cl.GetByEmail(t.Context(), "a@x.com", nil); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if n := em.Stats().TokensIssued; n != 2 {
		t.Fatalf("tokens issued %d, want 2", n)
	}
	// Another key, or another user, gets none
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	for name, cl := range map[string]*salesforce.Client{"another key": client("integration@acme.com", other), "another user": client("mallory@acme.com", key)} {
		if _, err := cl.GetByEmail(t.Context(), "a@x.com", nil); !errors.Is(err, connectors.ErrUnauthorized) {
			t.Errorf("%s: %v, want unauthorized", name, err)
		}
	}
}

func TestLongINListsGoInParts(t *testing.T) {
	em, cl := org(t, sfemulator.Config{})
	ctx := t.Context()
	// Given 200 contacts with e-mails long enough that one IN list of all
	// of them makes a URL over the limit
	long := func(i int) string { return fmt.Sprintf("%s.%03d@example.com", strings.Repeat("longlocalpart", 6), i) }
	inputs := make([]map[string]string, 200)
	emails := make([]string, 200)
	for i := range inputs {
		emails[i] = long(i)
		inputs[i] = map[string]string{"email": emails[i], "lastname": fmt.Sprintf("%s%03d", strings.Repeat("Surname", 12), i)}
	}
	if _, err := cl.BatchCreate(ctx, inputs); err != nil {
		t.Fatal(err)
	}
	// When they are read by e-mail and searched by last name in one call each
	res, err := cl.BatchRead(ctx, emails, "email", []string{"lastname"})
	if err != nil || len(res.Results) != 200 || len(res.Errors) != 0 {
		t.Fatalf("batch read = %d results, %v, %v", len(res.Results), res.Errors, err)
	}
	lasts := make([]string, 200)
	for i := range lasts {
		lasts[i] = inputs[i]["lastname"]
	}
	page, err := cl.Search(ctx, connectors.SearchRequest{Limit: 200, FilterGroups: []connectors.FilterGroup{{Filters: []connectors.Filter{
		{PropertyName: "lastname", Operator: connectors.OpIN, Values: lasts}}}}})
	// Then both find all 200, in more than one query each, none refused
	if err != nil || page.Total != 200 {
		t.Fatalf("search = %d, %v", page.Total, err)
	}
	if s := em.Stats(); s.Routes["GET query"] < 4 {
		t.Fatalf("routes %v: want the read and the search split", s.Routes)
	}
}
