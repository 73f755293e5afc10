# A policy on iotplan's JSON plan (`iotplan plan --out plan.json`), checked in the pipeline by conftest
# (https://www.conftest.dev): `conftest test plan.json --policy policy/ --data labels.json`.
#
# Removing or replacing an entity deletes the observations it and everything under it holds (a count
# the platform did not report is unknown, and treated as holding data). In a pull or merge request,
# such a plan needs the label "allow-destroy": a reviewer decides, in the open, that the history goes.
# labels.json is written by the pipeline from the request's labels: {"labels": ["allow-destroy", ...]}.
package main

import rego.v1

destroy_label := "allow-destroy"

deny contains message if {
	some change in input.changes
	change.action in {"remove", "replace"}
	holds_data(change)
	not allowed
	message := sprintf(
		"%s: %s deletes %s: add the label \"%s\" to the request if that history may go",
		[change.address, change.action, observations(change), destroy_label],
	)
}

holds_data(change) if change.observations > 0

holds_data(change) if change.observations_unknown

allowed if destroy_label in data.labels

observations(change) := "observations nobody could count" if {
	change.observations_unknown
	not change.observations > 0
}

# Part counted, part not: the reviewer still sees the count that was read.
observations(change) := sprintf("at least %d observations (and more nobody could count)", [change.observations]) if {
	change.observations_unknown
	change.observations > 0
}

observations(change) := sprintf("%d observations", [change.observations]) if not change.observations_unknown

# A plan this policy cannot read is refused, not passed.
deny contains message if {
	not startswith(input.format_version, "1.")
	message := sprintf("plan format_version %v: this policy reads 1.x", [input.format_version])
}
