// Package state owns the identity index on local disk (Badger): match keys
// (external id, e-mail, E.164 phone, name+company blocking keys) to record
// ids, each record's identifiers and properties with provenance, processed
// event ids for idempotent replays, claims on in-flight creates, and the
// offsets of the topics it was filled from. Writes that belong together go in
// one Badger transaction.
//
// The index never calls the CRM and knows nothing of Kafka clients; it is
// filled by the processor (Apply) and restored from the compacted outcome
// topic (ApplyOutcome, DeleteRecord).
//
// # Layout (FormatVersion 4)
//
// Every Badger key starts with a short prefix that says what it holds. <kind>
// is one byte: x (external id), e (e-mail), p (phone), n (name+company), and
// since version 3 the fuzzy blocking keys q (of a phone) and b (of a
// name+company key). Version 4 has the layout of 3; a record's key set
// holds the e-mail slip keys (v) of every address it holds, which Open
// writes for an index of version 3.
//
//	meta/format                    FormatVersion
//	r/<record id>                  the record: identifiers, properties with
//	                               provenance, UpdatedAt and the input
//	                               position that wrote it (codec.go)
//	k/<kind>/<value>\x00<record id>  empty: a posting, "record holds key"
//	e/<event id>                   the record id the event was applied to;
//	                               expires after Options.ProcessedTTL
//	c/<owner>                      a claim: when, and the keys (codec.go)
//	m/<record id>                  the record it was merged into (a
//	                               redirect, kept for good)
//	ck/<kind>/<value>              the owner that claims the key
//	d/<id a>|<id b>                empty: a person said the two records (a <
//	                               b) are two people (a rejected review)
//	o/<topic>/<partition>          next offset to read, 8 bytes big-endian
//
// A key maps to its records through one Badger key per posting, found by a
// prefix scan, rather than through one list per key: a write of one record
// then touches only its own postings, so concurrent writes of records that
// share a phone or a name key (a switchboard) do not conflict, and a key
// held by thousands of records costs nothing to the writes of each.
//
// The postings are exactly the inverse of the records' key sets: record R
// holds key K if and only if k/K\x00R exists. Every write keeps it so in the
// same transaction as the record.
//
// Key values must not hold a NUL byte (ErrInvalid). Changing any of this
// layout means a new FormatVersion; an index of another version is refused
// at Open and rebuilt from the outcome topic.
//
// # Concurrency
//
// Every method is safe for concurrent use. Reads run in Badger read-only
// transactions (a consistent snapshot). Each write runs in one serializable
// read-write transaction; Badger fails the commit with ErrConflict when a key
// the transaction read was committed by another since it began (two writes
// of one record, two claims of one key, two offsets of one partition). The
// index then runs the write again, up to maxAttempts times with a short
// jittered pause, and only then returns ErrConflict, which is transient.
package state
