# Value helpers. A value ailint could not resolve is {"$unknown": <source>, "$refs": [...]};
# rules never fire on it. `get` walks a path and surfaces the first unknown on the way, so that a
# rule cannot mistake "inside an unknown block" for "missing, use the default".
package ailint.lib

is_unknown(v) if {
	is_object(v)
	v["$unknown"]
}

is_known(v) if not is_unknown(v)

# refers_to(v, id) holds when the value v mentions resource id (an unknown whose $refs has it).
# A reference without an index (`azurerm_x.y`) names every instance of a resource with count or
# for_each (`azurerm_x.y["a"]`, `azurerm_x.y[0]`).
refers_to(v, id) if {
	is_unknown(v)
	some ref in v["$refs"]
	_ref_names(ref, id)
}

_ref_names(ref, id) if ref == id

_ref_names(ref, id) if startswith(id, concat("", [ref, "["]))

# given_to_unread_module(r): a Terraform module call whose code ailint could not read (a registry
# or Git source) receives a value that refers to r, so the module may create what a rule looks for
# (a private endpoint, a diagnostic setting): such rules stay silent on r.
given_to_unread_module(r) if {
	some call in object.get(input, "module_calls", [])
	not call.read
	walk(call.arguments, [_, v])
	refers_to(v, r.id)
}

# given_to_linked_deployment(r): an ARM deployment whose template ailint cannot read (a
# `templateLink`; in Bicep a registry module, `br/public:…`) receives a reference to r or r's name,
# so it may create what a rule looks for next to r (AVM modules take `name` and create the private
# endpoints and diagnostic settings of the resource they are given): such rules stay silent on r.
given_to_linked_deployment(r) if {
	some v in _linked_parameter_values
	_names_resource(v, r)
}

# The leaves passed as parameters to linked deployments, computed once per unit.
_linked_parameter_values contains v if {
	is_arm
	some d in arm_resources("Microsoft.Resources/deployments")
	object.get(d.config, ["properties", "templateLink"], null) != null
	walk(object.get(d.config, ["properties", "parameters"], {}), [path, v])
	not "$refs" in path
	_leaf(v)
}

_leaf(v) if is_unknown(v)

_leaf(v) if is_string(v)

_names_resource(v, r) if refers_to_resource(v, r)

# A literal resource id of r (`/subscriptions/…/providers/Microsoft.CognitiveServices/accounts/x`).
_names_resource(v, r) if net_points_to(v, r)

_names_resource(v, r) if {
	is_string(v)
	not startswith(r.name, "[")
	lower(v) == lower(r.name)
}

# The same expression: `name: accountName` on the resource and `params: { name: accountName }`.
_names_resource(v, r) if {
	is_unknown(v)
	startswith(r.name, "[")
	lower(trim(v["$unknown"], "[]")) == lower(trim(r.name, "[]"))
}

# The value at path, the first unknown found along it, or default when the path is absent.
# The common case (the path exists) costs one lookup: an unknown only has the keys `$unknown` and
# `$refs`, so when the whole path resolves no strict prefix of it can be an unknown (no caller
# walks into those two keys).
get(obj, path, fallback) := v if {
	# A marker no input holds (written inline: regorus 0.14 does not always see a lib rule read
	# by a function that another lib module's rule calls).
	v := object.get(obj, path, {"$absent": "ailint"})
	v != {"$absent": "ailint"}
} else := _first_unknown_along(obj, path, fallback)


_first_unknown_along(obj, path, fallback) := us[0] if {
	us := [x |
		some i in numbers.range(0, count(path) - 1)
		x := object.get(obj, array.slice(path, 0, i), null)
		is_unknown(x)
	]
	count(us) > 0
} else := fallback

# is_true(v): a known true, also as the string "true" (ARM and YAML users write both).
is_true(v) if v == true

is_true(v) if {
	is_string(v)
	lower(v) == "true"
}

# is_false(v): a known false, also as the string "false".
is_false(v) if v == false

is_false(v) if {
	is_string(v)
	lower(v) == "false"
}

# equals_ci(v, s): v is a string equal to s ignoring case (Azure enums differ in case).
equals_ci(v, s) if {
	is_string(v)
	lower(v) == lower(s)
}

# number_of(v): a number, or a string holding one ("0" in YAML annotations); undefined otherwise.
number_of(v) := v if is_number(v)

number_of(v) := to_number(regex.replace(trim_space(v), `^(-?)0+([0-9])`, "$1$2")) if {
	is_string(v)
	regex.match(`^\s*-?[0-9]+(\.[0-9]+)?\s*$`, v)
}

# items(v): v when it can be iterated (array, object or set), else [] — so that a null or a scalar
# where a list belongs (an empty `initContainers:` in YAML) reads as empty instead of failing the
# rule: in regorus `some x in null` is an error, not undefined.
items(v) := v if {
	is_array(v)
} else := v if {
	is_object(v)
} else := v if {
	is_set(v)
} else := []
