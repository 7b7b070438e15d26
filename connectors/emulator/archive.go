package emulator

import (
	"context"
	"net/http"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// Archiving: HubSpot's DELETE /crm/v3/objects/contacts/{id} moves a contact
// to the recycling bin (204). An archived contact is gone from reads by id
// or e-mail, batches, list and search (notes/hubspot.md: archived records
// never appear in search); GET /{id}?archived=true reads it, with archived
// true and archivedAt. Choices where the notes are silent (inferred):
//   - its e-mails and unique values are free for other contacts at once;
//   - archiving an archived contact again is a 204, an id that never
//     existed (or was merged away) a 404;
//   - there is no restore: HubSpot restores from its recycling bin only
//     through its user interface.

// archived is an archived record and when it was archived.
type archived struct {
	r  *record
	at time.Time
}

// archive moves the live record id to the archive.
func (s *store) archive(id string) error {
	if _, ok := s.archived[id]; ok {
		return nil
	}
	r, ok := s.records[id]
	if !ok {
		return notFound("resource not found: contact %s", id)
	}
	s.unindexEmails(r)
	s.unindexUnique(r)
	delete(s.records, id)
	s.dropID(r.num)
	s.index.remove(s.now(), r.num)
	s.archived[id] = archived{r: r, at: s.now()}
	return nil
}

// archivedContact reads an archived contact, as GET ?archived=true does.
func (s *store) archivedContact(id string, want []string) (connectors.Contact, error) {
	a, ok := s.archived[id]
	if !ok {
		return connectors.Contact{}, notFound("resource not found: no archived contact %s", id)
	}
	c := a.r.contact(want)
	c.Archived = true
	c.ArchivedAt = a.at
	return c, nil
}

// Archive archives a contact (HubSpot's DELETE /{id}); see archive.go.
func (e *Emulator) Archive(ctx context.Context, id string) error {
	ep := endpointOf(OpArchive, http.MethodDelete, BasePath+"/"+id)
	_, _, err := serve(ctx, e, ep, archiveOp(id))
	return err
}

// GetArchived reads an archived contact (GET /{id}?archived=true); a
// contact that is not archived is connectors.ErrNotFound.
func (e *Emulator) GetArchived(ctx context.Context, id string, properties []string) (connectors.Contact, error) {
	c, _, err := serve(ctx, e, endpointOf(OpGet, http.MethodGet, BasePath+"/"+id), getArchivedOp(id, properties))
	return c, err
}

var _ connectors.Archiver = (*Emulator)(nil)

func archiveOp(id string) op[struct{}] {
	return func(s *store) (struct{}, int, error) {
		return struct{}{}, http.StatusNoContent, s.archive(id)
	}
}

func getArchivedOp(id string, want []string) op[connectors.Contact] {
	return func(s *store) (connectors.Contact, int, error) {
		c, err := s.archivedContact(id, want)
		return c, http.StatusOK, err
	}
}

func (a *api) archive(w http.ResponseWriter, r *http.Request, ep endpoint) {
	_, ans, err := serve(r.Context(), a.e, ep, archiveOp(r.PathValue("id")))
	if err == nil {
		setRateHeaders(w.Header(), ans.headers)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	a.respond(w, ep, ans, err, nil)
}
