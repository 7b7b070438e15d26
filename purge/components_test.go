package purge

import (
	"errors"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestComponentsClustering(t *testing.T) {
	// Given a family at one mailbox and address: Ann and her duplicate,
	// Ben and his, and a record without a name that has the mailbox, the
	// address and Ann's national id
	home := func(extra map[match.Kind]string) map[match.Kind]string {
		f := map[match.Kind]string{match.KindEmail: "parks@hmail.com", match.KindAddress: "1304 Poppy Hills Dr", match.KindPostcode: "43004"}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	recs := []Record{
		{ID: "1", Fields: home(map[match.Kind]string{match.KindFirstName: "Ann", match.KindLastName: "Park", match.KindDOB: "1970-03-01", match.KindNationalID: "201-77-7719"})},
		{ID: "2", Fields: map[match.Kind]string{match.KindFirstName: "Ann", match.KindLastName: "Park", match.KindDOB: "1970-03-01", match.KindPhone: "+1 614 555 0101"}},
		{ID: "3", Fields: home(map[match.Kind]string{match.KindFirstName: "Ben", match.KindLastName: "Park", match.KindDOB: "1997-09-28"})},
		{ID: "4", Fields: map[match.Kind]string{match.KindFirstName: "Benjamin", match.KindLastName: "Park", match.KindDOB: "1997-09-28", match.KindPhone: "+1 614 555 0199"}},
		{ID: "5", Fields: home(map[match.Kind]string{match.KindNationalID: "201-77-7719"})},
	}
	same := func(res *ScanResult, a, b int) bool { return res.Cluster[a] == res.Cluster[b] }

	t.Run("should keep the family apart, the nameless record with the one it matches best", func(t *testing.T) {
		res, err := Scan(recs, ScanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !same(res, 0, 1) || !same(res, 2, 3) || same(res, 0, 2) || !same(res, 0, 4) {
			t.Errorf("clusters %v: want {1,2,5} {3,4}", res.Cluster)
		}
		for _, c := range res.Clusters {
			for _, m := range c.Members {
				if m.Evidence == nil {
					t.Errorf("cluster %s member %s without evidence", c.ID, m.ID)
				}
			}
		}
	})
	t.Run("should chain the family together without the guard", func(t *testing.T) {
		res, err := Scan(recs, ScanOptions{NoChainGuard: true})
		if err != nil {
			t.Fatal(err)
		}
		if !same(res, 0, 2) {
			t.Errorf("clusters %v: the guard is not what keeps them apart", res.Cluster)
		}
	})
	t.Run("should refuse an unknown clustering", func(t *testing.T) {
		if _, err := Scan(recs, ScanOptions{Clustering: "single-link"}); !errors.Is(err, ErrUnknownClustering) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestComponentsKeepColleaguesApart(t *testing.T) {
	// Given two namesakes at one company, with numbered accounts, and a
	// record of one of them without an address, which matches both
	recs := []Record{
		{ID: "1", Fields: map[match.Kind]string{match.KindFirstName: "Julie", match.KindLastName: "Rogers", match.KindEmail: "jrogers@arcadiagames.com", match.KindCompany: "Arcadia Games", match.KindPhone: "+1 650 555 0978"}},
		{ID: "2", Fields: map[match.Kind]string{match.KindFirstName: "Julie", match.KindLastName: "Rogers", match.KindCompany: "Arcadia Games Co.", match.KindPhone: "+1 650 555 0978"}},
		{ID: "3", Fields: map[match.Kind]string{match.KindFirstName: "Julie", match.KindLastName: "Rogers", match.KindEmail: "jrogers2@arcadiagames.com", match.KindCompany: "Arcadia Games"}},
	}
	same := func(res *ScanResult, a, b int) bool { return res.Cluster[a] == res.Cluster[b] }
	t.Run("should not join two clusters holding two accounts at one company", func(t *testing.T) {
		res, err := Scan(recs, ScanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !same(res, 0, 1) || same(res, 0, 2) {
			t.Errorf("clusters %v: want {1,2} {3}", res.Cluster)
		}
	})
	t.Run("should chain them without the guard", func(t *testing.T) {
		res, err := Scan(recs, ScanOptions{NoColleagueGuard: true})
		if err != nil {
			t.Fatal(err)
		}
		if !same(res, 0, 2) {
			t.Errorf("clusters %v: the guard is not what keeps them apart", res.Cluster)
		}
	})
}

func TestWorkAddressesApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"chenderson@indigo.com", "chenderson2@indigo.com", true},
		{"diana.wagner@juniper.io", "dwagner@juniper.io", true},
		{"jsmith77@acme.com", "jsmith78@acme.com", true},
		{"masons52@reed.com", "masons2@reed.com", false},
		{"becky18@roberts.info", "b1cky8@roberts.info", false},
		{"olsodanielle@martinez.com", "oleondanisle@martinez.com", false},
		{"diana.wagner@juniper.io", "dwagner@other.io", false},
		{"info@juniper.io", "dwagner@juniper.io", false},
		{"anil@crescentpeak.com", "anil+events@crescentpeak.com", false}, // one mailbox, as the scorer reads it
	} {
		t.Run(c.a+" and "+c.b, func(t *testing.T) {
			ps := []match.Profile{
				match.NewProfile(map[match.Kind]string{match.KindEmail: c.a}, match.Options{}),
				match.NewProfile(map[match.Kind]string{match.KindEmail: c.b}, match.Options{}),
			}
			var a, b []int32
			if workAddress(&ps[0]) {
				a = []int32{0}
			}
			if workAddress(&ps[1]) {
				b = []int32{1}
			}
			if got := workApart(a, b, ps); got != c.want {
				t.Errorf("workApart = %v, want %v", got, c.want)
			}
		})
	}
}

func TestCorroborated(t *testing.T) {
	ev := func(kind match.Kind, w float64) match.Evidence { return match.Evidence{Kind: kind, Weight: w} }
	for _, c := range []struct {
		name string
		ev   []match.Evidence
		want bool
	}{
		{"should take a birth date's agreement", []match.Evidence{ev(match.KindFirstName, 4), ev(match.KindDOB, 1.5)}, true},
		{"should take a postcode's agreement", []match.Evidence{ev(match.KindLastName, 5), ev(match.KindPostcode, 3)}, true},
		{"should not take names and a company", []match.Evidence{ev(match.KindFirstName, 4), ev(match.KindLastName, 5), ev(match.KindCompany, 6)}, false},
		{"should not take an e-mail's local part", []match.Evidence{ev(match.KindFirstName, 4), ev(match.KindEmail, 3.9)}, false},
		{"should not take a birth date that differs", []match.Evidence{ev(match.KindFirstName, 4), ev(match.KindDOB, -4.6)}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := corroborated(match.Comparison{Evidence: c.ev}); got != c.want {
				t.Errorf("corroborated = %v, want %v", got, c.want)
			}
		})
	}
}
