//! Fixes planned on real parses of each syntax, applied, and read back.

use serde_json::json;

use super::*;
use crate::discover::SourceFile;
use crate::parse::Format;
use crate::unit::Unit;

fn checked(format: Format, kind: FileKind, name: &str, text: &str) -> Checked {
    crate::engine::checked_for_tests(&Unit {
        name: name.into(),
        format,
        files: vec![SourceFile {
            display: name.into(),
            path: name.into(),
            kind,
            text: text.into(),
            reported: true,
        }],
    })
}

fn seg(path: &Json) -> Vec<PathSeg> {
    crate::engine::to_path(path.as_array().map(Vec::as_slice).unwrap_or(&[])).unwrap_or_default()
}

/// `text` after the fix `spec` on the first resource at `path`, or `None` when none is offered.
fn fixed(
    format: Format,
    kind: FileKind,
    name: &str,
    text: &str,
    spec: Json,
    path: Json,
) -> Option<String> {
    let c = checked(format, kind, name, text);
    let spec = Spec::parse(&spec, Some(Safety::Safe)).ok()?;
    let fix = plan(&spec, &seg(&path), &c, c.located.first()?)?;
    let applied = apply::apply(text, kind, name, &[&fix]);
    assert!(applied.broken.is_empty(), "{:?}", applied.broken);
    Some(applied.text)
}

fn hcl(text: &str, spec: Json, path: Json) -> Option<String> {
    fixed(
        Format::Terraform,
        FileKind::Terraform,
        "main.tf",
        text,
        spec,
        path,
    )
}

fn yaml(text: &str, spec: Json, path: Json) -> Option<String> {
    fixed(
        Format::Kubernetes,
        FileKind::Kubernetes,
        "k.yaml",
        text,
        spec,
        path,
    )
}

fn arm(text: &str, spec: Json, path: Json) -> Option<String> {
    fixed(
        Format::Arm,
        FileKind::ArmTemplate,
        "t.json",
        text,
        spec,
        path,
    )
}

fn bicep(text: &str, spec: Json, path: Json) -> Option<String> {
    fixed(Format::Bicep, FileKind::Bicep, "m.bicep", text, spec, path)
}

const POOL: &str = "resource \"azurerm_kubernetes_cluster_node_pool\" \"gpu\" {\n  name      = \"gpu\"\n  min_count = 0 # keep warm\n  vm_size   = \"Standard_NC24ads_A100_v4\"\n\n  upgrade_settings {\n    max_surge = \"10%\"\n  }\n}\n";

#[test]
fn hcl_value_is_replaced_and_comments_stay() {
    let out = hcl(POOL, json!({"set": 1}), json!(["min_count"]));
    assert_eq!(
        out.as_deref(),
        Some(POOL.replace("min_count = 0", "min_count = 1").as_str())
    );
}

#[test]
fn hcl_missing_attribute_is_aligned_after_the_attributes() {
    let out = hcl(POOL, json!({"set": "Regular"}), json!(["priority"])).unwrap_or_default();
    assert!(
        out.contains("  vm_size   = \"Standard_NC24ads_A100_v4\"\n  priority  = \"Regular\"\n\n  upgrade_settings {"),
        "{out}"
    );
}

#[test]
fn hcl_insert_into_a_nested_block() {
    let out = hcl(
        POOL,
        json!({"insert": {"drain_timeout_in_minutes": 30}}),
        json!(["upgrade_settings", 0]),
    )
    .unwrap_or_default();
    assert!(
        out.contains("    max_surge = \"10%\"\n    drain_timeout_in_minutes = 30\n  }"),
        "{out}"
    );
}

#[test]
fn expressions_and_missing_blocks_offer_no_fix() {
    let text =
        "resource \"azurerm_kubernetes_cluster_node_pool\" \"gpu\" {\n  min_count = var.min\n}\n";
    assert_eq!(hcl(text, json!({"set": 1}), json!(["min_count"])), None);
    assert_eq!(hcl(POOL, json!({"set": 1}), json!(["a", 0, "b"])), None);
    // Already right: nothing to do.
    assert_eq!(hcl(POOL, json!({"set": 0}), json!(["min_count"])), None);
    // Already there: an insert adds nothing.
    assert_eq!(hcl(POOL, json!({"insert": {"name": "x"}}), json!([])), None);
}

#[test]
fn crlf_and_tabs_are_kept() {
    let text = "resource \"azurerm_linux_virtual_machine\" \"vm\" {\r\n\tname = \"vm\"\r\n\tpriority = \"Spot\"\r\n}\r\n";
    let out = hcl(
        text,
        json!({"insert": {"eviction_policy": "Deallocate"}}),
        json!([]),
    )
    .unwrap_or_default();
    assert_eq!(
        out,
        "resource \"azurerm_linux_virtual_machine\" \"vm\" {\r\n\tname = \"vm\"\r\n\tpriority = \"Spot\"\r\n\teviction_policy = \"Deallocate\"\r\n}\r\n"
    );
}

const SCALED: &str = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: llm\nspec:\n  scaleTargetRef:\n    name: llm\n  minReplicaCount: 0 # scale to zero\n  triggers:\n    - type: prometheus\n      metadata:\n        threshold: '5'\n";

#[test]
fn yaml_value_is_replaced_and_nested_keys_inserted() {
    let out = yaml(
        SCALED,
        json!({"set": 1}),
        json!(["spec", "minReplicaCount"]),
    )
    .unwrap_or_default();
    assert_eq!(
        out,
        SCALED.replace("minReplicaCount: 0", "minReplicaCount: 1")
    );
    let out = yaml(
        SCALED,
        json!({"set": 900}),
        json!([
            "spec",
            "advanced",
            "horizontalPodAutoscalerConfig",
            "behavior",
            "scaleDown",
            "stabilizationWindowSeconds"
        ]),
    )
    .unwrap_or_default();
    assert!(
        out.ends_with("        threshold: '5'\n  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleDown:\n          stabilizationWindowSeconds: 900\n"),
        "{out}"
    );
}

#[test]
fn yaml_list_item_mapping_gets_the_item_indentation() {
    let out = yaml(
        SCALED,
        json!({"insert": {"name": "queue"}}),
        json!(["spec", "triggers", 0]),
    )
    .unwrap_or_default();
    assert!(
        out.contains(
            "    - type: prometheus\n      metadata:\n        threshold: '5'\n      name: queue\n"
        ),
        "{out}"
    );
    let quoted = yaml(
        SCALED,
        json!({"set": "9"}),
        json!(["spec", "triggers", 0, "metadata", "threshold"]),
    )
    .unwrap_or_default();
    assert!(quoted.contains("threshold: '9'"), "{quoted}");
}

const TEMPLATE: &str = "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n  \"contentVersion\": \"1.0.0.0\",\n  \"resources\": [\n    {\n      \"type\": \"Microsoft.CognitiveServices/accounts\",\n      \"apiVersion\": \"2023-05-01\",\n      \"name\": \"oai\",\n      \"properties\": {\n        \"publicNetworkAccess\": \"Enabled\"\n      }\n    }\n  ]\n}\n";

#[test]
fn json_value_is_replaced_and_keys_inserted_with_commas() {
    let out = arm(
        TEMPLATE,
        json!({"set": "Disabled"}),
        json!(["properties", "publicNetworkAccess"]),
    )
    .unwrap_or_default();
    assert_eq!(out, TEMPLATE.replace("\"Enabled\"", "\"Disabled\""));
    let out = arm(
        TEMPLATE,
        json!({"set": true}),
        json!(["properties", "disableLocalAuth"]),
    )
    .unwrap_or_default();
    assert!(
        out.contains("        \"publicNetworkAccess\": \"Enabled\",\n        \"disableLocalAuth\": true\n      }"),
        "{out}"
    );
    let expression = TEMPLATE.replace("\"Enabled\"", "\"[parameters('access')]\"");
    assert_eq!(
        arm(
            &expression,
            json!({"set": "Disabled"}),
            json!(["properties", "publicNetworkAccess"])
        ),
        None
    );
}

#[test]
fn one_line_json_objects_take_the_key_inline() {
    let text = TEMPLATE.replace(
        "{\n        \"publicNetworkAccess\": \"Enabled\"\n      }",
        "{ \"publicNetworkAccess\": \"Enabled\" }",
    );
    let out = arm(
        &text,
        json!({"set": true}),
        json!(["properties", "disableLocalAuth"]),
    )
    .unwrap_or_default();
    assert!(
        out.contains("{ \"publicNetworkAccess\": \"Enabled\", \"disableLocalAuth\": true }"),
        "{out}"
    );
}

const BICEP: &str = "resource oai 'Microsoft.CognitiveServices/accounts@2023-05-01' = {\n  name: 'oai'\n  location: 'eastus'\n  properties: {\n    publicNetworkAccess: 'Enabled' // for now\n  }\n}\n";

#[test]
fn bicep_value_is_replaced_and_keys_inserted() {
    let out = bicep(
        BICEP,
        json!({"set": "Disabled"}),
        json!(["properties", "publicNetworkAccess"]),
    )
    .unwrap_or_default();
    assert_eq!(out, BICEP.replace("'Enabled'", "'Disabled'"));
    let out = bicep(
        BICEP,
        json!({"set": true}),
        json!(["properties", "disableLocalAuth"]),
    )
    .unwrap_or_default();
    assert!(
        out.contains(
            "    publicNetworkAccess: 'Enabled' // for now\n    disableLocalAuth: true\n  }"
        ),
        "{out}"
    );
}

#[test]
fn malformed_specs_are_errors() {
    for bad in [
        json!(1),
        json!({}),
        json!({"set": 1, "insert": {"a": 1}}),
        json!({"insert": {}}),
        json!({"set": 1, "safety": "maybe"}),
        json!({"set": 1, "typo": 1}),
    ] {
        assert!(Spec::parse(&bad, Some(Safety::Safe)).is_err(), "{bad}");
    }
    assert!(Spec::parse(&json!({"set": 1}), None).is_err());
    let spec = Spec::parse(&json!({"set": 1, "safety": "unsafe"}), Some(Safety::Safe));
    assert_eq!(spec.map(|s| s.safety), Ok(Safety::Unsafe));
}

#[test]
fn empty_objects_are_filled() {
    let empty = TEMPLATE.replace(
        "{\n        \"publicNetworkAccess\": \"Enabled\"\n      }",
        "{}",
    );
    let out = arm(
        &empty,
        json!({"set": true}),
        json!(["properties", "disableLocalAuth"]),
    )
    .unwrap_or_default();
    assert!(
        out.contains("      \"properties\": {\n        \"disableLocalAuth\": true\n      }\n"),
        "{out}"
    );
    let yaml_empty = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    resources: {}\n";
    let out = yaml(
        yaml_empty,
        json!({"set": 1}),
        json!([
            "spec",
            "containers",
            0,
            "resources",
            "limits",
            "nvidia.com/gpu"
        ]),
    )
    .unwrap_or_default();
    assert!(
        out.ends_with("    resources:\n      limits:\n        nvidia.com/gpu: 1\n"),
        "{out}"
    );
    let block = "resource \"azurerm_kubernetes_cluster_node_pool\" \"gpu\" {\n  name = \"gpu\"\n  upgrade_settings {}\n}\n";
    let out = hcl(
        block,
        json!({"insert": {"max_surge": "10%"}}),
        json!(["upgrade_settings", 0]),
    )
    .unwrap_or_default();
    assert!(
        out.contains("  upgrade_settings {\n    max_surge = \"10%\"\n  }\n}"),
        "{out}"
    );
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      volumeMounts:\n        - name: models\n          mountPath: /models\n";

#[test]
fn yaml_items_are_appended_at_the_dash_and_lists_created() {
    let out = yaml(
        POD,
        json!({"append": {"mountPath": "/dev/shm", "name": "dshm"}}),
        json!(["spec", "containers", 0, "volumeMounts"]),
    )
    .unwrap_or_default();
    assert!(out.ends_with("        - name: models\n          mountPath: /models\n        - name: dshm\n          mountPath: /dev/shm\n"), "{out}");
    let out = yaml(
        POD,
        json!({"append": {"emptyDir": {"medium": "Memory"}, "name": "dshm"}}),
        json!(["spec", "volumes"]),
    )
    .unwrap_or_default();
    assert!(out.ends_with("          mountPath: /models\n  volumes:\n    - name: dshm\n      emptyDir:\n        medium: Memory\n"), "{out}");
    // Only YAML has appends.
    assert_eq!(
        arm(TEMPLATE, json!({"append": 1}), json!(["resources"])),
        None
    );
}

#[test]
fn parts_of_one_fix_at_one_point_close_their_scopes_in_order() {
    let out = yaml(
        POD,
        json!({"all": [
            {"append": {"name": "dshm", "emptyDir": {"medium": "Memory"}}, "path": ["spec", "volumes"]},
            {"append": {"name": "dshm", "mountPath": "/dev/shm"}, "path": ["spec", "containers", 0, "volumeMounts"]},
        ]}),
        json!([]),
    )
    .unwrap_or_default();
    assert!(
        out.ends_with("          mountPath: /models\n        - name: dshm\n          mountPath: /dev/shm\n  volumes:\n    - name: dshm\n      emptyDir:\n        medium: Memory\n"),
        "{out}"
    );
    // A part that cannot be written takes the whole fix with it.
    let partial = json!({"all": [{"set": 2, "path": ["spec", "x"]}, {"set": 1, "path": ["spec", "containers", 0, "image", "y"]}]});
    assert_eq!(yaml(POD, partial, json!([])), None);
    assert!(Spec::parse(
        &json!({"all": [{"set": 1, "safety": "safe"}]}),
        Some(Safety::Safe)
    )
    .is_err());
    assert!(Spec::parse(&json!({"all": [{"set": 1}], "set": 2}), Some(Safety::Safe)).is_err());
}
