# Custom resources: code that runs at deploy time and may change the
# resources it is given, beyond what their properties say.
package bulwark.lib

# custom_resource_inputs is {logical id: {custom resource id, ...}}: the
# resources of the template that a custom resource (Custom::* or
# AWS::CloudFormation::CustomResource) refers to in its properties. A rule
# that reads a setting such a resource may change through the API (e.g. a
# Lambda-backed resource that enables snapshots) must not call it missing.
custom_resource_inputs := {id: cs | some id, cs in _custom_resource_inputs}

_custom_resource_inputs[id] contains c if {
	some t, ids in input.types
	_custom_resource_type(t)
	some c in ids
	some id in refs(object.get(input.resources[c], "Properties", {}))
	id != c
	input.resources[id]
}
