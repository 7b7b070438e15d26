package stages

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

func TestAPhoneBesideANewSourceID(t *testing.T) {
	holder := func(e *testEnv, ext string) *schemas.Outcome {
		ev := e.event("crm")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Sandra", "Silva", "sandra@brasil-logistica.com.br", "+55 61 993263474"
		ev.ExternalID = ext
		return e.mustProcess(ev)
	}
	chat := func(e *testEnv, ext string) schemas.ContactEvent {
		ev := e.event("chat")
		ev.ExternalID, ev.Phone = ext, "+55 61 99326-3474"
		return ev
	}
	t.Run("should match the number's holder when the source knows no one there", func(t *testing.T) {
		// Given Sandra Silva's record, with her mobile, from the CRM
		e := newEnv(t)
		rec := holder(e, "0035H0000PGjUaEQQV")

		// When a chat session she opens gives its own id and her number
		out := e.mustProcess(chat(e, "34acabf912edace9c7e2c082"))

		// Then it is her record's: the chat's id is new, not someone else's
		if out.RecordID != rec.RecordID || out.MatchedBy != schemas.MatchedByPhone {
			t.Fatalf("%s record %s matched by %s, want %s by phone", out.Action, out.RecordID, out.MatchedBy, rec.RecordID)
		}
	})
	t.Run("should not match a holder the source knows by another id", func(t *testing.T) {
		// Given a record the chat system knows under one id
		e := newEnv(t)
		rec := holder(e, "")
		e.mustProcess(chat(e, "visitor-1"))

		// When the same number comes with another id of that system
		out := e.mustProcess(chat(e, "visitor-2"))

		// Then that system says it is someone else: a record of its own
		if out.RecordID == rec.RecordID {
			t.Fatalf("%s record %s matched by %s: the chat knows the holder as visitor-1", out.Action, out.RecordID, out.MatchedBy)
		}
	})
}
