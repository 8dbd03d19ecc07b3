# Tests of the run's shared context (context.rego): how the GPU pool taints of a run are grouped.
package ailint.context_test

import data.ailint.context

taint(pool, key) := {"key": key, "value": "gpu", "effect": "NoSchedule", "pool": pool}

run(taints) := {"facts": {"gpu_node_taints": taints}}

test_pools_with_the_same_taints_are_given_once_and_counted if {
	inp := run([taint("a", "sku"), taint("b", "sku"), taint("c", "sku"), taint("c", "team")])
	context.gpu_pool_count == 3 with input as inp
	object.keys(context.gpu_pool_taints) == {"a", "c"} with input as inp
	context.gpu_pool_taints.c == [taint("c", "sku"), taint("c", "team")] with input as inp
	context.gpu_node_taints == [taint("a", "sku"), taint("c", "sku"), taint("c", "team")] with input as inp
}

test_the_first_pool_in_id_order_represents_its_taints if {
	inp := run([taint("z", "sku"), taint("m", "sku")])
	object.keys(context.gpu_pool_taints) == {"m"} with input as inp
}

test_no_pools if {
	context.gpu_pool_count == 0 with input as run([])
	context.gpu_pool_taints == {} with input as {"facts": {}}
	context.gpu_node_taints == [] with input as {"facts": {}}
}
