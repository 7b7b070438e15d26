package schemas

import (
	"time"

	"github.com/linkedin/goavro/v2"
)

// Helpers that read goavro's native form by field name, tolerant of the
// shapes different writer schemas produce (a plain string, or a union branch
// such as {"string": "x"}) and strict about types.

// optionalString encodes an empty string as Avro null.
func optionalString(s string) any {
	if s == "" {
		return nil
	}
	return goavro.Union("string", s)
}

// unwrapUnion returns the value inside a decoded union branch. goavro decodes
// a union as a one-entry map from the branch's type name to its value. Only
// use it where the expected value is not itself a map; maps and records use
// unwrapBranch.
func unwrapUnion(v any) any {
	if u, ok := v.(map[string]any); ok && len(u) == 1 {
		for _, inner := range u {
			return inner
		}
	}
	return v
}

// unwrapBranch unwraps a union value when its branch is the named type: "map"
// for a map, the full name for a record. A plain map or record can hold a
// single entry too, so only the branch name tells a union apart.
func unwrapBranch(v any, branch string) any {
	if u, ok := v.(map[string]any); ok && len(u) == 1 {
		if inner, ok := u[branch]; ok {
			return inner
		}
	}
	return v
}

func stringField(m map[string]any, name string) (string, error) {
	switch v := unwrapUnion(m[name]).(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", errField(name, ErrMalformed, "expected string, got %T", v)
	}
}

// timeField accepts timestamp-millis (time.Time) and, for writers that used a
// plain long, epoch milliseconds.
func timeField(m map[string]any, name string) (time.Time, error) {
	switch v := unwrapUnion(m[name]).(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return v.UTC(), nil
	case int64:
		return time.UnixMilli(v).UTC(), nil
	default:
		return time.Time{}, errField(name, ErrMalformed, "expected a timestamp, got %T", v)
	}
}

func stringMapField(m map[string]any, name string) (map[string]string, error) {
	switch v := unwrapBranch(m[name], "map").(type) {
	case nil:
		return nil, nil
	case map[string]any:
		if len(v) == 0 {
			return nil, nil
		}
		out := make(map[string]string, len(v))
		for k, x := range v {
			s, ok := unwrapUnion(x).(string)
			if !ok {
				return nil, errField(name+"."+truncate(k, 64), ErrMalformed, "expected string, got %T", x)
			}
			out[k] = s
		}
		return out, nil
	default:
		return nil, errField(name, ErrMalformed, "expected a map of strings, got %T", v)
	}
}

func stringSliceField(m map[string]any, name string) ([]string, error) {
	switch v := unwrapUnion(m[name]).(type) {
	case nil:
		return nil, nil
	case []any:
		if len(v) == 0 {
			return nil, nil
		}
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := unwrapUnion(x).(string)
			if !ok {
				return nil, errField(name, ErrMalformed, "item %d: expected string, got %T", i, x)
			}
			out[i] = s
		}
		return out, nil
	default:
		return nil, errField(name, ErrMalformed, "expected an array of strings, got %T", v)
	}
}

// recordField reads a record, or a map of anything when typeName is "map".
func recordField(m map[string]any, name, typeName string) (map[string]any, error) {
	switch v := unwrapBranch(m[name], typeName).(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return v, nil
	default:
		return nil, errField(name, ErrMalformed, "expected a record, got %T", v)
	}
}

func float64Field(m map[string]any, name string) (float64, error) {
	switch v := unwrapUnion(m[name]).(type) {
	case nil:
		return 0, nil
	case float64:
		return v, nil
	case float32:
		return float64(v), nil
	default:
		return 0, errField(name, ErrMalformed, "expected double, got %T", v)
	}
}

func int64Field(m map[string]any, name string) (int64, error) {
	switch v := unwrapUnion(m[name]).(type) {
	case nil:
		return 0, nil
	case int64:
		return v, nil
	case int32:
		return int64(v), nil
	default:
		return 0, errField(name, ErrMalformed, "expected long, got %T", v)
	}
}

// stringsToNative copies a []string into goavro's []any.
func stringsToNative(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
