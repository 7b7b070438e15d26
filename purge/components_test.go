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
