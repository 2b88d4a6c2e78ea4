package live

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
)

// Shard is one slice of an audit: Index of Count, 1-based. The zero value
// is the whole audit.
type Shard struct{ Index, Count int }

// JobIndexEnv is the variable a Kubernetes Indexed Job sets in each of its
// pods: the pod's completion index, 0-based.
const JobIndexEnv = "JOB_COMPLETION_INDEX"

// ParseShard reads --shard: "K/N" with 1 <= K <= N, or "auto/N", where K
// is JOB_COMPLETION_INDEX + 1 (getenv reads the environment).
func ParseShard(spec string, getenv func(string) string) (Shard, error) {
	k, n, ok := strings.Cut(spec, "/")
	count, err := strconv.Atoi(n)
	if !ok || err != nil || count < 1 {
		return Shard{}, fmt.Errorf("--shard %q: want K/N (1 <= K <= N) or auto/N", spec)
	}
	if k == "auto" {
		v := getenv(JobIndexEnv)
		i, err := strconv.Atoi(v)
		switch {
		case v == "":
			return Shard{}, fmt.Errorf("--shard auto/%d: %s is not set (it is set in the pods of a Kubernetes Indexed Job); give K/N instead", count, JobIndexEnv)
		case err != nil || i < 0 || i >= count:
			return Shard{}, fmt.Errorf("--shard auto/%d: %s=%q is not an index from 0 to %d", count, JobIndexEnv, v, count-1)
		}
		return Shard{Index: i + 1, Count: count}, nil
	}
	index, err := strconv.Atoi(k)
	if err != nil || index < 1 || index > count {
		return Shard{}, fmt.Errorf("--shard %q: K must be a number from 1 to %d", spec, count)
	}
	return Shard{Index: index, Count: count}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Sharded reports whether the audit is a slice of a larger one.
func (s Shard) Sharded() bool { return s.Count > 0 }

// Owns reports whether this shard audits the pair (account, Region); the
// Region "global" stands for the account's global services. The owner is
// a hash of the pair alone, so every worker agrees on it whatever else it
// saw (a role denied to one worker only, a Region listed later), and
// every pair is in exactly one shard.
func (s Shard) Owns(account, region string) bool {
	return s.Count <= 1 || shardOf(account, region, s.Count) == s.Index
}

func shardOf(account, region string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(account + "/" + region))
	return int(h.Sum64()%uint64(n)) + 1
}

// Run says what an audit was drawn from, so that the reports of its
// shards can be checked to belong together before they are merged.
type Run struct {
	Shard Shard
	// Accounts are the accounts the audit set out to read, after the
	// organization's listing and the filters, before any role was assumed.
	Accounts []string
	// Regions asked for; ["*"] for --all-regions (each account's own).
	Regions     []string
	Services    []string
	Fingerprint string
	// Notes are coverage notes of the organization's listing (accounts
	// skipped, filters that matched nothing), also in the diagnostics.
	Notes []string
}

// fingerprint names the run's definition: the same accounts, Regions,
// services and shard count give the same value on every worker.
func (r *Run) fingerprint() string {
	h := sha256.New()
	for _, part := range [][]string{r.Accounts, r.Regions, r.Services, {strconv.Itoa(r.Shard.Count)}} {
		fmt.Fprintf(h, "%d:%s\n", len(part), strings.Join(part, ","))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// OwnsFile reports whether a report location (aws://ACCOUNT/REGION or
// aws://ACCOUNT/REGION/STACK) is in this shard's slice, so that what each
// shard says of the whole (a baselined finding that is gone) is said by
// exactly one. A location of any other form belongs to shard 1.
func (s Shard) OwnsFile(file string) bool {
	rest, ok := strings.CutPrefix(file, "aws://")
	parts := strings.SplitN(rest, "/", 3)
	if !ok || len(parts) < 2 || !accountIDPattern.MatchString(parts[0]) {
		return s.Count <= 1 || s.Index == 1
	}
	return s.Owns(parts[0], parts[1])
}
