package state

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/dgraph-io/badger/v4"
)

// FormatVersion is the on-disk layout of the index. Opening an index written
// with another layout fails with ErrIncompatibleFormat instead of misreading
// it; the index is then rebuilt from the outcome topic.
const FormatVersion = "1"

// keyFormat holds FormatVersion in every index.
var keyFormat = []byte("meta/format")

// ErrIncompatibleFormat: the state directory holds an index of another
// FormatVersion.
var ErrIncompatibleFormat = errors.New("identity index has an incompatible format")

// Index is the Badger-backed identity index. It is safe for concurrent use.
type Index struct {
	db *badger.DB
}

// Options configure Open.
type Options struct {
	// InMemory keeps the index in memory only, for tests and the demo. Default
	// false.
	InMemory bool
	// Logger receives Badger's warnings and errors. Default: discarded, since
	// Badger's info lines are noise for an operator.
	Logger *slog.Logger
}

// Open opens (or creates) the index in dir.
func Open(dir string, o Options) (*Index, error) {
	bo := badger.DefaultOptions(dir).WithLogger(badgerLogger{o.Logger})
	if o.InMemory {
		bo = bo.WithDir("").WithValueDir("").WithInMemory(true)
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open identity index in %q: %w", dir, err)
	}
	if err := checkFormat(db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open identity index in %q: %w", dir, err)
	}
	return &Index{db: db}, nil
}

// checkFormat stamps a new index with FormatVersion and refuses an index of
// another version.
func checkFormat(db *badger.DB) error {
	return db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keyFormat)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return txn.Set(keyFormat, []byte(FormatVersion))
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if string(v) != FormatVersion {
				return fmt.Errorf("%w: on disk %q, this build reads %q", ErrIncompatibleFormat, v, FormatVersion)
			}
			return nil
		})
	})
}

// Close flushes and closes the index.
func (ix *Index) Close() error {
	if err := ix.db.Close(); err != nil {
		return fmt.Errorf("close identity index: %w", err)
	}
	return nil
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
