package purge

import (
	"path/filepath"
	"testing"
	"time"
)

func TestAppendStreamMerge(t *testing.T) {
	// Given a journal and a bridge merge of the stream, in its two steps
	path := filepath.Join(t.TempDir(), "merges.jsonl")
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if err := j.AppendStreamMerge("before", "stream:ev-1", "1", "2", "", map[string]string{"firstname": "Dana"}, map[string]string{"phone": "+14155550142"}, false, at); err != nil {
		t.Fatal(err)
	}
	if err := j.AppendStreamMerge("merged", "stream:ev-1", "1", "2", "", nil, nil, true, at); err != nil {
		t.Fatal(err)
	}
	_ = j.Close()
	// Then they read back as the purge's entries, the merge done
	entries, err := ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Step != StepBefore || entries[0].MemberSnapshot.Properties["phone"] != "+14155550142" ||
		entries[1].Step != StepMerged || entries[1].Survivor != "1" || !entries[1].Verified {
		t.Fatalf("entries %+v", entries)
	}
	j, err = OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if e, ok := j.Merged("stream:ev-1", "2"); !ok || e.Survivor != "1" {
		t.Fatalf("Merged = %+v, %v", e, ok)
	}
}

func TestAppendStreamMergeTheOtherWay(t *testing.T) {
	// Given a journal and a bridge merge of 2 into 1 that the CRM had made
	// the other way (1 into 2)
	path := filepath.Join(t.TempDir(), "merges.jsonl")
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if err := j.AppendStreamMerge("before", "stream:ev-1", "1", "2", "", map[string]string{"firstname": "Dana"}, map[string]string{"phone": "+14155550142"}, false, at); err != nil {
		t.Fatal(err)
	}
	if err := j.AppendStreamMerge("merged", "stream:ev-1", "1", "2", "2", nil, nil, true, at); err != nil {
		t.Fatal(err)
	}
	_ = j.Close()
	// Then the merge is done, not pending, and 2 holds both
	j, err = OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if e, ok := j.Merged("stream:ev-1", "2"); !ok || e.Survivor != "2" || !e.Verified {
		t.Fatalf("Merged = %+v, %v; want survivor 2, verified", e, ok)
	}
	if e, pending := j.Pending("stream:ev-1", "2"); pending {
		t.Fatalf("Pending = %+v: the merge was closed", e)
	}
}
