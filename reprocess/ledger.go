package reprocess

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ledgerEntry is the value of a ledger record, keyed by the dead letter's
// position. It holds no key or value of the dead letter.
type ledgerEntry struct {
	Copy     Position  `json:"copy"`
	Class    string    `json:"class"`
	Attempts int       `json:"attempts"`
	At       time.Time `json:"at"`
}

// ledger is the set of DLQ positions already copied, by Position.String().
type ledger map[string]bool

// readLedger reads the ledger topic up to its last stable offset. A missing
// topic is an empty ledger.
func readLedger(ctx context.Context, o *Options, adm *kadm.Client) (ledger, error) {
	l := ledger{}
	err := readToEnd(ctx, o, adm, o.LedgerTopic, func(r *kgo.Record) error {
		if r.Value == nil {
			delete(l, string(r.Key))
		} else {
			l[string(r.Key)] = true
		}
		return nil
	})
	return l, err
}

// expired returns the ledger keys of dlqTopic positions below the DLQ's log
// start offsets: retention deleted those dead letters, so their entries can
// be tombstoned.
func (l ledger) expired(dlqTopic string, starts kadm.ListedOffsets) []string {
	var out []string
	for key := range l {
		topic, rest, ok := strings.Cut(key, "/")
		if !ok || topic != dlqTopic {
			continue
		}
		ps, os, ok := strings.Cut(rest, "/")
		p, err1 := strconv.ParseInt(ps, 10, 32)
		off, err2 := strconv.ParseInt(os, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			continue
		}
		start, listed := starts.Lookup(dlqTopic, int32(p))
		if !listed || off < start.Offset {
			out = append(out, key)
		}
	}
	return out
}

func ledgerRecord(topic string, from Position, e ledgerEntry) (*kgo.Record, error) {
	value, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	return &kgo.Record{Topic: topic, Key: []byte(from.String()), Value: value}, nil
}

// ensureLedger creates the ledger topic, compacted, if it is missing.
func ensureLedger(ctx context.Context, adm *kadm.Client, topic string) error {
	compact := "compact"
	resp, err := adm.CreateTopic(ctx, 1, -1, map[string]*string{"cleanup.policy": &compact}, topic)
	if err == nil {
		err = resp.Err
	}
	if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
		return fmt.Errorf("reprocess: create ledger topic %s: %w", topic, err)
	}
	return nil
}
