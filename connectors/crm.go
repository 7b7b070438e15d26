package connectors

import (
	"context"
	"strings"
	"time"
)

// CRM is what the gatekeeper and the purge need of a CRM's contacts. Every
// method is safe for concurrent use and honours ctx. Errors are classified by
// type (see errors.go): ErrNotFound, *ConflictError, *RateLimitError,
// *ValidationError, *TransientError.
//
// Consistency follows HubSpot: Get, GetByEmail and BatchRead are consistent
// with writes; Search reads an index that lags, so a search miss never
// proves absence.
type CRM interface {
	// Get reads a contact by id.
	Get(ctx context.Context, id string, properties []string) (Contact, error)
	// GetByEmail reads the contact holding email as its primary or an
	// additional e-mail, case-insensitively; a consistent read.
	GetByEmail(ctx context.Context, email string, properties []string) (Contact, error)
	// Search queries the search index: filter groups are OR-ed, the filters
	// inside a group AND-ed.
	Search(ctx context.Context, req SearchRequest) (SearchPage, error)
	// Create creates a contact. An e-mail already held by another contact is
	// a *ConflictError naming it.
	Create(ctx context.Context, properties map[string]string) (Contact, error)
	// Update sets properties of a contact; an empty value clears one.
	Update(ctx context.Context, id string, properties map[string]string) (Contact, error)
	// BatchRead reads up to MaxBatch contacts by id, by e-mail when
	// idProperty is "email", or by the value of a unique custom property
	// (hasUniqueValue, such as PropContactgateKey) when idProperty names
	// one; a consistent read in each case. Ids that do not exist are
	// reported in the result's Errors.
	BatchRead(ctx context.Context, ids []string, idProperty string, properties []string) (BatchResult, error)
	// BatchCreate creates up to MaxBatch contacts. It fails as a whole (a
	// *ConflictError) if any e-mail already exists.
	BatchCreate(ctx context.Context, inputs []map[string]string) (BatchResult, error)
	// BatchUpdate updates up to MaxBatch contacts by id.
	BatchUpdate(ctx context.Context, inputs []UpdateInput) (BatchResult, error)
	// BatchUpsert creates or updates up to MaxBatch contacts by a unique
	// property (e-mail, or a unique custom property such as
	// PropContactgateKey); each result says whether it is New. Upserting
	// by the same value twice has the effect of once: it is how a create
	// is made idempotent.
	BatchUpsert(ctx context.Context, inputs []UpsertInput) (BatchResult, error)
	// Merge merges secondaryID into primaryID and returns the survivor. The
	// primary's values win, the secondary fills blanks, the secondary's
	// e-mail becomes an additional e-mail of the survivor. Irreversible.
	Merge(ctx context.Context, primaryID, secondaryID string) (Contact, error)
	// List returns one page of all contacts in id order, starting after the
	// cursor ("" for the first page); Page.After is "" on the last page.
	List(ctx context.Context, after string, limit int, properties []string) (Page, error)
}

// Archiver is a CRM that archives contacts (HubSpot's DELETE
// /crm/v3/objects/contacts/{id}: to the recycling bin). An archived contact
// is gone from reads, lists and search. Optional.
type Archiver interface {
	// Archive archives contact id; archiving it again is not an error.
	Archive(ctx context.Context, id string) error
}

// Limits of the HubSpot API that callers size their requests by.
const (
	// MaxBatch is the most inputs a batch endpoint takes.
	MaxBatch = 100
	// MaxSearchLimit is the most results one search page returns.
	MaxSearchLimit = 200
	// MaxSearchResults is how deep search can page; further is a 400.
	MaxSearchResults = 10000
	// MaxFilterGroups and MaxFilters cap a search request (the safe reading of
	// HubSpot's inconsistent documentation).
	MaxFilterGroups      = 5
	MaxFiltersPerGroup   = 6
	MaxFiltersPerRequest = 18
	// MaxListLimit is the most contacts one List page returns.
	MaxListLimit = 100
)

// The core's contact property names: single values, which every connector
// maps to its CRM's fields in its own package (HubSpot's are these names;
// Salesforce's: connectors/salesforce/fields.go), so the core, a purge
// plan's values included, names properties only by these. What a CRM keeps
// as a list (the other e-mails, the merged-away ids) is a typed field of
// Contact instead, never a property the core names.
const (
	PropEmail        = "email"
	PropPhone        = "phone"
	PropMobilePhone  = "mobilephone"
	PropFirstName    = "firstname"
	PropLastName     = "lastname"
	PropCompany      = "company"
	PropJobTitle     = "jobtitle"
	PropAddress      = "address" // the street lines
	PropCity         = "city"
	PropState        = "state"
	PropPostcode     = "zip"
	PropCountry      = "country"
	PropDateOfBirth  = "date_of_birth"
	PropLastModified = "lastmodifieddate"
	PropCreateDate   = "createdate"
)

// PropContactgateKey is the default name of the unique-value custom property
// (hasUniqueValue) that contactgate sets on every contact it creates: a value
// derived from the creating event, so that a replayed create finds the
// contact instead of making a second one. The portal must define it (see
// EnsureUniqueProperty).
const PropContactgateKey = "contactgate_key"

// Contact is a CRM contact: the typed fields the core reads whatever the
// CRM, and the rest of its properties by name (values are strings, as
// HubSpot's are).
//
// Every read (Get, GetByEmail, BatchRead, Search, List) fills
// AdditionalEmails, MergedIDs, Key and the identity fields (Email,
// FirstName, LastName, Phone, Company) whatever properties it names; a
// write's answer and a merge's survivor hold what the CRM answered with.
// Each connector translates them from and to its CRM's own encoding in its
// own package, and leaves that encoding out of Properties. The identity
// fields are also in Properties, under the core's names (PropEmail, ...),
// when the read names them: writes still set them there.
type Contact struct {
	ID string
	// Email is the contact's primary e-mail, as the CRM holds it.
	Email string
	// FirstName and LastName are the contact's names, as the CRM holds
	// them.
	FirstName, LastName string
	// Phone is the contact's phone number, as the CRM holds it.
	Phone string
	// Company is the contact's company name, as the CRM holds it.
	Company string
	// AdditionalEmails are the contact's e-mails beside its primary one
	// (Email), in the CRM's order: a merge adds the
	// merged-away contacts' here.
	AdditionalEmails []string
	// MergedIDs are the ids of the contacts merged into this one (and
	// into those), which reads by id now lead here; empty where the CRM
	// keeps no such list.
	MergedIDs []string
	// Key is the idempotency key contactgate gave the contact when it
	// created it, held in the connector's key field (HubSpot's unique
	// property, PropContactgateKey by default; Salesforce's External ID
	// field contactgate_key__c); empty when it has none. Every read and
	// every write's answer fill it whatever properties they name;
	// Properties hold the key too only when the read names it.
	Key        string
	Properties map[string]string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Archived   bool
	// ArchivedAt is when an archived contact was archived.
	ArchivedAt time.Time
	// New is set by BatchUpsert when the contact was created.
	New bool
	// History holds, for the properties a read asked the history of
	// (HubSpot's propertiesWithHistory), their versions, newest first;
	// nil otherwise.
	History map[string][]PropertyVersion
}

// Emails are the contact's e-mails, the primary first (when it has one),
// then the additional ones, trimmed, blanks left out.
func (c *Contact) Emails() []string {
	out := make([]string, 0, 1+len(c.AdditionalEmails))
	for _, e := range append([]string{c.Email}, c.AdditionalEmails...) {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// PropertyVersion is one value a contact property held: HubSpot's
// ValueWithTimestamp, the fields contactgate reads.
type PropertyVersion struct {
	Value     string
	Timestamp time.Time
	// SourceType says what wrote it ("API", "CALCULATED", "CRM_UI", ...).
	SourceType string
}

// Operator is a search filter operator.
type Operator string

// Search operators the emulator implements (HubSpot has more).
const (
	OpEQ            Operator = "EQ"
	OpNEQ           Operator = "NEQ"
	OpIN            Operator = "IN"
	OpHasProperty   Operator = "HAS_PROPERTY"
	OpContainsToken Operator = "CONTAINS_TOKEN"
)

// Filter is one search condition.
type Filter struct {
	PropertyName string   `json:"propertyName"`
	Operator     Operator `json:"operator"`
	Value        string   `json:"value,omitempty"`
	Values       []string `json:"values,omitempty"`
}

// FilterGroup ANDs its filters.
type FilterGroup struct {
	Filters []Filter `json:"filters"`
}

// Sort orders search results by one property (HubSpot's search "sorts").
type Sort struct {
	PropertyName string `json:"propertyName"`
	// Direction is SortAscending or SortDescending.
	Direction string `json:"direction"`
}

// Directions of a Sort.
const (
	SortAscending  = "ASCENDING"
	SortDescending = "DESCENDING"
)

// SearchRequest ORs its filter groups.
type SearchRequest struct {
	FilterGroups []FilterGroup `json:"filterGroups"`
	// Sorts order the results, the first sort first; without them the
	// order is the CRM's (the emulator's: by id).
	Sorts      []Sort   `json:"sorts,omitempty"`
	Properties []string `json:"properties,omitempty"`
	Limit      int      `json:"limit,omitempty"`
	After      string   `json:"after,omitempty"`
}

// SearchPage is one page of search results.
type SearchPage struct {
	Total   int
	Results []Contact
	// After is the cursor of the next page, "" on the last.
	After string
}

// Page is one page of List.
type Page struct {
	Results []Contact
	After   string
}

// UpdateInput is one input of BatchUpdate.
type UpdateInput struct {
	ID         string
	Properties map[string]string
}

// UpsertInput is one input of BatchUpsert: ID is the value of IDProperty.
type UpsertInput struct {
	ID         string
	IDProperty string
	Properties map[string]string
}

// BatchResult is the answer of a batch endpoint: the contacts it returned and
// the per-item errors of a partial success (HubSpot's 207).
type BatchResult struct {
	Results []Contact
	Errors  []ItemError
}

// ItemError is one failed item of a batch.
type ItemError struct {
	Category string
	Message  string
	// IDs names the failed inputs, when the CRM says which.
	IDs []string
	// Err, when set, is the item's failure as the connector classified it
	// (a *ConflictError, *UniqueValueError, *ValidationError,
	// *TransientError or ErrNotFound): connectors whose messages do not
	// read as HubSpot's (Salesforce's) set it, so that callers need not
	// parse Category and Message.
	Err error
}
