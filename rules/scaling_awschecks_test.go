package rules

import "fmt"

// awsChecksGroup is one group of the resources the AWS-catalogue rules
// follow across a template (subnets, a NAT gateway and the routes to it, an
// Aurora cluster and its instances, a stream and its consumer), so that
// TestRulesScaleLinearly measures those joins too. The cluster is selected
// for backup: BW-BACKUP-005 compares each uncovered data store with every
// selection, which is quadratic in a template of uncovered stores.
func awsChecksGroup(i int) string {
	return fmt.Sprintf(`  SubnetA%[1]d:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: v, CidrBlock: 10.0.0.0/24, AvailabilityZone: eu-west-1a}
  SubnetB%[1]d:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: v, CidrBlock: 10.0.1.0/24, AvailabilityZone: eu-west-1b}
  Nat%[1]d:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: !Ref SubnetA%[1]d, AllocationId: a}
  Routes%[1]d:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: v}
  Default%[1]d:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Routes%[1]d, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat%[1]d}
  AssocA%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref SubnetA%[1]d, RouteTableId: !Ref Routes%[1]d}
  AssocB%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref SubnetB%[1]d, RouteTableId: !Ref Routes%[1]d}
  Db%[1]d:
    Type: AWS::RDS::DBCluster
    Properties: {Engine: aurora-postgresql, DBClusterIdentifier: db%[1]d}
  Writer%[1]d:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref Db%[1]d, Engine: aurora-postgresql, DBInstanceClass: db.r6g.large}
  Reader%[1]d:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: db%[1]d, Engine: aurora-postgresql, DBInstanceClass: db.r6g.large}
  DbSelection%[1]d:
    Type: AWS::Backup::BackupSelection
    Properties: {BackupPlanId: !Ref Plan, BackupSelection: {SelectionName: db%[1]d, IamRoleArn: r, Resources: [!GetAtt Db%[1]d.DBClusterArn]}}
  Stream%[1]d:
    Type: AWS::Kinesis::Stream
    Properties: {ShardCount: 1}
  StreamMapping%[1]d:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {EventSourceArn: !GetAtt Stream%[1]d.Arn, FunctionName: !Ref Function%[1]d, StartingPosition: LATEST, MaximumRetryAttempts: 3}
  VpcFunction%[1]d:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: a.h, Role: r, Code: {ZipFile: x}, VpcConfig: {SubnetIds: [!Ref SubnetA%[1]d, !Ref SubnetB%[1]d], SecurityGroupIds: [sg]}}
`, i)
}
