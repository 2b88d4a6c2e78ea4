package live

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestExplore(t *testing.T) {
	f := livetest.New()
	defer f.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""), BaseEndpoint: aws.String(f.URL)}
	ctx := context.Background()
	e := ec2.NewFromConfig(cfg)
	vpc := must(e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")}))
	s1 := must(e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.0.1.0/24"), AvailabilityZone: aws.String("us-east-1a")}))
	s2 := must(e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.0.2.0/24"), AvailabilityZone: aws.String("us-east-1a")}))
	fmt.Println(*s1.Subnet.SubnetId, *s2.Subnet.SubnetId)
	lb := must(elb.NewFromConfig(cfg).CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String("x-lb"), Subnets: []string{*s1.Subnet.SubnetId, *s2.Subnet.SubnetId}}))
	fmt.Println(*lb.LoadBalancers[0].LoadBalancerArn)
	_, err := elb.NewFromConfig(cfg).CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String("x-tg"), HealthCheckEnabled: aws.Bool(false), Protocol: "HTTP", Port: aws.Int32(80), VpcId: vpc.Vpc.VpcId})
	fmt.Println("tg", err)
	_, err = lambda.NewFromConfig(cfg).CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("x-fn"), Role: aws.String("arn:aws:iam::000000000000:role/r"), Runtime: lambdatypes.RuntimePython312, Handler: aws.String("a.h"), Code: &lambdatypes.FunctionCode{ZipFile: []byte("x")}})
	fmt.Println("fn", err)
	_, err = rds.NewFromConfig(cfg).CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("x-db"), DBInstanceClass: aws.String("db.t4g.medium"), Engine: aws.String("postgres"), MultiAZ: aws.Bool(false), BackupRetentionPeriod: aws.Int32(0), AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("u"), MasterUserPassword: aws.String("passw0rd!")})
	fmt.Println("db", err)
	bp, err := backup.NewFromConfig(cfg).CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: &bktypes.BackupPlanInput{BackupPlanName: aws.String("x-plan"), Rules: []bktypes.BackupRuleInput{{RuleName: aws.String("daily"), TargetBackupVaultName: aws.String("v"), ScheduleExpression: aws.String("cron(0 5 * * ? *)"), Lifecycle: &bktypes.Lifecycle{MoveToColdStorageAfterDays: aws.Int64(30), DeleteAfterDays: aws.Int64(60)}}}}})
	fmt.Println("bp", err)
	if err == nil {
		_, err = backup.NewFromConfig(cfg).CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: bp.BackupPlanId, BackupSelection: &bktypes.BackupSelection{SelectionName: aws.String("sel"), IamRoleArn: aws.String("arn:aws:iam::000000000000:role/b"), Resources: []string{"arn:aws:dynamodb:us-east-1:000000000000:table/explore-t"}}})
		fmt.Println("sel", err)
	}
	body, _ := os.ReadFile("../../testdata/examples/orders-service.yaml")
	_, err = cfn.NewFromConfig(cfg).CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String("x-stack"), TemplateBody: aws.String(string(body)), Parameters: []cfntypes.Parameter{{ParameterKey: aws.String("PublicSubnet"), ParameterValue: s1.Subnet.SubnetId}}, Tags: []cfntypes.Tag{{Key: aws.String("reliability-tier"), Value: aws.String("3")}}})
	fmt.Println("stack", err)
	z, err := route53.NewFromConfig(cfg).CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("x.example.com"), CallerReference: aws.String("x")})
	fmt.Println("zone", err)
	if err == nil {
		_, err = route53.NewFromConfig(cfg).ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: z.HostedZone.Id, ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: "CREATE", ResourceRecordSet: &r53types.ResourceRecordSet{Name: aws.String("api.x.example.com"), Type: "CNAME", TTL: aws.Int64(60), SetIdentifier: aws.String("p"), Failover: "PRIMARY", ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("a.example.com")}}}}}}})
		fmt.Println("rr", err)
	}
	inv, err := Audit(ctx, Options{Regions: []string{"us-east-1", "us-west-2"}, EndpointURL: f.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""), MaxBackoff: 5 * time.Millisecond, CallTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range inv.Diagnostics {
		fmt.Println("DIAG", d.File, d.Message)
	}
	for _, s := range inv.Sources {
		b, _ := json.Marshal(s.Template.Resources)
		fmt.Println("SRC", s.Template.File, s.Template.Metadata, string(b))
	}
}
