package stages

import "github.com/contactgate/contactgate/state"

// claim takes every key of the event for its event id, or returns a
// *ClaimConflictError naming the event that holds one. Claims are released
// by the index write that records the event (state.Write.ClaimOwner), by
// abandon when the attempt fails before the CRM was written, or at startup
// by Recover.
func (g *Gatekeeper) claim(a *attempt) error { return g.claimKeys(a, a.ev.keys.all()) }

// claimKeys takes keys for the event's id, as claim does.
func (g *Gatekeeper) claimKeys(a *attempt, keys []state.Key) error {
	owner := a.ev.ce.EventID
	heldBy, err := g.ix.Claim(owner, keys, g.cfg.Now().UTC())
	if err != nil {
		return indexError("claim", err)
	}
	if heldBy != "" && heldBy != owner {
		return &ClaimConflictError{HeldBy: heldBy}
	}
	a.claimed = true
	return nil
}

// abandon releases the claims of an attempt that failed before it wrote the
// CRM: its retry claims again. Once the CRM holds the record (ev.pending),
// the claims stay until the index does too.
func (g *Gatekeeper) abandon(a *attempt) {
	if !a.claimed || a.ev.pending != nil {
		return
	}
	if err := g.ix.ReleaseClaims(a.ev.ce.EventID); err != nil {
		g.cfg.Logger.Warn("stages: release claims", "event_id", a.ev.ce.EventID, "error", redact(a.ev, err))
	}
}
