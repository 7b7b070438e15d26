package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// produceAt produces recs one by one at rate per second from when it is
// called, and stamps each with when the broker acknowledged it in sent.
func produceAt(ctx context.Context, cl *kgo.Client, recs []*kgo.Record, rate float64, sent []time.Time) error {
	start := time.Now()
	for i, r := range recs {
		at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		if d := time.Until(at); d > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
			}
		}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			return fmt.Errorf("produce input: %w", err)
		}
		sent[i] = time.Now()
	}
	return nil
}

// Latency is the produce-to-outcome latency of a steady stream
// (Options.Rate), in milliseconds.
type Latency struct {
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// latencyOf is the latency of the lines produced at sent and done at done.
func latencyOf(sent, done []time.Time) *Latency {
	var ms []float64
	for i := range sent {
		if !sent[i].IsZero() && !done[i].IsZero() {
			ms = append(ms, float64(done[i].Sub(sent[i]))/float64(time.Millisecond))
		}
	}
	if len(ms) == 0 {
		return nil
	}
	slices.Sort(ms)
	at := func(q float64) float64 { return ms[min(len(ms)-1, int(q*float64(len(ms))))] }
	return &Latency{P50: at(0.50), P99: at(0.99), Max: ms[len(ms)-1]}
}
