#!/usr/bin/env bash
# Times the real binary over growing corpora built from the shared
# real-world corpus (copied N times) and a generated template of 5,000
# resources, and prints: templates, seconds, templates/s, peak RSS.
# Corpora are built under ${BENCH_DIR:-/tmp/bulwark-bench} (never in git).
#
#   scripts/bench.sh            # 298 / 2,980 / 29,800 templates + the 5,000-resource template
#   RUNS=5 scripts/bench.sh     # best of 5 runs per row (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpus/aws-cloudformation-templates}
dir=${BENCH_DIR:-/tmp/bulwark-bench}
runs=${RUNS:-3}
[ -d "$corpus" ] || { echo "bench: corpus not found at $corpus" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

mkdir -p "$dir"
go build -o "$dir/bulwark" .

build_copies() { # N copies of the corpus into $dir/xN
  local n=$1 out="$dir/x$1"
  [ -d "$out" ] && return
  mkdir -p "$out"
  for i in $(seq 1 "$n"); do cp -r "$corpus" "$out/copy$i"; done
}

build_large() { # one template with 5,000 resources, every rule's types represented
  local out="$dir/large/large.yaml"
  [ -f "$out" ] && return
  mkdir -p "$dir/large"
  {
    echo 'AWSTemplateFormatVersion: "2010-09-09"'
    echo 'Metadata: {bulwark: {tier: 3}}'
    echo 'Resources:'
    for i in $(seq 1 1000); do
      cat <<YAML
  Table$i:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: t$i, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}
  Function$i:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: a.h, Role: r, ReservedConcurrentExecutions: 1, Code: {ZipFile: x}}
  Record$i:
    Type: AWS::Route53::RecordSet
    Properties: {Name: r$i.example.com, Type: A, Failover: PRIMARY, SetIdentifier: a, HealthCheckId: !Ref Check$i, TTL: 60, ResourceRecords: [10.0.0.1]}
  Check$i:
    Type: AWS::Route53::HealthCheck
    Properties: {HealthCheckConfig: {Type: HTTP, FullyQualifiedDomainName: r$i.example.com}}
  Selection$i:
    Type: AWS::Backup::BackupSelection
    Properties: {BackupPlanId: !Ref Plan, BackupSelection: {SelectionName: s$i, IamRoleArn: r, Resources: [!GetAtt Table$i.Arn]}}
YAML
    done
    echo '  Plan:'
    echo '    Type: AWS::Backup::BackupPlan'
    echo '    Properties: {BackupPlan: {BackupPlanName: p, BackupPlanRule: [{RuleName: d, TargetBackupVault: v, ScheduleExpression: "cron(0 3 * * ? *)", Lifecycle: {DeleteAfterDays: 35}}]}}'
  } > "$out"
}

measure() { # label path -> best wall time and its peak RSS over $runs runs
  local label=$1 path=$2 n best="" rss=""
  n=$(find "$path" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) | wc -l)
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$dir/time.out" "$dir/bulwark" scan --fail-on none --format json -o /dev/null "$path" 2>/dev/null || true
    read -r secs kb < "$dir/time.out"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kb; fi
  done
  awk -v l="$label" -v n="$n" -v s="$best" -v k="$rss" \
    'BEGIN{ tps = (s > 0) ? n / s : 0; printf "| %-28s | %7d | %6.2f | %8.0f | %6.0f MB |\n", l, n, s, tps, k / 1024 }'
}

build_copies 10
build_copies 100
build_large
echo "| corpus                       | templates | seconds | templates/s | peak RSS |"
echo "|---|---|---|---|---|"
measure "shared corpus" "$corpus"
measure "shared corpus x10" "$dir/x10"
measure "shared corpus x100" "$dir/x100"
measure "one template, 5,000 resources" "$dir/large"
