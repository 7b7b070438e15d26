package stages

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// createKeyPrefix starts every create key; the 1 is the derivation's
// version, so that a change of derivation cannot meet old keys.
const createKeyPrefix = "cg1-"

// createKey is the value of Config.KeyProperty that the contact created for
// ev carries: a function of the event's identity alone, so that every replay
// of the event, by any instance, from the input topic or from the dead
// letters, makes the same key, and a create that already landed is found by
// it (an upsert by the key) rather than made again. The identity is the
// event id (what the index counts as processed, and what claims are owned
// by); an event without one falls back on its input record's topic,
// partition and offset, which its replays share.
//
// The key is the first 128 bits of a SHA-256 of that identity, in lowercase
// hex: a fixed length whatever the id, nothing a CRM could fold or trim, and
// no personal data an id might hold.
func createKey(ev *event) string {
	identity := "event:" + ev.ce.EventID
	if isBlank(ev.ce.EventID) {
		identity = fmt.Sprintf("record:%s/%d/%d", ev.input.topic, ev.input.partition, ev.input.offset)
	}
	sum := sha256.Sum256([]byte(identity))
	return createKeyPrefix + hex.EncodeToString(sum[:16])
}
