package processor

import (
	"errors"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// skipReason returns the reason of a handler error that says the record
// holds nothing to apply (a *schemas.SkippedError: a tombstone, a Debezium
// delete), and whether err is one. A *DeadLetterError is never a skip, even
// when it wraps one: the handler chose to dead-letter.
func skipReason(err error) (string, bool) {
	var (
		sk *schemas.SkippedError
		dl *DeadLetterError
	)
	if errors.As(err, &sk) && !errors.As(err, &dl) {
		return sk.Reason, true
	}
	return "", false
}

// skip marks r done with neither an outcome nor a dead letter, once the
// parked-topic records of its job (side) are acknowledged: there was
// nothing to apply. The caller holds r (tracker.begin said true).
func (p *Processor) skip(r *kgo.Record, reason string, side ...*kgo.Record) {
	p.cfg.Logger.Debug("processor: skipped", "topic", r.Topic, "partition", r.Partition, "offset", r.Offset, "reason", reason)
	onDone := func() {
		p.stats.skipped.Add(1)
		if p.cfg.OnSkip != nil {
			p.cfg.OnSkip(r, reason)
		}
	}
	if len(side) == 0 {
		if p.track.done(r) {
			onDone()
		}
		return
	}
	p.produceSide(p.complete(r, len(side), onDone), side)
}

func isSkip(err error) bool {
	_, ok := skipReason(err)
	return ok
}
