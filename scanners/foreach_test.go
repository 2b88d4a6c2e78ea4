package scanners

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leHead starts a template with the language extensions and a few
// parameters and mappings that collections refer to.
const leHead = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "Orders, Payments"}
  NoDefault: {Type: CommaDelimitedList}
  Secret: {Type: CommaDelimitedList, Default: "a,b", NoEcho: true}
  Ssm: {Type: "AWS::SSM::Parameter::Value<List<String>>", Default: /names}
  Csv: {Type: String, Default: "x,y,z"}
  Count: {Type: String, Default: "5"}
Mappings:
  Lists:
    Tables: {Names: [Alpha, Beta]}
`

// diagAt is a diagnostic as the tests expect it: severity, line, and a
// part of the message.
type diagAt struct {
	severity string
	line     int
	message  string
}

func (d diagAt) String() string { return fmt.Sprintf("%s:%d:%s", d.severity, d.line, d.message) }

func ids(t *Template) []string {
	var out []string
	for _, r := range t.Resources {
		out = append(out, r.ID)
	}
	return out
}

// TestForEachExpansion: what each loop generates (logical ids in
// order), and what it says about what it could not expand.
func TestForEachExpansion(t *testing.T) {
	table := func(key, collection string) string {
		return "Resources:\n  Fn::ForEach::T:\n    - Name\n    - " + collection + "\n    - " + key + ":\n        Type: AWS::DynamoDB::Table\n"
	}
	tests := []struct {
		name   string
		src    string
		params map[string]string
		ids    []string
		diags  []diagAt
	}{
		{"literal list", leHead + table("Table${Name}", "[A, B, C]"), nil, []string{"TableA", "TableB", "TableC"}, nil},
		{"CommaDelimitedList default", leHead + table("Table${Name}", "!Ref Names"), nil, []string{"TableOrders", "TablePayments"}, nil},
		{"--param value", leHead + table("Table${Name}", "!Ref Names"), map[string]string{"Names": "Q,R"}, []string{"TableQ", "TableR"}, nil},
		{"Fn::FindInMap", leHead + table("Table${Name}", "!FindInMap [Lists, Tables, Names]"), nil, []string{"TableAlpha", "TableBeta"}, nil},
		{"Fn::Split", leHead + table("Table${Name}", "!Split [',', !Ref Csv]"), nil, []string{"Tablex", "Tabley", "Tablez"}, nil},
		{"numbers as items", leHead + table("Table${Name}", "[1, 2]"), nil, []string{"Table1", "Table2"}, nil},
		{"&{} drops what is not alphanumeric", leHead + table("Table&{Name}", "[my-table, 10.0.0.0/24]"), nil, []string{"Tablemytable", "Table1000024"}, nil},
		{"empty collection", leHead + table("Table${Name}", "[]") + "  Q:\n    Type: AWS::SQS::Queue\n", nil, []string{"Q"}, nil},
		{"the transform in a list", strings.Replace(leHead, "Transform: AWS::LanguageExtensions", "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]", 1) +
			table("Table${Name}", "[A]"), nil, []string{"TableA"}, nil},

		{"parameter without a value", leHead + table("Table${Name}", "!Ref NoDefault") + "  Q:\n    Type: AWS::SQS::Queue\n", nil, []string{"Q"},
			[]diagAt{{SeverityWarning, 16, "Fn::ForEach::T: the collection cannot be resolved (Ref NoDefault is unknown): the loop is not expanded"}}},
		{"NoEcho parameter", leHead + table("Table${Name}", "!Ref Secret"), nil, nil,
			[]diagAt{{SeverityWarning, 16, "(Ref Secret is unknown)"}}},
		{"SSM parameter", leHead + table("Table${Name}", "!Ref Ssm"), nil, nil,
			[]diagAt{{SeverityWarning, 16, "(Ref Ssm is unknown)"}}},
		{"an unknown item", leHead + table("Table${Name}", "[A, !Ref NoDefault]"), nil, nil,
			[]diagAt{{SeverityWarning, 16, "(Ref NoDefault is unknown)"}}},
		{"an unknown inner collection leaves the outer loop", leHead + "Resources:\n  Fn::ForEach::Outer:\n    - A\n    - [x, y]\n    - Fn::ForEach::Inner:\n        - B\n        - !Ref NoDefault\n        - T${A}${B}:\n            Type: AWS::SQS::Queue\n", nil, nil,
			[]diagAt{{SeverityWarning, 19, "Fn::ForEach::Inner: the collection cannot be resolved"}}},

		{"${} of an item that is not alphanumeric", leHead + table("Table${Name}", "[my-table]"), nil, []string{"Tablemy-table"},
			[]diagAt{{SeverityError, 17, `generates the logical id "Tablemy-table", which is not alphanumeric`}}},
		{"the same id twice", leHead + table("Table${Name}", "[A, A]"), nil, []string{"TableA"},
			[]diagAt{{SeverityError, 17, `"TableA" is defined twice, by Fn::ForEach::T (line 17) and by Fn::ForEach::T (line 17)`}}},
		{"an id already written", leHead + table("Table${Name}", "[A]") + "  TableA:\n    Type: AWS::SQS::Queue\n", nil, []string{"TableA"},
			[]diagAt{{SeverityError, 19, `"TableA" is defined twice, by Fn::ForEach::T (line 17) and by line 19`}}},
		{"an identifier reused by an inner loop", leHead + "Resources:\n  Fn::ForEach::Outer:\n    - A\n    - [x]\n    - Fn::ForEach::Inner:\n        - A\n        - [y]\n        - T${A}:\n            Type: AWS::SQS::Queue\n", nil, nil,
			[]diagAt{{SeverityError, 18, `Fn::ForEach::Inner: identifier "A" is already the identifier of an enclosing loop`}}},
		{"not three items", leHead + "Resources:\n  Fn::ForEach::T:\n    - Name\n    - [A]\n", nil, nil,
			[]diagAt{{SeverityError, 14, "Fn::ForEach::T must be a list of three: [Identifier, Collection, {OutputKey: OutputValue}]"}}},
		{"a collection that is not a list", leHead + table("Table${Name}", "A,B"), nil, nil,
			[]diagAt{{SeverityError, 16, "Fn::ForEach::T: the collection must be a list"}}},
		{"a String parameter is not a list", leHead + table("Table${Name}", "!Ref Csv"), nil, nil,
			[]diagAt{{SeverityError, 16, "the collection must be a list"}}},
		{"items that are not strings", leHead + table("Table${Name}", "[[a]]"), nil, nil,
			[]diagAt{{SeverityError, 16, "the collection's items must be strings"}}},
		{"an identifier that is not a string", leHead + "Resources:\n  Fn::ForEach::T:\n    - [Name]\n    - [A]\n    - T${Name}: {Type: AWS::SQS::Queue}\n", nil, nil,
			[]diagAt{{SeverityError, 15, "Fn::ForEach::T: the identifier must be a string"}}},
		{"a body that is not a mapping", leHead + "Resources:\n  Fn::ForEach::T:\n    - Name\n    - [A]\n    - T${Name}\n", nil, nil,
			[]diagAt{{SeverityError, 17, "the third item must be a mapping"}}},
		{"loops nested deeper than CloudFormation allows", leHead + "Resources:\n" + nestedLoops(6), nil, nil,
			[]diagAt{{SeverityError, 34, "Fn::ForEach::L6: Fn::ForEach loops nest 6 deep, above CloudFormation's limit of 5"}}},
		{"loops nested as deep as CloudFormation allows", leHead + "Resources:\n" + nestedLoops(5), nil, []string{"Tabcde"}, nil},
		{"more resources than CloudFormation's quota", leHead + table("T${Name}", "!Split [',', '"+items(501)+"']"), nil, nil,
			[]diagAt{{SeverityError, 14, "Resources: with its Fn::ForEach loops expanded the section has 501 entries, above CloudFormation's quota of 500 resources per template"}}},
		{"a loop without the transform", strings.Replace(leHead, "Transform: AWS::LanguageExtensions\n", "", 1) + table("Table${Name}", "[A]"), nil, nil,
			[]diagAt{{SeverityWarning, 13, "Fn::ForEach::T: Fn::ForEach needs `Transform: AWS::LanguageExtensions`"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Load("t.yaml", []byte(tc.src), Options{Params: tc.params})
			require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
			got := ids(res.Template)
			if tc.name == "more resources than CloudFormation's quota" {
				assert.Len(t, got, 501, "the resources are still evaluated, with the error")
			} else {
				assert.Equal(t, tc.ids, got)
			}
			var diags []string
			for _, d := range res.Diagnostics {
				assert.Equal(t, "t.yaml", d.File)
				diags = append(diags, diagAt{d.Severity, d.Line, d.Message}.String())
			}
			require.Len(t, diags, len(tc.diags), "%v", diags)
			for i, want := range tc.diags {
				assert.True(t, strings.HasPrefix(diags[i], want.severity+":"+fmt.Sprint(want.line)+":"), "got %s, want %s", diags[i], want)
				assert.Contains(t, diags[i], want.message)
			}
		})
	}
}

// nestedLoops writes n loops, each inside the one before, around a queue
// whose id joins every identifier (the identifiers are a, b, c, ...).
func nestedLoops(n int) string {
	var b strings.Builder
	key := "Ta"
	for i := 0; i < n; i++ {
		ind := strings.Repeat("    ", i)
		id := string(rune('a' + i))
		if i > 0 {
			key += "${" + id + "}"
		}
		fmt.Fprintf(&b, "%s  Fn::ForEach::L%d:\n%s    - %s\n%s    - [%s]\n%s    -", ind, i+1, ind, id, ind, id, ind)
		b.WriteString("\n")
	}
	ind := strings.Repeat("    ", n)
	fmt.Fprintf(&b, "%s  %s:\n%s    Type: AWS::SQS::Queue\n", ind, strings.Replace(key, "Ta", "T${a}", 1), ind)
	return b.String()
}

func items(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprint(i)
	}
	return strings.Join(parts, ",")
}

// TestForEachSubstitution: identifiers are substituted in keys and in
// every string of the body, `Ref: Identifier` becomes the item in both
// forms, Fn::Sub's ${!Literal} stays, and a substituted plain scalar stays
// a string.
func TestForEachSubstitution(t *testing.T) {
	src := leHead + `Resources:
  Fn::ForEach::Q:
    - Name
    - [Orders]
    - Queue${Name}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "${Name}-${AWS::Region}-${!Name}"
          Plain: ${Name}.fifo
          Short: !Ref Name
          Long: {Ref: Name}
          Other: !Ref Count
          Delay: ${Count}
          Tags:
            - Key: ${Name}
              Value: !Join ["-", [!Ref Name, x]]
          Dlq: !Ref {"Fn::Sub": "Dlq${Name}"}
          DlqArn: !GetAtt [!Sub "Dlq${Name}", Arn]
`
	res := Load("t.yaml", []byte(src), Options{Pseudo: map[string]string{"AWS::Region": "eu-west-1"}})
	require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
	require.Empty(t, res.Diagnostics)
	q := res.Template.Resource("QueueOrders")
	require.NotNil(t, q)
	assert.Equal(t, map[string]any{
		"QueueName": "Orders-eu-west-1-${Name}",
		"Plain":     "Orders.fifo",
		"Short":     "Orders",
		"Long":      "Orders",
		"Other":     "5", // a parameter, not an identifier
		"Delay":     "${Count}",
		"Tags":      []any{map[string]any{"Key": "Orders", "Value": "Orders-x"}},
		// The language extensions allow intrinsics in Ref and Fn::GetAtt:
		// once substituted, they name the generated resource.
		"Dlq":    map[string]any{"Ref": "DlqOrders"},
		"DlqArn": map[string]any{"Fn::GetAtt": []any{"DlqOrders", "Arn"}},
	}, q.Properties)

	// A plain scalar that reads as a number after substitution stays the
	// string CloudFormation substitutes into.
	res = Load("t.yaml", []byte(leHead+"Resources:\n  Fn::ForEach::D:\n    - N\n    - ['5']\n    - Q${N}:\n        Type: AWS::SQS::Queue\n        Properties:\n          Delay: ${N}\n          Ref: !Ref N\n"), Options{})
	require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
	assert.Equal(t, map[string]any{"Delay": "5", "Ref": "5"}, res.Template.Resource("Q5").Properties)
}

// TestForEachInProperties: a loop adds keys to the mapping it is in, at
// any depth under Properties; one that cannot be expanded leaves its
// resource out of the evaluation (its properties are unknown) with a
// warning, and the other resources are evaluated.
func TestForEachInProperties(t *testing.T) {
	src := leHead + `Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      Fn::ForEach::Flags:
        - Flag
        - [Deletion, Contributor]
        - ${Flag}ProtectionEnabled: true
      Nested:
        List:
          - Fn::ForEach::Keys:
              - K
              - [a, b]
              - Key${K}: !Ref K
  Unknown:
    Type: AWS::DynamoDB::Table
    Properties:
      Fn::ForEach::Pitr:
        - P
        - !Ref NoDefault
        - PointInTimeRecovery${P}: {PointInTimeRecoveryEnabled: true}
`
	res := Load("t.yaml", []byte(src), Options{})
	require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
	assert.Equal(t, []string{"Table"}, ids(res.Template), "Unknown's properties are unknown: not evaluated")
	assert.Equal(t, map[string]any{
		"DeletionProtectionEnabled":    true,
		"ContributorProtectionEnabled": true,
		"Nested":                       map[string]any{"List": []any{map[string]any{"Keya": "a", "Keyb": "b"}}},
	}, res.Template.Resource("Table").Properties)
	loc := res.Template.Locate("Table", []any{"Properties", "ContributorProtectionEnabled"})
	assert.Equal(t, 20, loc.Line, "a generated property points at the loop body")
	require.Len(t, res.Diagnostics, 1)
	assert.Equal(t, SeverityWarning, res.Diagnostics[0].Severity)
	assert.Equal(t, 32, res.Diagnostics[0].Line)
	assert.Contains(t, res.Diagnostics[0].Message, "Fn::ForEach::Pitr: the collection cannot be resolved (Ref NoDefault is unknown)")
}

// TestForEachConditions: conditions generated by a loop are defined for
// the resources that use them; when the loop cannot be expanded, a
// condition it may define is unknown (the resource is evaluated as
// conditional), not an error.
func TestForEachConditions(t *testing.T) {
	conds := func(collection string) string {
		return leHead + "Conditions:\n  Fn::ForEach::Is:\n    - N\n    - " + collection + "\n    - Is${N}: !Equals [!Ref Count, '${N}']\n" +
			"Resources:\n  Five:\n    Type: AWS::SQS::Queue\n    Condition: Is5\n  Six:\n    Type: AWS::SQS::Queue\n    Condition: Is6\n"
	}
	res := Load("t.yaml", []byte(conds("['5', '6']")), Options{})
	require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
	assert.Empty(t, res.Diagnostics)
	assert.Equal(t, []string{"Five"}, ids(res.Template), "Is6 is false: Six is not created")

	res = Load("t.yaml", []byte(conds("!Ref NoDefault")), Options{})
	require.NotNil(t, res.Template)
	assert.Equal(t, []string{"Five", "Six"}, ids(res.Template))
	require.Len(t, res.Diagnostics, 1, "%v", res.Diagnostics)
	assert.Equal(t, SeverityWarning, res.Diagnostics[0].Severity)
	assert.Contains(t, res.Diagnostics[0].Message, "Fn::ForEach::Is: the collection cannot be resolved")
}

// TestForEachBudget: loops that multiply (five nested loops of a thousand
// items each, ten to the fifteen resources) stop with one error that names
// the file, the loop and its line, on the resolution budget or, when that
// is larger, on CloudFormation's template size quota; the template is not
// evaluated, and the work done stays within the budget.
func TestForEachBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Replace(leHead, "Parameters:\n", "Parameters:\n  Big: {Type: CommaDelimitedList, Default: '"+items(1000)+"'}\n", 1))
	b.WriteString("Resources:\n")
	b.WriteString(strings.ReplaceAll(nestedLoops(5), "[a]", "!Ref Big"))
	src := strings.NewReplacer("[b]", "!Ref Big", "[c]", "!Ref Big", "[d]", "!Ref Big", "[e]", "!Ref Big").Replace(b.String())
	tests := []struct {
		name    string
		opts    Options
		message string
	}{
		{"a small budget", Options{budgetValues: 20_000, budgetBytes: 1 << 20}, "resolution budget exceeded (20000 values / 1048576 bytes): the template expands without bound"},
		{"the default budget", Options{}, "the Fn::ForEach loops generate more than 1048576 bytes of template, above CloudFormation's 1 MB quota for a template (it applies to the transformed template); the template is not evaluated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Load("t.yaml", []byte(src), tc.opts)
			assert.Nil(t, res.Template, "a template whose expansion ran out is not evaluated")
			require.NotNil(t, res.budget)
			assert.True(t, res.budget.exceeded)
			assert.LessOrEqual(t, res.budget.values, res.budget.maxValues)
			assert.LessOrEqual(t, res.budget.bytes, res.budget.maxBytes)
			var errs []Diagnostic
			for _, d := range res.Diagnostics {
				if d.Severity == SeverityError {
					errs = append(errs, d)
				}
			}
			require.Len(t, errs, 1, "%v", res.Diagnostics)
			assert.Equal(t, "t.yaml", errs[0].File)
			assert.NotZero(t, errs[0].Line)
			assert.True(t, strings.HasPrefix(errs[0].Message, "Fn::ForEach::L"), errs[0].Message)
			assert.Contains(t, errs[0].Message, tc.message)
		})
	}
}

// TestForEachScalesLinearly: expanding a loop costs in proportion to what
// it generates (the expander counts its steps: nodes copied, keys merged,
// items read, bytes substituted), so four times the items is about four
// times the work, not sixteen.
func TestForEachScalesLinearly(t *testing.T) {
	steps := func(n int) int {
		src := leHead + "Resources:\n  Fn::ForEach::T:\n    - Name\n    - !Split [',', '" + items(n) + "']\n" +
			"    - Table${Name}:\n        Type: AWS::DynamoDB::Table\n        Properties:\n          TableName: !Sub '${Name}-table'\n" +
			"          Fn::ForEach::Tags:\n            - K\n            - [a, b]\n            - Tag${K}: !Ref Name\n"
		res := Load("t.yaml", []byte(src), Options{})
		require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
		require.Len(t, res.Template.Resources, n)
		return res.Template.langExt.steps
	}
	small, large := steps(100), steps(400)
	assert.Greater(t, small, 100*10, "every generated resource is counted")
	assert.Less(t, float64(large), 4.5*float64(small), "100 items took %d steps, 400 took %d", small, large)
}
