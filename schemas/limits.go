package schemas

// Limits bound what a decoder accepts, so that one oversized record is
// dead-lettered with a clear reason instead of exhausting memory or being
// rejected later by the CRM.
type Limits struct {
	// MaxRecordBytes caps the whole encoded record. Default 1 MiB, Kafka's
	// default max.message.bytes.
	MaxRecordBytes int
	// MaxFieldBytes caps each string: identifiers, property names and values.
	// Default 65,536, HubSpot's limit for a property value.
	MaxFieldBytes int
	// MaxProperties caps the entries of the properties map. Default 1,000.
	MaxProperties int
}

// DefaultLimits returns the limits described on each field.
func DefaultLimits() Limits {
	return Limits{MaxRecordBytes: 1 << 20, MaxFieldBytes: 65536, MaxProperties: 1000}
}

// orDefaults fills zero fields from DefaultLimits.
func (l Limits) orDefaults() Limits {
	d := DefaultLimits()
	if l.MaxRecordBytes <= 0 {
		l.MaxRecordBytes = d.MaxRecordBytes
	}
	if l.MaxFieldBytes <= 0 {
		l.MaxFieldBytes = d.MaxFieldBytes
	}
	if l.MaxProperties <= 0 {
		l.MaxProperties = d.MaxProperties
	}
	return l
}

// checkRecord rejects an encoded record over MaxRecordBytes before any
// parsing.
func (l Limits) checkRecord(n int) error {
	if n > l.MaxRecordBytes {
		return errField("", ErrTooLarge, "record is %d bytes, the limit is %d", n, l.MaxRecordBytes)
	}
	return nil
}

// checkContactEvent applies the field limits to a decoded event.
func (l Limits) checkContactEvent(e *ContactEvent) error {
	for _, f := range e.identifierFields() {
		if len(*f.value) > l.MaxFieldBytes {
			return errField(f.name, ErrTooLarge, "%d bytes, the limit is %d", len(*f.value), l.MaxFieldBytes)
		}
	}
	if len(e.Properties) > l.MaxProperties {
		return errField("properties", ErrTooLarge, "%d entries, the limit is %d", len(e.Properties), l.MaxProperties)
	}
	for k, v := range e.Properties {
		if len(k) > l.MaxFieldBytes || len(v) > l.MaxFieldBytes {
			return errField("properties."+truncate(k, 64), ErrTooLarge, "%d bytes, the limit is %d", max(len(k), len(v)), l.MaxFieldBytes)
		}
	}
	return nil
}

// truncate shortens s for an error message, keeping whole runes.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
