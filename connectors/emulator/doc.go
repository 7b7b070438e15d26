// Package emulator is a HubSpot-compatible CRM held in memory: the contacts
// endpoints of HubSpot's CRM v3 API over HTTP (Handler, served by
// `contactgate crm-emulator`), and the same behaviour in-process as a
// connectors.CRM. It exists so that tests and demos meet what makes real
// integrations fail, not an idealised CRM:
//
//   - a consistent primary store (reads by id and by e-mail, single and
//     batch) beside a search index that receives every write SearchLag
//     later, so a search miss never proves absence;
//   - e-mail uniqueness, case-insensitive and across hs_additional_emails,
//     with HubSpot's 409 "Contact already exists. Existing ID: N";
//   - unique custom properties (hasUniqueValue; Config.UniqueProperties,
//     connectors.PropContactgateKey by default, or defined through
//     POST /crm/v3/properties/contacts): a second holder of a value is
//     refused with HubSpot's 400 (connectors.UniqueValueError), and they
//     serve as idProperty of reads and batch upserts, consistently;
//   - batch semantics: a batch create fails whole on any conflict, other
//     batches answer 207 with per-item errors;
//   - HubSpot's rate limits (TEN_SECONDLY_ROLLING, SECONDLY for search,
//     DAILY) with its 429 bodies and X-HubSpot-RateLimit-* headers;
//   - latency and injected faults: 5xx before the write, 5xx after it (the
//     write is applied), and hangs;
//   - refused values (Config.Reject, Emulator.SetReject): writes of chosen
//     property values fail with HubSpot's 400 INVALID_OPTION until the
//     test accepts them, as when a property lacks an option an admin adds
//     later;
//   - a request log and counters (Requests, Stats, GET /__emulator/stats).
//
// The facts reproduced are collected in notes/hubspot.md.
//
// # How a request is served
//
// Every request, in-process or HTTP, goes through one pipeline: a caller
// whose context is already done is refused without being logged; then the
// Latency sleep (cut short by the context); then the rate limits; then
// fault injection; then the operation on the store under its lock. The HTTP
// handlers only decode requests and translate results and typed errors
// (connectors.ConflictError, ValidationError, RateLimitError,
// TransientError, ErrNotFound) into HubSpot's statuses, headers and bodies.
// Two mutexes guard the emulator: one for the store and its index, one for
// the limits, faults and log; they are never held together.
//
// # Choices where HubSpot is silent or a test needs a rule
//
//   - Ids are sequential decimal strings from 1001. A merge keeps the
//     primary's id. Properties hs_object_id, createdate, lastmodifieddate
//     and hs_merged_object_ids are read-only (400 READ_ONLY_VALUE). A write
//     naming a property without a definition (builtin.go's subset of
//     HubSpot's default contact properties, Config.Properties,
//     Config.UniqueProperties, or one created through the properties API)
//     fails whole, a batch included, with HubSpot's 400 VALIDATION_ERROR
//     whose details say PROPERTY_DOESNT_EXIST (notes/hubspot.md, Errors);
//     in-process it is a connectors.UnknownPropertyError when every problem
//     is an undefined property.
//   - Properties to return: in-process, nil means every property and a
//     non-nil list means those plus createdate and lastmodifieddate; the
//     id, hs_additional_emails and hs_merged_object_ids are never in the
//     property map but in connectors.Contact's ID, AdditionalEmails and
//     MergedIDs, filled by every read, as is Key (from
//     connectors.PropContactgateKey, which stays a property too when
//     asked for). Over HTTP they are properties again
//     (hs_object_id always). Over HTTP a read without ?properties= (or a body
//     without "properties") returns DefaultProperties, and properties asked
//     for but unset are null, as in HubSpot. Writes return every property.
//   - Rate limits count admitted requests only: a 429 uses up neither the
//     window nor the daily quota. Search counts in its per-second window and
//     the daily quota, not in the 10-second window. The daily quota resets
//     at midnight UTC by Config.Now. The X-HubSpot-RateLimit-* trio is sent
//     only when RateLimit is set, the daily pair only when DailyLimit is;
//     search responses carry none. Retry-After (Config.RetryAfter) is never
//     sent on DAILY, and RateLimitError.RetryAfter is then 0; otherwise it
//     is the header's value, or the policy's window when there is none.
//   - Faults are drawn only for admitted requests. FaultHang applies a
//     write before it stops answering, like a server that committed but
//     whose answer was lost: the TransientError (Status 0, wrapping the
//     context's error) has MaybeApplied true for writes. FaultAfterWrite on
//     a read does the read and loses the answer (MaybeApplied false). The
//     default kinds exclude FaultHang, which would block a caller without a
//     deadline forever. Over HTTP, a request whose caller gave up is aborted
//     without an answer.
//   - Search returns results in id order, or by its one sorting rule
//     ("sorts": propertyName, ASCENDING or DESCENDING; sort.go: numbers as
//     numbers, strings case-insensitively, records without the property
//     last, ties by id; a second rule or another direction is a 400). A
//     full-text "query" is a 400. EQ, NEQ, IN and NOT_IN compare case-insensitively;
//     a record without the property matches NEQ, NOT_IN, NOT_HAS_PROPERTY
//     and NOT_CONTAINS_TOKEN. CONTAINS_TOKEN matches the whole value or one
//     of its words (runs of letters and digits), with '*' as a wildcard.
//     Other operators are a 400. The `after` cursor is an offset; an offset
//     of 10,000 or more is a 400, and no page reaches past 10,000 results.
//     List's cursor is the last id of the previous page; a list answer
//     that has a next page names it by paging.next.after and by
//     paging.next.link, the request's URL with after set (its other
//     parameters kept; inferred from HubSpot's documented samples).
//   - Batches: over 100 inputs, the same id twice, an invalid property or
//     e-mail, or an unusable idProperty fail the whole batch with a 400.
//     A batch create with an e-mail already held, or held twice in the batch
//     (a 409 whose ConflictError has no ExistingID), creates nothing. Batch
//     read and update list missing ids in one OBJECT_NOT_FOUND error; update
//     and upsert report each conflict as its own CONFLICT error. Upsert works
//     by e-mail or by a unique property; hs_object_id or any other
//     idProperty is a 400.
//   - Unique properties (unique.go, definitions.go). A value another contact
//     holds is a 400 VALIDATION_ERROR whose message is the one integrators
//     report from HubSpot, "Cannot set PropertyValueCoordinates{portalId=1,
//     objectTypeId=ObjectTypeId{legacyObjectType=CONTACT},
//     propertyName=P, value=V} on N. M already has that value." (N: the
//     contact written, or the id a create would have had; M: the holder),
//     with errorType UNIQUE_VALUE_CONFLICT and errorTokens propertyName and
//     existingObjectId (?: reported of HubSpot's marketing-event API; its
//     contact answers are reported with the category only). On create,
//     update and single calls alike; a batch create fails whole, and so does
//     one giving two of its inputs one value (?: wording unknown); a batch
//     update or upsert reports it per item, category VALIDATION_ERROR (?).
//     Values compare exactly, case and spaces included (?). An upsert
//     creates with its id as the property's value, whatever its properties
//     say. A merge keeps the primary's value, or takes the secondary's when
//     the primary has none; the secondary's value then leads nowhere (?).
//     The properties API answers GET /crm/v3/properties/contacts/{name}
//     (404 OBJECT_NOT_FOUND when undefined) and POST (201; 409 for a name
//     that exists, wording (?)); it knows the built-in identifier
//     properties (none unique: e-mail uniqueness is HubSpot's own rule), the
//     unique ones and the ones created; only string and number properties
//     may be unique (?), at most 10 per object. GET
//     /crm/v3/properties/contacts (ListProperties) lists every definition,
//     sorted by name, in one page without paging, as HubSpot's
//     CollectionResponsePropertyNoPaging (inferred: the notes are silent).
//   - Merge: the primary's values win, the secondary fills blanks; the
//     secondary's e-mail and additional e-mails are appended to the
//     primary's hs_additional_emails (its e-mail becomes the primary e-mail
//     when the primary has none); hs_merged_object_ids lists the secondary
//     and the ids merged into it. The merged-away id and e-mails then lead
//     to the survivor; merging a record into itself (or into the record it
//     was merged into) is a 400, an unknown id a 404.
//   - History (history.go): GET /{id}?propertiesWithHistory=a,b (and
//     GetWithHistory) answers each named property's values, newest first,
//     in HubSpot's shape; writes are sourceType API, computed values
//     CALCULATED; the latest 20 versions per property are kept; a merge's
//     survivor gains the values it takes, the merged-away history is not
//     carried over (inferred).
//   - Archive (archive.go): DELETE /{id} answers 204 and takes the contact
//     out of every read, batch, list and search; GET /{id}?archived=true
//     reads it (archived, archivedAt). Its e-mails and unique values are
//     free at once; archiving it again is a 204, an unknown id a 404; no
//     restore (inferred where the notes are silent).
//   - Every HTTP request to the CRM routes is logged, 401s included. The
//     stats route needs no token and is not logged. The log keeps the latest
//     Config.LogSize requests; Stats counts all of them.
package emulator
