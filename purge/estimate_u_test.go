package purge

import (
	"fmt"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestScanEstimatesFromTheExport(t *testing.T) {
	// Given an export of one town: 300 people, a tenth of them twice under
	// one e-mail
	var recs []Record
	person := func(i int) map[match.Kind]string {
		return map[match.Kind]string{
			match.KindFirstName: []string{"Anna", "Ben", "Carla", "Dmitri", "Elena", "Farid"}[i%6],
			match.KindLastName:  fmt.Sprintf("Surname%c%c", 'a'+i%26, 'a'+i/26),
			match.KindCity:      "Springfield", match.KindEmail: fmt.Sprintf("p%d@example.org", i),
		}
	}
	for i := range 300 {
		recs = append(recs, Record{ID: fmt.Sprint(i), Fields: person(i)})
	}
	for i := range 30 {
		recs = append(recs, Record{ID: fmt.Sprint("dup", i), Fields: person(i)})
	}
	cityExact := func(m match.Model) float64 {
		for _, f := range m.Fields {
			if f.Kind == match.KindCity {
				return f.Levels[0].U
			}
		}
		t.Fatal("no city in the model")
		return 0
	}
	def := match.DefaultModel()
	t.Run("should score with u from the export when asked", func(t *testing.T) {
		res, err := Scan(recs, ScanOptions{EstimateU: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := cityExact(res.Model); got < 0.5 {
			t.Errorf("city exact u %.3f in a town of one city, want above 0.5 (default %.3f)", got, cityExact(def))
		}
		for i := range 30 {
			if res.Cluster[i] != res.Cluster[300+i] {
				t.Errorf("record %d and its duplicate apart", i)
			}
		}
	})
	t.Run("should keep the model's u by default", func(t *testing.T) {
		res, err := Scan(recs, ScanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := cityExact(res.Model); got != cityExact(def) {
			t.Errorf("city exact u %.3f, want the default %.3f", got, cityExact(def))
		}
	})
}
