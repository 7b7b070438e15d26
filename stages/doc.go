// Package stages is the gatekeeper: the per-event steps that find the
// contact an event belongs to before anything is written to the CRM
// (DESIGN.md section 1). New returns a *Gatekeeper, the processor.Handler of
// `contactgate run` and of the demo.
//
// # Stages
//
// Each stage is a small function of the event (or of one attempt at
// applying it), in a file of its own, testable alone. The order is fixed:
//
// Prepare, from the processor's poll loop, in offset order, without I/O:
//
//  1. decode (decode.go): the record's bytes to a schemas.ContactEvent. A
//     Debezium delete goes on with its deleted row, which Apply answers
//     with an outcome ignored on the record the row names, without the
//     other stages (ignore.go), or skips when it names none.
//  2. validate (validate.go): event_id and source present; at least one
//     identifier that makes a match key (external_id, a valid e-mail or
//     phone, first name, last name and company, or first and last name
//     beside a phone number that has the digits of one). Identifiers are
//     parsed here, once. A phone number libphonenumber rejects never fails
//     an event that has another identifier or a full name and a plausible
//     number: it is written to the CRM as sent, refused in the outcome as
//     not understood, and keyed by its digits (match.PhoneDigitsKey, "~"
//     first) as weak evidence. A missing occurred_at falls back to the
//     record's timestamp.
//  3. normalize (normalize.go): the match keys ("source:external_id", the
//     e-mail key, the E.164 phone or else its digits key, the
//     name-and-company keys) and the lane: the e-mail key, else the
//     external id, else the phone, else the canonical name-and-company key,
//     each prefixed by its kind.
//
// Apply, on the event's lane, once per attempt:
//
//  4. resolve (resolve.go; the rules in resolve_email.go, evidence.go and
//     desk.go; the scorer's in resolve_evidence.go; the CRM in
//     resolve_crm.go; the record's lock in resolve_hold.go): a processed event id
//     is a replay and changes nothing. Then the identity index by external
//     id, e-mail, phone, name-and-company; then the CRM (a consistent read by
//     e-mail where the create's 409 would not name the contact, else a
//     search by phone, then by name and company, unless Config.Search is
//     SearchNever). A phone is
//     weak evidence: it matches only the one record whose name agrees (an
//     event with nothing but a phone: the phone's only holder); so is the
//     digits key of a number not understood, which only an event with a
//     full name or another identifier carries. A name and
//     company match only when one record shares them and no stronger
//     identifier disagrees. A miss is final only under a claim on every key
//     of the event. The record found is locked for the rest of the attempt.
//     Each decision has a matched_by and a score: 1.0 for the external id
//     or e-mail, 0.9 for phone and name, 0.8 for name and company, 0.7 for
//     a phone alone; 0 when nothing matched.
//  5. merge (merge.go): precedence.Merge of the record's properties (from the
//     index, or the CRM's attributed to "crm") and the event's.
//  6. upsert (upsert.go, record.go): no change, no call; an update of the
//     matched record; a create when everything missed, which turns into an
//     update when the CRM answers that the e-mail exists (409). Every
//     create carries the event's key (key.go) in Config.KeyProperty, a
//     unique-value property; a create without an e-mail is an upsert by
//     that key, which finds the contact an earlier attempt of the event
//     created (and adopts it as the event's create) instead of making a
//     second one. Then one index write: the record with every identifier
//     known for it, its properties with provenance, the processed event id
//     and the release of the claims.
//  7. explain (explain.go): the Fellegi-Sunter scorer (package match,
//     Config.Model) compares the event with the record it was applied to,
//     as the record was before the event: the evidence, field by field
//     (level and weight), whatever rule matched. Of the other records
//     resolve weighed (phone holders, name-and-company holders, the CRM's
//     search results and, for a create, namesakes at any company), the best
//     one in the possible or match band is named as a possible duplicate,
//     for review. The scorer explains and flags; it never changes which
//     record an event is applied to. No I/O: it cannot fail an event whose
//     CRM write is done.
//  8. The Outcome: record, action, matched_by, score, identifiers,
//     properties, changed and refused fields, evidence and
//     possible_duplicate_of; the processor adds the input position and the
//     time.
//
// The CRM calls of resolve and upsert go through a batcher
// (connectors/batch, a decorator of the CRM): the reads by e-mail, creates,
// creates by key, updates and searches of concurrent lanes are coalesced
// into batch reads, batch creates, batch upserts, batch updates and IN
// searches of up to Config.BatchSize inputs, sent as soon as every lane in
// flight waits on the CRM, or after Config.BatchLinger. Each attempt is a
// batch.Caller from its start to its end, and waits for a record lock
// through Caller.Idle, so a lane that waits on another never holds a batch
// back; the locks know nothing else of the batcher. Each caller gets its
// own answer; a batch the CRM refuses whole for one input (an existing
// e-mail, an invalid value) is split until that input alone gets the
// error. When the CRM client paces its requests (connectors.Pacer: the
// HubSpot client's rate limiter), a ready queue waits for a permit first
// and goes with whatever has queued by then, one batch per permit: batches
// grow as the account's quota tightens. An event whose identifier
// another event's attempt has claimed waits for that attempt to end
// instead of spending its own attempts (claimwait.go).
//
// # Errors
//
// Prepare's errors are permanent (*processor.DeadLetterError): class decode
// for a record that does not decode, class validation for an
// *InvalidEventError. A schema registry that does not answer is not
// permanent: the record goes to Apply undecoded, where it is retried.
//
// Apply's errors are classified by type, never by text:
//   - Pause (consumption pauses, nothing is dead-lettered, no attempt is
//     spent): the CRM's circuit breaker is open (connectors.ErrCircuitOpen),
//     a rate limit stopped the call (*connectors.RateLimitError of any
//     policy: the HubSpot client waits out all but DAILY itself, so it is
//     back-pressure, never a dead letter), or it refuses the credentials
//     (connectors.ErrUnauthorized).
//   - Retryable (retried with backoff, then dead-lettered as
//     retries_exhausted): connectors.Retryable (5xx, timeouts),
//     schemas.ErrRegistryUnavailable, ErrClaimed (another
//     event is creating the record), ErrIndex, and a create's 409 that does
//     not name the existing contact (the retry reads it by e-mail). After a
//     CRM write, a failed index write is retried alone: a create is never
//     repeated.
//   - Permanent: a CRM rejection (*connectors.ValidationError) is a dead
//     letter of class crm_rejected with the CRM's correlation id, as is an
//     update of a record the CRM no longer has (deleted there: recreating it
//     is a person's decision). An update whose new e-mail another contact
//     holds is not an error: the e-mail is refused ("held by contact N") and
//     the rest written. Neither is a property the CRM does not define
//     (properties.go): it is refused in the outcome and the rest written.
//   - Anything else is a bug, dead-lettered by the processor as internal.
//
// Error texts never hold e-mails or phone numbers: they reach logs and the
// dead letters' headers. A CRM rejection is told by its status, category and
// error codes, not by the CRM's message, which quotes values; and the
// event's e-mail and phone are masked in whatever else an Apply error wraps
// (a client's transport error quotes the URL of a read by e-mail).
//
// # Concurrency
//
// The processor runs Apply on many lanes at once. Events of one person that
// reach different lanes are kept apart by claims (no second create) and by
// a per-record lock held from the index read to the index write (no lost
// update). Recover settles the claims a crash left; call it before the
// processor starts.
//
// A create whose outcome is unknown (a timeout or 5xx after the write, or a
// crash before the index write, on this instance or another) is never made
// twice: an event with an e-mail is read back by it (Recover, and the
// CRM's 409 for the e-mail), and an event without one is created by an
// upsert by its key, which its replay repeats and which finds the contact
// (a consistent read, unlike the lagging search). With Config.NoKeyProperty
// the latter may create the contact twice.
package stages
