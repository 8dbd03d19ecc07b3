# The run's shared context: what every unit sees as `input.context`. Evaluated once per run, after
# the facts of every unit have been gathered (facts.rego), with input
# {"facts": {<fact>: [<item>, ...]}}: each fact's items sorted, each once, whatever order the units
# were checked in.
package ailint.context

# GPU node pools with the same taints are interchangeable for a toleration check, so each distinct
# set of taints is given once, under the first pool (in id order) that has it: `gpu_pool_taints`
# (pool -> its taints), `gpu_node_taints` (the same taints as one list, pool by pool) and
# `gpu_pool_count` (how many pools there are). A repository with thousands of identical pools must
# not make every Kubernetes unit compare against each of them. Sorting keeps this O(n log n).

_taints := object.get(input, ["facts", "gpu_node_taints"], [])

# [pool, taint] in pool order, the taints of a pool sorted.
_pairs := sort([[t.pool, t] | some t in _taints])

# Where each pool's run of pairs starts.
_starts := [i | some i, _ in _pairs; _first_of_pool(i)]

_first_of_pool(i) if i == 0

_first_of_pool(i) if {
	i > 0
	_pairs[i - 1][0] != _pairs[i][0]
}

_end(k) := _starts[k + 1] if {
	k + 1 < count(_starts)
} else := count(_pairs)

_pools := [{"pool": _pairs[s][0], "taints": [p[1] | some p in array.slice(_pairs, s, _end(k))]} |
	some k, s in _starts
]

# [taints without the pool, pool], sorted: the first of each run of equal taints is kept.
_by_taints := sort([[[object.remove(t, ["pool"]) | some t in p.taints], p.pool] | some p in _pools])

_kept contains _by_taints[0][1] if count(_by_taints) > 0

_kept contains _by_taints[i][1] if {
	some i, _ in _by_taints
	i > 0
	_by_taints[i - 1][0] != _by_taints[i][0]
}

gpu_pool_taints := {p.pool: p.taints | some p in _pools; p.pool in _kept}

gpu_node_taints := [t | some p in _pools; p.pool in _kept; some t in p.taints]

gpu_pool_count := count(_pools)

# gpu_driver_lowest: of the NVIDIA drivers pinned anywhere in the run, the one that runs the oldest
# CUDA (ties: the first by file), which every GPU image must fit (AIL506); gpu_driver_count: how
# many are pinned. Absent when none is.
_drivers := object.get(input, ["facts", "gpu_drivers"], [])

_drivers_by_cuda := sort([[d.cuda, d.file, d.resource, d.version, d] | some d in _drivers])

gpu_driver_lowest := _drivers_by_cuda[0][4] if count(_drivers_by_cuda) > 0

gpu_driver_count := count(_drivers)

# gpu_operator_drivers: the GPU Operators of the run that install the NVIDIA driver (AIL507).
gpu_operator_drivers := object.get(input, ["facts", "gpu_operator_drivers"], [])

# gpu_capacity_first: the run's first GPU capacity resource (by file, then id), where AIL703 reports
# once per run; gpu_capacity_count: how many there are.
_capacity := sort([[c.file, c.resource, c.path, c] | some c in object.get(input, ["facts", "gpu_capacity"], [])])

gpu_capacity_first := _capacity[0][3] if count(_capacity) > 0

gpu_capacity_count := count(_capacity)

# gpu_alert_signals: the GPU signals some alert rule of the run watches ("unknown" when an alert
# expression could not be read).
gpu_alert_signals := object.get(input, ["facts", "gpu_alert_signals"], [])
