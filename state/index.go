package state

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/contactgate/contactgate/match"
)

// FormatVersion is the on-disk layout of the index (doc.go). Opening an
// index written with another layout fails with ErrIncompatibleFormat instead
// of misreading it; the index is then rebuilt from the outcome topic. An
// index of version 3 is upgraded in place at Open (upgradeFrom3).
const FormatVersion = "4"

// keyFormat holds FormatVersion in every index.
var keyFormat = []byte("meta/format")

var (
	// ErrIncompatibleFormat: the state directory holds an index of another
	// FormatVersion.
	ErrIncompatibleFormat = errors.New("identity index has an incompatible format")
	// ErrInvalid: a call the index cannot store, such as a record without an
	// id or a key of an unknown kind. Permanent.
	ErrInvalid = errors.New("invalid identity index write")
	// ErrCorrupt: a stored value the index cannot decode.
	ErrCorrupt = errors.New("identity index holds a corrupt value")
	// ErrConflict: a write still conflicted with concurrent writes after
	// every retry (see maxAttempts). Transient: retry later. It is Badger's
	// own error, so errors.Is matches either name.
	ErrConflict = badger.ErrConflict
)

// maxAttempts bounds how often a write that conflicts with a concurrent one
// (Badger's transactions are serializable, and fail at commit with
// ErrConflict when a key they read was written since they began) is run
// again. The pause before each retry doubles from retryPause up to
// maxRetryPause, with jitter, so that writers contending for one key spread
// out.
const (
	maxAttempts   = 20
	retryPause    = 100 * time.Microsecond
	maxRetryPause = 20 * time.Millisecond
)

// Index is the Badger-backed identity index. It is safe for concurrent use.
type Index struct {
	db  *badger.DB
	ttl time.Duration
}

// Open opens (or creates) the index in dir, or in memory when o.InMemory is
// set (dir is then ignored).
func Open(dir string, o Options) (*Index, error) {
	o.setDefaults()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	db, err := badger.Open(o.badgerOptions(dir))
	if err != nil {
		return nil, fmt.Errorf("open identity index in %q: %w", dir, err)
	}
	if err := checkFormat(db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open identity index in %q: %w", dir, err)
	}
	return &Index{db: db, ttl: o.ProcessedTTL}, nil
}

// checkFormat stamps a new index with FormatVersion, upgrades one of
// version 3, and refuses an index of another version.
func checkFormat(db *badger.DB) error {
	var onDisk string
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keyFormat)
		if errors.Is(err, badger.ErrKeyNotFound) {
			onDisk = FormatVersion
			return txn.Set(keyFormat, []byte(FormatVersion))
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		onDisk = string(v)
		return err
	})
	switch {
	case err != nil:
		return err
	case onDisk == "3":
		return upgradeFrom3(db)
	case onDisk != FormatVersion:
		return fmt.Errorf("%w: on disk %q, this build reads %q", ErrIncompatibleFormat, onDisk, FormatVersion)
	}
	return nil
}

// upgradeFrom3 upgrades an index of version 3 to 4, in which a record's key
// set holds the e-mail slip keys of every address it holds (Record.Keys):
// it writes the postings of each record's slip keys (those it has are
// written again, unchanged) and then stamps version 4. The keys a release
// of version 3 held are all in version 4's sets, so nothing is deleted; a
// crash before the stamp leaves version 3 on disk, and the upgrade runs
// again.
func upgradeFrom3(db *badger.DB) error {
	wb := db.NewWriteBatch()
	defer wb.Cancel()
	err := eachRecord(db, func(r Record) error {
		for _, k := range r.Keys() {
			if k.Kind != KeyDetailBlock || !match.IsEmailSlipKey(k.Value) {
				continue
			}
			if err := k.validate(); err != nil {
				return fmt.Errorf("record %q: %w", r.ID, err)
			}
			if err := wb.Set(postingKey(k, r.ID), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = wb.Flush()
	}
	if err == nil {
		err = db.Update(func(txn *badger.Txn) error { return txn.Set(keyFormat, []byte(FormatVersion)) })
	}
	if err != nil {
		return fmt.Errorf("upgrade the index from format 3 to %s: %w", FormatVersion, err)
	}
	return nil
}

// Close flushes and closes the index.
func (ix *Index) Close() error {
	if err := ix.db.Close(); err != nil {
		return fmt.Errorf("close identity index: %w", err)
	}
	return nil
}

// update runs fn in a read-write transaction and commits it, running it
// again on ErrConflict. fn must have no effect outside the transaction but
// the variables it sets for its caller, and set them afresh on each run.
func (ix *Index) update(fn func(txn *badger.Txn) error) error {
	pause := retryPause
	for attempt := 1; ; attempt++ {
		err := ix.db.Update(fn)
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
		if attempt == maxAttempts {
			return fmt.Errorf("after %d attempts: %w", maxAttempts, err)
		}
		time.Sleep(pause/2 + rand.N(pause))
		pause = min(2*pause, maxRetryPause)
	}
}

// get reads key in txn into a copy; found is false when it is absent.
func get(txn *badger.Txn, key []byte) (value []byte, found bool, err error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	value, err = item.ValueCopy(nil)
	return value, err == nil, err
}

// badgerLogger forwards Badger's warnings and errors to slog and drops its
// info and debug lines.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, args ...any) {
	if b.l != nil {
		b.l.Error(fmt.Sprintf(f, args...), "component", "badger")
	}
}

func (b badgerLogger) Warningf(f string, args ...any) {
	if b.l != nil {
		b.l.Warn(fmt.Sprintf(f, args...), "component", "badger")
	}
}

func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}
