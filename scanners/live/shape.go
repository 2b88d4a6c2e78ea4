package live

import (
	"sort"
	"strconv"
)

// Helpers that write API values in CloudFormation's shapes. The model
// holds only map[string]any, []any, string, int64 and bool, as the
// template loader does.

// anyList converts a string slice to the model's []any.
func anyList(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// subnetRefs names subnets the way a template does, {"Ref": id}: the
// assembled template then carries each subnet with its real zone, so the
// multi-AZ rules can tell two subnets in one zone from two zones.
func subnetRefs(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = map[string]any{"Ref": id}
	}
	return out
}

// tagList is a resource's tags in CloudFormation's list form.
func tagList(keys, values []string) []any {
	out := make([]any, len(keys))
	for i := range keys {
		out[i] = map[string]any{"Key": keys[i], "Value": values[i]}
	}
	return out
}

// tagMap is a map of tags (as MQ, MSK and EKS return them) in
// CloudFormation's list form, sorted by key.
func tagMap(tags map[string]string) []any {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	values := make([]string, len(keys))
	for i, k := range keys {
		values[i] = tags[k]
	}
	return tagList(keys, values)
}

// anyMap converts a string map (tags of the types that declare them as
// a map) to the model's map[string]any.
func anyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// itoa renders a number CloudFormation types as a string (sizes).
func itoa(v *int32) any {
	if v == nil {
		return nil
	}
	return strconv.FormatInt(int64(*v), 10)
}
