package report

import "github.com/bulwarkhq/bulwark/rules/finding"

// resourceLabel names a finding's resource for a person: its logical id
// and, for a resource synthesized by the AWS CDK, the construct path that
// the developer recognises in the app's code (the generated logical id
// such as OrdersE1C8E5C2 is not), as "OrdersE1C8E5C2 [MyStack/Orders/Resource]".
// Callers escape it as they escape the resource.
func resourceLabel(f finding.Finding) string {
	if f.ConstructPath == "" {
		return f.Resource
	}
	if f.Resource == "" {
		return "[" + f.ConstructPath + "]"
	}
	return f.Resource + " [" + f.ConstructPath + "]"
}
