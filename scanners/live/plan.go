package live

// plan lists the collectors to run in one account: every selected
// service in every Region, or in a sharded audit the pairs this shard
// owns, with the Region "global" standing for the global services.
//
// A global resource (a Route 53 health check) may belong to a stack of
// any Region, and is then judged with that stack, in the shard that owns
// the stack's Region. So a shard that owns some of the account's Regions
// also reads the global services, keeping only what its own stacks
// created; and the shard that owns "global" also lists the stacks of the
// Regions it does not own, to know which global resources belong to none
// (those it reports). These extra reads are marked aux: they add no
// Region to the report and their gaps are reported by the owning shard.
func plan(a *account, selected []collector, o *Options, lim *limits) ([]task, []*regionData) {
	var tasks []task
	var data []*regionData
	var owned []string
	for _, r := range a.regions {
		if o.Shard.Owns(a.id, r) {
			owned = append(owned, r)
		}
	}
	ownsGlobal := o.Shard.Owns(a.id, "global")
	hasGlobal, hasStacks := false, false
	for _, c := range selected {
		hasGlobal = hasGlobal || c.global
		hasStacks = hasStacks || c.name == "cloudformation"
	}
	if hasGlobal && (ownsGlobal || len(owned) > 0) {
		d := &regionData{account: a.id, region: "global", aux: !ownsGlobal}
		data = append(data, d)
		for _, c := range selected {
			if c.global {
				tasks = append(tasks, newTask(a, d, c, a.regions[0], o, lim))
			}
		}
	}
	for _, r := range a.regions {
		owns := o.Shard.Owns(a.id, r)
		index := !owns && ownsGlobal && hasGlobal && hasStacks
		if !owns && !index {
			continue
		}
		d := &regionData{account: a.id, region: r, aux: index}
		data = append(data, d)
		for _, c := range selected {
			if !c.global && (owns || c.name == "cloudformation") {
				tasks = append(tasks, newTask(a, d, c, r, o, lim))
			}
		}
	}
	return tasks, data
}
