package main

import (
	"fmt"
	"strings"

	"github.com/contactgate/contactgate/purge"
)

// idCheck finds ids on several rows of an export: a clusters file or a
// merge plan keyed by them would be ambiguous.
type idCheck struct {
	line     map[string]int // the first line of each id
	repeated int            // rows whose id an earlier row has
	first    string         // the first repeated id, and its two lines
	at       [2]int
}

func newIDCheck() *idCheck { return &idCheck{line: map[string]int{}} }

func (c *idCheck) add(id string, line int) {
	first, seen := c.line[id]
	if !seen {
		c.line[id] = line
		return
	}
	if c.repeated == 0 {
		c.first, c.at = id, [2]int{first, line}
	}
	c.repeated++
}

func (c *idCheck) String() string {
	return fmt.Sprintf("%d rows repeat an earlier row's id (the first: %q, lines %d and %d)", c.repeated, c.first, c.at[0], c.at[1])
}

// blockWarnings are the lines that tell a user which blocks were too large
// to compare whole: those split by a second key, and those skipped, with
// the records they touch and the largest keys.
func blockWarnings(s purge.ScanStats, maxBlock int) []string {
	var out []string
	if s.SplitBlocks > 0 {
		out = append(out, fmt.Sprintf("%d blocks larger than --max-block %d were split by a second key, touching %d records",
			s.SplitBlocks, maxBlock, s.SplitRecords))
	}
	if s.SkippedBlocks > 0 {
		var largest []string
		for _, b := range s.LargestSkipped {
			largest = append(largest, fmt.Sprintf("%s (%d records)", b.Key, b.Records))
		}
		out = append(out, fmt.Sprintf("%d blocks larger than --max-block %d were skipped even after splitting, touching %d records, "+
			"%d of them in no other block (never compared); largest: %s", s.SkippedBlocks, maxBlock, s.SkippedRecords,
			s.UnblockedRecords, strings.Join(largest, ", ")))
	}
	return out
}
