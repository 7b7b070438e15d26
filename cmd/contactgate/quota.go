package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
)

// quotaShareInterval is how often `run --crm-quota-share 0` re-reads the
// consumer group's membership.
const quotaShareInterval = 5 * time.Second

// quotaSharer is a CRM client whose share of the account's rate limits can
// change: the HubSpot client.
type quotaSharer interface{ SetQuotaShare(share float64) }

// shareByGroup gives crm 1/N of the account's rate limits, N the consumer
// group's current members, re-read every interval until ctx ends (run
// --crm-quota-share 0). Until the group has formed the client keeps the
// whole quota, and HubSpot's Remaining header slows it if the others spend
// theirs.
func shareByGroup(ctx context.Context, log *slog.Logger, adm *kadm.Client, group string, crm quotaSharer, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	last := 0
	for {
		if n := groupMembers(ctx, adm, group); n > 0 && n != last {
			crm.SetQuotaShare(1 / float64(n))
			log.Info("contactgate run: CRM quota share from the group", "members", n, "share", 1/float64(n))
			last = n
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// groupMembers is the number of members of a stable group, 0 when it
// cannot tell (rebalancing, or the broker did not answer).
func groupMembers(ctx context.Context, adm *kadm.Client, group string) int {
	groups, err := adm.DescribeGroups(ctx, group)
	if err != nil {
		return 0
	}
	g, ok := groups[group]
	if !ok || g.Err != nil || g.State != "Stable" {
		return 0
	}
	return len(g.Members)
}
