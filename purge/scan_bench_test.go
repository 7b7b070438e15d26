package purge

import (
	"strconv"
	"testing"

	"github.com/contactgate/contactgate/demo"
	"github.com/contactgate/contactgate/match"
)

// syntheticExport is what `contactgate gen` writes, as records: the demo
// generator's contacts, a fifth of them duplicates, with the truth.
func syntheticExport(n int) (recs []Record, truth []string) {
	gen := demo.Generate(demo.GenConfig{Events: n, Persons: max(n*4/5, 1), Seed: 1})
	recs = make([]Record, n)
	truth = make([]string, n)
	for i, e := range gen.Events {
		fields := map[match.Kind]string{}
		for k, v := range map[match.Kind]string{match.KindEmail: e.Email, match.KindPhone: e.Phone,
			match.KindFirstName: e.FirstName, match.KindLastName: e.LastName, match.KindCompany: e.Company,
			match.KindCountry: e.Properties["country"]} {
			if v != "" {
				fields[k] = v
			}
		}
		recs[i] = Record{ID: strconv.Itoa(1_000_001 + i), Fields: fields}
		truth[i] = strconv.Itoa(gen.Person[i])
	}
	return recs, truth
}

// BenchmarkScan scans synthetic exports end to end (profiles, blocks,
// scoring, clusters); the 1,000,000-record target of the purge issue is
// 60 s on two cores.
func BenchmarkScan(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			if n > 20_000 && testing.Short() {
				b.Skip("-short")
			}
			recs, _ := syntheticExport(n)
			b.ResetTimer()
			var res *ScanResult
			for b.Loop() {
				var err error
				if res, err = Scan(recs, ScanOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Stats.CandidatePairs), "pairs")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Stats.CandidatePairs), "ns/pair")
		})
	}
}
