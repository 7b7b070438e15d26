package state

import (
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// benchRecords is the size of the pre-filled index of the benchmarks:
//
//	go test ./state -run '^$' -bench . -state.records 1000000
var benchRecords = flag.Int("state.records", 100_000, "records in the benchmarks' pre-filled index")

// switchboards is how many phone numbers one in ten benchmark records share.
const switchboards = 200

// benchRecord is the i-th record of the benchmark index: an external id, one
// or two e-mails, a phone (one in ten a switchboard's), a name key, and the
// properties of a typical contact.
func benchRecord(i int) Record {
	id := fmt.Sprint(1_000_000 + i)
	ph := fmt.Sprintf("+1415%07d", i)
	if i%10 == 0 {
		ph = fmt.Sprintf("+1212%07d", i%switchboards)
	}
	emails := []string{fmt.Sprintf("user%d@example.com", i)}
	if i%3 == 0 {
		emails = append(emails, fmt.Sprintf("u%d@work.example", i))
	}
	at := t0.Add(time.Duration(i) * time.Second)
	prop := func(v, src string) schemas.PropertyValue {
		return schemas.PropertyValue{Value: v, Source: src, UpdatedAt: at}
	}
	return Record{
		ID: id,
		Identifiers: schemas.Identifiers{
			ExternalIDs: []string{"billing:" + id},
			Emails:      emails,
			Phones:      []string{ph},
			NameKey:     fmt.Sprintf("first%d|last%d|company%d", i%5000, i%7919, i%1000),
		},
		Properties: map[string]schemas.PropertyValue{
			"email":          prop(emails[0], "webform"),
			"firstname":      prop(fmt.Sprint("First", i%5000), "webform"),
			"lastname":       prop(fmt.Sprint("Last", i%7919), "webform"),
			"company":        prop(fmt.Sprint("Company ", i%1000), "billing"),
			"phone":          prop(ph, "billing"),
			"jobtitle":       prop("Head of Operations", "webinar"),
			"lifecyclestage": prop("lead", "webform"),
		},
		UpdatedAt: at,
	}
}

// benchIndex opens a persistent index filled with *benchRecords records, and
// returns it with its on-disk size per record.
func benchIndex(b *testing.B) (*Index, float64) {
	b.Helper()
	dir := b.TempDir()
	ix, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	n := *benchRecords
	start := time.Now()
	var wg sync.WaitGroup
	const fillers = 4
	for f := range fillers {
		wg.Go(func() {
			for i := f; i < n; i += fillers {
				w := Write{Record: benchRecord(i), EventID: fmt.Sprint("fill-", i)}
				if err := ix.Apply(w); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	// Close and reopen, so that the tables are on disk and the size is
	// what a restarted processor finds.
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	perRecord := float64(dirSize(b, dir)) / float64(n)
	b.Logf("filled %d records in %v: %.0f bytes on disk per record", n, time.Since(start).Round(time.Millisecond), perRecord)
	if ix, err = Open(dir, Options{}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ix.Close() })
	return ix, perRecord
}

// dirSize is the size of Badger's tables and value logs in dir.
func dirSize(b *testing.B, dir string) int64 {
	var size int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".sst") || strings.HasSuffix(p, ".vlog")) {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return size
}

// timed runs op b.N times and reports the 99th percentile latency and the
// index's size on disk per record.
func timed(b *testing.B, diskPerRecord float64, op func(i int)) {
	lat := make([]time.Duration, 0, 1<<16)
	i := 0
	for b.Loop() {
		start := time.Now()
		op(i)
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
	b.ReportMetric(diskPerRecord, "disk-B/record")
}

// BenchmarkLookup measures the reads of resolve against a pre-filled index:
// an e-mail that hits, one that misses (a new contact), a switchboard phone
// held by many records, a Get, and a whole resolution (external id, e-mail,
// phone, name key, then Get of the match).
func BenchmarkLookup(b *testing.B) {
	ix, disk := benchIndex(b)
	n := *benchRecords
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("email-hit", func(b *testing.B) {
		timed(b, disk, func(int) {
			ids, err := ix.Lookup(email(fmt.Sprintf("user%d@example.com", rng.IntN(n))))
			check(err)
			if len(ids) != 1 {
				b.Fatalf("hit found %d", len(ids))
			}
		})
	})
	b.Run("email-miss", func(b *testing.B) {
		timed(b, disk, func(i int) {
			_, err := ix.Lookup(email(fmt.Sprintf("new%d@example.com", i)))
			check(err)
		})
	})
	b.Run("phone-switchboard", func(b *testing.B) {
		timed(b, disk, func(int) {
			_, err := ix.Lookup(phone(fmt.Sprintf("+1212%07d", rng.IntN(switchboards))))
			check(err)
		})
	})
	b.Run("get", func(b *testing.B) {
		timed(b, disk, func(int) {
			_, ok, err := ix.Get(fmt.Sprint(1_000_000 + rng.IntN(n)))
			check(err)
			if !ok {
				b.Fatal("record not found")
			}
		})
	})
	b.Run("resolve-miss", func(b *testing.B) {
		timed(b, disk, func(i int) {
			for _, k := range []Key{{KeyExternalID, fmt.Sprint("web:", i)}, email(fmt.Sprintf("new%d@example.com", i)),
				phone(fmt.Sprintf("+1650%07d", i)), {KeyNameCompany, fmt.Sprintf("first%d|new|x", i)}} {
				_, err := ix.Lookup(k)
				check(err)
			}
		})
	})
}

// BenchmarkApply measures writes against a pre-filled index: an update of an
// existing record (one property changed, same keys), a create, and updates
// from two goroutines at once.
func BenchmarkApply(b *testing.B) {
	ix, disk := benchIndex(b)
	n := *benchRecords
	rng := rand.New(rand.NewPCG(3, 4))
	b.Run("update", func(b *testing.B) {
		timed(b, disk, func(i int) {
			r := benchRecord(rng.IntN(n))
			r.Properties["jobtitle"] = schemas.PropertyValue{Value: fmt.Sprint("Title ", i), Source: "crm", UpdatedAt: time.Now()}
			if err := ix.Apply(Write{Record: r, EventID: fmt.Sprint("upd-", i)}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("create", func(b *testing.B) {
		timed(b, disk, func(i int) {
			r := benchRecord(n + i)
			r.ID = fmt.Sprint("new-", i)
			if err := ix.Apply(Write{Record: r, EventID: fmt.Sprint("new-", i), ClaimOwner: fmt.Sprint("new-", i)}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("update-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			rng := rand.New(rand.NewPCG(rand.Uint64(), 0))
			for i := 0; pb.Next(); i++ {
				r := benchRecord(rng.IntN(n))
				if err := ix.Apply(Write{Record: r, EventID: fmt.Sprint("par-", rng.Uint64())}); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
