//! Writes a synthetic but realistic mixed repository for benchmarks: Terraform modules with GPU
//! node pools and AI services, ARM templates of 100-5,000 lines, multi-document Kubernetes
//! manifests. The same `--seed` and `--files` always give byte-identical output.
//! Run: `cargo run --release --example corpus -- --files 10000 --seed 1 /tmp/corpus-10k`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: tiny, deterministic and good enough to vary a corpus (no `rand` dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const GPU_SKUS: &[&str] = &[
    "Standard_NC24ads_A100_v4",
    "Standard_NC8as_T4_v3",
    "Standard_ND96asr_v4",
    "Standard_NC6s_v3",
    "Standard_ND96isr_H100_v5",
];
const CPU_SKUS: &[&str] = &["Standard_D4s_v5", "Standard_D8s_v5", "Standard_E8s_v5"];
const WORKLOADS: &[&str] = &["inference", "training", "batch"];
const IMAGES: &[&str] = &[
    "vllm/vllm-openai:v0.6.3",
    "vllm/vllm-openai:latest",
    "nvcr.io/nvidia/tritonserver:24.08-py3",
    "ghcr.io/huggingface/text-generation-inference:2.3",
    "pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime",
    "nginx:1.27",
];

fn tags(out: &mut String, rng: &mut Rng, indent: &str) {
    let _ = writeln!(out, "{indent}tags = {{");
    let _ = writeln!(out, "{indent}  owner         = \"team-{}\"", rng.below(40));
    if rng.chance(70) {
        let _ = writeln!(
            out,
            "{indent}  \"cost-center\" = \"cc-{}\"",
            rng.range(1000, 9999)
        );
    }
    let _ = writeln!(
        out,
        "{indent}  environment   = \"{}\"",
        rng.pick(&["prod", "dev", "staging"])
    );
    let _ = writeln!(out, "{indent}}}");
}

/// One Terraform file of a module: a handful of resources of the kinds the rules look at.
fn terraform_file(rng: &mut Rng, module: usize, file: usize) -> String {
    let mut out = String::new();
    let p = format!("m{module}f{file}");
    if file == 0 {
        let _ = writeln!(
            out,
            "variable \"location\" {{\n  type    = string\n  default = \"westeurope\"\n}}\n"
        );
        let _ = writeln!(
            out,
            "locals {{\n  prefix = \"ai-{module}\"\n  gpu_sku = \"{}\"\n}}\n",
            rng.pick(GPU_SKUS)
        );
        let _ = writeln!(
            out,
            "resource \"azurerm_resource_group\" \"rg\" {{\n  name     = \"rg-${{local.prefix}}\"\n  location = var.location\n}}\n"
        );
    }
    for r in 0..rng.range(2, 6) {
        let name = format!("{p}r{r}");
        match rng.below(6) {
            0 => {
                let _ = writeln!(out, "resource \"azurerm_kubernetes_cluster\" \"{name}\" {{");
                let _ = writeln!(out, "  name                = \"aks-{name}\"\n  location            = var.location\n  resource_group_name = \"rg-{module}\"\n  dns_prefix          = \"{name}\"\n");
                let _ = writeln!(out, "  default_node_pool {{\n    name       = \"system\"\n    vm_size    = \"{}\"\n    min_count  = {}\n    max_count  = 5\n  }}\n", rng.pick(CPU_SKUS), rng.range(1, 3));
                if rng.chance(70) {
                    let _ = writeln!(out, "  identity {{\n    type = \"SystemAssigned\"\n  }}\n");
                }
                if rng.chance(50) {
                    let _ = writeln!(out, "  monitor_metrics {{}}\n");
                }
                tags(&mut out, rng, "  ");
                let _ = writeln!(out, "}}\n");
            }
            1 | 2 => {
                let _ = writeln!(
                    out,
                    "resource \"azurerm_kubernetes_cluster_node_pool\" \"{name}\" {{"
                );
                let _ = writeln!(out, "  name                  = \"gpu{r}\"\n  kubernetes_cluster_id = azurerm_kubernetes_cluster.{p}r0.id");
                if rng.chance(30) {
                    let _ = writeln!(out, "  vm_size               = local.gpu_sku");
                } else {
                    let _ = writeln!(out, "  vm_size               = \"{}\"", rng.pick(GPU_SKUS));
                }
                if rng.chance(40) {
                    let _ = writeln!(
                        out,
                        "  priority              = \"Spot\"\n  eviction_policy       = \"Delete\""
                    );
                }
                let _ = writeln!(out, "  auto_scaling_enabled  = true\n  min_count             = {}\n  max_count             = {}", rng.range(0, 2), rng.range(3, 12));
                if rng.chance(70) {
                    let _ = writeln!(out, "  node_taints           = [\"sku=gpu:NoSchedule\"]");
                }
                let _ = writeln!(
                    out,
                    "  node_labels = {{\n    workload = \"{}\"\n  }}",
                    rng.pick(WORKLOADS)
                );
                tags(&mut out, rng, "  ");
                let _ = writeln!(out, "}}\n");
            }
            3 => {
                let _ = writeln!(out, "resource \"azurerm_cognitive_account\" \"{name}\" {{");
                let _ = writeln!(out, "  name                  = \"aoai-{name}\"\n  location              = var.location\n  resource_group_name   = azurerm_resource_group.rg.name\n  kind                  = \"{}\"\n  sku_name              = \"S0\"\n  custom_subdomain_name = \"aoai-{name}\"", rng.pick(&["OpenAI", "CognitiveServices", "FormRecognizer"]));
                let _ = writeln!(
                    out,
                    "  local_auth_enabled    = {}\n  public_network_access_enabled = {}",
                    rng.chance(50),
                    rng.chance(50)
                );
                if rng.chance(60) {
                    let _ = writeln!(out, "\n  identity {{\n    type = \"SystemAssigned\"\n  }}");
                }
                if rng.chance(40) {
                    let _ = writeln!(out, "\n  network_acls {{\n    default_action = \"{}\"\n    ip_rules       = [\"10.0.0.0/8\"]\n  }}", rng.pick(&["Allow", "Deny"]));
                }
                tags(&mut out, rng, "  ");
                let _ = writeln!(out, "}}\n");
                let _ = writeln!(out, "resource \"azurerm_cognitive_deployment\" \"{name}_d\" {{\n  name                 = \"gpt-4o\"\n  cognitive_account_id = azurerm_cognitive_account.{name}.id\n  rai_policy_name      = \"{}\"\n\n  model {{\n    format  = \"OpenAI\"\n    name    = \"gpt-4o\"\n    version = \"2024-08-06\"\n  }}\n\n  sku {{\n    name     = \"Standard\"\n    capacity = {}\n  }}\n}}\n", rng.pick(&["Microsoft.Default", "Microsoft.Nil", "strict"]), rng.range(1, 100));
            }
            4 => {
                let _ = writeln!(
                    out,
                    "resource \"azurerm_linux_virtual_machine\" \"{name}\" {{"
                );
                let _ = writeln!(out, "  name                = \"vm-{name}\"\n  resource_group_name = azurerm_resource_group.rg.name\n  location            = var.location\n  size                = \"{}\"\n  admin_username      = \"azureuser\"\n  network_interface_ids = [azurerm_network_interface.{name}.id]\n\n  os_disk {{\n    caching              = \"ReadWrite\"\n    storage_account_type = \"Premium_LRS\"\n  }}\n\n  source_image_reference {{\n    publisher = \"microsoft-dsvm\"\n    offer     = \"ubuntu-hpc\"\n    sku       = \"2204\"\n    version   = \"{}\"\n  }}", rng.pick(GPU_SKUS), rng.pick(&["latest", "22.04.2024080101"]));
                tags(&mut out, rng, "  ");
                let _ = writeln!(out, "}}\n");
                let _ = writeln!(out, "resource \"azurerm_network_interface\" \"{name}\" {{\n  name                = \"nic-{name}\"\n  location            = var.location\n  resource_group_name = azurerm_resource_group.rg.name\n\n  ip_configuration {{\n    name                          = \"internal\"\n    subnet_id                     = var.subnet_id\n    private_ip_address_allocation = \"Dynamic\"\n  }}\n}}\n");
                if rng.chance(50) {
                    let _ = writeln!(out, "resource \"azurerm_virtual_machine_extension\" \"{name}_nv\" {{\n  name                 = \"NvidiaGpuDriverLinux\"\n  virtual_machine_id   = azurerm_linux_virtual_machine.{name}.id\n  publisher            = \"Microsoft.HpcCompute\"\n  type                 = \"NvidiaGpuDriverLinux\"\n  type_handler_version = \"1.9\"\n  auto_upgrade_minor_version = {}\n}}\n", rng.chance(50));
                }
            }
            _ => {
                let _ = writeln!(out, "resource \"azurerm_machine_learning_compute_cluster\" \"{name}\" {{\n  name                          = \"cc-{name}\"\n  location                      = var.location\n  vm_priority                   = \"{}\"\n  vm_size                       = \"{}\"\n  machine_learning_workspace_id = var.workspace_id\n\n  scale_settings {{\n    min_node_count                       = {}\n    max_node_count                       = 8\n    scale_down_nodes_after_idle_duration = \"PT{}M\"\n  }}\n", rng.pick(&["Dedicated", "LowPriority"]), rng.pick(GPU_SKUS), rng.range(0, 2), rng.range(2, 60));
                tags(&mut out, rng, "  ");
                let _ = writeln!(out, "}}\n");
            }
        }
    }
    out
}

/// One ARM resource, pretty-printed with `indent` (about 20-60 lines).
fn arm_resource(rng: &mut Rng, i: usize) -> serde_json::Value {
    use serde_json::json;
    let tags = json!({"owner": format!("team-{}", rng.below(40)), "cost-center": format!("cc-{}", rng.range(1000, 9999)), "environment": "prod"});
    match rng.below(5) {
        0 => json!({
            "type": "Microsoft.ContainerService/managedClusters",
            "apiVersion": "2024-05-01",
            "name": format!("aks-{i}"),
            "location": "[parameters('location')]",
            "tags": tags,
            "identity": {"type": "SystemAssigned"},
            "properties": {
                "dnsPrefix": format!("aks{i}"),
                "agentPoolProfiles": [
                    {"name": "system", "count": 2, "vmSize": rng.pick(CPU_SKUS), "mode": "System"},
                    {"name": "gpu", "count": 1, "vmSize": rng.pick(GPU_SKUS), "mode": "User",
                     "enableAutoScaling": true, "minCount": rng.range(0, 2), "maxCount": 6,
                     "nodeTaints": if rng.chance(60) { json!(["sku=gpu:NoSchedule"]) } else { json!([]) },
                     "scaleSetPriority": rng.pick(&["Regular", "Spot"])}
                ],
                "azureMonitorProfile": {"metrics": {"enabled": rng.chance(50)}}
            }
        }),
        1 => json!({
            "type": "Microsoft.CognitiveServices/accounts",
            "apiVersion": "2024-10-01",
            "name": format!("aoai-{i}"),
            "location": "[parameters('location')]",
            "kind": "OpenAI",
            "sku": {"name": "S0"},
            "tags": tags,
            "properties": {
                "customSubDomainName": format!("aoai-{i}"),
                "publicNetworkAccess": rng.pick(&["Enabled", "Disabled"]),
                "disableLocalAuth": rng.chance(50),
                "networkAcls": {"defaultAction": rng.pick(&["Allow", "Deny"]), "ipRules": [{"value": "10.0.0.0/8"}]}
            }
        }),
        2 => json!({
            "type": "Microsoft.Compute/virtualMachines",
            "apiVersion": "2024-03-01",
            "name": format!("vm-{i}"),
            "location": "[parameters('location')]",
            "tags": tags,
            "properties": {
                "hardwareProfile": {"vmSize": rng.pick(GPU_SKUS)},
                "storageProfile": {
                    "imageReference": {"publisher": "microsoft-dsvm", "offer": "ubuntu-hpc", "sku": "2204", "version": rng.pick(&["latest", "22.04.2024080101"])},
                    "osDisk": {"createOption": "FromImage", "managedDisk": {"storageAccountType": "Premium_LRS"}}
                },
                "osProfile": {"computerName": format!("vm{i}"), "adminUsername": "azureuser",
                    "linuxConfiguration": {"disablePasswordAuthentication": true}},
                "networkProfile": {"networkInterfaces": [{"id": format!("[resourceId('Microsoft.Network/networkInterfaces', 'nic-{i}')]")}]}
            }
        }),
        3 => json!({
            "type": "Microsoft.Compute/virtualMachines/extensions",
            "apiVersion": "2024-03-01",
            "name": format!("vm-{i}/NvidiaGpuDriverLinux"),
            "location": "[parameters('location')]",
            "properties": {
                "publisher": rng.pick(&["Microsoft.HpcCompute", "Contoso.Drivers"]),
                "type": "NvidiaGpuDriverLinux",
                "typeHandlerVersion": "1.9",
                "autoUpgradeMinorVersion": rng.chance(50)
            }
        }),
        _ => json!({
            "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
            "apiVersion": "2024-04-01",
            "name": format!("mlw-{i}/ep/blue"),
            "location": "[parameters('location')]",
            "sku": {"name": "Default", "capacity": 1},
            "tags": tags,
            "properties": {
                "endpointComputeType": "Managed",
                "instanceType": rng.pick(GPU_SKUS),
                "model": format!("azureml:model-{i}:1"),
                "scaleSettings": {"scaleType": "TargetUtilization", "minInstances": rng.range(0, 2), "maxInstances": 4}
            }
        }),
    }
}

/// An ARM template of roughly `lines` lines.
fn arm_template(rng: &mut Rng, lines: usize) -> String {
    let mut resources = Vec::new();
    let mut approx = 20;
    let mut i = 0;
    while approx < lines {
        let r = arm_resource(rng, i);
        approx += serde_json::to_string_pretty(&r).map_or(30, |s| s.lines().count());
        resources.push(r);
        i += 1;
    }
    let doc = serde_json::json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"location": {"type": "string", "defaultValue": "[resourceGroup().location]"}},
        "variables": {},
        "resources": resources,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A multi-document Kubernetes manifest: GPU Deployments with Services, Jobs, KServe services.
fn k8s_file(rng: &mut Rng, dir: usize, file: usize) -> String {
    let mut out = String::new();
    for d in 0..rng.range(2, 6) {
        let name = format!("app-{dir}-{file}-{d}");
        let ns = format!("ns{}", dir % 20);
        let gpu = rng.range(0, 2);
        let image = rng.pick(IMAGES);
        let workload = rng.pick(WORKLOADS);
        let _ = writeln!(out, "---");
        match rng.below(4) {
            0 | 1 => {
                let _ = write!(out, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app: {name}\n    workload: {workload}\nspec:\n  replicas: {}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n", rng.range(0, 3));
                if rng.chance(50) {
                    let _ = write!(out, "      nodeSelector:\n        agentpool: gpu\n");
                }
                if rng.chance(60) {
                    let _ = write!(out, "      tolerations:\n        - key: sku\n          operator: Equal\n          value: gpu\n          effect: NoSchedule\n");
                }
                let _ = write!(out, "      containers:\n        - name: server\n          image: {image}\n          ports:\n            - containerPort: 8000\n          env:\n            - name: OPENAI_API_KEY\n              value: {}\n          resources:\n            limits:\n              nvidia.com/gpu: {gpu}\n              memory: 48Gi\n", if rng.chance(20) { "sk-plaintext-secret" } else { "\"\"" });
                if rng.chance(50) {
                    let _ = write!(out, "          readinessProbe:\n            httpGet:\n              path: /health\n              port: 8000\n");
                }
                let _ = write!(out, "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {ns}\n");
                if rng.chance(50) {
                    let _ = write!(out, "  annotations:\n    service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"\n");
                }
                let _ = writeln!(out, "spec:\n  type: {}\n  selector:\n    app: {name}\n  ports:\n    - port: 80\n      targetPort: 8000", rng.pick(&["ClusterIP", "LoadBalancer"]));
            }
            2 => {
                let _ = write!(out, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  backoffLimit: 3\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n        - name: train\n          image: {image}\n          command: [\"python\", \"train.py\", \"--epochs\", \"{}\"]\n          resources:\n            limits:\n              nvidia.com/gpu: {}\n", rng.range(1, 50), gpu * 4);
            }
            _ => {
                let _ = write!(out, "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: {name}\n  namespace: {ns}\n  annotations:\n    autoscaling.knative.dev/min-scale: \"{}\"\nspec:\n  predictor:\n    minReplicas: {}\n    model:\n      modelFormat:\n        name: huggingface\n      storageUri: hf://meta-llama/Meta-Llama-3-8B-Instruct\n      resources:\n        limits:\n          nvidia.com/gpu: \"{gpu}\"\n", rng.range(0, 2), rng.range(0, 2));
            }
        }
    }
    out
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() -> Result<(), String> {
    let mut files = 1000usize;
    let mut seed = 1u64;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--files" => {
                files = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--files N")?
            }
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).ok_or("--seed S")?,
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let out = out.ok_or("usage: corpus --files N --seed S OUT_DIR")?;
    let mut rng = Rng(seed);
    let (mut written, mut bytes, mut unit) = (0usize, 0usize, 0usize);
    let (mut tf, mut arm, mut k8s) = (0usize, 0usize, 0usize);
    // Roughly half Terraform files (modules of 2-6 files), a third Kubernetes (directories of
    // 1-5 manifests), the rest ARM templates; a few large templates dominate bytes, as in life.
    while written < files {
        let left = files - written;
        let dir = out.join(format!("team{:03}", unit % 97));
        let roll = rng.below(100);
        if roll < 50 {
            let n = (rng.range(2, 6) as usize).min(left);
            for f in 0..n {
                let text = terraform_file(&mut rng, unit, f);
                let name = ["main", "gpu", "ai", "network", "compute", "outputs"][f % 6];
                write(&dir.join(format!("tf-{unit}/{name}.tf")), &text)?;
                bytes += text.len();
            }
            written += n;
            tf += n;
        } else if roll < 83 {
            let n = (rng.range(1, 5) as usize).min(left);
            for f in 0..n {
                let text = k8s_file(&mut rng, unit, f);
                write(&dir.join(format!("k8s-{unit}/manifest-{f}.yaml")), &text)?;
                bytes += text.len();
            }
            written += n;
            k8s += n;
        } else {
            // Line counts skewed towards small templates: 100-600 mostly, up to 5,000.
            let lines = if rng.chance(8) {
                rng.range(1500, 5000)
            } else {
                rng.range(100, 600)
            } as usize;
            let text = arm_template(&mut rng, lines);
            write(&dir.join(format!("arm/template-{unit}.json")), &text)?;
            bytes += text.len();
            written += 1;
            arm += 1;
        }
        unit += 1;
    }
    println!(
        "wrote {written} files ({tf} Terraform, {arm} ARM, {k8s} Kubernetes), {:.1} MiB, {unit} units, to {}",
        bytes as f64 / 1048576.0,
        out.display()
    );
    Ok(())
}
