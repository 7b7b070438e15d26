package emulator

import (
	"errors"
	"fmt"
	"maps"
	"net/http"

	"github.com/contactgate/contactgate/connectors"
)

// Batch endpoints check the whole request first (size, repeated ids,
// property names and values: a 400 for the batch) and then apply item by
// item; items that are missing or conflict become per-item errors and a
// 207. Batch create is the exception: any conflict fails it as a whole.

// notFoundMessage is HubSpot's per-item error for ids that do not exist.
const notFoundMessage = "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid."

// updateInput is one input of a batch update, by id or by a unique property.
type updateInput struct {
	id, idProperty string
	properties     map[string]string
}

// checkBatch rejects batches over connectors.MaxBatch inputs and, when key
// gives the inputs' ids, the same id twice.
func checkBatch(n int, key func(i int) string) error {
	if n > connectors.MaxBatch {
		return invalid("Too many inputs (%d): a batch takes at most %d.", n, connectors.MaxBatch)
	}
	if key == nil {
		return nil
	}
	seen := make(map[string]bool, n)
	for i := range n {
		k := key(i)
		if seen[k] {
			return invalid("Duplicate IDs found in batch input: [%s]. IDs must be unique", k)
		}
		seen[k] = true
	}
	return nil
}

// idKey is the identity of an id for duplicate checks: e-mails fold.
func idKey(id, idProperty string) string {
	if idProperty == connectors.PropEmail {
		return fold(id)
	}
	return id
}

// batchStatus is 207 when some item failed.
func batchStatus(res connectors.BatchResult, ok int) int {
	if len(res.Errors) > 0 {
		return http.StatusMultiStatus
	}
	return ok
}

// itemError turns the failure of one item into a per-item error; a failure
// that is neither a conflict (an e-mail's 409, or a unique value's 400,
// reported with its VALIDATION_ERROR category (?)) nor a missing record
// fails the batch.
func itemError(id string, err error) (connectors.ItemError, error) {
	var (
		cf *connectors.ConflictError
		uv *connectors.UniqueValueError
	)
	switch {
	case errors.As(err, &cf):
		return connectors.ItemError{Category: CategoryConflict, Message: cf.Message, IDs: []string{id}}, nil
	case errors.As(err, &uv):
		return connectors.ItemError{Category: CategoryValidation, Message: uv.Message, IDs: []string{id}}, nil
	}
	return connectors.ItemError{}, err
}

func batchReadOp(ids []string, idProperty string, want []string) op[connectors.BatchResult] {
	return func(s *store) (connectors.BatchResult, int, error) {
		if err := s.checkIDProperty(idProperty); err != nil {
			return connectors.BatchResult{}, 0, err
		}
		if err := checkBatch(len(ids), func(i int) string { return idKey(ids[i], idProperty) }); err != nil {
			return connectors.BatchResult{}, 0, err
		}
		res := connectors.BatchResult{Results: []connectors.Contact{}}
		var missing []string
		for _, id := range ids {
			r, err := s.lookup(id, idProperty)
			if err != nil {
				missing = append(missing, id)
				continue
			}
			res.Results = append(res.Results, r.contact(want))
		}
		if len(missing) > 0 {
			res.Errors = append(res.Errors, connectors.ItemError{Category: CategoryNotFound, Message: notFoundMessage, IDs: missing})
		}
		return res, batchStatus(res, http.StatusOK), nil
	}
}

func batchCreateOp(inputs []map[string]string) op[connectors.BatchResult] {
	return func(s *store) (connectors.BatchResult, int, error) {
		if err := checkBatch(len(inputs), nil); err != nil {
			return connectors.BatchResult{}, 0, err
		}
		firstHolder := map[string]int{}    // folded e-mail → input that holds it
		firstUnique := map[[2]string]int{} // unique property and value → input that holds it
		for i, props := range inputs {
			if err := s.checkCreate(props); err != nil {
				return connectors.BatchResult{}, 0, err
			}
			for name := range s.unique {
				if v := props[name]; v != "" {
					if j, ok := firstUnique[[2]string{name, v}]; ok {
						return connectors.BatchResult{}, 0, uniqueDuplicateInBatch(name, j, i)
					}
					firstUnique[[2]string{name, v}] = i
				}
			}
			for _, e := range emailsOf(props) {
				if j, ok := firstHolder[e]; ok {
					return connectors.BatchResult{}, 0, &connectors.ConflictError{
						Message:       fmt.Sprintf("Duplicate email %s in batch input (inputs %d and %d): contacts must have unique emails", e, j, i),
						CorrelationID: newCorrelationID(),
					}
				}
				firstHolder[e] = i
			}
		}
		res := connectors.BatchResult{Results: make([]connectors.Contact, 0, len(inputs))}
		for _, props := range inputs {
			r, err := s.create(props)
			if err != nil {
				return res, 0, fmt.Errorf("emulator: batch create failed after its checks passed: %w", err)
			}
			res.Results = append(res.Results, r.contact(nil))
		}
		return res, http.StatusCreated, nil
	}
}

func batchUpdateOp(inputs []updateInput) op[connectors.BatchResult] {
	return func(s *store) (connectors.BatchResult, int, error) {
		err := checkBatch(len(inputs), func(i int) string { return idKey(inputs[i].id, inputs[i].idProperty) })
		for _, in := range inputs {
			if err == nil {
				err = s.checkIDProperty(in.idProperty)
			}
			if err == nil {
				err = s.validateProperties(in.properties)
			}
		}
		if err != nil {
			return connectors.BatchResult{}, 0, err
		}
		res := connectors.BatchResult{Results: []connectors.Contact{}}
		var missing []string
		for _, in := range inputs {
			r, err := s.lookup(in.id, in.idProperty)
			if errors.Is(err, connectors.ErrNotFound) {
				missing = append(missing, in.id)
				continue
			}
			if err == nil {
				r, err = s.update(r, in.properties)
			}
			if err != nil {
				item, err := itemError(in.id, err)
				if err != nil {
					return connectors.BatchResult{}, 0, err
				}
				res.Errors = append(res.Errors, item)
				continue
			}
			res.Results = append(res.Results, r.contact(nil))
		}
		if len(missing) > 0 {
			res.Errors = append(res.Errors, connectors.ItemError{Category: CategoryNotFound, Message: notFoundMessage, IDs: missing})
		}
		return res, batchStatus(res, http.StatusOK), nil
	}
}

func batchUpsertOp(inputs []connectors.UpsertInput) op[connectors.BatchResult] {
	return func(s *store) (connectors.BatchResult, int, error) {
		if err := s.checkUpsert(inputs); err != nil {
			return connectors.BatchResult{}, 0, err
		}
		res := connectors.BatchResult{Results: []connectors.Contact{}}
		for _, in := range inputs {
			c, err := s.upsert(in)
			if err != nil {
				item, err := itemError(in.ID, err)
				if err != nil {
					return connectors.BatchResult{}, 0, err
				}
				res.Errors = append(res.Errors, item)
				continue
			}
			res.Results = append(res.Results, c)
		}
		return res, batchStatus(res, http.StatusOK), nil
	}
}

// checkUpsert allows upserts by e-mail or by a unique-value property:
// HubSpot refuses hs_object_id and properties that are not unique.
func (s *store) checkUpsert(inputs []connectors.UpsertInput) error {
	for _, in := range inputs {
		switch {
		case in.IDProperty == PropObjectID:
			return invalid("Upsert by %s is not supported: use a unique property such as %s.", PropObjectID, connectors.PropEmail)
		case in.IDProperty != connectors.PropEmail && !s.isUnique(in.IDProperty):
			return invalid("Property %q is not a unique identifier: upsert needs %s or a property with unique values.", in.IDProperty, connectors.PropEmail)
		case in.IDProperty == connectors.PropEmail && !validEmail(in.ID):
			return invalidProperties([]propertyProblem{invalidEmail(connectors.PropEmail, in.ID)})
		case in.ID == "":
			return invalid("Upsert input without an id: the value of %s is required.", in.IDProperty)
		}
		if err := s.validateProperties(in.Properties); err != nil {
			return err
		}
	}
	return checkBatch(len(inputs), func(i int) string { return inputs[i].IDProperty + "\x00" + idKey(inputs[i].ID, inputs[i].IDProperty) })
}

// upsert updates the contact holding in.ID as its e-mail or its value of
// the unique property in.IDProperty, or creates one with that value. The
// value is in.ID whatever in.Properties says of in.IDProperty (?: HubSpot
// does not document a disagreement).
func (s *store) upsert(in connectors.UpsertInput) (connectors.Contact, error) {
	if r, err := s.lookup(in.ID, in.IDProperty); err == nil {
		r, err := s.update(r, in.Properties)
		if err != nil {
			return connectors.Contact{}, err
		}
		s.upsertsFound++
		return r.contact(nil), nil
	}
	props := maps.Clone(in.Properties)
	if props == nil {
		props = map[string]string{}
	}
	props[in.IDProperty] = in.ID
	r, err := s.create(props)
	if err != nil {
		return connectors.Contact{}, err
	}
	c := r.contact(nil)
	c.New = true
	return c, nil
}
