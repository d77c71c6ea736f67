# An outside policy over orgform's plan document (`orgform plan FILE --format json`, see
# schemas/plan.schema.json), for OPA/conftest in a pull request:
#   orgform plan org.yaml --format json > plan.json
#   conftest test --policy examples/policy plan.json
# It denies a plan that archives a project, lifts a spend limit or model restriction, or that
# orgform itself refuses; it warns about every other removal.
package main

import rego.v1

deny contains msg if {
	some change in input.changes
	change.action == "archive"
	msg := sprintf("%s: archiving is final and needs a platform-team review", [change.address])
}

deny contains msg if {
	some change in input.changes
	change.action == "delete"
	change.kind in {"spend_limit", "model_permissions"}
	msg := sprintf("%s: lifts a control every project must keep", [change.address])
}

deny contains msg if {
	some refusal in input.refusals
	msg := sprintf("orgform refuses this plan (%s): %s", [refusal.rule, refusal.message])
}

warn contains msg if {
	some change in input.changes
	change.destructive
	not change.action == "archive"
	not change.kind in {"spend_limit", "model_permissions"}
	msg := sprintf("%s: %s removes %s", [change.address, change.action, input.kinds[change.kind].noun[0]])
}
