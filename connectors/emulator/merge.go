package emulator

import (
	"maps"

	"github.com/contactgate/contactgate/connectors"
)

// merge folds the record of secondaryID into the record of primaryID, as
// HubSpot does: the primary keeps its id and its values; the secondary fills
// the primary's blanks; the secondary's e-mails become additional e-mails of
// the primary (its primary e-mail only when the primary has none); the
// secondary's id and the ids merged into it join hs_merged_object_ids. The
// secondary is gone afterwards, but its id and e-mails lead to the primary.
func (s *store) merge(primaryID, secondaryID string) (*record, error) {
	if primaryID == "" || secondaryID == "" {
		return nil, invalid("primaryObjectId and objectIdToMerge are both required.")
	}
	if primaryID == secondaryID {
		return nil, invalid("Cannot merge object %s into itself.", primaryID)
	}
	primary, err := s.resolve(primaryID)
	if err != nil {
		return nil, err
	}
	secondary, err := s.resolve(secondaryID)
	if err != nil {
		return nil, err
	}
	if primary == secondary {
		return nil, invalid("Object %s was already merged into %s.", secondaryID, primary.id)
	}

	props := maps.Clone(primary.props)
	for k, v := range secondary.props {
		if _, set := props[k]; !set && !readOnly[k] && k != connectors.PropEmail && k != PropAdditionalEmails {
			props[k] = v
		}
	}
	emails := append([]string{secondary.props[connectors.PropEmail]}, splitList(secondary.props[PropAdditionalEmails])...)
	if props[connectors.PropEmail] == "" && emails[0] != "" {
		props[connectors.PropEmail], emails = emails[0], emails[1:]
	}
	setList(props, PropAdditionalEmails, appendList(props[PropAdditionalEmails], props[connectors.PropEmail], emails...))
	merged := append([]string{secondary.id}, splitList(secondary.props[PropMergedObjectIDs])...)
	setList(props, PropMergedObjectIDs, appendList(props[PropMergedObjectIDs], "", merged...))

	s.remove(secondary, primary.id) // frees the secondary's e-mails for the primary
	s.replace(primary, props)
	return primary, nil
}

// setList sets a list property, or clears it when the list is empty.
func setList(props map[string]string, name, list string) {
	if list == "" {
		delete(props, name)
		return
	}
	props[name] = list
}
