package demo

// Quality measures where a run put the events against the truth of who they
// are about. The counts say what a CRM user sees; the pairwise scores are the
// usual entity-resolution measures, over all pairs of scored events.
type Quality struct {
	// Persons is the number of distinct true persons among the scored events.
	Persons int `json:"persons"`
	// Records is the number of distinct records the scored events ended in.
	Records int `json:"records"`
	// DuplicateRecords is Σ over persons of (records holding the person − 1):
	// the records a person was split into beyond the first. 0 is no
	// duplicates left.
	DuplicateRecords int `json:"duplicate_records"`
	// FalseMerges is Σ over records of (persons in the record − 1): people
	// wrongly merged into another's record. 0 is no false merge.
	FalseMerges int `json:"false_merges"`
	// PairPrecision is the share of event pairs put in one record that are
	// about one person; 1 when no pair was put together.
	PairPrecision float64 `json:"pair_precision"`
	// PairRecall is the share of event pairs about one person that were put
	// in one record; 1 when no two events are about one person.
	PairRecall float64 `json:"pair_recall"`
	// PairF1 is the harmonic mean of PairPrecision and PairRecall; 0 when
	// both are 0.
	PairF1 float64 `json:"pair_f1"`
}

// Score compares where each event ended, recordIDs[i], with the truth,
// person[i] (Generated.Person). An event whose record id is "" was
// dead-lettered and is skipped. It runs in O(n) time and memory: the pair
// counts come from the contingency table of persons by records, never from
// listing pairs. Score panics if the slices differ in length.
func Score(person []int, recordIDs []string) Quality {
	if len(person) != len(recordIDs) {
		panic("demo.Score: person and recordIDs differ in length")
	}
	type cell struct {
		person int
		record string
	}
	cells := make(map[cell]int64)
	byPerson := make(map[int]int64)
	byRecord := make(map[string]int64)
	for i, rec := range recordIDs {
		if rec == "" {
			continue
		}
		cells[cell{person[i], rec}]++
		byPerson[person[i]]++
		byRecord[rec]++
	}
	q := Quality{
		Persons: len(byPerson),
		Records: len(byRecord),
		// Each (person, record) cell beyond a person's first is a duplicate
		// record, and beyond a record's first a false merge.
		DuplicateRecords: len(cells) - len(byPerson),
		FalseMerges:      len(cells) - len(byRecord),
	}
	var together, predicted, actual int64
	for _, n := range cells {
		together += pairs(n)
	}
	for _, n := range byRecord {
		predicted += pairs(n)
	}
	for _, n := range byPerson {
		actual += pairs(n)
	}
	q.PairPrecision, q.PairRecall = 1, 1
	if predicted > 0 {
		q.PairPrecision = float64(together) / float64(predicted)
	}
	if actual > 0 {
		q.PairRecall = float64(together) / float64(actual)
	}
	if s := q.PairPrecision + q.PairRecall; s > 0 {
		q.PairF1 = 2 * q.PairPrecision * q.PairRecall / s
	}
	return q
}

// pairs returns n choose 2.
func pairs(n int64) int64 { return n * (n - 1) / 2 }
