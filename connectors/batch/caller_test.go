package batch

import (
	"errors"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// capable is the emulator declaring a batch size of its own.
type capable struct {
	*emulator.Emulator
	maxBatch int
}

func (c capable) Capabilities() connectors.Capabilities {
	caps := c.Emulator.Capabilities()
	caps.MaxBatch = c.maxBatch
	return caps
}

func TestNew(t *testing.T) {
	t.Run("should take the batch size the CRM declares", func(t *testing.T) {
		b, err := New(capable{emulator.New(emulator.Config{}), 200})
		if err != nil || b.Size() != 200 {
			t.Fatalf("size %d, %v; want the declared 200", b.Size(), err)
		}
	})

	t.Run("should refuse a size above the CRM's", func(t *testing.T) {
		_, err := New(capable{emulator.New(emulator.Config{}), 50}, WithSize(100))
		if !errors.Is(err, ErrInvalidOption) {
			t.Fatalf("New = %v, want ErrInvalidOption", err)
		}
	})

	t.Run("should refuse a create by key without a key property", func(t *testing.T) {
		b, err := New(emulator.New(emulator.Config{}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.CreateByKey(t.Context(), "k-1", map[string]string{"firstname": "A"}); !errors.Is(err, ErrNoKeyProperty) {
			t.Fatalf("CreateByKey = %v, want ErrNoKeyProperty", err)
		}
	})
}

func TestCallerIdle(t *testing.T) {
	t.Run("should send the queued calls when the only other caller goes idle", func(t *testing.T) {
		// Given two entered callers and no linger to speak of
		crm := emulator.New(emulator.Config{})
		b := newTestBatcher(t, crm, connectors.MaxBatch, time.Hour)
		creator, waiter := b.Enter(), b.Enter()
		defer creator.Leave()

		// When one creates while the other waits for something else (a
		// lock that is released only after the create is answered)
		released := make(chan struct{})
		idled := make(chan struct{})
		go func() {
			defer close(idled)
			waiter.Idle(func() { <-released })
			waiter.Leave()
		}()
		done := make(chan error, 1)
		go func() {
			_, err := b.Create(t.Context(), map[string]string{"email": "a@example.com"}, nil)
			done <- err
		}()

		// Then the create goes without waiting for the idle caller
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second): // a guard: the linger is an hour
			t.Fatal("the create waited for a caller that was idle")
		}
		close(released)
		<-idled
		if st := crm.Stats(); st.Records != 1 {
			t.Fatalf("%d records, want 1", st.Records)
		}
	})
}
