# GPU helpers for Azure VM sizes: the NC, ND, NG and NV families (not NP, which is FPGA), plus the
# extra patterns a team declares in `gpu_sku_patterns`.
package ailint.lib

default_gpu_sku_patterns := [`(?i)^standard_n(c|d|g|v)`]

gpu_sku_patterns := array.concat(default_gpu_sku_patterns, setting("gpu_sku_patterns", []))

# is_gpu_sku(size): size is a known VM size string of a GPU family.
is_gpu_sku(size) if {
	is_string(size)
	some pattern in gpu_sku_patterns
	regex.match(pattern, size)
}
