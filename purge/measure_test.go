package purge

import (
	"os"
	"testing"

	"github.com/contactgate/contactgate/dataset"
)

// TestMeasureClustering prints the scan's pairwise quality with each
// clustering, on both halves of the shared datasets and on a synthetic
// export: a measurement for the README, run on demand
// (CONTACTGATE_MEASURE=1), that asserts nothing.
func TestMeasureClustering(t *testing.T) {
	if os.Getenv("CONTACTGATE_MEASURE") == "" {
		t.Skip("a measurement: set CONTACTGATE_MEASURE=1")
	}
	dir, ok := dataset.FindDatasets()
	if !ok {
		t.Skip("no shared datasets")
	}
	variants := []struct {
		name string
		o    ScanOptions
	}{
		{"components", ScanOptions{}},
		{"components-nocorr", ScanOptions{CorroboratedLinkWeight: -1}},
	}
	measure := func(label string, recs []Record, truth []string) {
		for _, v := range variants {
			res, err := Scan(recs, v.o)
			if err != nil {
				t.Fatal(err)
			}
			predicted := make([]string, len(recs))
			for i, cl := range res.Cluster {
				predicted[i] = recs[cl].ID
			}
			q := dataset.Metrics(truth, predicted)
			t.Logf("%-22s %-20s P %.4f R %.4f F1 %.4f merged %d, %d candidate pairs, blocking recall estimated %.3f, %v", label, v.name, q.PairPrecision, q.PairRecall, q.PairF1, q.MergedClusters, res.Stats.CandidatePairs, res.Stats.EstimatedBlockingRecall, res.Stats.Elapsed)
		}
	}
	for _, preset := range []string{"febrl1", "febrl2", "splink", "chicago", "senzing"} {
		p, _ := dataset.LookupPreset(preset)
		opts, err := p.Options(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, half := range []dataset.Half{dataset.HalfTune, dataset.HalfCheck} {
			var recs []Record
			var truth []string
			for row, err := range half.Rows((dataset.Files{Paths: p.Paths(dir), Options: opts}).Rows()) {
				if err != nil {
					continue
				}
				recs = append(recs, Record{ID: row.ID, Fields: row.Fields})
				truth = append(truth, row.Truth)
			}
			measure(preset+"/"+string(half), recs, truth)
		}
	}
	recs, truth := syntheticExport(100_000)
	measure("gen 100000", recs, truth)
}
