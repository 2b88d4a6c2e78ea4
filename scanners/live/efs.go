package live

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/efs/types"
)

// collectEFS reads every file system: One Zone placement
// (AvailabilityZoneName, BW-MULTI-AZ-008), its automatic backup policy
// and where it is replicated, which the tier estimates count as ways to
// recover it.
func collectEFS(ctx context.Context, s *scope) error {
	client := efs.NewFromConfig(s.cfg)
	p := efs.NewDescribeFileSystemsPaginator(client, &efs.DescribeFileSystemsInput{})
	fss, err := listAll(ctx, s, p, func(o *efs.DescribeFileSystemsOutput) []types.FileSystemDescription { return o.FileSystems })
	if err != nil {
		return err
	}
	replication := s.efsReplication(ctx, client)
	items := make([]*item, len(fss))
	err = s.each(ctx, len(fss), func(ctx context.Context, i int) error {
		fs := fss[i]
		if fs.LifeCycleState == types.LifeCycleStateDeleting || fs.LifeCycleState == types.LifeCycleStateDeleted {
			return nil
		}
		it := fileSystemItem(fs, replication)
		var status any
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeBackupPolicy(ctx, &efs.DescribeBackupPolicyInput{FileSystemId: fs.FileSystemId})
			if err == nil && out.BackupPolicy != nil {
				status = backupStatus(out.BackupPolicy.Status)
			}
			return err
		})
		switch {
		case isPolicyNotFound(err):
			// No policy was ever set: automatic backups are off.
			status = "DISABLED"
		case isNotFound(err):
			return nil // deleted since DescribeFileSystems
		case err != nil:
			s.partial("DescribeBackupPolicy", "EFS automatic backups", err)
			status = unknown("elasticfilesystem:DescribeBackupPolicy")
		}
		if status != nil {
			it.props["BackupPolicy"] = map[string]any{"Status": status}
		}
		items[i] = it
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// efsReplication lists the Region's replications (one call for all file
// systems, not one per file system): source file system id ->
// CloudFormation's ReplicationConfiguration. When the listing fails every
// file system's replication is unknown, which a nil map entry for the
// key "" marks.
func (s *scope) efsReplication(ctx context.Context, client *efs.Client) map[string]any {
	p := efs.NewDescribeReplicationConfigurationsPaginator(client, &efs.DescribeReplicationConfigurationsInput{})
	list, err := listAll(ctx, s, p, func(o *efs.DescribeReplicationConfigurationsOutput) []types.ReplicationConfigurationDescription {
		return o.Replications
	})
	if isNotFound(err) {
		return map[string]any{} // ReplicationNotFound: none in this Region
	}
	if err != nil {
		s.partial("DescribeReplicationConfigurations", "EFS replication", err)
		return map[string]any{"": unknown("elasticfilesystem:DescribeReplicationConfigurations")}
	}
	out := map[string]any{}
	for _, r := range list {
		var dests []any
		for _, d := range r.Destinations {
			dest := map[string]any{}
			// A destination in the source's own Region is written without
			// Region, as a template would: only another Region makes the
			// data survive the loss of this one.
			if reg := aws.ToString(d.Region); reg != "" && reg != aws.ToString(r.SourceFileSystemRegion) {
				dest["Region"] = reg
			}
			if d.FileSystemId != nil {
				dest["FileSystemId"] = *d.FileSystemId
			}
			dests = append(dests, dest)
		}
		if len(dests) > 0 {
			out[aws.ToString(r.SourceFileSystemId)] = map[string]any{"Destinations": dests}
		}
	}
	return out
}

func fileSystemItem(fs types.FileSystemDescription, replication map[string]any) *item {
	id := aws.ToString(fs.FileSystemId)
	props := map[string]any{}
	if fs.AvailabilityZoneName != nil {
		props["AvailabilityZoneName"] = *fs.AvailabilityZoneName
	}
	if fs.Encrypted != nil {
		props["Encrypted"] = *fs.Encrypted
	}
	if fs.PerformanceMode != "" {
		props["PerformanceMode"] = string(fs.PerformanceMode)
	}
	if fs.ThroughputMode != "" {
		props["ThroughputMode"] = string(fs.ThroughputMode)
	}
	if len(fs.Tags) > 0 {
		var keys, values []string
		for _, t := range fs.Tags {
			keys, values = append(keys, aws.ToString(t.Key)), append(values, aws.ToString(t.Value))
		}
		props["FileSystemTags"] = tagList(keys, values)
	}
	if rc, ok := replication[id]; ok {
		props["ReplicationConfiguration"] = rc
	} else if u, ok := replication[""]; ok {
		// The replications could not be listed: a destination whose
		// Region is unknown, which the estimates report as unknown.
		props["ReplicationConfiguration"] = map[string]any{"Destinations": []any{map[string]any{"Region": u}}}
	}
	arn := aws.ToString(fs.FileSystemArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "filesystem/" + id, typ: "AWS::EFS::FileSystem", props: props, physical: []string{id, arn}}
}

// backupStatus is CloudFormation's ENABLED or DISABLED for the API's
// status, in transition included: ENABLING is a policy that was turned on.
func backupStatus(st types.Status) string {
	switch st {
	case types.StatusEnabled, types.StatusEnabling:
		return "ENABLED"
	}
	return "DISABLED"
}

// isPolicyNotFound is DescribeBackupPolicy's answer for a file system
// that never had a backup policy.
func isPolicyNotFound(err error) bool {
	var nf *types.PolicyNotFound
	return errors.As(err, &nf)
}
