package emulator

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"
)

// faultInjector decides which admitted requests fail, and how.
type faultInjector struct {
	rate  float64
	kinds []FaultKind
	rng   *rand.Rand
}

func newFaultInjector(seed int64, rate float64, kinds []FaultKind) *faultInjector {
	f := &faultInjector{rng: rand.New(rand.NewPCG(uint64(seed), 0x636f6e74616374))}
	f.set(rate, kinds)
	return f
}

func (f *faultInjector) set(rate float64, kinds []FaultKind) {
	if len(kinds) == 0 {
		kinds = defaultFaultKinds
	}
	f.rate, f.kinds = rate, slices.Clone(kinds)
}

// draw returns the fault of the next request ("" for none) and, for
// FaultBeforeWrite, the 5xx status it answers with.
func (f *faultInjector) draw() (FaultKind, int) {
	if f.rate <= 0 || f.rng.Float64() >= f.rate {
		return "", 0
	}
	kind := f.kinds[f.rng.IntN(len(f.kinds))]
	switch kind {
	case FaultBeforeWrite:
		statuses := []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}
		return kind, statuses[f.rng.IntN(len(statuses))]
	case FaultAfterWrite:
		return kind, http.StatusServiceUnavailable
	}
	return kind, 0
}

// sleep waits d of real time, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
