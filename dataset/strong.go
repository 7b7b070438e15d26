package dataset

// StrongGroups measures what a resolver must never miss: records of one
// true cluster that share an exact strong identifier (keys[i] are record
// i's, from ExactMatchKeys: e-mail, phone, national id) form groups, by
// transitive sharing within their true cluster; a group of two or more is
// found when all its records have one predicted label. A shared address
// between two true clusters (a family's mailbox) links nothing: groups
// never cross the truth.
func StrongGroups(truth, predicted []string, keys [][]string) (groups, found int64) {
	parent := make([]int, len(truth))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[string]int{} // truth + key → first record
	for i, ks := range keys {
		for _, k := range ks {
			tk := truth[i] + "\x00" + k
			if j, ok := owner[tk]; ok {
				parent[find(i)] = find(j)
			} else {
				owner[tk] = i
			}
		}
	}
	size := map[int]int{}
	label := map[int]string{}
	whole := map[int]bool{}
	for i := range truth {
		r := find(i)
		size[r]++
		if l, ok := label[r]; !ok {
			label[r], whole[r] = predicted[i], true
		} else if l != predicted[i] {
			whole[r] = false
		}
	}
	for r, n := range size {
		if n < 2 {
			continue
		}
		groups++
		if whole[r] {
			found++
		}
	}
	return groups, found
}
