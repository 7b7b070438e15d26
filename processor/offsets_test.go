package processor

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TestAStaleRecordIsNotBegunAfterItsPartitionCameBack: a record polled
// before its partition was lost, and queued on a lane after the partition
// was assigned again and polled anew, is not worked on, nor does its end
// move the new assignment's watermark: the new copy is the partition's.
func TestAStaleRecordIsNotBegunAfterItsPartitionCameBack(t *testing.T) {
	tr := newTracker(context.Background())
	rec := func(off int64) *kgo.Record { return &kgo.Record{Topic: "events", Partition: 2, Offset: off} }
	stale := []*kgo.Record{rec(5), rec(6)}
	for _, r := range stale {
		tr.add(r)
	}
	tr.forget(map[string][]int32{"events": {2}})
	fresh := []*kgo.Record{rec(5), rec(6)}
	for _, r := range fresh {
		tr.add(r)
	}
	if _, ok := tr.begin(stale[0]); ok {
		t.Fatal("a record of the lost assignment was begun")
	}
	if _, ok := tr.begin(fresh[1]); !ok || !tr.done(fresh[1]) {
		t.Fatal("a record of the new assignment was refused")
	}
	if tr.done(stale[0]) {
		t.Fatal("a record of the lost assignment was marked done")
	}
	if m := tr.marks(); m != nil {
		t.Fatalf("marks %v: offset 5 of the new assignment is not done", m)
	}
	if _, ok := tr.begin(fresh[0]); !ok || !tr.done(fresh[0]) {
		t.Fatal("a record of the new assignment was refused")
	}
	if got := tr.marks()["events"][2].Offset; got != 7 {
		t.Fatalf("watermark %d, want 7", got)
	}
}
