package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/metrics"
	"github.com/contactgate/contactgate/processor"
	"github.com/twmb/franz-go/pkg/kadm"
)

// reportStatus logs one status line every interval and refreshes the
// gauges that are polled (pause, consumer lag), until ctx ends.
func reportStatus(ctx context.Context, log *slog.Logger, m *metrics.Metrics, p *processor.Processor,
	adm *kadm.Client, group, topic string, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st := p.Stats()
		paused := 0.0
		if st.Paused {
			paused = 1
		}
		m.Paused.Set(paused)
		var dead int64
		for _, n := range st.DeadLettered {
			dead += n
		}
		lagCtx, cancel := context.WithTimeout(ctx, interval)
		lags, err := adm.Lag(lagCtx, group)
		cancel()
		total := int64(-1)
		if err == nil {
			if l, ok := lags[group]; ok {
				perPartition := map[int32]int64{}
				total = 0
				for p, ml := range l.Lag[topic] {
					if ml.Lag >= 0 {
						perPartition[p] = ml.Lag
						total += ml.Lag
					}
				}
				m.SetLag(perPartition)
			}
		}
		log.Info("contactgate run: status", "consumed", st.Consumed, "outcomes", st.Outcomes, "skipped", st.Skipped,
			"dead_letters", dead, "paused", st.Paused, "pauses", st.Pauses, "parked", st.Parked, "panics", st.Panics, "lag", total)
	}
}
