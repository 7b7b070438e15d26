package batch

import (
	"context"
	"errors"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// createAll answers creates with one batch create. A batch create fails
// whole when one input is refused (an existing e-mail, an invalid value);
// then it is split in halves until the refused input is alone and gets the
// error of its own.
func (b *Batcher) createAll(ctx context.Context, calls []*call) {
	if len(calls) == 1 {
		c := calls[0]
		c.contact, c.err = b.crm.Create(ctx, c.props)
		return
	}
	inputs := make([]map[string]string, len(calls))
	for i, c := range calls {
		inputs[i] = c.props
	}
	res, err := b.crm.BatchCreate(ctx, inputs)
	if err != nil {
		if b.settleConflicts(ctx, calls, err) {
			return
		}
		if splittable(err) {
			b.createAll(ctx, calls[:len(calls)/2])
			b.createAll(ctx, calls[len(calls)/2:])
			return
		}
		failAll(calls, err)
		return
	}
	for i, r := range assignCreated(inputs, res.Results) {
		if r == nil {
			calls[i].err = &connectors.TransientError{MaybeApplied: true,
				Err: errors.New("batch create: the CRM's answer does not name this input's contact")}
			continue
		}
		calls[i].contact = *r
	}
}

// splittable: a whole-batch refusal that one input may have caused. A
// refusal for properties the CRM does not define is not split: the answer
// names them, and each caller writes again without its own.
func splittable(err error) bool {
	var up *connectors.UnknownPropertyError
	if errors.As(err, &up) {
		return false
	}
	return errors.Is(err, connectors.ErrConflict) || errors.Is(err, connectors.ErrValidation)
}

// assignCreated pairs the contacts a batch create returned with its inputs:
// by position when every one agrees with its input (the emulator, and
// HubSpot in practice), else by agreement alone, since HubSpot does not
// promise the order.
func assignCreated(inputs []map[string]string, results []connectors.Contact) []*connectors.Contact {
	out := make([]*connectors.Contact, len(inputs))
	if len(results) == len(inputs) {
		ok := true
		for i := range inputs {
			ok = ok && agrees(inputs[i], &results[i])
		}
		if ok {
			for i := range results {
				out[i] = &results[i]
			}
			return out
		}
	}
	used := make([]bool, len(results))
	for i, in := range inputs {
		for j := range results {
			if !used[j] && agrees(in, &results[j]) {
				used[j], out[i] = true, &results[j]
				break
			}
		}
	}
	return out
}

// agrees: the contact holds every value of the input (case and surrounding
// space aside).
func agrees(in map[string]string, c *connectors.Contact) bool {
	for k, v := range in {
		if got, ok := c.Properties[k]; ok && !strings.EqualFold(strings.TrimSpace(got), strings.TrimSpace(v)) {
			return false
		}
	}
	return true
}
