# The Azure N-series VM sizes: the GPU model and how many GPUs one VM has (a fraction for the
# GPU-partitioned NVv4, NVads A10 v5 and NGads V620 sizes), and a list-price table for the common
# GPU sizes, used by `ailint inventory`.
#
# Sizes: Microsoft Learn, "Sizes for virtual machines in Azure", GPU-accelerated families (NC, ND,
# NG, NV), https://learn.microsoft.com/azure/virtual-machines/sizes/overview#gpu-accelerated,
# cross-checked with the AKS node size list of microsoft/aspire (AksNodeVmSizes.cs).
# A size missing here is listed with an unknown GPU count, never a guessed one; add sizes in
# `.ailint.toml` (`[inventory.gpu_sizes]`, `"Standard_X" = { gpu = "L4", gpus = 2 }`).
#
# Why this file is not named azure_gpu_sizes.rego: with regorus 0.14.1, a module of this package
# that is added before container_apps.rego (the first in path order) makes a rule lose the clauses
# that call a rule nothing before them refers to (`is_arm if { is_terraform; ... }`), and 30 bundled
# tests fail. The engine loads files in path order, so a new module here must sort after it.
package ailint.lib

# gpu_size(size): {"gpu": model, "gpus": GPUs per VM} for a known GPU VM size; undefined otherwise.
gpu_size(size) := s if {
	is_string(size)
	s := object.union(azure_gpu_sizes, _extra_gpu_sizes)[lower(size)]
}

_extra_gpu_sizes := {lower(k): v | some k, v in setting("gpu_sizes", {})}

azure_gpu_sizes := {
	# NC-series (K80, retired) and NCv2 (P100, retired): still found in older repositories.
	"standard_nc6": {"gpu": "K80", "gpus": 1},
	"standard_nc12": {"gpu": "K80", "gpus": 2},
	"standard_nc24": {"gpu": "K80", "gpus": 4},
	"standard_nc24r": {"gpu": "K80", "gpus": 4},
	"standard_nc6s_v2": {"gpu": "P100", "gpus": 1},
	"standard_nc12s_v2": {"gpu": "P100", "gpus": 2},
	"standard_nc24s_v2": {"gpu": "P100", "gpus": 4},
	"standard_nc24rs_v2": {"gpu": "P100", "gpus": 4},
	# NCv3 (V100 16 GB).
	"standard_nc6s_v3": {"gpu": "V100 16GB", "gpus": 1},
	"standard_nc12s_v3": {"gpu": "V100 16GB", "gpus": 2},
	"standard_nc24s_v3": {"gpu": "V100 16GB", "gpus": 4},
	"standard_nc24rs_v3": {"gpu": "V100 16GB", "gpus": 4},
	# NCasT4_v3 (T4 16 GB).
	"standard_nc4as_t4_v3": {"gpu": "T4", "gpus": 1},
	"standard_nc8as_t4_v3": {"gpu": "T4", "gpus": 1},
	"standard_nc16as_t4_v3": {"gpu": "T4", "gpus": 1},
	"standard_nc64as_t4_v3": {"gpu": "T4", "gpus": 4},
	# NC A100 v4 (A100 80 GB PCIe).
	"standard_nc24ads_a100_v4": {"gpu": "A100 80GB", "gpus": 1},
	"standard_nc48ads_a100_v4": {"gpu": "A100 80GB", "gpus": 2},
	"standard_nc96ads_a100_v4": {"gpu": "A100 80GB", "gpus": 4},
	# NCads A10 v4.
	"standard_nc8ads_a10_v4": {"gpu": "A10", "gpus": 1},
	"standard_nc16ads_a10_v4": {"gpu": "A10", "gpus": 1},
	"standard_nc32ads_a10_v4": {"gpu": "A10", "gpus": 2},
	# NCads H100 v5 (H100 NVL 94 GB) and its confidential twin.
	"standard_nc40ads_h100_v5": {"gpu": "H100 NVL", "gpus": 1},
	"standard_nc80adis_h100_v5": {"gpu": "H100 NVL", "gpus": 2},
	"standard_ncc40ads_h100_v5": {"gpu": "H100 NVL", "gpus": 1},
	# ND-series (P40, retired), NDv2 (V100 32 GB).
	"standard_nd6s": {"gpu": "P40", "gpus": 1},
	"standard_nd12s": {"gpu": "P40", "gpus": 2},
	"standard_nd24s": {"gpu": "P40", "gpus": 4},
	"standard_nd24rs": {"gpu": "P40", "gpus": 4},
	"standard_nd40rs_v2": {"gpu": "V100 32GB", "gpus": 8},
	# ND A100 v4 (A100 40 GB), NDm A100 v4 (A100 80 GB), ND H100 v5, ND H200 v5, ND MI300X v5.
	"standard_nd96asr_v4": {"gpu": "A100 40GB", "gpus": 8},
	"standard_nd96amsr_a100_v4": {"gpu": "A100 80GB", "gpus": 8},
	"standard_nd96isr_h100_v5": {"gpu": "H100 80GB", "gpus": 8},
	"standard_nd96isr_h200_v5": {"gpu": "H200", "gpus": 8},
	"standard_nd96isr_mi300x_v5": {"gpu": "MI300X", "gpus": 8},
	# NV-series (M60, retired) and NVv3 (M60).
	"standard_nv6": {"gpu": "M60", "gpus": 1},
	"standard_nv12": {"gpu": "M60", "gpus": 2},
	"standard_nv24": {"gpu": "M60", "gpus": 4},
	"standard_nv12s_v3": {"gpu": "M60", "gpus": 1},
	"standard_nv24s_v3": {"gpu": "M60", "gpus": 2},
	"standard_nv48s_v3": {"gpu": "M60", "gpus": 4},
	# NVv4 (a partition of an MI25).
	"standard_nv4as_v4": {"gpu": "MI25", "gpus": 0.125},
	"standard_nv8as_v4": {"gpu": "MI25", "gpus": 0.25},
	"standard_nv16as_v4": {"gpu": "MI25", "gpus": 0.5},
	"standard_nv32as_v4": {"gpu": "MI25", "gpus": 1},
	# NVads A10 v5 (a partition of an A10, or whole A10s).
	"standard_nv6ads_a10_v5": {"gpu": "A10", "gpus": 0.1667},
	"standard_nv12ads_a10_v5": {"gpu": "A10", "gpus": 0.3333},
	"standard_nv18ads_a10_v5": {"gpu": "A10", "gpus": 0.5},
	"standard_nv36ads_a10_v5": {"gpu": "A10", "gpus": 1},
	"standard_nv36adms_a10_v5": {"gpu": "A10", "gpus": 1},
	"standard_nv72ads_a10_v5": {"gpu": "A10", "gpus": 2},
	# NGads V620.
	"standard_ng8ads_v620_v1": {"gpu": "V620", "gpus": 0.25},
	"standard_ng16ads_v620_v1": {"gpu": "V620", "gpus": 0.5},
	"standard_ng32ads_v620_v1": {"gpu": "V620", "gpus": 1},
	"standard_ng32adms_v620_v1": {"gpu": "V620", "gpus": 1},
}

# gpu_list_prices: what `ailint inventory` estimates cost with. Per hour, per VM, USD, Linux
# pay-as-you-go in East US, from https://azure.microsoft.com/pricing/details/virtual-machines/linux/
# as recorded on the date below. It was written by hand, not fetched, and prices change: treat every
# figure as an estimate, and set your own (a negotiated rate, another region, Windows) with
# `[inventory.prices]` in `.ailint.toml`. Spot capacity is estimated at this list price too (an
# upper bound: spot prices move by the hour). Sizes without a price are shown as unpriced.
gpu_list_prices := {
	"currency": "USD",
	"region": "eastus",
	"offer": "Linux pay-as-you-go",
	"as_of": "2026-12-03",
	"source": "https://azure.microsoft.com/pricing/details/virtual-machines/linux/",
	"per_hour": {
		"standard_nc4as_t4_v3": 0.526,
		"standard_nc8as_t4_v3": 0.752,
		"standard_nc16as_t4_v3": 1.204,
		"standard_nc64as_t4_v3": 4.352,
		"standard_nc6s_v3": 3.06,
		"standard_nc12s_v3": 6.12,
		"standard_nc24s_v3": 12.24,
		"standard_nc24rs_v3": 13.464,
		"standard_nc24ads_a100_v4": 3.673,
		"standard_nc48ads_a100_v4": 7.346,
		"standard_nc96ads_a100_v4": 14.692,
		"standard_nc40ads_h100_v5": 6.98,
		"standard_nc80adis_h100_v5": 13.96,
		"standard_nd40rs_v2": 22.032,
		"standard_nd96asr_v4": 27.197,
		"standard_nd96amsr_a100_v4": 32.77,
		"standard_nd96isr_h100_v5": 98.32,
		"standard_nv12s_v3": 1.14,
		"standard_nv24s_v3": 2.28,
		"standard_nv48s_v3": 4.56,
		"standard_nv6ads_a10_v5": 0.454,
		"standard_nv12ads_a10_v5": 0.908,
		"standard_nv18ads_a10_v5": 1.6,
		"standard_nv36ads_a10_v5": 3.2,
		"standard_nv72ads_a10_v5": 6.52,
	},
}
