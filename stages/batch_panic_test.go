package stages

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
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
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
	t.Run("should answer every call of a batch that panicked with an internal dead letter, log the stack and go on", func(t *testing.T) {
		// Given a batcher whose CRM panics on batch creates
		crm := panickyCRM{emulator.New(emulator.Config{})}
		b := newBatcher(crm, connectors.MaxBatch, time.Hour, connectors.PropContactgateKey)
		var logs syncBuffer
		b.logger = slog.New(slog.NewTextHandler(&logs, nil))

		// When three attempts create at once (one batch create)
		errs := make([]error, 3)
		attempts(b, 3, func(i int) {
			_, errs[i] = b.create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@example.com", i)}, nil)
		})

		// Then each gets an error that its stage turns into an internal dead letter
		for i, err := range errs {
			var bp *batchPanicError
			if !errors.As(err, &bp) {
				t.Fatalf("call %d: got %v, want a *batchPanicError", i, err)
			}
			staged := withStage(stageUpsert, func(context.Context, *attempt) error { return err })(t.Context(), nil)
			var dl *processor.DeadLetterError
			if !errors.As(staged, &dl) || dl.Class != schemas.ClassInternal || dl.Stage != stageUpsert {
				t.Errorf("call %d: staged as %v, want an internal dead letter of stage upsert", i, staged)
			}
		}
		if got := logs.String(); !strings.Contains(got, "batch create exploded") || !strings.Contains(got, "batch_panic_test.go") {
			t.Errorf("log %q lacks the panic and its stack", got)
		}

		// And the batcher still answers the calls that follow
		attempts(b, 1, func(int) {
			if _, err := b.update(t.Context(), "missing", map[string]string{"firstname": "x"}); !errors.Is(err, connectors.ErrNotFound) {
				t.Errorf("update after the panic: %v, want not found", err)
			}
		})
	})
}
