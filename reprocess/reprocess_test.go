package reprocess

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// fixture is a DLQ holding the dead letters of deadLetters, an empty input
// topic, and Options naming them with a fresh ledger.
type fixture struct {
	c    *kafkatest.Cluster
	opts Options
	dlq  []*kgo.Record // as produced, with their positions
}

var day = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// deadLetters: i, key, class, first_failed_at ("" for none), reprocess count.
var deadLetters = []struct {
	key, class string
	failedAt   time.Time
	copies     int
}{
	{"a@x.com", schemas.ClassCRMRejected, day.Add(10 * time.Hour), 0},
	{"b@x.com", schemas.ClassParked, day.Add(11 * time.Hour), 0},
	{"c@x.com", schemas.ClassDecode, day.Add(34 * time.Hour), 0},
	{"a@x.com", schemas.ClassParked, day.Add(36 * time.Hour), 1},
	{"d@x.com", schemas.ClassValidation, time.Time{}, 0}, // timestamp day+48h
}

func newFixture(t *testing.T, c *kafkatest.Cluster) *fixture {
	t.Helper()
	ctx := kafkatest.Context(t, time.Minute)
	f := &fixture{c: c, opts: Options{
		Brokers:     c.Brokers,
		DLQTopic:    kafkatest.Name(t, "dlq"),
		InputTopic:  kafkatest.Name(t, "events"),
		LedgerTopic: kafkatest.Name(t, "ledger"),
	}}
	adm := c.Admin(t)
	for _, topic := range []string{f.opts.DLQTopic, f.opts.InputTopic} {
		if _, err := adm.CreateTopic(ctx, 2, -1, nil, topic); err != nil {
			t.Fatalf("create %s: %v", topic, err)
		}
	}
	waitForTopics(t, c, f.opts.DLQTopic, f.opts.InputTopic)
	for i, d := range deadLetters {
		f.addDeadLetter(t, i, d.key, d.class, d.failedAt, d.copies)
	}
	return f
}

// waitForTopics waits until the broker's metadata lists topics just created:
// a real broker answers CreateTopics before every metadata cache has them,
// and Run refuses a topic it cannot see (ErrNoTopic).
func waitForTopics(t *testing.T, c *kafkatest.Cluster, topics ...string) {
	t.Helper()
	ctx := kafkatest.Context(t, 30*time.Second)
	for {
		// (a fresh client each time: kadm caches "unknown topic")
		cl, err := kgo.NewClient(kgo.SeedBrokers(c.Brokers...))
		if err != nil {
			t.Fatal(err)
		}
		details, err := kadm.NewClient(cl).ListTopics(ctx, topics...)
		cl.Close()
		visible := err == nil
		for _, topic := range topics {
			if d, ok := details[topic]; !ok || d.Err != nil {
				visible = false
			}
		}
		if visible {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("topics %v not visible: %v", topics, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// addDeadLetter produces a dead letter as the processor writes them.
func (f *fixture) addDeadLetter(t *testing.T, i int, key, class string, failedAt time.Time, copies int) *kgo.Record {
	t.Helper()
	h := []kgo.RecordHeader{{Key: "trace", Value: []byte("t" + strconv.Itoa(i))}}
	add := func(k, v string) { h = append(h, kgo.RecordHeader{Key: k, Value: []byte(v)}) }
	if copies > 0 {
		add(schemas.HeaderReprocessAttempts, strconv.Itoa(copies))
		add(schemas.HeaderReprocessFrom, f.opts.DLQTopic+"/0/0")
	}
	add(schemas.HeaderErrorStage, "upsert")
	add(schemas.HeaderErrorClass, class)
	add(schemas.HeaderErrorMessage, "failed")
	add(schemas.HeaderErrorAttempts, "1")
	if !failedAt.IsZero() {
		add(schemas.HeaderErrorFirstFailedAt, failedAt.Format(time.RFC3339Nano))
	}
	add(schemas.HeaderSourceTopic, f.opts.InputTopic)
	add(schemas.HeaderSourcePartition, "0")
	add(schemas.HeaderSourceOffset, strconv.Itoa(i))
	add(schemas.HeaderConsumerGroup, "contactgate")
	add(schemas.HeaderCRMCorrelationID, "corr-"+strconv.Itoa(i))
	r := &kgo.Record{Topic: f.opts.DLQTopic, Key: []byte(key), Value: []byte("value-" + strconv.Itoa(i)),
		Headers: h, Timestamp: day.Add(time.Duration(i*12) * time.Hour)}
	cl := f.c.Client(t)
	if err := cl.ProduceSync(t.Context(), r).FirstErr(); err != nil {
		t.Fatalf("produce dead letter: %v", err)
	}
	f.dlq = append(f.dlq, r)
	return r
}

func (f *fixture) run(t *testing.T, change func(o *Options)) Summary {
	t.Helper()
	o := f.opts
	if change != nil {
		change(&o)
	}
	s, err := Run(kafkatest.Context(t, time.Minute), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return s
}

// input returns the committed records of the input topic.
func (f *fixture) input(t *testing.T) []*kgo.Record {
	t.Helper()
	var out []*kgo.Record
	o := f.opts
	err := readToEnd(kafkatest.Context(t, time.Minute), &o, f.c.Admin(t), o.InputTopic, func(r *kgo.Record) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copiedValues returns the values of the input topic's committed records.
func (f *fixture) copiedValues(t *testing.T) []string {
	var vs []string
	for _, r := range f.input(t) {
		vs = append(vs, string(r.Value))
	}
	slices.Sort(vs)
	return vs
}

func headerMap(r *kgo.Record) map[string]string {
	m := map[string]string{}
	for _, h := range r.Headers {
		m[h.Key] = string(h.Value)
	}
	return m
}

func TestFilters(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		f := newFixture(t, c)
		t.Run("should copy only the selected classes, and leave the others reprocessable", func(t *testing.T) {
			// When a run selects crm_rejected and decode
			s := f.run(t, func(o *Options) { o.Classes = []string{schemas.ClassCRMRejected, schemas.ClassDecode} })
			// Then it copies those two and skips the other three
			if s.Copied != 2 || s.Skipped != 3 || s.Read != 5 {
				t.Fatalf("summary %+v", s)
			}
			if got := f.copiedValues(t); !slices.Equal(got, []string{"value-0", "value-2"}) {
				t.Fatalf("input holds %v", got)
			}
			// And a later run with another filter copies what the first skipped
			s = f.run(t, func(o *Options) { o.Classes = []string{schemas.ClassParked} })
			if s.Copied != 2 || s.Skipped != 3 || s.ByClass[schemas.ClassParked].Copied != 2 {
				t.Fatalf("second summary %+v", s)
			}
			// And a run without filters copies only the one left
			s = f.run(t, nil)
			if s.Copied != 1 || s.AlreadyCopied != 4 || s.ByClass[schemas.ClassValidation].Copied != 1 {
				t.Fatalf("third summary %+v", s)
			}
			if got := f.copiedValues(t); !slices.Equal(got, []string{"value-0", "value-1", "value-2", "value-3", "value-4"}) {
				t.Fatalf("input holds %v", got)
			}
		})
		t.Run("should select by exact key", func(t *testing.T) {
			o := f.opts
			o.InputTopic, o.LedgerTopic = kafkatest.Name(t, "events"), kafkatest.Name(t, "ledger")
			if _, err := c.Admin(t).CreateTopic(kafkatest.Context(t, time.Minute), 1, -1, nil, o.InputTopic); err != nil {
				t.Fatal(err)
			}
			waitForTopics(t, c, o.InputTopic)
			g := &fixture{c: c, opts: o}
			s := g.run(t, func(o *Options) { o.Keys = []string{"a@x.com", "A@x.com "} })
			if s.Copied != 2 || s.Skipped != 3 {
				t.Fatalf("summary %+v", s)
			}
			if got := g.copiedValues(t); !slices.Equal(got, []string{"value-0", "value-3"}) {
				t.Fatalf("input holds %v", got)
			}
		})
		t.Run("should select by first failure, else by timestamp, in [since, until)", func(t *testing.T) {
			o := f.opts
			o.InputTopic, o.LedgerTopic = kafkatest.Name(t, "events"), kafkatest.Name(t, "ledger")
			if _, err := c.Admin(t).CreateTopic(kafkatest.Context(t, time.Minute), 1, -1, nil, o.InputTopic); err != nil {
				t.Fatal(err)
			}
			waitForTopics(t, c, o.InputTopic)
			g := &fixture{c: c, opts: o}
			// first_failed_at: 10h, 11h, 34h, 36h; the last has only its
			// timestamp, 48h. [11h, 36h) selects dead letters 1 and 2.
			s := g.run(t, func(o *Options) { o.Since, o.Until = day.Add(11*time.Hour), day.Add(36*time.Hour) })
			if got := g.copiedValues(t); s.Copied != 2 || !slices.Equal(got, []string{"value-1", "value-2"}) {
				t.Fatalf("summary %+v; input holds %v", s, got)
			}
			s = g.run(t, func(o *Options) { o.Since = day.Add(40 * time.Hour) })
			if got := g.copiedValues(t); s.Copied != 1 || !slices.Contains(got, "value-4") {
				t.Fatalf("summary %+v; input holds %v", s, got)
			}
		})
	})
}

func TestUnknownClassIsRefusedUpFront(t *testing.T) {
	_, err := Run(t.Context(), Options{Brokers: []string{"127.0.0.1:1"}, Classes: []string{"crm-rejected"}})
	if !errors.Is(err, ErrUnknownClass) {
		t.Fatalf("err = %v, want ErrUnknownClass", err)
	}
}

func TestMaxAttempts(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given a dead letter already reprocessed 3 times
		f := newFixture(t, c)
		tired := f.addDeadLetter(t, 5, "e@x.com", schemas.ClassRetriesExhausted, day, 3)

		// When a run with the default maximum (3) runs
		s := f.run(t, nil)

		// Then it is refused, reported by position and class, and not copied
		if s.Refused != 1 || s.Copied != 5 || s.ByClass[schemas.ClassRetriesExhausted].Refused != 1 {
			t.Fatalf("summary %+v", s)
		}
		want := Listed{Position: Position{Topic: f.opts.DLQTopic, Partition: tired.Partition, Offset: tired.Offset},
			Class: schemas.ClassRetriesExhausted, Attempts: 4}
		if len(s.RefusedAt) != 1 || s.RefusedAt[0] != want {
			t.Fatalf("refused at %+v, want %+v", s.RefusedAt, want)
		}
		if slices.Contains(f.copiedValues(t), "value-5") {
			t.Fatal("the refused dead letter was copied")
		}
		// And it stays in the DLQ: a second run refuses it again
		if s := f.run(t, nil); s.Refused != 1 || s.Copied != 0 || s.AlreadyCopied != 5 {
			t.Fatalf("second summary %+v", s)
		}
		// And a run with a higher maximum copies it, as attempt 4
		s = f.run(t, func(o *Options) { o.MaxAttempts = 4 })
		if s.Copied != 1 || s.Refused != 0 {
			t.Fatalf("third summary %+v", s)
		}
		for _, r := range f.input(t) {
			if string(r.Value) == "value-5" && headerMap(r)[schemas.HeaderReprocessAttempts] != "4" {
				t.Errorf("attempts header %q, want 4", headerMap(r)[schemas.HeaderReprocessAttempts])
			}
		}
	})
}

func TestDryRunWritesNothing(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		f := newFixture(t, c)
		// When a dry run selects the parked dead letters
		s := f.run(t, func(o *Options) { o.DryRun = true; o.Classes = []string{schemas.ClassParked} })

		// Then it reports what it would copy
		if !s.DryRun || s.Copied != 2 || s.Skipped != 3 || len(s.CopiedAt) != 2 || s.CopiedAt[0].Class != schemas.ClassParked {
			t.Fatalf("summary %+v", s)
		}
		// And the input topic is empty and no ledger exists
		ctx := kafkatest.Context(t, time.Minute)
		adm := c.Admin(t)
		ends, err := adm.ListEndOffsets(ctx, f.opts.InputTopic)
		if err != nil {
			t.Fatal(err)
		}
		ends.Each(func(o kadm.ListedOffset) {
			if o.Offset != 0 {
				t.Errorf("input partition %d: end offset %d, want 0", o.Partition, o.Offset)
			}
		})
		topics, err := adm.ListTopics(ctx, f.opts.LedgerTopic)
		if err != nil {
			t.Fatal(err)
		}
		if topics.Has(f.opts.LedgerTopic) {
			t.Error("a dry run created the ledger topic")
		}
		// And a real run afterwards copies them
		if s := f.run(t, func(o *Options) { o.Classes = []string{schemas.ClassParked} }); s.Copied != 2 {
			t.Fatalf("real run %+v", s)
		}
	})
}

func TestRunningTwiceCopiesOnce(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		f := newFixture(t, c)
		// Given a first run that copied every dead letter, in batches of 2
		if s := f.run(t, func(o *Options) { o.BatchSize = 2 }); s.Copied != 5 {
			t.Fatalf("first run %+v", s)
		}
		// And a new dead letter since
		f.addDeadLetter(t, 6, "f@x.com", schemas.ClassInternal, day, 0)

		// When it runs again
		s := f.run(t, nil)

		// Then it copies only the new one
		if s.Copied != 1 || s.AlreadyCopied != 5 || s.ByClass[schemas.ClassInternal].Copied != 1 {
			t.Fatalf("second run %+v", s)
		}
		want := []string{"value-0", "value-1", "value-2", "value-3", "value-4", "value-6"}
		if got := f.copiedValues(t); !slices.Equal(got, want) {
			t.Fatalf("input holds %v, want %v", got, want)
		}
	})
}

func TestCopyKeepsTheRecordAndCountsAttempts(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		f := newFixture(t, c)
		f.run(t, nil)
		byValue := map[string]*kgo.Record{}
		for _, r := range f.input(t) {
			byValue[string(r.Value)] = r
		}
		for i, d := range deadLetters {
			dl := f.dlq[i]
			r := byValue[string(dl.Value)]
			if r == nil {
				t.Fatalf("dead letter %d was not copied", i)
			}
			if string(r.Key) != d.key || !r.Timestamp.Equal(dl.Timestamp) {
				t.Errorf("copy %d: key %q at %s, want %q at %s", i, r.Key, r.Timestamp, d.key, dl.Timestamp)
			}
			want := map[string]string{
				"trace":                         "t" + strconv.Itoa(i),
				schemas.HeaderReprocessAttempts: strconv.Itoa(d.copies + 1),
				schemas.HeaderReprocessFrom:     Position{f.opts.DLQTopic, dl.Partition, dl.Offset}.String(),
			}
			if !d.failedAt.IsZero() {
				want[schemas.HeaderErrorFirstFailedAt] = d.failedAt.Format(time.RFC3339Nano)
			}
			if got := headerMap(r); !mapsEqual(got, want) || len(r.Headers) != len(want) {
				t.Errorf("copy %d: headers %v, want %v", i, got, want)
			}
		}
	})
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestCrashBeforeCommitCopiesOnce: a run that died between producing its
// copies and committing them leaves an open transaction; the next run fences
// it, and read_committed consumers see exactly one copy of each dead letter.
func TestCrashBeforeCommitCopiesOnce(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		f := newFixture(t, c)
		o := f.opts
		o.setDefaults()
		ctx := kafkatest.Context(t, time.Minute)
		if err := ensureLedger(ctx, c.Admin(t), o.LedgerTopic); err != nil {
			t.Fatal(err)
		}
		// Given a run that produced a copy and its ledger entry in a
		// transaction, then hung before committing
		crashed := c.Client(t, kgo.TransactionalID(o.TransactionalID), kgo.TransactionTimeout(time.Minute))
		if err := crashed.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		dl := readDeadLetter(f.dlq[0])
		cp := copyOf(dl, o.InputTopic)
		if err := crashed.ProduceSync(ctx, cp).FirstErr(); err != nil {
			t.Fatal(err)
		}
		entry, err := ledgerRecord(o.LedgerTopic, positionOf(f.dlq[0]), ledgerEntry{Copy: positionOf(cp), Class: dl.class, Attempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := crashed.ProduceSync(ctx, entry).FirstErr(); err != nil {
			t.Fatal(err)
		}

		// When the next run starts
		s := f.run(t, nil)

		// Then it copies every dead letter, the first one included
		if s.Copied != 5 || s.AlreadyCopied != 0 {
			t.Fatalf("summary %+v", s)
		}
		// And a read_committed consumer sees each copy once
		want := []string{"value-0", "value-1", "value-2", "value-3", "value-4"}
		if got := f.copiedValues(t); !slices.Equal(got, want) {
			t.Fatalf("input holds %v, want %v", got, want)
		}
		// And the crashed run cannot commit any more
		if err := crashed.EndTransaction(ctx, kgo.TryCommit); err == nil {
			t.Error("the fenced run committed its transaction")
		}
		if got := f.copiedValues(t); !slices.Equal(got, want) {
			t.Fatalf("after the fenced commit, input holds %v, want %v", got, want)
		}
		if s := f.run(t, nil); s.Copied != 0 || s.AlreadyCopied != 5 {
			t.Fatalf("third run %+v", s)
		}
	})
}

// TestExpiredLedgerEntriesAreTombstoned: ledger entries of dead letters that
// retention deleted are removed by the next run.
func TestExpiredLedgerEntriesAreTombstoned(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		f := newFixture(t, c)
		f.run(t, nil)
		ctx := kafkatest.Context(t, time.Minute)
		adm := c.Admin(t)
		// Given the DLQ's records deleted up to its end
		ends, err := adm.ListEndOffsets(ctx, f.opts.DLQTopic)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := adm.DeleteRecords(ctx, ends.Offsets()); err != nil {
			t.Fatal(err)
		}
		// When a run reads an empty DLQ
		s := f.run(t, nil)
		if s.Read != 0 {
			t.Fatalf("summary %+v", s)
		}
		// Then the ledger holds no live entry
		o := f.opts
		o.setDefaults()
		l, err := readLedger(ctx, &o, adm)
		if err != nil {
			t.Fatal(err)
		}
		if len(l) != 0 {
			t.Fatalf("ledger still holds %v", l)
		}
	})
}
