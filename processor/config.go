package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// DefaultLanes is Config.Lanes' default. Measured with the demo (10,000
// events, in-process CRM, lanes assigned by load): 64 lanes send ~1,040 CRM
// requests, 256 ~500-650, 512 about the same; over HTTP at Professional
// limits (bench/sync.sh), since the batcher's patience (connectors/batch),
// 512 lanes sent 198 requests in seed 3's import against 215-225 with 256
// (one run each): more attempts in flight fill the batches that wait.
const DefaultLanes = 256

// DefaultShutdownTimeout is Config.ShutdownTimeout's default: inside the 30 s
// that orchestrators (Kubernetes, systemd, ECS) give between SIGTERM and
// SIGKILL.
const DefaultShutdownTimeout = 20 * time.Second

// DefaultSessionTimeout is Config.SessionTimeout's default: a crashed member's
// partitions move about 10 s after it died (Kafka's default is 45 s). The
// processor heartbeats every second (heartbeatInterval), so a member is
// dropped only after ten missed in a row; brokers accept 6 s to 30 min
// (group.min/max.session.timeout.ms).
const DefaultSessionTimeout = 10 * time.Second

// DefaultRebalanceTimeout is Config.RebalanceTimeout's default, franz-go's
// and Kafka's: room for a revoke's drain (DrainTimeout, 30 s) and its commit.
const DefaultRebalanceTimeout = 60 * time.Second

// DefaultInFlightPerLane sizes Config.MaxInFlight's default: a few jobs
// queued behind each lane's running one keep every lane busy and the CRM's
// batches full.
const DefaultInFlightPerLane = 4

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
	// Lanes run Apply concurrently; one identity's jobs use one lane while
	// any of them is queued or running, else the least loaded (assign.go).
	// Default DefaultLanes: many more than partitions, so identities of one
	// partition do not wait on each other, and enough events in flight to
	// fill the CRM's batches (each lane has at most one).
	Lanes int
	// LaneQueue is each lane's backlog; a job with no room on its lane
	// waits in the poll loop (dispatch), and MaxInFlight bounds the whole.
	// Default 64.
	LaneQueue int
	// MaxPollRecords bounds one poll. Default 500.
	MaxPollRecords int
	// MaxInFlight bounds the jobs polled and not finished (queued on a
	// lane or running): at the bound, polling waits for one to finish.
	// It keeps the work in hand (what a crash replays, what a shutdown
	// leaves) to what the lanes can use rather than every lane queue's
	// backlog. Default DefaultInFlightPerLane × Lanes.
	MaxInFlight int
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
	// DrainTimeout bounds a revoke's wait for the records in hand. Default
	// 30 s, or half of RebalanceTimeout when that is shorter: a member that
	// drains must not be thrown out of the group for it.
	DrainTimeout time.Duration
	// ShutdownTimeout bounds Run's return after its context ends: work in
	// hand gets part of it, the rest is left to be replayed, and the done
	// offsets are committed (shutdown.go). Default DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// InstanceID, when set, makes the processor a static member of the
	// group (KIP-345): a restart with the same id within SessionTimeout
	// gets its partitions back at once, without a rebalance. It must be
	// unique in the group and stable across restarts (a pod's name in a
	// StatefulSet, a host name).
	InstanceID string
	// SessionTimeout is how long the group waits for a silent member
	// (crashed, or a static member restarting) before it gives its
	// partitions to others. Default DefaultSessionTimeout.
	SessionTimeout time.Duration
	// RebalanceTimeout is how long members may take to rejoin once a
	// rebalance began (a revoke drains the records in hand first).
	// Default DefaultRebalanceTimeout.
	RebalanceTimeout time.Duration
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
	// ObserveApply, when set, is called once per applied job by the metrics
	// middleware with the time the job took (pauses and retries included),
	// the handler's calls, and the error the middleware inside returned.
	// It must not block.
	ObserveApply func(took time.Duration, attempts int, err error)
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
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = DefaultInFlightPerLane * c.Lanes
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
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	if c.SessionTimeout <= 0 {
		c.SessionTimeout = DefaultSessionTimeout
	}
	if c.RebalanceTimeout <= 0 {
		c.RebalanceTimeout = DefaultRebalanceTimeout
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = min(30*time.Second, c.RebalanceTimeout/2)
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
	if c.DrainTimeout >= c.RebalanceTimeout {
		return fmt.Errorf("processor: the drain timeout (%s) must be below the rebalance timeout (%s): "+
			"a member that drains its revoked partitions would be thrown out of the group", c.DrainTimeout, c.RebalanceTimeout)
	}
	return nil
}
