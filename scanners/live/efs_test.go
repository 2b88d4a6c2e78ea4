package live

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEFSPartialFailures: kumo has no EFS, so the front answers in its
// REST-JSON wire format. A call that fails for one fact leaves that fact
// unknown (never "off") and says so; "not found" answers are no gap.
func TestEFSPartialFailures(t *testing.T) {
	const region = "sa-east-1"
	fs := func(id string, extra map[string]any) map[string]any {
		m := map[string]any{"FileSystemId": id, "FileSystemArn": "arn:aws:elasticfilesystem:" + region + ":" + livetest.Account + ":file-system/" + id,
			"CreationToken": id, "CreationTime": 1.7e9, "LifeCycleState": "available", "NumberOfMountTargets": 1,
			"OwnerId": livetest.Account, "PerformanceMode": "generalPurpose", "SizeInBytes": map[string]any{"Value": 0}, "Tags": []any{}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		setup   func(f *livetest.Front)
		check   func(t *testing.T, inv *Inventory)
		diags   []string
		findOne bool // BW-MULTI-AZ-008 on fs-1
	}{
		{
			name: "backup policy denied",
			setup: func(f *livetest.Front) {
				f.Fail(region, "elasticfilesystem", "DescribeBackupPolicy", -1, 403, "AccessDeniedException")
			},
			check: func(t *testing.T, inv *Inventory) {
				r := resource(inv, file(region), "filesystem/fs-1")
				require.NotNil(t, r, "the file system is still reported")
				assert.Equal(t, map[string]any{"Status": unknown("elasticfilesystem:DescribeBackupPolicy")}, r.Properties["BackupPolicy"])
			},
			diags:   []string{"service efs (DescribeBackupPolicy): access denied; unknown for 2 resources: EFS automatic backups"},
			findOne: true,
		},
		{
			name: "replications denied",
			setup: func(f *livetest.Front) {
				f.Fail(region, "elasticfilesystem", "DescribeReplicationConfigurations", -1, 403, "AccessDeniedException")
			},
			check: func(t *testing.T, inv *Inventory) {
				r := resource(inv, file(region), "filesystem/fs-2")
				require.NotNil(t, r)
				assert.Equal(t, map[string]any{"Destinations": []any{map[string]any{"Region": unknown("elasticfilesystem:DescribeReplicationConfigurations")}}},
					r.Properties["ReplicationConfiguration"])
			},
			diags:   []string{"service efs (DescribeReplicationConfigurations): access denied; unknown: EFS replication"},
			findOne: true,
		},
		{
			name: "no replication in the Region",
			setup: func(f *livetest.Front) {
				f.Fail(region, "elasticfilesystem", "DescribeReplicationConfigurations", -1, 404, "ReplicationNotFound")
			},
			check: func(t *testing.T, inv *Inventory) {
				assert.NotContains(t, resource(inv, file(region), "filesystem/fs-1").Properties, "ReplicationConfiguration")
			},
			findOne: true,
		},
		{
			name: "deleted between list and describe",
			setup: func(f *livetest.Front) {
				f.Fail(region, "elasticfilesystem", "DescribeBackupPolicy", 1, 404, "FileSystemNotFound")
				f.Handle(region, "elasticfilesystem", "DescribeFileSystems", func(w http.ResponseWriter, r *livetest.Request) {
					livetest.JSON(w, map[string]any{"FileSystems": []any{fs("fs-1", map[string]any{"AvailabilityZoneName": region + "a"})}})
				})
			},
			check: func(t *testing.T, inv *Inventory) {
				assert.Nil(t, resource(inv, file(region), "filesystem/fs-1"), "gone is not a gap")
			},
		},
		{
			name: "file system being deleted",
			setup: func(f *livetest.Front) {
				f.Handle(region, "elasticfilesystem", "DescribeFileSystems", func(w http.ResponseWriter, r *livetest.Request) {
					livetest.JSON(w, map[string]any{"FileSystems": []any{fs("fs-1", map[string]any{"AvailabilityZoneName": region + "a", "LifeCycleState": "deleting"})}})
				})
			},
			check: func(t *testing.T, inv *Inventory) {
				assert.Nil(t, resource(inv, file(region), "filesystem/fs-1"))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			f.Handle(region, "elasticfilesystem", "DescribeFileSystems", func(w http.ResponseWriter, r *livetest.Request) {
				livetest.JSON(w, map[string]any{"FileSystems": []any{fs("fs-1", map[string]any{"AvailabilityZoneName": region + "a"}), fs("fs-2", nil)}})
			})
			f.Handle(region, "elasticfilesystem", "DescribeBackupPolicy", func(w http.ResponseWriter, r *livetest.Request) {
				livetest.JSON(w, map[string]any{"BackupPolicy": map[string]any{"Status": "DISABLED"}})
			})
			tt.setup(f)
			o := options(f, region)
			o.Services = []string{"efs"}
			inv := audit(t, o)
			got := messages(inv.Diagnostics)
			require.Len(t, got, len(tt.diags), "%q", got)
			for i, want := range tt.diags {
				assert.Contains(t, got[i], want)
			}
			tt.check(t, inv)
			var found []string
			for _, fd := range evaluate(t, inv).Findings {
				if fd.RuleID == "BW-MULTI-AZ-008" {
					found = append(found, fd.Resource)
				}
			}
			if tt.findOne {
				assert.Equal(t, []string{"filesystem/fs-1"}, found, "One Zone is judged whatever else is unknown")
			} else {
				assert.Empty(t, found)
			}
		})
	}
}

// TestEFSPagination follows DescribeFileSystems' NextMarker.
func TestEFSPagination(t *testing.T) {
	const region = "ca-central-1"
	f := newFront(t)
	f.Handle(region, "elasticfilesystem", "DescribeFileSystems", func(w http.ResponseWriter, r *livetest.Request) {
		start, _ := strconv.Atoi(r.Form.Get("Marker"))
		end := min(start+2, 5)
		var list []any
		for i := start; i < end; i++ {
			id := "fs-" + strconv.Itoa(i)
			list = append(list, map[string]any{"FileSystemId": id, "CreationToken": id, "CreationTime": 1.7e9, "LifeCycleState": "available",
				"NumberOfMountTargets": 0, "OwnerId": livetest.Account, "PerformanceMode": "generalPurpose",
				"SizeInBytes": map[string]any{"Value": 0}, "Tags": []any{}})
		}
		out := map[string]any{"FileSystems": list}
		if end < 5 {
			out["NextMarker"] = strconv.Itoa(end)
		}
		livetest.JSON(w, out)
	})
	o := options(f, region)
	o.Services = []string{"efs"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	assert.Len(t, source(inv, file(region)).Template.Resources, 5)
	assert.Equal(t, 3, calls(f, region, "elasticfilesystem", "DescribeFileSystems"))
	assert.Equal(t, 5, calls(f, region, "elasticfilesystem", "DescribeBackupPolicy"))
}
