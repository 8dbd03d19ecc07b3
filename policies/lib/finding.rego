# Finding constructor and access to the evaluation unit. Every rule builds its results with
# `finding` so that Rust can place them: the resource id and the path inside it that is at fault
# (or that should hold a missing value).
package ailint.lib

# finding(resource, path, message) is the one shape of a rule result.
finding(resource, path, message) := {"resource": resource.id, "path": path, "message": message}

# finding_fix(resource, path, message, fix): a finding that offers a fix, which ailint writes in
# the file's own syntax. fix is {"set": value} (the value at path becomes value: replaced where it
# is a literal, inserted with the objects missing above it where it is absent) or
# {"insert": {key: value, ...}} (the keys the object at path lacks are added), with optional
# "safety" ("safe" or "unsafe"; default the rule's METADATA custom.fix), "path" (where, when not
# at the finding's path) and "description". No fix is offered where the value is an expression.
finding_fix(resource, path, message, fix) := object.union(finding(resource, path, message), {"fix": fix})

# is_terraform: the unit is Terraform, as HCL or as a plan (`terraform show -json`); both have the
# same resource shape, a plan with its values resolved and resource addresses as ids.
is_terraform if input.format in {"terraform", "terraform-plan"}

# is_terraform_plan: the unit is a plan, whose ids are instance addresses (`x.y["k"]`, `module.m.x.y`).
is_terraform_plan if input.format == "terraform-plan"

# is_arm: the unit holds ARM-shaped resources (type `Microsoft.X/y`, `config` the resource object):
# an ARM template, a Bicep file (format "bicep", lowered by ailint), or Terraform whose
# `azapi_resource` blocks ailint lowered to that shape (their id stays the Terraform address). A
# rule that tests is_arm covers all three; in Terraform, is_terraform holds as well, and each
# branch sees only the resources of its own types.
is_arm if input.format in {"arm", "bicep"}

is_arm if {
	is_terraform
	has_arm_shaped_resources
}

# Terraform types have no `/`; ARM types always do.
has_arm_shaped_resources if {
	some t, _ in input.resources_by_type
	contains(t, "/")
}

# arm_shaped(r): r has an ARM type. Helpers that know both families of types (`is_gpu_vm`) need it
# to keep a Terraform branch to azurerm resources and an ARM branch to ARM-shaped ones.
arm_shaped(r) if contains(r.type, "/")

# is_kubernetes: the unit is the Kubernetes manifests of one directory.
is_kubernetes if input.format == "kubernetes"

# _unit_resource(r): r is a resource of the unit as the input holds it, not a value a rule made,
# so that the per-unit tables (pod templates, roles) answer for it.
_unit_resource(r) if input.resources_by_id[r.id] == r

# tf_local_ref(ref): a reference without the module instance it was written in
# (`module.gpu.azurerm_x.y` → `azurerm_x.y`), so that its type can be read. Resources of a module
# are addressed, and referred to, with the module's path (plans, and modules ailint evaluates).
tf_local_ref(ref) := regex.replace(ref, `^(module\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.)+`, "") if {
	is_terraform
} else := ref

# resources_of(t) lists the unit's resources of type t (empty when there are none).
resources_of(t) := object.get(input, ["resources_by_type", t], [])

# option(slug, key, fallback) reads a rule option from `[rules.<slug>]` in `.ailint.toml`.
option(slug, key, fallback) := object.get(input, ["config", "rules", slug, key], fallback)

# setting(key, fallback) reads a global setting from the configuration.
setting(key, fallback) := object.get(input, ["config", key], fallback)

# arm_resources(t): the unit's ARM resources of type t, compared case-insensitively as ARM does.
arm_resources(t) := object.get(input.resources_by_lower_type, lower(t), []) if {
	is_object(input.resources_by_lower_type)
} else := [r |
	# A hand-written input (a Rego test) may lack the index.
	some r in input.resources
	lower(r.type) == lower(t)
]

# subject(kind, r): how a message names r: its id in Terraform and Kubernetes; in ARM its literal
# name (the id of a resource named by an expression is unreadable), else "This <kind>".
subject(kind, r) := sprintf("%s %s", [kind, r.id]) if {
	input.format != "arm"
} else := sprintf("%s `%s`", [kind, name]) if {
	name := object.get(r.config, "name", null)
	is_string(name)
	not startswith(name, "[")
} else := sprintf("This %s", [_sentence_case(kind)])

# "Node pool" → "node pool", but "ML compute cluster" and names such as "Azure OpenAI account" stay
# as they are.
_sentence_case(kind) := concat("", [lower(substring(kind, 0, 1)), substring(kind, 1, -1)]) if {
	regex.match(`^[A-Z][a-z]`, kind)
	not regex.match(`^(Azure|Cognitive|Kubernetes|Bicep|Terraform|NVIDIA|Prometheus)\b`, kind)
} else := kind

# role_note(role): appended to a message when the role is unknown, telling how to declare it.
role_note(role) := sprintf(" (%s)", [role_hint]) if {
	role == "unknown"
} else := ""

# path_text(path): a path as users read it, `spec.template.spec`.
path_text(path) := concat(".", [sprintf("%v", [p]) | some p in path])

# refers_to_resource(v, r): the value v (an unknown, e.g. `azurerm_x.y.id` or an ARM
# `[resourceId(...)]`) mentions resource r: by its id (TF address, ARM symbolic name) or, in ARM,
# by `<type>/<name>` as resourceId() names it. Compared case-insensitively (ARM is).
refers_to_resource(v, r) if refers_to(v, r.id)

refers_to_resource(v, r) if {
	is_unknown(v)
	some ref in v["$refs"]
	lower(ref) in {lower(r.id), lower(sprintf("%s/%s", [r.type, r.name]))}
}

# referred_resources(v): the resources of the unit that the unknown v may refer to, looked up in
# `input.ref_index` by each of its `$refs` (every resource when the input has no index); callers
# still test refers_to_resource on each.
referred_resources(v) := [input.resources_by_id[id] | some id in ids] if {
	is_object(input.ref_index)
	ids := {id |
		is_unknown(v)
		some ref in v["$refs"]
		some key in {ref, lower(ref)}
		some id in object.get(input.ref_index, key, [])
	}
} else := input.resources

# literal_resource_name(r): the name r is created with, when it is written out: an ARM resource's
# `name` unless it is an expression, a Terraform resource's `name` attribute when it is a string.
literal_resource_name(r) := n if {
	arm_shaped(r)
	n := r.name
	not startswith(n, "[")
} else := n if {
	not arm_shaped(r)
	n := get(r.config, ["name"], null)
	is_string(n)
}

# points_to_resource(v, r, arm_type): v refers to r (see refers_to_resource) or is a literal
# resource id that ends in `/providers/<arm_type>/<r's literal name>`.
points_to_resource(v, r, _) if refers_to_resource(v, r)

points_to_resource(v, r, arm_type) if {
	is_string(v)
	name := literal_resource_name(r)
	endswith(lower(trim_right(v, "/")), lower(sprintf("/providers/%s/%s", [arm_type, name])))
}

# depends_on_resource(d, r): an ARM `dependsOn` entry d names r: a reference, its id, its name or
# `<type>/<name>`.
depends_on_resource(d, r) if refers_to_resource(d, r)

depends_on_resource(d, r) if {
	is_string(d)
	lower(d) in {lower(r.id), lower(r.name), lower(sprintf("%s/%s", [r.type, r.name]))}
}
