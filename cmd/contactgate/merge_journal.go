package main

import (
	"github.com/contactgate/contactgate/purge"
	"github.com/contactgate/contactgate/stages"
)

// streamJournal keeps the gatekeeper's bridge merges in a purge journal.
type streamJournal struct{ j *purge.Journal }

var _ stages.MergeJournal = streamJournal{}

func (s streamJournal) AppendMerge(m stages.MergeStep) error {
	return s.j.AppendStreamMerge(m.Step, m.Cluster, m.Master, m.Member, m.Survivor, m.MasterSnapshot, m.MemberSnapshot, m.Verified, m.At)
}
