package reprocess

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// readToEnd calls fn for every committed record of topic, in offset order per
// partition, from the log start up to the last stable offsets as of the call,
// then returns; an error from fn stops the read. A missing topic has no records.
//
// It reads read_committed and keeps control records, so that the last offset
// before the end is always seen (a commit or abort marker if not a record):
// that is how it knows a partition is finished. For a topic written without
// transactions (today's DLQ) the last stable offset is the high watermark.
func readToEnd(ctx context.Context, o *Options, adm *kadm.Client, topic string, fn func(*kgo.Record) error) error {
	starts, err := adm.ListStartOffsets(ctx, topic)
	if err == nil {
		err = starts.Error()
	}
	if errors.Is(err, kerr.UnknownTopicOrPartition) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reprocess: list start offsets of %s: %w", topic, err)
	}
	ends, err := adm.ListCommittedOffsets(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return fmt.Errorf("reprocess: list end offsets of %s: %w", topic, err)
	}
	from := map[int32]kgo.Offset{}
	last := map[int32]int64{} // the last offset to read, per partition
	ends.Each(func(end kadm.ListedOffset) {
		start, _ := starts.Lookup(topic, end.Partition)
		if end.Offset > start.Offset {
			from[end.Partition] = kgo.NewOffset().At(start.Offset)
			last[end.Partition] = end.Offset - 1
		}
	})
	if len(from) == 0 {
		return nil
	}
	cl, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(o.Brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: from}),
		// Retention may delete the first records between the listing and the
		// fetch: then start from whatever is left.
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.KeepControlRecords(),
	}, o.ClientOpts...)...)
	if err != nil {
		return fmt.Errorf("reprocess: kafka client: %w", err)
	}
	defer cl.Close()
	for len(last) > 0 {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return err
		}
		var fetchErr error
		fetches.EachError(func(t string, p int32, err error) {
			fetchErr = errors.Join(fetchErr, fmt.Errorf("reprocess: fetch %s/%d: %w", t, p, err))
		})
		if fetchErr != nil {
			return fetchErr
		}
		for it := fetches.RecordIter(); !it.Done(); {
			r := it.Next()
			end, reading := last[r.Partition]
			if !reading {
				continue // past the end of its partition in an earlier poll
			}
			if r.Offset >= end {
				delete(last, r.Partition)
			}
			if r.Offset <= end && !r.Attrs.IsControl() {
				if err := fn(r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
