package rules

import "fmt"

// awsChecksGroup is one group of the resources the AWS-catalogue rules
// follow across a template (subnets, a NAT gateway and the routes to it, an
// Aurora cluster and its instances, a stream and its consumer), so that
// TestRulesScaleLinearly measures those joins too. The cluster is selected
// for backup and the file system is not: BW-BACKUP-005 must decide each
// uncovered store without comparing it with every selection. The ECS
// service and cluster reach their capacity provider's Auto Scaling group
// and its subnet (BW-MULTI-AZ-019); the MSK cluster's subnets are the
// group's (BW-MULTI-AZ-018).
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
  Files%[1]d:
    Type: AWS::EFS::FileSystem
    Properties: {Encrypted: true}
  Kafka%[1]d:
    Type: AWS::MSK::Cluster
    Properties: {ClusterName: k%[1]d, KafkaVersion: 3.6.0, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: {InstanceType: kafka.m7g.large, ClientSubnets: [!Ref SubnetA%[1]d, !Ref SubnetB%[1]d]}}
  Hosts%[1]d:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {MinSize: "2", MaxSize: "4", VPCZoneIdentifier: [!Ref SubnetA%[1]d]}
  Capacity%[1]d:
    Type: AWS::ECS::CapacityProvider
    Properties: {Name: cp%[1]d, AutoScalingGroupProvider: {AutoScalingGroupArn: !Ref Hosts%[1]d}}
  EcsCluster%[1]d:
    Type: AWS::ECS::Cluster
    Properties: {CapacityProviders: [!Ref Capacity%[1]d]}
  Associations%[1]d:
    Type: AWS::ECS::ClusterCapacityProviderAssociations
    Properties: {Cluster: !Ref EcsCluster%[1]d, CapacityProviders: [cp%[1]d], DefaultCapacityProviderStrategy: [{CapacityProvider: cp%[1]d, Weight: 1}]}
  Ec2Service%[1]d:
    Type: AWS::ECS::Service
    Properties: {Cluster: !Ref EcsCluster%[1]d, DesiredCount: 2, CapacityProviderStrategy: [{CapacityProvider: !Ref Capacity%[1]d, Weight: 1}, {CapacityProvider: cp%[1]d, Base: 1}], DeploymentConfiguration: {MinimumHealthyPercent: 50, DeploymentCircuitBreaker: {Enable: true, Rollback: true}}}
`, i)
}
