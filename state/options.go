package state

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Defaults of Options, sized for a small machine (two cores, a few GiB): a
// million records fit in a few hundred MiB on disk and the block cache holds
// the hot part of the key space.
const (
	DefaultProcessedTTL     = 7 * 24 * time.Hour
	DefaultMemTableSize     = 16 << 20
	DefaultValueLogFileSize = 64 << 20
	DefaultBlockCacheSize   = 128 << 20
	DefaultNumCompactors    = 2
)

// valueThreshold: values up to this size stay in the LSM tree, larger ones
// go to the value log. Every value of the index but a record with huge
// properties is far smaller; Badger's default (1 MiB) would need memtables
// of at least 7 MiB.
const valueThreshold = 64 << 10

// Options configure Open. The zero value is a persistent index with the
// defaults below.
type Options struct {
	// InMemory keeps the index in memory only, for tests and the demo. Default
	// false.
	InMemory bool
	// Logger receives Badger's warnings and errors. Default: discarded, since
	// Badger's info lines are noise for an operator.
	Logger *slog.Logger
	// ProcessedTTL is how long a processed event id is remembered for
	// idempotent replays (Processed). Default DefaultProcessedTTL (7 days); a
	// negative value keeps them forever. Badger's TTL has one-second
	// resolution.
	ProcessedTTL time.Duration
	// MemTableSize is the size of each of Badger's (3) memtables, in bytes.
	// Default DefaultMemTableSize (16 MiB; Badger's own default is 64 MiB).
	MemTableSize int64
	// ValueLogFileSize is the size of Badger's value log files, in bytes,
	// from 1 MiB to under 2 GiB. Values this index writes stay in the LSM
	// tree, so the log is small. Default DefaultValueLogFileSize (64 MiB;
	// Badger's own default is 1 GiB).
	ValueLogFileSize int64
	// BlockCacheSize is the cache of decompressed table blocks, in bytes.
	// Default DefaultBlockCacheSize (128 MiB; Badger's own is 256 MiB).
	BlockCacheSize int64
	// NumCompactors is the number of Badger's compaction goroutines, at
	// least 2. Default DefaultNumCompactors (2; Badger's own is 4).
	NumCompactors int
	// SyncWrites fsyncs every commit. Without it (default false) a commit
	// survives a crash of the process but not of the machine; the index is
	// then rebuilt from the outcome topic.
	SyncWrites bool
}

func (o *Options) setDefaults() {
	if o.ProcessedTTL == 0 {
		o.ProcessedTTL = DefaultProcessedTTL
	}
	if o.MemTableSize == 0 {
		o.MemTableSize = DefaultMemTableSize
	}
	if o.ValueLogFileSize == 0 {
		o.ValueLogFileSize = DefaultValueLogFileSize
	}
	if o.BlockCacheSize == 0 {
		o.BlockCacheSize = DefaultBlockCacheSize
	}
	if o.NumCompactors == 0 {
		o.NumCompactors = DefaultNumCompactors
	}
}

// Validate reports options that Badger would refuse, after defaults.
func (o *Options) Validate() error {
	switch {
	case o.MemTableSize < 1<<20:
		return fmt.Errorf("%w: MemTableSize %d is under 1 MiB", ErrInvalid, o.MemTableSize)
	case o.ValueLogFileSize < 1<<20 || o.ValueLogFileSize >= 2<<30:
		return fmt.Errorf("%w: ValueLogFileSize %d is not in [1 MiB, 2 GiB)", ErrInvalid, o.ValueLogFileSize)
	case o.BlockCacheSize < 0:
		return fmt.Errorf("%w: BlockCacheSize %d is negative", ErrInvalid, o.BlockCacheSize)
	case o.NumCompactors < 2:
		return fmt.Errorf("%w: NumCompactors %d: Badger needs at least 2", ErrInvalid, o.NumCompactors)
	}
	return nil
}

// badgerOptions are Badger's options for the index in dir.
func (o *Options) badgerOptions(dir string) badger.Options {
	bo := badger.DefaultOptions(dir).
		WithLogger(badgerLogger{o.Logger}).
		WithNumVersionsToKeep(1).
		WithMemTableSize(o.MemTableSize).
		WithNumMemtables(3).
		WithValueThreshold(valueThreshold).
		WithValueLogFileSize(o.ValueLogFileSize).
		WithBlockCacheSize(o.BlockCacheSize).
		WithNumCompactors(o.NumCompactors).
		WithSyncWrites(o.SyncWrites)
	if o.InMemory {
		bo = bo.WithDir("").WithValueDir("").WithInMemory(true)
	}
	return bo
}
