package livetest

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// Account is the account id kumo answers with.
const Account = "000000000000"

// Config is an SDK configuration for the front with static fake
// credentials.
func (f *Front) Config(region string) aws.Config {
	return aws.Config{Region: region, BaseEndpoint: aws.String(f.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDBULWARKTEST", "not-a-secret", "")}
}

// Scenario names what Seed created, prefixed so tests sharing the
// process's kumo do not collide.
type Scenario struct {
	Prefix                       string
	SubnetA, SubnetB, SubnetC    string // A and B in us-east-1a, C in us-east-1b
	TableNoPITR, TablePITR       string
	LBSingle, LBSameAZ, LBMulti  string
	Stack                        string
	StackTable, StackFn, StackLB string
	StackDB                      string
	WestFunction                 string
}

// Seed creates an account to audit: in us-east-1 (kumo) a table without
// point-in-time recovery and one with it, a load balancer in one subnet,
// one in two subnets of one zone, one in two zones, and the stack of
// testdata/examples/orders-service.yaml (templatePath) whose live table,
// function, load balancer and database exist; in us-west-2 (the front) a
// function whose reserved concurrency is 0.
func Seed(ctx context.Context, f *Front, prefix, templatePath string) (*Scenario, error) {
	s := &Scenario{Prefix: prefix}
	cfg := f.Config(f.Primary)
	e := ec2.NewFromConfig(cfg)
	vpc, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		return nil, fmt.Errorf("CreateVpc: %w", err)
	}
	for _, sn := range []struct {
		id       *string
		cidr, az string
	}{{&s.SubnetA, "10.0.1.0/24", "us-east-1a"}, {&s.SubnetB, "10.0.2.0/24", "us-east-1a"}, {&s.SubnetC, "10.0.3.0/24", "us-east-1b"}} {
		out, err := e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String(sn.cidr), AvailabilityZone: aws.String(sn.az)})
		if err != nil {
			return nil, fmt.Errorf("CreateSubnet: %w", err)
		}
		*sn.id = aws.ToString(out.Subnet.SubnetId)
	}
	s.TableNoPITR, s.TablePITR, s.StackTable = prefix+"-nopitr", prefix+"-pitr", prefix+"-orders-table"
	ddb := dynamodb.NewFromConfig(cfg)
	for _, name := range []string{s.TableNoPITR, s.TablePITR, s.StackTable} {
		if err := CreateTable(ctx, ddb, name); err != nil {
			return nil, err
		}
	}
	f.SetPITR(s.TablePITR)
	lbs := elb.NewFromConfig(cfg)
	s.LBSingle, s.LBSameAZ, s.LBMulti, s.StackLB = prefix+"-single", prefix+"-sameaz", prefix+"-multi", prefix+"-orders-lb"
	var stackLBArn string
	for _, lb := range []struct {
		name    string
		subnets []string
	}{{s.LBSingle, []string{s.SubnetA}}, {s.LBSameAZ, []string{s.SubnetA, s.SubnetB}}, {s.LBMulti, []string{s.SubnetA, s.SubnetC}},
		{s.StackLB, []string{s.SubnetA, s.SubnetB}}} {
		out, err := lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String(lb.name), Subnets: lb.subnets})
		if err != nil {
			return nil, fmt.Errorf("CreateLoadBalancer: %w", err)
		}
		stackLBArn = aws.ToString(out.LoadBalancers[0].LoadBalancerArn)
	}
	s.StackFn = prefix + "-orders-fn"
	_, err = lambda.NewFromConfig(cfg).CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(s.StackFn),
		Role: aws.String("arn:aws:iam::" + Account + ":role/orders"), Runtime: lambdatypes.RuntimePython312,
		Handler: aws.String("orders.handler"), Code: &lambdatypes.FunctionCode{ZipFile: []byte("def handler(e, c): pass")}})
	if err != nil {
		return nil, fmt.Errorf("CreateFunction: %w", err)
	}
	s.StackDB = prefix + "-orders-db"
	_, err = rds.NewFromConfig(cfg).CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String(s.StackDB),
		DBInstanceClass: aws.String("db.t4g.medium"), Engine: aws.String("postgres"), MultiAZ: aws.Bool(false),
		BackupRetentionPeriod: aws.Int32(0), AllocatedStorage: aws.Int32(50), MasterUsername: aws.String("orders"),
		MasterUserPassword: aws.String("not-a-secret-1")})
	if err != nil {
		return nil, fmt.Errorf("CreateDBInstance: %w", err)
	}
	body, err := os.ReadFile(templatePath)
	if err != nil {
		return nil, err
	}
	s.Stack = prefix + "-orders"
	// kumo's CreateStack drops parameters and tags; the front adds them
	// to DescribeStacks.
	if _, err := cfn.NewFromConfig(cfg).CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String(s.Stack),
		TemplateBody: aws.String(string(body))}); err != nil {
		return nil, fmt.Errorf("CreateStack: %w", err)
	}
	f.SetStack(s.Stack, map[string]string{"team": "orders"}, map[string]string{"PublicSubnet": s.SubnetA, "VpcId": aws.ToString(vpc.Vpc.VpcId)})
	f.SetStackResources(s.Stack,
		StackResource{"OrdersTable", s.StackTable, "AWS::DynamoDB::Table"},
		StackResource{"OrdersFunction", s.StackFn, "AWS::Lambda::Function"},
		StackResource{"OrdersRole", prefix + "-orders-role", "AWS::IAM::Role"},
		StackResource{"OrdersLoadBalancer", stackLBArn, "AWS::ElasticLoadBalancingV2::LoadBalancer"},
		StackResource{"OrdersTargetGroup", "arn:aws:elasticloadbalancing:us-east-1:" + Account + ":targetgroup/" + prefix + "-tg/1", "AWS::ElasticLoadBalancingV2::TargetGroup"},
		StackResource{"OrdersDatabase", s.StackDB, "AWS::RDS::DBInstance"})
	s.WestFunction = prefix + "-west-fn"
	f.Handle("us-west-2", "lambda", "ListFunctions", func(w http.ResponseWriter, r *Request) {
		JSON(w, map[string]any{"Functions": []any{map[string]any{"FunctionName": s.WestFunction,
			"FunctionArn": "arn:aws:lambda:us-west-2:" + Account + ":function:" + s.WestFunction,
			"Runtime":     "python3.12", "Handler": "app.handler", "Timeout": 3, "MemorySize": 128}}})
	})
	f.SetReserved(s.WestFunction, 0)
	return s, nil
}

// CreateTable creates an on-demand table keyed by id.
func CreateTable(ctx context.Context, client *dynamodb.Client, name string) error {
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(name),
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}},
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		BillingMode:          ddbtypes.BillingModePayPerRequest})
	if err != nil {
		return fmt.Errorf("CreateTable %s: %w", name, err)
	}
	return nil
}
