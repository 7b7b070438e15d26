package stages

import (
	"context"
	"errors"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/batch"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

// panickyCRM is the emulator with creates that panic, as a bug in a CRM
// client would.
type panickyCRM struct {
	*emulator.Emulator
}

func (panickyCRM) Create(context.Context, map[string]string) (connectors.Contact, error) {
	panic("create exploded")
}

func (panickyCRM) BatchCreate(context.Context, []map[string]string) (connectors.BatchResult, error) {
	panic("batch create exploded")
}

func TestCRMPanic(t *testing.T) {
	t.Run("should dead-letter an event whose create panicked in the batcher as internal, and go on", func(t *testing.T) {
		// Given a gatekeeper whose CRM panics on creates
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM { return panickyCRM{em} }))

		// When an event that creates a contact is applied
		ev := e.event("web_form")
		ev.Email = "ann@acme.com"
		_, err := e.process(ev)

		// Then it is an internal dead letter of stage upsert, carrying the panic
		dl := deadLetter(t, err)
		var pe *batch.PanicError
		if dl.Stage != stageUpsert || dl.Class != schemas.ClassInternal || !errors.As(err, &pe) {
			t.Fatalf("stage %q class %q: %v; want an internal dead letter of stage upsert from a *batch.PanicError", dl.Stage, dl.Class, err)
		}

		// And the gatekeeper's batcher still answers the calls that follow
		if _, err := e.g.batcher.ReadByEmail(t.Context(), []string{"nobody@acme.com"}, nil); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("read after the panic: %v, want not found", err)
		}
	})
}
