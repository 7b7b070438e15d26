package reprocess

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ErrNoTopic: the DLQ or the input topic does not exist. Run creates
// neither: a mistyped name must not start a new topic.
var ErrNoTopic = errors.New("topic does not exist")

// Run reprocesses dead letters as o says (see the package doc) and returns
// what it did. On an error the summary counts what was committed before it.
func Run(ctx context.Context, o Options) (Summary, error) {
	o.setDefaults()
	s := Summary{DryRun: o.DryRun, DLQTopic: o.DLQTopic, InputTopic: o.InputTopic, MaxAttempts: o.MaxAttempts,
		ByClass: map[string]*Counts{}}
	if err := o.Validate(); err != nil {
		return s, err
	}
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(o.Brokers...)}, o.ClientOpts...)...)
	if err != nil {
		return s, fmt.Errorf("reprocess: kafka client: %w", err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	if err := requireTopics(ctx, adm, o.DLQTopic, o.InputTopic); err != nil {
		return s, err
	}

	r := &run{o: &o, s: &s, adm: adm}
	if !o.DryRun {
		if err := ensureLedger(ctx, adm, o.LedgerTopic); err != nil {
			return s, err
		}
		prod, err := kgo.NewClient(append([]kgo.Opt{
			kgo.SeedBrokers(o.Brokers...),
			kgo.TransactionalID(o.TransactionalID),
			kgo.RequiredAcks(kgo.AllISRAcks()),
		}, o.ClientOpts...)...)
		if err != nil {
			return s, fmt.Errorf("reprocess: kafka producer: %w", err)
		}
		defer prod.Close()
		// Initialising the transactional id fences an older run and aborts
		// its open transaction; only then does the ledger say everything
		// that was copied.
		if _, _, err := prod.ProducerID(ctx); err != nil {
			return s, fmt.Errorf("reprocess: initialise transactional producer %s: %w", o.TransactionalID, err)
		}
		r.prod = prod
	}
	copied, err := readLedger(ctx, &o, adm)
	if err != nil {
		return s, err
	}
	starts, err := adm.ListStartOffsets(ctx, o.DLQTopic)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return s, fmt.Errorf("reprocess: list start offsets of %s: %w", o.DLQTopic, err)
	}
	r.tombstones = copied.expired(o.DLQTopic, starts)

	err = readToEnd(ctx, &o, adm, o.DLQTopic, func(rec *kgo.Record) error {
		s.Read++
		dl := readDeadLetter(rec)
		n := s.class(dl.class)
		switch {
		case !o.selected(dl):
			s.Skipped++
			n.Skipped++
		case copied[positionOf(rec).String()]:
			s.AlreadyCopied++
			n.AlreadyCopied++
		case dl.prevCopies+1 > o.MaxAttempts:
			s.Refused++
			n.Refused++
			if len(s.RefusedAt) < o.Listed {
				s.RefusedAt = append(s.RefusedAt, Listed{Position: positionOf(rec), Class: dl.class, Attempts: dl.prevCopies + 1})
			}
			o.Logger.Info("reprocess: refused, past the maximum attempts; it stays in the DLQ",
				"partition", rec.Partition, "offset", rec.Offset, "class", dl.class,
				"attempts", dl.prevCopies, "max_attempts", o.MaxAttempts)
		default:
			r.batch = append(r.batch, dl)
			if len(r.batch) >= o.BatchSize {
				return r.flush(ctx)
			}
		}
		return nil
	})
	if err == nil {
		err = r.flush(ctx)
	}
	o.Logger.Info("reprocess: done", "dry_run", o.DryRun, "read", s.Read, "copied", s.Copied,
		"refused", s.Refused, "skipped", s.Skipped, "already_copied", s.AlreadyCopied)
	return s, err
}

// run is the state of one Run.
type run struct {
	o          *Options
	s          *Summary
	adm        *kadm.Client
	prod       *kgo.Client // nil on a dry run
	batch      []deadLetter
	tombstones []string // ledger keys to delete, with the first transaction
}

// flush copies the batch and records it in the ledger in one transaction.
func (r *run) flush(ctx context.Context) error {
	batch := r.batch
	r.batch = nil
	if r.o.DryRun {
		r.count(batch, nil)
		return nil
	}
	if len(batch) == 0 && len(r.tombstones) == 0 {
		return nil
	}
	if err := r.prod.BeginTransaction(); err != nil {
		return fmt.Errorf("reprocess: begin transaction: %w", err)
	}
	copies := make([]*kgo.Record, len(batch))
	for i, dl := range batch {
		copies[i] = copyOf(dl, r.o.InputTopic)
	}
	var entries []*kgo.Record
	err := r.prod.ProduceSync(ctx, copies...).FirstErr()
	if err == nil {
		now := r.o.Now().UTC()
		for i, dl := range batch {
			e := ledgerEntry{Copy: positionOf(copies[i]), Class: dl.class, Attempts: dl.prevCopies + 1, At: now}
			rec, err := ledgerRecord(r.o.LedgerTopic, positionOf(dl.rec), e)
			if err != nil {
				return err
			}
			entries = append(entries, rec)
		}
		for _, key := range r.tombstones {
			entries = append(entries, &kgo.Record{Topic: r.o.LedgerTopic, Key: []byte(key)})
		}
		err = r.prod.ProduceSync(ctx, entries...).FirstErr()
	}
	if err != nil {
		// Abort with a context of its own: ctx may be what failed. If even
		// that fails, the next run's fencing aborts the transaction.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		abortErr := r.prod.AbortBufferedRecords(actx)
		if abortErr == nil {
			abortErr = r.prod.EndTransaction(actx, kgo.TryAbort)
		}
		return errors.Join(fmt.Errorf("reprocess: produce copies: %w", err), abortErr)
	}
	if err := r.prod.EndTransaction(ctx, kgo.TryCommit); err != nil {
		return fmt.Errorf("reprocess: commit the transaction of %d copies (it may have committed; the next run's read of the ledger settles it): %w", len(batch), err)
	}
	r.tombstones = nil
	r.count(batch, copies)
	return r.awaitMarkers(ctx, append(copies, entries...))
}

// awaitMarkers waits until read_committed consumers can see recs, the records
// of a committed transaction. EndTransaction returns once the coordinator has
// decided; the commit markers reach the partitions a moment later, and until
// then the last stable offset hides the records. Waiting makes Run's return
// mean "the copies are visible", to the processor and to a dry run started
// right after (a real run waits anyway: initialising its producer waits for
// the transaction to complete).
func (r *run) awaitMarkers(ctx context.Context, recs []*kgo.Record) error {
	need := map[string]map[int32]int64{} // topic → partition → last offset written
	var topics []string
	for _, rec := range recs {
		if need[rec.Topic] == nil {
			need[rec.Topic] = map[int32]int64{}
			topics = append(topics, rec.Topic)
		}
		need[rec.Topic][rec.Partition] = max(need[rec.Topic][rec.Partition], rec.Offset)
	}
	for wait := 5 * time.Millisecond; len(need) > 0; wait = min(2*wait, 200*time.Millisecond) {
		stable, err := r.adm.ListCommittedOffsets(ctx, topics...)
		if err != nil {
			return fmt.Errorf("reprocess: list stable offsets: %w", err)
		}
		stable.Each(func(o kadm.ListedOffset) {
			if last, ok := need[o.Topic][o.Partition]; ok && o.Err == nil && o.Offset > last {
				delete(need[o.Topic], o.Partition)
			}
		})
		for t, parts := range need {
			if len(parts) == 0 {
				delete(need, t)
			}
		}
		if len(need) == 0 {
			return nil
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return fmt.Errorf("reprocess: the committed copies are not visible yet: %w", ctx.Err())
		}
	}
	return nil
}

// count adds a copied (or, on a dry run, selected) batch to the summary.
func (r *run) count(batch []deadLetter, copies []*kgo.Record) {
	for i, dl := range batch {
		r.s.Copied++
		r.s.class(dl.class).Copied++
		if len(r.s.CopiedAt) < r.o.Listed {
			r.s.CopiedAt = append(r.s.CopiedAt, Listed{Position: positionOf(dl.rec), Class: dl.class, Attempts: dl.prevCopies + 1})
		}
		if copies != nil {
			r.o.Logger.Debug("reprocess: copied", "partition", dl.rec.Partition, "offset", dl.rec.Offset,
				"class", dl.class, "to_partition", copies[i].Partition, "to_offset", copies[i].Offset)
		}
	}
	if copies != nil && len(batch) > 0 {
		r.o.Logger.Info("reprocess: copied a batch", "copies", len(batch), "input", r.o.InputTopic)
	}
}

// requireTopics returns ErrNoTopic for the first of topics that is missing.
func requireTopics(ctx context.Context, adm *kadm.Client, topics ...string) error {
	details, err := adm.ListTopics(ctx, topics...)
	if err != nil {
		return fmt.Errorf("reprocess: list topics: %w", err)
	}
	for _, t := range topics {
		d, ok := details[t]
		if !ok || d.Err != nil {
			return fmt.Errorf("reprocess: %s: %w", t, ErrNoTopic)
		}
	}
	return nil
}
