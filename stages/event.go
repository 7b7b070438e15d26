package stages

import (
	"context"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/batch"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/precedence"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// prepareStage is a step of Prepare: it reads what the earlier steps left on
// the event and adds its part. Its errors are permanent for the record
// (*processor.DeadLetterError), except the ones decode defers to Apply.
type prepareStage func(ctx context.Context, ev *event) error

// applyStage is a step of Apply, run once per attempt. Its errors are
// classified by the Gatekeeper's Retryable and Pause.
type applyStage func(ctx context.Context, a *attempt) error

// event is one Kafka record on its way through the stages: the processor's
// Job.Value. Prepare fills it; Apply only reads it, apart from pending,
// profile and readEmail.
type event struct {
	// The Kafka record's value and timestamp, and where it was read: the
	// identity of a create when the event has no id (createKey).
	value     []byte
	timestamp time.Time
	input     inputPosition

	// decode
	ce      schemas.ContactEvent
	decoded bool
	// ignore is a change decode read but the gatekeeper does not carry out
	// (a Debezium delete, ce its deleted row): Apply answers it with an
	// outcome ignored (ignore.go), or skips it.
	ignore *schemas.SkippedError

	// validate
	ids        match.Identifiers
	occurredAt time.Time
	// refused are identifier fields that make no match key: an invalid
	// e-mail, left out of the CRM write (the CRM would reject it), beside
	// valid identifiers; a phone number not understood, written as sent;
	// an external id set aside as another person's (idOfAnother).
	refused []schemas.FieldDecision
	// anothersAddress: the e-mail spells another person's name than the
	// event's (markAnothersAddress): a key to look up by, not to give to
	// a record that has an address.
	anothersAddress bool
	// nameAlone: a full name is the event's only identifier (no company,
	// phone or person detail beside it): applied to the record it matches,
	// never made a record of its own (missNameAlone).
	nameAlone bool
	// phoneAlone: the event's only identifier is a phone number not valid
	// in its region (phoneAlone): applied to the record that holds it as
	// read in the record's country, never made a record of its own.
	phoneAlone bool

	// normalize
	keys eventKeys
	lane string

	// profile is the event prepared for the scorer (explain), made by the
	// first attempt that needs it. Apply calls for one job are sequential.
	profile *match.Profile

	// pending is a CRM write that succeeded in an earlier attempt whose
	// index write failed: the retry writes the index and nothing else, so
	// that a create is never repeated. Apply calls for one job are
	// sequential (processor contract), so it needs no lock.
	pending *pendingWrite

	// readEmail: an earlier attempt's create was refused for its e-mail by
	// a 409 that named no contact, so this one reads by e-mail first even
	// where the CRM's 409 usually names the holder (createFindsEmail).
	// Sequential like pending.
	readEmail bool
}

// fullName: the event names a first and a last name (validate's
// identifiers, "Last, First" and the like read as matching reads them).
func (ev *event) fullName() bool { return len(ev.ids.FirstKeys) > 0 && ev.ids.LastKey != "" }

// inputPosition is a Kafka record's topic, partition and offset.
type inputPosition struct {
	topic     string
	partition int32
	offset    int64
}

// eventKeys are the event's match keys (package match), as the identity
// index stores them.
type eventKeys struct {
	// external is "source:external_id": external ids are the producer's,
	// so the same value from two sources names two things.
	external string
	email    match.EmailKey
	// emailAddress is the address as sent, trimmed and lower-cased, when it
	// differs from its key (a provider rule dropped dots or a +tag). The
	// CRM knows the address, not the key: a consistent read needs it.
	emailAddress string
	// phone is the E.164 key, else the phone's weak digits key
	// (match.PhoneDigitsKey: the number was not understood).
	phone string
	// nameCompany are the blocking keys, one per first-name key;
	// nameKey is the canonical one a record is indexed under.
	nameCompany []string
	nameKey     string
}

// attempt is one Apply of an event: what resolve found, what merge
// decided, what upsert did.
type attempt struct {
	ev *event
	// caller is the attempt's presence in the CRM batcher: it waits for
	// record locks through it.
	caller *batch.Caller

	// resolve
	match resolution
	// weighed are the records resolve weighed by a weak key (a phone, a
	// name-and-company key, a namesake's name) or found in the CRM's
	// search, for explain: possible duplicates are among them.
	weighed weighed
	// base is the record as the index holds it (zero when it holds none);
	// crm is the contact as the CRM returned it, when it was read.
	base    state.Record
	inIndex bool
	crm     *connectors.Contact
	claimed bool   // the event's keys are claimed by its event id
	unlock  func() // releases the record lock (hold)

	// bridge: the records merged into the matched one, and the locks on
	// them.
	mergedIDs []string
	// mergedRecords are the records of mergedIDs as the index held them,
	// which each further merge must be one person with (oneWithMerged).
	mergedRecords []state.Record
	unlocks       []func()

	// merge
	merged precedence.Result
	// addressOff: the event's e-mail is another person's and the record
	// has an address of its own (anothersAddress): neither the CRM write
	// nor the record's keys take it.
	addressOff bool

	// upsert, record
	recordID string
	action   schemas.Action
	// emailElsewhere: the CRM refused the event's e-mail for this record,
	// another contact holds it; the record does not take its key.
	emailElsewhere bool
	write          *state.Write

	// explain
	evidence []schemas.Evidence
	possible *schemas.PossibleDuplicate
}

// resolution is what resolve decided: the record and the evidence.
type resolution struct {
	recordID string
	by       schemas.MatchedBy
	score    float64
	// replay: the event id was processed before, into recordID.
	replay bool
	// emailHeldBy is the other record whose contact holds the event's
	// e-mail at a shared mailbox: for a miss, the one in another person's
	// name; for a match, the one the CRM's copy is on. The write leaves
	// the e-mail to it: the CRM keeps an address on one contact.
	emailHeldBy string
}

// pendingWrite is an index write, and its outcome, waiting for a retry.
type pendingWrite struct {
	write   state.Write
	outcome schemas.Outcome
}

// release drops the attempt's record lock, if it holds one.
func (a *attempt) release() {
	for _, u := range a.unlocks {
		u()
	}
	a.unlocks = nil
	if a.unlock != nil {
		a.unlock()
		a.unlock = nil
	}
}
