package stages

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// The warm-index benchmark's size:
//
//	go test ./stages -run '^$' -bench ResolveWarmIndex -stages.records 1000000 -timeout 30m
var warmRecords = flag.Int("stages.records", 100_000, "identities in BenchmarkResolveWarmIndex's index")

// warmPerson is the i-th identity of the warm index, as the gatekeeper
// writes them: an e-mail, a phone, a name at a company.
func warmPerson(i int) (first, last, company, email, phone string) {
	first, last = fmt.Sprint("Fn", i%4000), fmt.Sprint("Ln", i%9973)
	company = fmt.Sprint("Company ", i%20011)
	return first, last, company, fmt.Sprintf("person%d@corp%d.example", i, i%20011), fmt.Sprintf("+1415%07d", 2_000_000+i)
}

func warmRecord(i int) state.Record {
	first, last, company, email, phone := warmPerson(i)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prop := func(v string) schemas.PropertyValue {
		return schemas.PropertyValue{Value: v, Source: "crm", UpdatedAt: at}
	}
	return state.Record{
		ID: fmt.Sprint(1_000_000 + i),
		Identifiers: schemas.Identifiers{Emails: []string{email}, Phones: []string{phone},
			NameKey: match.NameCompanyKey(first, last, company)},
		Properties: map[string]schemas.PropertyValue{"email": prop(email), "phone": prop(phone),
			"firstname": prop(first), "lastname": prop(last), "company": prop(company)},
		UpdatedAt: at,
		// The one event that made it (state.Record.Members).
		Members: []state.Member{{memberFirst: first, memberLast: last, memberCompany: company, memberEmail: email, memberPhone: phone}},
	}
}

// BenchmarkResolveWarmIndex measures one event's way through Prepare
// (decode, validate, normalize) and the identity index's resolution,
// without the CRM fallback, against an index on disk holding
// -stages.records identities: an e-mail hit, a phone-and-name hit, a
// name-and-company hit (with the near-name lookups of a miss by name), a
// new person who misses every key, and one whose nationally written number
// ends in a stored number's digits (the look-up of its holders' region
// runs before the index's resolution, as in resolve). It reports the 99th
// percentile and the index's size on disk per identity.
func BenchmarkResolveWarmIndex(b *testing.B) {
	dir := b.TempDir()
	ix, err := state.Open(dir, state.Options{})
	if err != nil {
		b.Fatal(err)
	}
	n := *warmRecords
	start := time.Now()
	var wg sync.WaitGroup
	for f := range 4 {
		wg.Go(func() {
			for i := f; i < n; i += 4 {
				if err := ix.Apply(state.Write{Record: warmRecord(i), EventID: fmt.Sprint("fill-", i)}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	size := diskSize(b, dir)
	b.Logf("filled %d identities in %v; %.0f MB on disk, %.0f bytes per identity", n,
		time.Since(start).Round(time.Second), float64(size)/1e6, float64(size)/float64(n))
	if ix, err = state.Open(dir, state.Options{}); err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	g, err := New(Config{Decoder: schemas.NewDecoder(nil), Index: ix, CRM: emulator.New(emulator.Config{})})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start = time.Now()
	if err := g.Recover(ctx); err != nil { // as run starts: the term frequencies of every record
		b.Fatal(err)
	}
	b.Logf("Recover returned in %v", time.Since(start).Round(time.Millisecond))
	g.terms.waitCounted()
	b.Logf("counted %d identities' term frequencies in %v", n, time.Since(start).Round(time.Millisecond))
	defer g.Close()

	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		ev   func(i int) schemas.ContactEvent
		hit  bool
	}{
		{"email-hit", func(i int) schemas.ContactEvent {
			first, last, _, email, _ := warmPerson(i)
			return schemas.ContactEvent{Email: strings.ToUpper(email), FirstName: first, LastName: last}
		}, true},
		{"phone-name-hit", func(i int) schemas.ContactEvent {
			first, last, _, _, phone := warmPerson(i)
			return schemas.ContactEvent{Phone: phone, FirstName: first, LastName: last}
		}, true},
		{"name-company-hit", func(i int) schemas.ContactEvent {
			first, last, company, _, _ := warmPerson(i)
			return schemas.ContactEvent{FirstName: first, LastName: last, Company: company + " Inc."}
		}, true},
		{"new-person-miss", func(i int) schemas.ContactEvent {
			return schemas.ContactEvent{Email: fmt.Sprintf("new%d@else.example", i), Phone: fmt.Sprintf("+1650%07d", 2_000_000+i%7_000_000),
				FirstName: "Newcomer", LastName: fmt.Sprint("Nobody", i), Company: "Elsewhere Ltd"}
		}, false},
		// A new person whose number, written nationally with nothing
		// saying where (a London number, read in the default region), ends
		// in the digits of a stored one: the look-up of its holders'
		// region (readNationalInHoldersRegion) reads that record, finds
		// no number the event's reads as, and the event is created.
		{"new-person-national-phone", func(i int) schemas.ContactEvent {
			return schemas.ContactEvent{Email: fmt.Sprintf("new%d@else.example", i), Phone: fmt.Sprintf("020 7%03d %04d", 200+i/10_000%100, i%10_000),
				FirstName: "Newcomer", LastName: fmt.Sprint("Nobody", i), Company: "Elsewhere Ltd"}
		}, false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var lat []time.Duration
			i := 0
			for b.Loop() {
				ev := c.ev((i * 7919) % n)
				ev.EventID, ev.Source, ev.OccurredAt = fmt.Sprint("bench-", i), "web_form", at
				r := kafkaRecord(b, ev)
				t0 := time.Now()
				job, err := g.Prepare(ctx, r)
				if err != nil {
					b.Fatal(err)
				}
				prepared := job.Value.(*event)
				if err := g.readNationalInHoldersRegion(ctx, prepared); err != nil {
					b.Fatal(err)
				}
				m, err := g.resolveIndex(prepared, nil)
				lat = append(lat, time.Since(t0))
				if err != nil || (m.recordID != "") != c.hit {
					b.Fatalf("event %d: resolution %+v, %v; want a hit: %v", i, m, err, c.hit)
				}
				i++
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
			b.ReportMetric(float64(size)/float64(n), "disk-B/identity")
		})
	}
}

func diskSize(b *testing.B, dir string) int64 {
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
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
