package connectors

import "context"

// Capabilities are what a connector declares about its CRM where CRMs differ
// by design. The core reads them instead of assuming HubSpot; a CRM that
// declares none is taken to have DefaultCapabilities.
type Capabilities struct {
	// CRM names the CRM ("hubspot", "salesforce").
	CRM string
	// MaxBatch is the most inputs one batch call takes (HubSpot 100,
	// Salesforce's sObject collections 200).
	MaxBatch int
	// UniqueEmail: the CRM itself refuses a second contact holding an
	// e-mail, primary or additional, that a contact holds (HubSpot's 409).
	// When false, only the gatekeeper keeps duplicates out.
	UniqueEmail bool
	// DuplicateRule: the CRM refuses a second contact with the same primary
	// e-mail, naming the match (Salesforce with an active blocking
	// Duplicate Rule: DUPLICATES_DETECTED), without promising uniqueness:
	// additional e-mails are not covered and rules can be bypassed.
	DuplicateRule bool
	// UpsertByEmail: BatchUpsert takes the e-mail as IDProperty. Otherwise
	// only a unique key property (PropContactgateKey) is an upsert id.
	UpsertByEmail bool
	// SearchLags: Search reads an index that lags writes, so a miss never
	// proves absence.
	SearchLags bool
	// MergeArity is the most records one merge request takes, the
	// survivor included (HubSpot 2, Salesforce 3). The CRM interface merges
	// two at a time.
	MergeArity int
	// MaxSearchFilterGroups is the most filter groups one Search takes, 0
	// when the connector has no such cap.
	MaxSearchFilterGroups int
	// RollingRateLimits: the CRM answers rate limits of short rolling
	// windows (HubSpot's TEN_SECONDLY_ROLLING and SECONDLY); otherwise
	// only a daily quota (PolicyDaily) and concurrency limits.
	RollingRateLimits bool
	// ListsMergedIDs: reads fill Contact.MergedIDs, the ids merged into a
	// contact (HubSpot keeps such a list); otherwise the CRM keeps no
	// such list (Salesforce: the merged-away records point to the survivor
	// instead) and MergedIDs stays empty.
	ListsMergedIDs bool
	// CreatesProperties: the connector defines custom properties itself
	// (PropertySchema.CreateProperty); otherwise an admin must.
	CreatesProperties bool
	// Properties are the contact properties a whole snapshot of a contact
	// reads: the core's names the connector maps (PropEmail...), then the
	// CRM's own standard ones the core has no name for (HubSpot's
	// lifecyclestage, Salesforce's LeadSource). The purge journals them
	// before a merge, so that it can be undone. Read-only: share, never
	// modify.
	Properties []string
}

// DefaultCapabilities are what CapabilitiesOf takes a CRM that declares
// none to have: the CRM interface's own contract, which follows HubSpot
// (unique e-mails, upsert by e-mail, a lagging search, merges of two), and
// as Properties only the core's names. A connector declares its CRM's own
// standard properties itself (connectors/hubspot.Capabilities).
var DefaultCapabilities = Capabilities{
	CRM: "hubspot", MaxBatch: MaxBatch, UniqueEmail: true, UpsertByEmail: true, SearchLags: true,
	MergeArity: 2, MaxSearchFilterGroups: MaxFilterGroups, RollingRateLimits: true, CreatesProperties: true,
	ListsMergedIDs: true,
	Properties: []string{
		PropEmail, PropFirstName, PropLastName, PropPhone, PropMobilePhone, PropCompany, PropJobTitle,
		PropAddress, PropCity, PropState, PropPostcode, PropCountry, PropCreateDate, PropLastModified,
	},
}

// MultiMerger is a CRM whose one merge request takes more than one record
// to merge into the survivor (Capabilities.MergeArity above 2).
type MultiMerger interface {
	// MergeMany merges secondaryIDs, at most MergeArity-1 of them, into
	// primaryID in one merge request and returns the survivor, with
	// CRM.Merge's semantics: the primary's values win, the secondaries
	// fill its blanks in the order given, and their e-mails become
	// additional e-mails of the survivor. All or none are merged.
	// Irreversible.
	MergeMany(ctx context.Context, primaryID string, secondaryIDs []string) (Contact, error)
}

// Capable is a CRM that declares its capabilities.
type Capable interface {
	Capabilities() Capabilities
}

// CapabilitiesOf returns what crm declares, DefaultCapabilities when it
// declares nothing (decorators that do not forward Capabilities included).
func CapabilitiesOf(crm CRM) Capabilities {
	if c, ok := crm.(Capable); ok {
		return c.Capabilities()
	}
	return DefaultCapabilities
}

// IDCanonicalizer is a CRM whose records have several spellings of one id
// (Salesforce's 15-character id of reports and its 18-character API id):
// CanonicalID is the spelling the CRM answers with.
type IDCanonicalizer interface {
	CanonicalID(id string) string
}

// CanonicalID is id as crm answers with it: unchanged unless crm is an
// IDCanonicalizer.
func CanonicalID(crm CRM, id string) string {
	if c, ok := crm.(IDCanonicalizer); ok {
		return c.CanonicalID(id)
	}
	return id
}
