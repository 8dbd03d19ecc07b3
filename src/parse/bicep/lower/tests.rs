//! Lowering tests: Bicep declarations give the resources (types, names, values, source spans) the
//! compiled ARM template would.

use serde_json::json;

use super::*;
use crate::parse::values::is_unknown;
use crate::parse::{LineIndex, PathSeg, Position};

fn lower(text: &str) -> Vec<Resource> {
    parse(text).unwrap()
}

/// `line:column` of what `path` resolves to in `r`, and whether it was found.
fn at(text: &str, r: &Resource, path: &[&str]) -> (String, bool) {
    let segs: Vec<PathSeg> = path
        .iter()
        .map(|s| match s.parse::<usize>() {
            Ok(i) => PathSeg::Index(i),
            Err(_) => PathSeg::Key(s.to_string()),
        })
        .collect();
    let (range, found) = r.source.resolve(&segs);
    let Position { line, column } = LineIndex::new(text).position(text, range.start);
    (format!("{line}:{column}"), found)
}

const ACCOUNT: &str = r#"@description('Name')
param name string = 'aoai-prod'
param allowPublic bool = false
param location string = resourceGroup().location
var tags = { env: 'prod', owner: 'ml' }

resource acct 'Microsoft.CognitiveServices/accounts@2023-05-01' = {
  name: name
  location: location
  kind: 'OpenAI'
  tags: tags
  properties: {
    publicNetworkAccess: allowPublic ? 'Enabled' : 'Disabled'
    customSubDomainName: '${name}-sub'
  }

  resource gpt 'deployments@2023-05-01' = {
    name: 'gpt4'
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2023-04-01' = {
  name: '${acct.name}-pe'
  properties: {
    privateLinkServiceConnections: [
      { name: 'c', properties: { privateLinkServiceId: acct.id, groupIds: ['account'] } }
    ]
  }
}

resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit'
  scope: acct
}
"#;

#[test]
fn resources_values_and_children() {
    let rs = lower(ACCOUNT);
    let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["acct", "acct::gpt", "pe", "diag"]);
    let acct = &rs[0];
    assert_eq!(acct.kind, "Microsoft.CognitiveServices/accounts");
    assert_eq!(acct.api_version.as_deref(), Some("2023-05-01"));
    assert_eq!(acct.name, "aoai-prod");
    assert_eq!(
        acct.config["properties"]["publicNetworkAccess"],
        json!("Disabled")
    );
    assert_eq!(
        acct.config["properties"]["customSubDomainName"],
        json!("aoai-prod-sub")
    );
    assert_eq!(acct.config["tags"], json!({"env": "prod", "owner": "ml"}));
    assert!(is_unknown(&acct.config["location"]));
    let child = &rs[1];
    assert_eq!(
        child.kind,
        "Microsoft.CognitiveServices/accounts/deployments"
    );
    assert_eq!(child.name, "aoai-prod/gpt4");
    assert_eq!(child.config["name"], json!("aoai-prod/gpt4"));
    let pe = &rs[2];
    assert_eq!(pe.name, "aoai-prod-pe");
    let target = &pe.config["properties"]["privateLinkServiceConnections"][0]["properties"]
        ["privateLinkServiceId"];
    let acct_ref = json!("Microsoft.CognitiveServices/accounts/aoai-prod");
    assert!(target["$refs"].as_array().unwrap().contains(&acct_ref));
    assert!(rs[3].config["scope"]["$refs"]
        .as_array()
        .unwrap()
        .contains(&acct_ref));
}

#[test]
fn source_spans_point_into_the_bicep_text() {
    let rs = lower(ACCOUNT);
    let acct = &rs[0];
    // The header for the resource itself and for what is missing at its top.
    assert_eq!(at(ACCOUNT, acct, &[]), ("7:1".into(), true));
    assert_eq!(
        at(ACCOUNT, acct, &["identity", "type"]),
        ("7:1".into(), false)
    );
    assert_eq!(
        at(ACCOUNT, acct, &["properties", "publicNetworkAccess"]),
        ("13:5".into(), true)
    );
    // Missing under an existing object: that object's key.
    assert_eq!(
        at(ACCOUNT, acct, &["properties", "disableLocalAuth"]),
        ("12:3".into(), false)
    );
    assert_eq!(at(ACCOUNT, acct, &["type"]), ("7:15".into(), true));
    // An object item of an array anchors at its `{`.
    let pe = &rs[2];
    assert_eq!(
        at(
            ACCOUNT,
            pe,
            &["properties", "privateLinkServiceConnections", "0", "x"]
        ),
        ("26:7".into(), false)
    );
    assert_eq!(at(ACCOUNT, &rs[1], &["name"]), ("18:5".into(), true));
}

#[test]
fn loops_conditions_and_existing() {
    let text = r#"param pools array = [ { name: 'a', size: 'Standard_NC6s_v3' }, { name: 'b', size: 'Standard_D4s_v5' } ]
param deployDebug bool = false
param env string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {
  name: 'aks'
}

resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-02-01' = [for (p, i) in pools: {
  parent: aks
  name: p.name
  properties: {
    vmSize: p.size
    minCount: i
    nodeTaints: [for t in ['x', 'y']: '${t}=true:NoSchedule']
  }
}]

resource debug 'Microsoft.Compute/virtualMachines@2023-03-01' = if (deployDebug) {
  name: 'debug'
}

resource maybe 'Microsoft.Compute/virtualMachines@2023-03-01' = if (env == 'prod') {
  name: 'maybe'
}
"#;
    let rs = lower(text);
    let names: Vec<&str> = rs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["aks/a", "aks/b", "maybe"]);
    assert_eq!(
        rs[1].config["properties"]["vmSize"],
        json!("Standard_D4s_v5")
    );
    assert_eq!(rs[1].config["properties"]["minCount"], json!(1));
    assert_eq!(
        rs[0].config["properties"]["nodeTaints"],
        json!(["x=true:NoSchedule", "y=true:NoSchedule"])
    );
    assert_eq!(
        at(text, &rs[1], &["properties", "nodeTaints", "1"]),
        ("15:39".into(), true)
    );
    assert!(is_unknown(&rs[2].config["condition"]));
    assert_eq!(at(text, &rs[2], &["condition"]), ("23:65".into(), true));
}

#[test]
fn functions_and_copy_variables() {
    let text = r#"func prefixed(n string) string => 'ai-${n}'
var names = [for i in range(0, 2): prefixed('w${i}')]
var first = names[1]
resource ws 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {
  name: first
  properties: { publicNetworkAccess: toLower('Enabled') == 'enabled' ? 'Enabled' : 'Disabled', x: names[?5] ?? 'none' }
}
"#;
    let rs = lower(text);
    assert_eq!(rs[0].name, "ai-w1");
    assert_eq!(
        rs[0].config["properties"]["publicNetworkAccess"],
        json!("Enabled")
    );
    assert_eq!(rs[0].config["properties"]["x"], json!("none"));
}

#[test]
fn registry_modules_are_linked_deployments() {
    let text = r#"resource acct 'Microsoft.CognitiveServices/accounts@2023-05-01' = {
  name: 'aoai'
}
module pe 'br/public:avm/res/network/private-endpoint:0.7.0' = {
  name: 'pe-deploy'
  params: {
    privateLinkServiceConnections: [ { properties: { privateLinkServiceId: acct.id } } ]
  }
}
"#;
    let rs = lower(text);
    assert_eq!(rs[1].kind, "Microsoft.Resources/deployments");
    assert_eq!(rs[1].name, "pe-deploy");
    assert!(is_unknown(&rs[1].config["properties"]["templateLink"]));
    let v = &rs[1].config["properties"]["parameters"]["privateLinkServiceConnections"]["value"][0]
        ["properties"]["privateLinkServiceId"];
    assert!(v["$refs"]
        .as_array()
        .unwrap()
        .contains(&json!("Microsoft.CognitiveServices/accounts/aoai")));
    assert_eq!(
        at(
            text,
            &rs[1],
            &["properties", "parameters", "privateLinkServiceConnections"]
        ),
        ("7:5".into(), true)
    );
}

#[test]
fn syntax_errors_are_one_parse_error() {
    let err = parse("resource x 'A.B/c@1' = {\n  name: \n}\n").unwrap_err();
    assert!(
        err.message.starts_with("Bicep syntax error"),
        "{}",
        err.message
    );
}

#[test]
fn garbage_does_not_panic() {
    let alphabet = "{}[]()'$:=?!.,@ \nresourcemodulparvfo0123'${}";
    for s in crate::parse::test_support::garbage(0x9e37_79b9_7f4a_7c15, alphabet, 1500, 80) {
        let _ = parse(&s);
        let _ = parse(&format!(
            "resource r 'A.B/c@1' = {{\n name: {s}\n properties: {{ x: {s} }}\n}}\n"
        ));
    }
}
