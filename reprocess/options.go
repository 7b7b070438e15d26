package reprocess

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Options configure one Run. Zero fields take the defaults in their comments
// (setDefaults).
type Options struct {
	// Brokers are the seed brokers. Required.
	Brokers []string
	// DLQTopic is read. Default schemas.TopicDLQ.
	DLQTopic string
	// InputTopic receives the copies. Default schemas.TopicEvents.
	InputTopic string
	// LedgerTopic records the DLQ positions already copied (see the package
	// doc). It is created, compacted, on the first run that copies. Default
	// DLQTopic + ".reprocessed".
	LedgerTopic string
	// TransactionalID of the producer; runs with one ledger must share it,
	// so that a new run fences an older one. Default "contactgate-reprocess."
	// + LedgerTopic.
	TransactionalID string

	// Classes selects dead letters by error class (schemas.Class*); empty
	// selects every class.
	Classes []string
	// Since and Until select dead letters that first failed in [Since,
	// Until): the first_failed_at header, else the record's timestamp. Zero
	// values do not bound.
	Since, Until time.Time
	// Keys selects dead letters whose key is exactly one of these; empty
	// selects every key.
	Keys []string

	// MaxAttempts refuses a dead letter whose reprocess count would pass it.
	// Default 3.
	MaxAttempts int
	// DryRun reads and reports what would be copied and writes nothing: no
	// copy, no ledger entry, no topic.
	DryRun bool
	// BatchSize is the number of copies per transaction. Default 500.
	BatchSize int
	// Listed bounds the positions kept in the summary's lists. Default 10.
	Listed int

	// ClientOpts are extra franz-go options for every client of a Run (TLS,
	// SASL, ...).
	ClientOpts []kgo.Opt
	// Logger. Default: discard. Logs name positions and classes, never keys.
	Logger *slog.Logger
	// Now is the clock of ledger entries. Default time.Now.
	Now func() time.Time
}

// LedgerSuffix makes the default ledger topic's name from the DLQ's.
const LedgerSuffix = ".reprocessed"

// DefaultMaxAttempts is Options.MaxAttempts' default.
const DefaultMaxAttempts = 3

func (o *Options) setDefaults() {
	if o.DLQTopic == "" {
		o.DLQTopic = schemas.TopicDLQ
	}
	if o.InputTopic == "" {
		o.InputTopic = schemas.TopicEvents
	}
	if o.LedgerTopic == "" {
		o.LedgerTopic = o.DLQTopic + LedgerSuffix
	}
	if o.TransactionalID == "" {
		o.TransactionalID = "contactgate-reprocess." + o.LedgerTopic
	}
	if o.MaxAttempts == 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.Listed <= 0 {
		o.Listed = 10
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// ErrUnknownClass: a class filter names no error class of schemas.Classes.
var ErrUnknownClass = errors.New("unknown error class")

// Validate reports options that cannot work.
func (o *Options) Validate() error {
	if len(o.Brokers) == 0 {
		return errors.New("reprocess: no brokers")
	}
	for _, c := range o.Classes {
		if !slices.Contains(schemas.Classes(), c) {
			return fmt.Errorf("reprocess: %w %q (want one of %v)", ErrUnknownClass, c, schemas.Classes())
		}
	}
	if o.MaxAttempts < 1 {
		return fmt.Errorf("reprocess: max attempts %d: want at least 1", o.MaxAttempts)
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && !o.Since.Before(o.Until) {
		return fmt.Errorf("reprocess: since %s is not before until %s", o.Since.Format(time.RFC3339), o.Until.Format(time.RFC3339))
	}
	if o.DLQTopic == o.InputTopic || o.LedgerTopic == o.InputTopic || o.LedgerTopic == o.DLQTopic {
		return errors.New("reprocess: the DLQ, input and ledger topics must differ")
	}
	return nil
}
