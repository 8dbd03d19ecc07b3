# Tags and labels: where each format keeps them and which required keys are missing, comparing
# keys case-insensitively (Azure tag names are case-insensitive).
package ailint.lib

default_required_tags := ["owner", "cost-center", "environment"]

# tags_of(r): TF/ARM `tags`, K8s `metadata.labels`; {} when absent, the unknown when unknown.
tags_of(r) := get(r.config, ["metadata", "labels"], {}) if is_kubernetes

else := get(r.config, ["tags"], {})

# missing_tags(tags, required): the required keys tags lacks, in the order given.
missing_tags(tags, required) := [key |
	some key in required
	not has_tag(tags, key)
]

has_tag(tags, key) if {
	some k, _ in items(tags)
	lower(k) == lower(key)
}
