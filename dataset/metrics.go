package dataset

import "fmt"

// Quality compares a clustering of records with the true one.
//
// Pairwise measures count pairs of records in one cluster: precision is
// the share of predicted pairs that are true, recall the share of true
// pairs that are predicted. B-cubed measures average over records the
// share of a record's predicted cluster that is in its true cluster
// (precision) and the share of its true cluster that is in its predicted
// one (recall); unlike pairs, they do not let a few large clusters
// dominate.
//
// Edge cases: with no predicted pairs precision is 1 (nothing claimed,
// nothing wrong), with no true pairs recall is 1 (nothing to find), and an
// F1 whose precision and recall are both 0 is 0. With no records every
// measure is 1.
type Quality struct {
	// Records is how many records were compared.
	Records int64 `json:"records"`
	// TrueClusters and PredictedClusters count distinct labels,
	// singletons included.
	TrueClusters      int64 `json:"true_clusters"`
	PredictedClusters int64 `json:"predicted_clusters"`
	// TruePairs are pairs in one true cluster, PredictedPairs pairs in one
	// predicted cluster, CorrectPairs pairs in both.
	TruePairs      int64 `json:"true_pairs"`
	PredictedPairs int64 `json:"predicted_pairs"`
	CorrectPairs   int64 `json:"correct_pairs"`

	PairPrecision   float64 `json:"pair_precision"`
	PairRecall      float64 `json:"pair_recall"`
	PairF1          float64 `json:"pair_f1"`
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
	// MergedClusters counts predicted clusters that hold records of two or
	// more true clusters: merges of different people.
	MergedClusters int64 `json:"merged_clusters"`
}

// Metrics compares predicted cluster labels with true ones, record by
// record: truth[i] and predicted[i] are the labels of record i. Labels are
// compared only within their own slice. It builds a contingency table (one
// cell per true and predicted cluster that share records) in memory
// linear in the records, and never lists pairs. It panics when the slices
// differ in length.
func Metrics(truth, predicted []string) Quality {
	if len(truth) != len(predicted) {
		panic(fmt.Sprintf("dataset.Metrics: %d true labels for %d predicted", len(truth), len(predicted)))
	}
	trueIDs, predIDs := map[string]uint32{}, map[string]uint32{}
	var trueSize, predSize []int64
	cells := map[uint64]int64{}
	for i := range truth {
		t := intern(trueIDs, &trueSize, truth[i])
		p := intern(predIDs, &predSize, predicted[i])
		trueSize[t]++
		predSize[p]++
		cells[uint64(t)<<32|uint64(p)]++
	}
	q := Quality{Records: int64(len(truth)), TrueClusters: int64(len(trueSize)), PredictedClusters: int64(len(predSize))}
	for _, n := range trueSize {
		q.TruePairs += pairs(n)
	}
	for _, n := range predSize {
		q.PredictedPairs += pairs(n)
	}
	var bp, br float64
	truthsOf := make([]int32, len(predSize))
	for key, n := range cells {
		if truthsOf[key&(1<<32-1)]++; truthsOf[key&(1<<32-1)] == 2 {
			q.MergedClusters++
		}
		q.CorrectPairs += pairs(n)
		t, p := key>>32, key&(1<<32-1)
		// Each of the n records of this cell finds n records of its own
		// true cluster in its predicted cluster, and vice versa.
		bp += float64(n) * float64(n) / float64(predSize[p])
		br += float64(n) * float64(n) / float64(trueSize[t])
	}
	q.PairPrecision = ratio(q.CorrectPairs, q.PredictedPairs)
	q.PairRecall = ratio(q.CorrectPairs, q.TruePairs)
	q.PairF1 = f1(q.PairPrecision, q.PairRecall)
	q.BCubedPrecision, q.BCubedRecall = 1, 1
	if q.Records > 0 {
		q.BCubedPrecision = bp / float64(q.Records)
		q.BCubedRecall = br / float64(q.Records)
	}
	q.BCubedF1 = f1(q.BCubedPrecision, q.BCubedRecall)
	return q
}

func intern(ids map[string]uint32, sizes *[]int64, label string) uint32 {
	id, ok := ids[label]
	if !ok {
		id = uint32(len(*sizes))
		ids[label] = id
		*sizes = append(*sizes, 0)
	}
	return id
}

// pairs is n choose 2.
func pairs(n int64) int64 { return n * (n - 1) / 2 }

// ratio is a/b, or 1 when b is 0 (nothing claimed or nothing to find).
func ratio(a, b int64) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
