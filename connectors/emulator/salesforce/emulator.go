package salesforce

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"strings"
	"sync"
	"time"
)

// APIVersion is the REST and SOAP API version the emulator serves.
const APIVersion = "v60.0"

// Paths of the emulator's routes.
const (
	TokenPath = "/services/oauth2/token"
	DataPath  = "/services/data/" + APIVersion
	SOAPPath  = "/services/Soap/u/60.0"
	StatsPath = "/__emulator/stats"
)

// Config shapes an Emulator. The zero value is a consistent org without
// duplicate rules, quotas or credentials.
type Config struct {
	// SearchLag is how long after a write SOSL sees it; SOQL is
	// consistent. Default 0.
	SearchLag time.Duration
	// DuplicateRule switches on a blocking Duplicate Rule on Contact whose
	// matching rule compares Email exactly (case-insensitively): a create
	// or an update to an Email another contact holds fails with
	// DUPLICATES_DETECTED naming it. Off, as in an org without one, e-mail
	// is not unique.
	DuplicateRule bool
	// DailyLimit is the org's API requests per UTC day (Salesforce's
	// rolling 24 hours, simplified); past it every call is 403
	// REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded.". 0: unlimited.
	DailyLimit int
	// ClientID and ClientSecret, when set, are the connected app's
	// credentials the token endpoint wants (client_credentials flow), and
	// then every data call needs a token it issued. Unset: no auth at all.
	ClientID, ClientSecret string
	// JWTUsername and JWTKey, when set, make the token endpoint take the
	// JWT bearer flow too: an RS256 assertion signed by the key's private
	// half, issued by ClientID, for JWTUsername, not expired.
	JWTUsername string
	JWTKey      *rsa.PublicKey
	// TokenTTL is how long an issued token is valid. Default 2 h.
	TokenTTL time.Duration
	// Now is the clock of the search lag, the quota and the tokens.
	// Default time.Now.
	Now func() time.Time
}

// Emulator is a Salesforce org's Contacts held in memory, served over the
// REST and SOAP shapes connectors/salesforce uses (Handler). Safe for
// concurrent use.
type Emulator struct {
	cfg Config

	mu        sync.Mutex // guards everything below
	store     *store
	tokens    map[string]time.Time // token → expiry
	day       string
	used      int // requests of day
	lockFails int
	stats     Stats
}

// Stats counts the emulator's requests and what the org holds.
type Stats struct {
	// Requests counts authenticated data and SOAP calls, refused ones
	// included; Routes counts them by route ("GET query", "POST
	// composite/sobjects"...).
	Requests int            `json:"requests"`
	Routes   map[string]int `json:"routes"`
	// TokensIssued counts the token endpoint's grants.
	TokensIssued int `json:"tokens_issued"`
	// QuotaRefused counts the calls refused with REQUEST_LIMIT_EXCEEDED.
	QuotaRefused int `json:"quota_refused"`
	// Contacts is the number of live contacts; DuplicateEmails the number
	// of e-mails (case-folded) that more than one live contact holds, and
	// DuplicateContacts the contacts beyond the first of each.
	Contacts          int `json:"contacts"`
	DuplicateEmails   int `json:"duplicate_emails"`
	DuplicateContacts int `json:"duplicate_contacts"`
}

// New returns an empty org.
func New(cfg Config) *Emulator {
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = 2 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Emulator{cfg: cfg, store: newStore(cfg.Now, cfg.SearchLag, cfg.DuplicateRule),
		tokens: map[string]time.Time{}, stats: Stats{Routes: map[string]int{}}}
}

// FailNextWrites makes the next n write calls (each record of a
// collection counts once) fail with UNABLE_TO_LOCK_ROW, as when another
// transaction holds the record's lock.
func (e *Emulator) FailNextWrites(n int) {
	e.mu.Lock()
	e.lockFails = n
	e.mu.Unlock()
}

// ExpireTokens invalidates every issued token, as when a session times out.
func (e *Emulator) ExpireTokens() {
	e.mu.Lock()
	clear(e.tokens)
	e.mu.Unlock()
}

// Stats returns the counters and the org's duplicate figures.
func (e *Emulator) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.stats
	s.Routes = make(map[string]int, len(e.stats.Routes))
	for k, v := range e.stats.Routes {
		s.Routes[k] = v
	}
	byEmail := map[string]int{}
	for _, r := range e.store.recs {
		if r.deleted {
			continue
		}
		s.Contacts++
		if em := strings.ToLower(r.fields["Email"]); em != "" {
			byEmail[em]++
		}
	}
	for _, n := range byEmail {
		if n > 1 {
			s.DuplicateEmails++
			s.DuplicateContacts += n - 1
		}
	}
	return s
}

// issue returns a new token valid for TokenTTL.
func (e *Emulator) issue() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	tok := "00D000000000001!" + hex.EncodeToString(b)
	e.mu.Lock()
	e.tokens[tok] = e.cfg.Now().Add(e.cfg.TokenTTL)
	e.stats.TokensIssued++
	e.mu.Unlock()
	return tok
}

// admit checks a data call's token and the org's quota, counting it. It
// returns the error to answer, nil to serve.
func (e *Emulator) admit(route, token string) *apiError {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stats.Requests++
	e.stats.Routes[route]++
	now := e.cfg.Now()
	if e.cfg.ClientID != "" {
		exp, ok := e.tokens[token]
		if !ok || !now.Before(exp) {
			delete(e.tokens, token)
			return errorf(401, "INVALID_SESSION_ID", "Session expired or invalid")
		}
	}
	if e.cfg.DailyLimit > 0 {
		if d := now.UTC().Format(time.DateOnly); d != e.day {
			e.day, e.used = d, 0
		}
		if e.used >= e.cfg.DailyLimit {
			e.stats.QuotaRefused++
			return errorf(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
		}
		e.used++
	}
	return nil
}

// LimitInfoHeader is the header of Salesforce's REST answers that reports
// the org's API usage in the current 24 hours: "api-usage=USED/MAX". The
// emulator sends it when Config.DailyLimit is set.
const LimitInfoHeader = "Sforce-Limit-Info"

// usage is the day's requests so far and the daily limit.
func (e *Emulator) usage() (used, max int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.used, e.cfg.DailyLimit
}

// lockFailure spends one injected UNABLE_TO_LOCK_ROW; e.mu must be held.
func (e *Emulator) lockFailure() *apiError {
	if e.lockFails <= 0 {
		return nil
	}
	e.lockFails--
	return errorf(400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records")
}
