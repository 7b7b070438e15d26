package processor

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// DefaultLanes is Config.Lanes' default. Measured with the demo (10,000
// events): 64 lanes send ~980 CRM requests, 256 send ~420, 512 ~330, at
// the same throughput.
const DefaultLanes = 256

// Config configures a Processor. Zero fields take the defaults in their
// comments (setDefaults).
type Config struct {
	// Brokers are the seed brokers. Required.
	Brokers []string
	// Topics names the input, outcome, dead-letter and parked topics;
	// defaults as in Topics.
	Topics Topics
	// Group is the consumer group. Default "contactgate".
	Group string
	// Lanes run Apply concurrently; one identity always uses the same lane.
	// Default DefaultLanes: many more than partitions, so identities of one
	// partition do not wait on each other, and enough events in flight to
	// fill the CRM's batches (each lane has at most one).
	Lanes int
	// LaneQueue is each lane's backlog before polling blocks. Default 64.
	LaneQueue int
	// MaxPollRecords bounds one poll. Default 500.
	MaxPollRecords int
	// MaxAttempts of Apply on a retryable error before the record is
	// dead-lettered as retries_exhausted; pauses do not count. Default 8.
	MaxAttempts int
	// RetryBackoff is the first wait between attempts, doubled each time up
	// to 30 s. Default 200 ms.
	RetryBackoff time.Duration
	// PauseFor is how long consumption pauses when the handler says the CRM
	// cannot take work, before a lane makes a trial call. Default 5 s.
	PauseFor time.Duration
	// CommitInterval is how often marked offsets are committed. Default 1 s.
	CommitInterval time.Duration
	// DrainTimeout bounds the wait for in-flight records on revoke and
	// shutdown. Default 30 s.
	DrainTimeout time.Duration
	// OutcomeSchemaID is the schema id written in outcome records' wire
	// header. Default schemas.EmbeddedOutcomeID.
	OutcomeSchemaID int
	// ClientOpts are extra franz-go options (TLS, SASL, ...).
	ClientOpts []kgo.Opt
	// Logger. Default: discard.
	Logger *slog.Logger
	// CatchUp, when set, is waited for before newly assigned partitions are
	// fetched, like the parked topic: the identity index's follower of the
	// outcome topic (Follower.CatchUp), so that a partition's new owner
	// resolves against every outcome its previous owner wrote. An error
	// is retried until parkedCatchUpTimeout, then Run fails.
	CatchUp func(ctx context.Context) error
	// OnDone, when set, is called once per record after its outcome (out) or
	// dead letter (dl) was acknowledged by the broker, from a producer
	// goroutine. The demo and tests use it; it must not block.
	OnDone func(r *kgo.Record, out *schemas.Outcome, dl *DeadLetterError)
	// OnSkip, when set, is called once per record that the handler skipped
	// (a *schemas.SkippedError: a tombstone, a Debezium delete), after it
	// was marked done. It must not block.
	OnSkip func(r *kgo.Record, reason string)
	// Now is the clock for dead-letter headers. Default time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	c.Topics.setDefaults()
	if c.Group == "" {
		c.Group = "contactgate"
	}
	if c.Lanes <= 0 {
		c.Lanes = DefaultLanes
	}
	if c.LaneQueue <= 0 {
		c.LaneQueue = 64
	}
	if c.MaxPollRecords <= 0 {
		c.MaxPollRecords = 500
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 200 * time.Millisecond
	}
	if c.PauseFor <= 0 {
		c.PauseFor = 5 * time.Second
	}
	if c.CommitInterval <= 0 {
		c.CommitInterval = time.Second
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = 30 * time.Second
	}
	if c.OutcomeSchemaID == 0 {
		c.OutcomeSchemaID = schemas.EmbeddedOutcomeID
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Validate reports a configuration that cannot work.
func (c *Config) Validate() error {
	if len(c.Brokers) == 0 {
		return errors.New("processor: no brokers")
	}
	if t := c.Topics; t.Parked != "" && (t.Parked == t.Events || t.Parked == t.Outcomes || t.Parked == t.DLQ) {
		return errors.New("processor: the parked topic must be a topic of its own")
	}
	return nil
}
