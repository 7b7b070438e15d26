package purge

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// JournalSuffix is appended to a plan's path to name its default journal.
const JournalSuffix = ".journal.jsonl"

// Step names what a journal entry records.
type Step string

// The steps of a cluster's merge, in the order Merge journals them.
const (
	// StepValues: the plan's Values are about to be written on the master;
	// MasterSnapshot is the master before the write.
	StepValues Step = "values"
	// StepBefore: Member is about to be merged into Master; both snapshots
	// are the records as they were just before the merge.
	StepBefore Step = "before"
	// StepMerged: Member was merged into Master and Survivor is the id of
	// the record that holds both now. (A stream merge the CRM had made the
	// other way, Master into Member, has Member as its Survivor.)
	StepMerged Step = "merged"
)

// Snapshot is a whole CRM record as Merge read it.
type Snapshot struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
	CreatedAt  time.Time         `json:"created_at,omitzero"`
	UpdatedAt  time.Time         `json:"updated_at,omitzero"`
	Archived   bool              `json:"archived,omitempty"`
	// AdditionalEmails and MergedIDs are the record's typed lists
	// (connectors.Contact), which no property holds.
	AdditionalEmails []string `json:"additional_emails,omitempty"`
	MergedIDs        []string `json:"merged_ids,omitempty"`
}

func snapshotOf(c connectors.Contact) *Snapshot {
	return &Snapshot{ID: c.ID, Properties: c.Properties, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Archived: c.Archived,
		AdditionalEmails: c.AdditionalEmails, MergedIDs: c.MergedIDs}
}

// JournalEntry is one line of the journal.
type JournalEntry struct {
	Step    Step   `json:"step"`
	Cluster string `json:"cluster"`
	// Master is the id the step addressed as the master: the plan's master,
	// or the survivor of an earlier merge of the cluster when that merge
	// gave it a new id.
	Master string `json:"master"`
	// Member is the record merged into Master (StepBefore, StepMerged).
	Member         string    `json:"member,omitempty"`
	MasterSnapshot *Snapshot `json:"master_snapshot,omitempty"`
	MemberSnapshot *Snapshot `json:"member_snapshot,omitempty"`
	// Values are the properties written on the master (StepValues).
	Values map[string]string `json:"values,omitempty"`
	// Survivor is the id of the merged record (StepMerged); later merges of
	// the cluster use it as their master.
	Survivor string `json:"survivor,omitempty"`
	// Verified is set on a StepMerged that was not answered by the merge
	// call but found in the CRM: on resume after a crash, or after a merge
	// call that failed but had been applied.
	Verified bool      `json:"verified,omitempty"`
	At       time.Time `json:"at"`
}

// memberKey names a member of a cluster in the journal.
type memberKey struct{ cluster, member string }

// Journal is the append-only undo journal of Merge: JSON lines, each written
// and fsync'd before the step it records is taken (StepValues, StepBefore)
// or right after (StepMerged). Not safe for concurrent use; one process
// at a time may append to a journal file.
type Journal struct {
	f    *os.File
	path string

	before  map[memberKey]JournalEntry // latest StepBefore
	merged  map[memberKey]JournalEntry
	masters map[string]string // cluster → master id for its next merge
}

// OpenJournal opens the journal at path for appending, creating it if need
// be, and reads what it already holds. A last line cut short by a crash is
// dropped: the step it stood for was not acknowledged, so it is done again
// or checked in the CRM.
func OpenJournal(path string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	j := &Journal{f: f, path: path}
	entries, good, err := readEntries(f)
	if err == nil {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("open journal %s: %w", path, err)
	}
	j.index(entries)
	return j, nil
}

// ReadJournal reads every complete entry of the journal at path, in the
// order they were written. A missing file is an empty journal.
func ReadJournal(path string) ([]JournalEntry, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	defer f.Close()
	entries, _, err := readEntries(f)
	if err != nil {
		return nil, fmt.Errorf("read journal %s: %w", path, err)
	}
	return entries, nil
}

// readEntries decodes the complete lines of r and returns how many bytes
// they span. A line without its newline is a torn write and ignored; a
// complete line that does not decode is corruption, an error.
func readEntries(r io.Reader) ([]JournalEntry, int64, error) {
	var (
		entries []JournalEntry
		good    int64
	)
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return entries, good, nil // b, if any, is a torn last line
		}
		if err != nil {
			return nil, 0, err
		}
		good += int64(len(b))
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		var e JournalEntry
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, 0, fmt.Errorf("line %d: %w", line, err)
		}
		entries = append(entries, e)
	}
}

func (j *Journal) index(entries []JournalEntry) {
	j.before = map[memberKey]JournalEntry{}
	j.merged = map[memberKey]JournalEntry{}
	j.masters = map[string]string{}
	for _, e := range entries {
		j.note(e)
	}
}

func (j *Journal) note(e JournalEntry) {
	k := memberKey{e.Cluster, e.Member}
	switch e.Step {
	case StepBefore:
		j.before[k] = e
	case StepMerged:
		j.merged[k] = e
		if e.Survivor != "" {
			j.masters[e.Cluster] = e.Survivor
		}
	}
}

// Append writes e as one line and fsyncs the file: when Append returns nil,
// the entry survives a crash.
func (j *Journal) Append(e JournalEntry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: sync: %w", j.path, err)
	}
	j.note(e)
	return nil
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Merged returns the StepMerged entry of member in cluster, if any.
func (j *Journal) Merged(cluster, member string) (JournalEntry, bool) {
	e, ok := j.merged[memberKey{cluster, member}]
	return e, ok
}

// Pending reports whether member of cluster was journalled before a merge
// whose end the journal does not know: the merge may or may not have
// happened.
func (j *Journal) Pending(cluster, member string) (JournalEntry, bool) {
	k := memberKey{cluster, member}
	if _, done := j.merged[k]; done {
		return JournalEntry{}, false
	}
	e, ok := j.before[k]
	return e, ok
}

// Master returns the id the next merge of cluster uses as its master: the
// survivor of its latest journalled merge, else planned.
func (j *Journal) Master(cluster, planned string) string {
	if id, ok := j.masters[cluster]; ok {
		return id
	}
	return planned
}

// syncDir makes a newly created file's directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// AppendStreamMerge writes the gatekeeper's bridge merges (stages.MergeStep's
// fields) to j as journal entries, so that the stream's merges and the
// purge's read alike. survivor is the record that holds both after a
// merged step (member when the CRM had merged master into it); empty means
// master.
func (j *Journal) AppendStreamMerge(step, cluster, master, member, survivor string, masterProps, memberProps map[string]string, verified bool, at time.Time) error {
	e := JournalEntry{Step: Step(step), Cluster: cluster, Master: master, Member: member, Verified: verified, At: at}
	if masterProps != nil {
		e.MasterSnapshot = &Snapshot{ID: master, Properties: masterProps}
	}
	if memberProps != nil {
		e.MemberSnapshot = &Snapshot{ID: member, Properties: memberProps}
	}
	if Step(step) == StepMerged {
		e.Survivor = cmp.Or(survivor, master)
	}
	return j.Append(e)
}
