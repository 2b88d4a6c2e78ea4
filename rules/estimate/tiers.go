package estimate

// Tier is a reliability tier's targets. The table is data: the config file
// can replace it (see the README's tier section).
type Tier struct {
	Level      int    `json:"level"`
	Name       string `json:"name"`
	RPOSeconds int64  `json:"rpo_seconds"`
	RTOSeconds int64  `json:"rto_seconds"`
	Strategy   string `json:"strategy"`
}

// DefaultTiers are the targets the rules hold a workload to, from the
// project's reliability tier table.
var DefaultTiers = map[int]Tier{
	1: {1, "critical", 60, 5 * 60, "multi-region active-active, synchronous/near-sync replication"},
	2: {2, "important", 3600, 3600, "multi-region active-passive, frequent backups"},
	3: {3, "standard", 24 * 3600, 4 * 3600, "single region multi-AZ, daily backups"},
	4: {4, "low", 7 * 24 * 3600, 24 * 3600, "single AZ, weekly backups"},
}
