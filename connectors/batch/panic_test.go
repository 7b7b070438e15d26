package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// panickyCRM is the emulator with a batch create that panics, as a bug in
// a CRM client would.
type panickyCRM struct {
	*emulator.Emulator
}

func (panickyCRM) BatchCreate(context.Context, []map[string]string) (connectors.BatchResult, error) {
	panic("batch create exploded")
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestBatcherPanic(t *testing.T) {
	t.Run("should answer every call of a batch that panicked with a PanicError, log the stack and go on", func(t *testing.T) {
		// Given a batcher whose CRM panics on batch creates
		crm := panickyCRM{emulator.New(emulator.Config{})}
		var logs syncBuffer
		b := newTestBatcher(t, crm, connectors.MaxBatch, time.Hour, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))

		// When three attempts create at once (one batch create)
		errs := make([]error, 3)
		attempts(b, 3, func(i int) {
			_, errs[i] = b.Create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@example.com", i)}, nil)
		})

		// Then each gets a *PanicError naming the kind and the panic
		for i, err := range errs {
			var pe *PanicError
			if !errors.As(err, &pe) || pe.Kind != "create" || pe.Value != "batch create exploded" {
				t.Fatalf("call %d: got %v, want a *PanicError of the batch create", i, err)
			}
		}
		if got := logs.String(); !strings.Contains(got, "batch create exploded") || !strings.Contains(got, "panic_test.go") {
			t.Errorf("log %q lacks the panic and its stack", got)
		}

		// And the batcher still answers the calls that follow
		attempts(b, 1, func(int) {
			if _, err := b.Update(t.Context(), "missing", map[string]string{"firstname": "x"}); !errors.Is(err, connectors.ErrNotFound) {
				t.Errorf("update after the panic: %v, want not found", err)
			}
		})
	})
}
