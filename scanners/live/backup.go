package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/backup/types"
)

// collectBackup reads AWS Backup plans (rules, schedules, lifecycles,
// copy actions) and their selections, in the shape of
// AWS::Backup::BackupPlan and AWS::Backup::BackupSelection.
func collectBackup(ctx context.Context, s *scope) error {
	client := backup.NewFromConfig(s.cfg)
	p := backup.NewListBackupPlansPaginator(client, &backup.ListBackupPlansInput{})
	plans, err := listAll(ctx, s, p, func(o *backup.ListBackupPlansOutput) []types.BackupPlansListMember { return o.BackupPlansList })
	if err != nil {
		return err
	}
	found := make([][]*item, len(plans))
	err = s.each(ctx, len(plans), func(ctx context.Context, i int) error {
		id := aws.ToString(plans[i].BackupPlanId)
		var out *backup.GetBackupPlanOutput
		err := s.call(ctx, func(ctx context.Context) (err error) {
			out, err = client.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(id)})
			return err
		})
		if isNotFound(err) {
			return nil
		}
		if err != nil {
			s.partialOf("GetBackupPlan", "backup plans", aws.ToString(plans[i].BackupPlanName), err)
			return nil
		}
		plan := planItem(s.region, out)
		found[i] = append([]*item{plan}, s.selections(ctx, client, id, plan.id)...)
		return nil
	})
	if err != nil {
		return err
	}
	for _, list := range found {
		s.add(list...)
	}
	return nil
}

// selections reads a plan's selections, each naming its plan by
// reference as a template would.
func (s *scope) selections(ctx context.Context, client *backup.Client, planID, planItemID string) []*item {
	p := backup.NewListBackupSelectionsPaginator(client, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String(planID)})
	ids, err := listAll(ctx, s, p, func(o *backup.ListBackupSelectionsOutput) []types.BackupSelectionsListMember {
		return o.BackupSelectionsList
	})
	if err != nil {
		s.partial("ListBackupSelections", "which resources a backup plan covers", err)
		return nil
	}
	var out []*item
	for _, m := range ids {
		sid := aws.ToString(m.SelectionId)
		var sel *backup.GetBackupSelectionOutput
		err := s.call(ctx, func(ctx context.Context) (err error) {
			sel, err = client.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: aws.String(planID), SelectionId: aws.String(sid)})
			return err
		})
		if isNotFound(err) {
			continue
		}
		if err != nil {
			s.partial("GetBackupSelection", "which resources a backup selection covers", err)
			continue
		}
		body := map[string]any{}
		if b := sel.BackupSelection; b != nil {
			body["SelectionName"] = aws.ToString(b.SelectionName)
			body["IamRoleArn"] = aws.ToString(b.IamRoleArn)
			if len(b.Resources) > 0 {
				body["Resources"] = anyList(b.Resources)
			}
			if len(b.NotResources) > 0 {
				body["NotResources"] = anyList(b.NotResources)
			}
			if len(b.ListOfTags) > 0 {
				var tags []any
				for _, c := range b.ListOfTags {
					tags = append(tags, map[string]any{"ConditionType": string(c.ConditionType),
						"ConditionKey": aws.ToString(c.ConditionKey), "ConditionValue": aws.ToString(c.ConditionValue)})
				}
				body["ListOfTags"] = tags
			}
			if c := conditions(b.Conditions); c != nil {
				body["Conditions"] = c
			}
		}
		name, _ := body["SelectionName"].(string)
		out = append(out, &item{id: "backupselection/" + strings.TrimPrefix(planItemID, "backupplan/") + "/" + name,
			typ: "AWS::Backup::BackupSelection", physical: []string{sid},
			props: map[string]any{"BackupPlanId": map[string]any{"Ref": planItemID}, "BackupSelection": body}})
	}
	return out
}

func conditions(c *types.Conditions) map[string]any {
	if c == nil {
		return nil
	}
	out := map[string]any{}
	add := func(key string, list []types.ConditionParameter) {
		if len(list) == 0 {
			return
		}
		var l []any
		for _, p := range list {
			l = append(l, map[string]any{"ConditionKey": aws.ToString(p.ConditionKey), "ConditionValue": aws.ToString(p.ConditionValue)})
		}
		out[key] = l
	}
	add("StringEquals", c.StringEquals)
	add("StringLike", c.StringLike)
	add("StringNotEquals", c.StringNotEquals)
	add("StringNotLike", c.StringNotLike)
	if len(out) == 0 {
		return nil
	}
	return out
}

func planItem(region string, out *backup.GetBackupPlanOutput) *item {
	plan := map[string]any{}
	var name string
	if bp := out.BackupPlan; bp != nil {
		name = aws.ToString(bp.BackupPlanName)
		plan["BackupPlanName"] = name
		var rules []any
		for _, r := range bp.Rules {
			rules = append(rules, backupRule(region, r))
		}
		plan["BackupPlanRule"] = rules
		var adv []any
		for _, a := range bp.AdvancedBackupSettings {
			opts := map[string]any{}
			for k, v := range a.BackupOptions {
				opts[k] = v
			}
			adv = append(adv, map[string]any{"ResourceType": aws.ToString(a.ResourceType), "BackupOptions": opts})
		}
		if len(adv) > 0 {
			plan["AdvancedBackupSettings"] = adv
		}
	}
	id := aws.ToString(out.BackupPlanId)
	props := map[string]any{"BackupPlan": plan}
	arn := aws.ToString(out.BackupPlanArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "backupplan/" + name, typ: "AWS::Backup::BackupPlan", props: props, physical: []string{id, arn}}
}

func backupRule(region string, r types.BackupRule) map[string]any {
	rule := map[string]any{"RuleName": aws.ToString(r.RuleName), "TargetBackupVault": aws.ToString(r.TargetBackupVaultName)}
	if r.ScheduleExpression != nil {
		rule["ScheduleExpression"] = *r.ScheduleExpression
	}
	if r.ScheduleExpressionTimezone != nil {
		rule["ScheduleExpressionTimezone"] = *r.ScheduleExpressionTimezone
	}
	if r.StartWindowMinutes != nil {
		rule["StartWindowMinutes"] = *r.StartWindowMinutes
	}
	if r.CompletionWindowMinutes != nil {
		rule["CompletionWindowMinutes"] = *r.CompletionWindowMinutes
	}
	if r.EnableContinuousBackup != nil {
		rule["EnableContinuousBackup"] = *r.EnableContinuousBackup
	}
	if l := lifecycle(r.Lifecycle); l != nil {
		rule["Lifecycle"] = l
	}
	var copies []any
	for _, c := range r.CopyActions {
		cp := map[string]any{"DestinationBackupVaultArn": sameRegionARN(region, aws.ToString(c.DestinationBackupVaultArn))}
		if l := lifecycle(c.Lifecycle); l != nil {
			cp["Lifecycle"] = l
		}
		copies = append(copies, cp)
	}
	if len(copies) > 0 {
		rule["CopyActions"] = copies
	}
	if len(r.RecoveryPointTags) > 0 {
		tags := map[string]any{}
		for k, v := range r.RecoveryPointTags {
			tags[k] = v
		}
		rule["RecoveryPointTags"] = tags
	}
	return rule
}

// lifecycle keeps only what AWS returned: an absent DeleteAfterDays
// means recovery points are kept forever, which the rules check.
func lifecycle(l *types.Lifecycle) map[string]any {
	if l == nil {
		return nil
	}
	out := map[string]any{}
	if l.DeleteAfterDays != nil {
		out["DeleteAfterDays"] = *l.DeleteAfterDays
	}
	if l.MoveToColdStorageAfterDays != nil {
		out["MoveToColdStorageAfterDays"] = *l.MoveToColdStorageAfterDays
	}
	if l.OptInToArchiveForSupportedResources != nil {
		out["OptInToArchiveForSupportedResources"] = *l.OptInToArchiveForSupportedResources
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// sameRegionARN writes a vault ARN in the audited Region the way a
// template does (${AWS::Region}), so a copy within the Region is not
// mistaken for a copy to another one.
func sameRegionARN(region, arn string) any {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) == 5 && parts[0] == "arn" && parts[3] == region {
		return map[string]any{"Fn::Sub": parts[0] + ":" + parts[1] + ":" + parts[2] + ":${AWS::Region}:" + parts[4]}
	}
	return arn
}
