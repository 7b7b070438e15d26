// Package reprocess copies dead letters back to the input topic: the
// `contactgate reprocess` command (DESIGN.md section 4).
//
// Run reads the dead-letter topic from its start up to its end offsets as of
// the start of the run, selects dead letters by error class, time (the
// first_failed_at header, else the record's timestamp) and key, and writes
// each selected one to the input topic with its original key, value,
// timestamp and headers, minus the dead letter's context headers
// (contactgate.error.*, contactgate.source.*, contactgate.consumer.group), plus
// HeaderReprocessAttempts (the dead letter's count plus one) and
// HeaderReprocessFrom (its DLQ position). The error header first_failed_at is
// the one context header kept: the processor keeps it when it dead-letters the
// copy again (processor/deadletter.go), so it always names the first failure.
// A dead letter whose count would pass MaxAttempts is refused: it stays in the
// DLQ, is reported by position and class (never by key: keys are often
// e-mail addresses), and a later run with a higher maximum can still copy it.
//
// # Copying each dead letter once
//
// Which dead letters have been copied is recorded in a ledger: a compacted
// topic (LedgerTopic, default the DLQ's name + ".reprocessed") keyed by DLQ
// position ("topic/partition/offset"), whose values say where the copy went.
// Copies and their ledger entries are written in one Kafka transaction per
// batch, so a batch is either copied and recorded, or neither, as read by a
// read_committed consumer; the processor consumes with read_committed for
// that reason. Every run reads the ledger (read_committed, up to its last
// stable offset) before it copies anything and skips the positions it holds,
// so running twice copies nothing twice.
//
// Why a ledger and not the offsets of a consumer group on the DLQ: an offset
// says "everything before this is done", but a filter leaves holes. A dead
// letter skipped by --class crm_rejected must stay reprocessable by a later
// run with --class parked, and one refused at --max-attempts 3 by a run with
// --max-attempts 5; committing past them would lose them, and not committing
// past them would copy their copied neighbours again. The ledger records
// exactly the set that was copied.
//
// Crashes and concurrent runs: the transactional id (TransactionalID,
// derived from the ledger topic) is initialised before the ledger is read, so
// a new run fences an older one still writing and aborts its open
// transaction: the older run's copies in that transaction are discarded along
// with their ledger entries, and the new run copies those dead letters again.
// A crash between producing a batch and committing its transaction therefore
// leaves no copy for read_committed consumers and no ledger entry. A consumer
// that reads the input topic read_uncommitted (Kafka's default, e.g. another
// tool) can see an aborted copy and then the committed one; for the
// gatekeeper that duplicate is harmless, because it records every processed
// event id and applying an event again is a no-op (DESIGN.md section 2).
// An error from the transaction's commit is ambiguous (it may have
// committed); Run returns it, and the next run's read of the ledger settles
// it.
//
// Ledger entries of dead letters that retention has deleted from the DLQ are
// tombstoned by the next run, so compaction keeps the ledger about as small
// as the DLQ's live range.
//
// A copy goes to the partition its key hashes to (franz-go's default
// partitioner, murmur2 like Java's), so a key's copies reach the processor in
// DLQ order, and the processor unparks a lane key when it sees a record that
// carries HeaderReprocessAttempts, letting that identity's later events flow
// again, unless a copy of the same round (the same count) failed again and
// parked it: then the copies behind that one are parked again, in order, and
// the next run's copies unpark it.
package reprocess
