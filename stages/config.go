package stages

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/batch"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/precedence"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// Defaults of Config.
const (
	DefaultRegion      = "US"
	DefaultBatchLinger = batch.DefaultLinger
)

// CRMSearch says when resolve asks the CRM's search index (by phone, then
// by last name and company) for the contact of an event without an e-mail
// that the identity index does not hold.
type CRMSearch string

const (
	// SearchAlways searches for every such event: a contact made by hand or
	// by another integration since the index was filled is found, once the
	// CRM's search index holds it (seconds on HubSpot, which lags).
	SearchAlways CRMSearch = "always"
	// SearchNever leaves such an event to the index: for an index that holds
	// every contact the CRM has (bootstrapped, or a CRM that only
	// contactgate writes to), where the searches find nothing the index
	// does not (docs/operations.md has the figures). A contact made by hand
	// since is then met by a phone-only or name-only event as a new
	// person. Events with an e-mail are unaffected: they are read or
	// created, consistently.
	SearchNever CRMSearch = "never"
)

// Config is what New needs. Decoder, Index and CRM are required.
type Config struct {
	// Decoder decodes the input records.
	Decoder *schemas.Decoder
	// Index is the identity index. One Gatekeeper per index: the locks
	// that keep two lanes from losing an update are in its memory.
	Index *state.Index
	// CRM is where contacts are read, searched, created and updated.
	CRM connectors.CRM
	// BatchSize is the most inputs one CRM call carries: the reads by
	// e-mail, creates, updates and searches of concurrent lanes are
	// coalesced into the CRM's batch endpoints and IN searches
	// (connectors/batch). Default, and at most, the CRM's
	// Capabilities.MaxBatch (HubSpot 100, Salesforce 200); 1 sends one call
	// per event.
	BatchSize int
	// BatchLinger is the longest a call waits for others to join its
	// batch; it goes sooner when every lane in flight waits on the CRM.
	// Default DefaultBatchLinger.
	BatchLinger time.Duration
	// Precedence decides what an event may change. Default:
	// precedence.Default().
	Precedence *precedence.Precedence
	// DefaultRegion is the ISO 3166-1 region of phone numbers written
	// without a country code. Default "US".
	DefaultRegion string
	// Now is the clock of claims, index records and missing occurred_at
	// values. Default time.Now.
	Now func() time.Time
	// Logger receives decisions at debug level, and problems that do not
	// fail an event at warn. It never receives e-mails or phone numbers.
	// Default: discarded.
	Logger *slog.Logger
	// KeyProperty is the CRM's unique-value contact property
	// (hasUniqueValue) that makes creates idempotent: every contact the
	// gatekeeper creates carries its creating event's key (createKey), and
	// a create without an e-mail is an upsert by that key, so that a replay
	// of the event (after a crash, a timeout, by another instance) finds the
	// contact instead of making a second one. A create with an e-mail
	// relies on the CRM's 409 for the e-mail and sets the key too. The CRM
	// must define the property (connectors.EnsureUniqueProperty). Default
	// connectors.PropContactgateKey; see NoKeyProperty.
	KeyProperty string
	// NoKeyProperty creates contacts without a key, as plain creates: a
	// create without an e-mail whose outcome is lost may then be made
	// twice. For CRMs that cannot define KeyProperty.
	NoKeyProperty bool
	// Model is the Fellegi-Sunter model that explains decisions (an
	// outcome's evidence) and flags possible duplicates: a record the
	// rules did not apply the event to, scored at or above
	// Model.PossibleWeight, is named in the outcome's
	// possible_duplicate_of, and decides where the rules of resolve find
	// nothing (byEvidence) and which linked records are one person
	// (bridge). Default match.DefaultModel().
	Model *match.Model
	// RulesOnly leaves resolution to the rules of resolve: the scorer
	// never matches an event the rules did not (byEvidence), and bridges
	// link by rule only. For measuring what the scorer adds.
	RulesOnly bool
	// NoAutoMerge turns the bridge merges off (bridge.go, bridge_merge.go):
	// an event that links two records of the index is applied to the one
	// it matched, and the other is named in possible_duplicate_of for
	// review.
	NoAutoMerge bool
	// Review, when set, receives the pairs of records that explain finds
	// in the possible band (or beyond, where no rule joined them) for a
	// person's verdict. Pairs a person rejected are never proposed,
	// matched or merged again (state's MarkDistinct).
	Review ReviewSink
	// MergeJournal, when set, keeps both records of every bridge merge
	// before the CRM merges them (the purge's journal format).
	MergeJournal MergeJournal
	// Search says when an event without an e-mail that the index does not
	// know is looked for in the CRM's search index. Default SearchAlways.
	Search CRMSearch
}

func (c *Config) setDefaults() {
	if c.BatchSize == 0 {
		c.BatchSize = connectors.MaxBatch
		if c.CRM != nil {
			c.BatchSize = connectors.CapabilitiesOf(c.CRM).MaxBatch
		}
	}
	if c.BatchLinger == 0 {
		c.BatchLinger = DefaultBatchLinger
	}
	if c.Precedence == nil {
		c.Precedence = precedence.Default()
	}
	if c.DefaultRegion == "" {
		c.DefaultRegion = DefaultRegion
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Model == nil {
		m := match.DefaultModel()
		c.Model = &m
	}
	if c.Search == "" {
		c.Search = SearchAlways
	}
	if c.KeyProperty == "" && !c.NoKeyProperty {
		c.KeyProperty = connectors.PropContactgateKey
	}
}

// validPropertyName: HubSpot's internal property names are lowercase
// letters, digits and underscores, starting with a letter.
func validPropertyName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// Validate reports every required field that is missing and every value out
// of range.
func (c Config) Validate() error {
	var errs []error
	if c.Decoder == nil {
		errs = append(errs, errors.New("no decoder"))
	}
	if c.Index == nil {
		errs = append(errs, errors.New("no identity index"))
	}
	if c.CRM == nil {
		errs = append(errs, errors.New("no CRM"))
	}
	maxBatch := connectors.MaxBatch
	if c.CRM != nil { // the CRM's own limit: 200 for Salesforce's collections
		maxBatch = connectors.CapabilitiesOf(c.CRM).MaxBatch
	}
	if c.BatchSize < 1 || c.BatchSize > maxBatch {
		errs = append(errs, fmt.Errorf("batch size %d: want 1 to %d", c.BatchSize, maxBatch))
	}
	if !c.NoKeyProperty && !validPropertyName(c.KeyProperty) {
		errs = append(errs, fmt.Errorf("key property %q: want a CRM property name (lowercase letters, digits, underscores)", c.KeyProperty))
	}
	if c.Search != SearchAlways && c.Search != SearchNever {
		errs = append(errs, fmt.Errorf("CRM search %q: want %q or %q", c.Search, SearchAlways, SearchNever))
	}
	if c.BatchLinger < 0 {
		errs = append(errs, fmt.Errorf("batch linger %s is negative", c.BatchLinger))
	}
	if err := (match.Options{DefaultRegion: c.DefaultRegion}).Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Model != nil {
		if err := c.Model.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("stages config: %w", err)
	}
	return nil
}
