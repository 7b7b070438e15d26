package schemas

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

func TestIDUnderClassifiesTheRegistrysAnswers(t *testing.T) {
	ctx := context.Background()
	subject := SubjectFor(TopicOutcomes)

	t.Run("should say the subject lacks the schema when not allowed to register", func(t *testing.T) {
		_, reg := newFakeRegistry(t)
		_, err := reg.IDUnder(ctx, subject, OutcomeSchema, false)
		if !errors.Is(err, ErrSchemaNotRegistered) || errors.Is(err, ErrRegistryUnavailable) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("should register, then find the same id", func(t *testing.T) {
		_, reg := newFakeRegistry(t)
		id, err := reg.IDUnder(ctx, subject, OutcomeSchema, true)
		if err != nil {
			t.Fatal(err)
		}
		again, err := reg.IDUnder(ctx, subject, OutcomeSchema, false)
		if err != nil || again != id {
			t.Fatalf("lookup after register: %d, %v; want %d", again, err, id)
		}
	})
	t.Run("should be transient when the registry answers 503", func(t *testing.T) {
		fake, reg := newFakeRegistry(t)
		fake.Intercept(func(w http.ResponseWriter, _ *http.Request) bool {
			http.Error(w, `{"error_code":50001,"message":"unavailable"}`, http.StatusServiceUnavailable)
			return true
		})
		for _, register := range []bool{false, true} {
			if _, err := reg.IDUnder(ctx, subject, OutcomeSchema, register); !errors.Is(err, ErrRegistryUnavailable) {
				t.Errorf("register=%v: error %v, want transient", register, err)
			}
		}
	})
	t.Run("should be permanent when the credentials are refused", func(t *testing.T) {
		fake := srfake.New(srfake.WithAuth("Basic right"))
		t.Cleanup(fake.Close)
		cl, err := sr.NewClient(sr.URLs(fake.URL()), sr.BasicAuth("user", "wrong"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = NewRegistry(cl).IDUnder(ctx, subject, OutcomeSchema, true)
		if err == nil || errors.Is(err, ErrRegistryUnavailable) || errors.Is(err, ErrSchemaNotRegistered) {
			t.Fatalf("error %v, want a permanent refusal", err)
		}
	})
}
