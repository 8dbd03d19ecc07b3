# Finding constructor and access to the evaluation unit. Every rule builds its results with
# `finding` so that Rust can place them: the resource id and the path inside it that is at fault
# (or that should hold a missing value).
package ailint.lib

# finding(resource, path, message) is the one shape of a rule result.
finding(resource, path, message) := {"resource": resource.id, "path": path, "message": message}

# resources_of(t) lists the unit's resources of type t (empty when there are none).
resources_of(t) := object.get(input, ["resources_by_type", t], [])

# option(slug, key, fallback) reads a rule option from `[rules.<slug>]` in `.ailint.toml`.
option(slug, key, fallback) := object.get(input, ["config", "rules", slug, key], fallback)

# setting(key, fallback) reads a global setting from the configuration.
setting(key, fallback) := object.get(input, ["config", key], fallback)
