# Helpers for rule unit tests: build the input document the engine gives a
# rule, from a plain object of resources, with the same type index.
package bulwark.testing

template(resources) := template_with(resources, {})

template_with(resources, settings) := {
	"kind": "template",
	"file": "test.yaml",
	"resources": resources,
	"types": {t: ids |
		some _, r in resources
		t := r.Type
		ids := [id | some id, x in resources; x.Type == t]
	},
	"settings": settings,
}

# template_input(resources, extra) is template(resources) with further input
# fields set, e.g. {"tier": {"rto_seconds": 60}} or {"schedules": {...}}.
template_input(resources, extra) := object.union(template(resources), extra)
